/*
 * The two virtio PCI transports (virtio 1.1 §4.1): legacy (I/O BAR 0,
 * §4.1.4.8) and modern (vendor capabilities, §4.1.4).  Each fills in
 * vp->vd for a device the PCI scan found.
 */
#ifndef DRIVERS_VIRTIO_VIRTIO_PCI_H
#define DRIVERS_VIRTIO_VIRTIO_PCI_H

#include "drivers/bus/pci.h"
#include "drivers/virtio/virtio.h"

#define VIRTIO_PCI_QUEUES 4	/* queues whose notify offset we keep */

struct virtio_pci {
	struct virtio_dev vd;
	uint16_t io;			/* legacy: I/O BAR 0 */
	volatile uint8_t *common;	/* modern: common configuration */
	volatile uint8_t *notify_base;	/* modern: notification area */
	uint32_t notify_mult;		/* modern: notify_off_multiplier */
	volatile uint8_t *notify[VIRTIO_PCI_QUEUES];	/* modern: per queue */
	volatile uint8_t *device;	/* modern: device configuration */
};

/* 0, or -E_NODEV (after saying why) when the device has no usable legacy
 * interface. */
int virtio_pci_legacy_init(struct virtio_pci *vp, struct pci_device *pci);

/* 0, or -E_NODEV when the device lacks one of the capabilities; quiet
 * when it has none at all (a legacy-only device). */
int virtio_pci_modern_init(struct virtio_pci *vp, struct pci_device *pci);

#endif
