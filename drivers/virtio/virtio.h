/*
 * Virtio devices (OASIS "Virtual I/O Device (VIRTIO) Version 1.1"): the
 * few transport operations the virtqueue and device drivers need, so the
 * same queue and net code runs over legacy PCI (§4.1.4.8), modern PCI
 * (§4.1.4) and, on arm64, virtio-mmio (§4.2).  A transport fills in a
 * struct virtio_dev; nothing above it touches registers.
 */
#ifndef DRIVERS_VIRTIO_VIRTIO_H
#define DRIVERS_VIRTIO_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>

/* Device status bits (§2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 0x01
#define VIRTIO_STATUS_DRIVER 0x02
#define VIRTIO_STATUS_DRIVER_OK 0x04
#define VIRTIO_STATUS_FEATURES_OK 0x08
#define VIRTIO_STATUS_FAILED 0x80

/* Feature bits independent of the device type (§6). */
#define VIRTIO_F_VERSION_1 32

struct virtio_dev;

struct virtio_ops {
	/* Device status (§2.1); writing 0 starts a reset (§2.1.2), which
	 * virtio_reset() waits for. */
	uint8_t (*get_status)(struct virtio_dev *vd);
	void (*set_status)(struct virtio_dev *vd, uint8_t status);
	/* Feature bits 0-63 (§2.2); a legacy transport has only 0-31. */
	uint64_t (*get_features)(struct virtio_dev *vd);
	void (*set_features)(struct virtio_dev *vd, uint64_t features);
	/* Select queue index and return its maximum size; 0: no such queue. */
	uint16_t (*queue_max)(struct virtio_dev *vd, uint16_t index);
	/* Give the device queue index of size entries at these bus addresses
	 * and enable it; -E_NOTSUP when the transport cannot take that
	 * layout (legacy: one contiguous page-aligned area, §2.6.2). */
	int (*queue_enable)(struct virtio_dev *vd, uint16_t index, uint16_t size,
			    uint64_t desc, uint64_t avail, uint64_t used);
	/* Tell the device that queue index has new available buffers. */
	void (*notify)(struct virtio_dev *vd, uint16_t index);
	/* One byte of the device-specific configuration (§2.4). */
	uint8_t (*config_read8)(struct virtio_dev *vd, unsigned offset);
};

struct virtio_dev {
	const struct virtio_ops *ops;
	const char *transport;	/* for messages */
	/* A legacy device: queues in the contiguous legacy layout with the
	 * queue size the device chose (§2.6.2), and no VIRTIO_F_VERSION_1. */
	bool legacy;
	void *priv;		/* the transport's own state */
};

/* Reset the device and wait, bounded, until its status reads 0 (§2.1.2,
 * §4.1.4.3.2): all its DMA has stopped then.  0 or -E_TIMEOUT. */
int virtio_reset(struct virtio_dev *vd);

#endif
