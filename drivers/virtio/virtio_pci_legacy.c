/*
 * The legacy virtio PCI transport (virtio 1.1 §4.1.4.8; virtio 0.9.5
 * "Virtio PCI Card Specification"): registers in I/O BAR 0, 32 feature
 * bits, each queue given to the device as one page frame number.
 */
#include "core/console.h"
#include "core/errors.h"
#include "drivers/io.h"
#include "drivers/virtio/virtio_pci.h"

/* Register offsets in BAR 0 (§4.1.4.8, legacy common header). */
#define VP_DEVICE_FEATURES 0x00	/* 32 bits, read-only */
#define VP_DRIVER_FEATURES 0x04	/* 32 bits */
#define VP_QUEUE_ADDRESS 0x08	/* 32 bits: the queue's page frame number */
#define VP_QUEUE_SIZE 0x0C	/* 16 bits, read-only */
#define VP_QUEUE_SELECT 0x0E	/* 16 bits */
#define VP_QUEUE_NOTIFY 0x10	/* 16 bits */
#define VP_DEVICE_STATUS 0x12	/* 8 bits */
/* Device configuration follows at 0x14 while MSI-X is off (§4.1.4.8);
 * we never enable it. */
#define VP_CONFIG 0x14
#define VP_PAGE_SHIFT 12	/* Queue Address is in 4096-byte units (§4.1.4.8) */

static uint16_t port(struct virtio_dev *vd, uint16_t reg)
{
	return (uint16_t)(((struct virtio_pci *)vd->priv)->io + reg);
}

static uint8_t legacy_get_status(struct virtio_dev *vd)
{
	return io_in8(port(vd, VP_DEVICE_STATUS));
}

static void legacy_set_status(struct virtio_dev *vd, uint8_t status)
{
	io_out8(port(vd, VP_DEVICE_STATUS), status);
}

static uint64_t legacy_get_features(struct virtio_dev *vd)
{
	return io_in32(port(vd, VP_DEVICE_FEATURES));
}

static void legacy_set_features(struct virtio_dev *vd, uint64_t features)
{
	io_out32(port(vd, VP_DRIVER_FEATURES), (uint32_t)features);
}

static uint16_t legacy_queue_max(struct virtio_dev *vd, uint16_t index)
{
	io_out16(port(vd, VP_QUEUE_SELECT), index);
	return io_in16(port(vd, VP_QUEUE_SIZE));
}

/* The legacy layout is one area from desc, used at the next page
 * (§2.6.2); the device derives avail and used from the page number. */
static int legacy_queue_enable(struct virtio_dev *vd, uint16_t index, uint16_t size,
			       uint64_t desc, uint64_t avail, uint64_t used)
{
	(void)size;
	if (desc & ((1u << VP_PAGE_SHIFT) - 1) || (desc >> VP_PAGE_SHIFT) >> 32 ||
	    avail <= desc || used <= avail) {
		con_printf("virtio-pci legacy: queue %u not in the contiguous legacy layout\n",
			   index);
		return -E_NOTSUP;
	}
	io_out16(port(vd, VP_QUEUE_SELECT), index);
	io_out32(port(vd, VP_QUEUE_ADDRESS), (uint32_t)(desc >> VP_PAGE_SHIFT));
	return 0;
}

static void legacy_notify(struct virtio_dev *vd, uint16_t index)
{
	io_out16(port(vd, VP_QUEUE_NOTIFY), index);
}

static uint8_t legacy_config_read8(struct virtio_dev *vd, unsigned offset)
{
	return io_in8(port(vd, (uint16_t)(VP_CONFIG + offset)));
}

static const struct virtio_ops legacy_ops = {
	.get_status = legacy_get_status,
	.set_status = legacy_set_status,
	.get_features = legacy_get_features,
	.set_features = legacy_set_features,
	.queue_max = legacy_queue_max,
	.queue_enable = legacy_queue_enable,
	.notify = legacy_notify,
	.config_read8 = legacy_config_read8,
};

int virtio_pci_legacy_init(struct virtio_pci *vp, struct pci_device *pci)
{
	const struct pci_bar *bar = &pci->bar[0];

	if (!bar->io || !bar->base || bar->base > 0xFFFF) {
		con_printf("virtio-pci legacy: BAR0 is not an I/O BAR\n");
		return -E_NODEV;
	}
	vp->io = (uint16_t)bar->base;
	vp->vd = (struct virtio_dev){ .ops = &legacy_ops, .transport = "legacy PCI",
				      .legacy = true, .priv = vp };
	return 0;
}
