/*
 * The modern virtio PCI transport (virtio 1.1 §4.1.4): the device lists
 * its register blocks as vendor-specific PCI capabilities (ID 09h), each
 * naming a BAR, an offset and a length.  We use the common configuration,
 * the notification area and the device configuration; the ISR status is
 * only for interrupts, which stay off.  The body runs with paging off, so
 * a memory BAR's address is the pointer.
 */
#include "core/console.h"
#include "core/errors.h"
#include "drivers/io.h"
#include "drivers/virtio/virtio_pci.h"

/* PCI capability list (PCI 3.0 §6.7): STATUS bit 4, pointer at 34h. */
#define PCI_STATUS_CAP_LIST (1u << (16 + 4))	/* in the dword at 04h */
#define PCI_CAP_PTR 0x34
#define PCI_CAP_ID_VNDR 0x09
#define PCI_CAP_MAX 48		/* 192 bytes of capabilities hold at most 48 */

/* struct virtio_pci_cap (§4.1.4): cfg_type at 3, bar at 4, offset at 8,
 * length at 12; the notify capability adds its multiplier at 16. */
#define VCAP_CFG_TYPE 3
#define VCAP_BAR 4
#define VCAP_OFFSET 8
#define VCAP_LENGTH 12
#define VCAP_NOTIFY_MULT 16
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_DEVICE_CFG 4

/* struct virtio_pci_common_cfg (§4.1.4.3); each field is accessed at its
 * own width (§4.1.3.1), a 64-bit one as two 32-bit halves, low first. */
#define CC_DEVICE_FEATURE_SELECT 0x00
#define CC_DEVICE_FEATURE 0x04
#define CC_DRIVER_FEATURE_SELECT 0x08
#define CC_DRIVER_FEATURE 0x0C
#define CC_DEVICE_STATUS 0x14	/* 8 bits */
#define CC_QUEUE_SELECT 0x16	/* 16 bits from here to 0x1E */
#define CC_QUEUE_SIZE 0x18
#define CC_QUEUE_ENABLE 0x1C
#define CC_QUEUE_NOTIFY_OFF 0x1E
#define CC_QUEUE_DESC 0x20	/* 64 bits each */
#define CC_QUEUE_DRIVER 0x28
#define CC_QUEUE_DEVICE 0x30
#define CC_LENGTH 0x38

static struct virtio_pci *vpci(struct virtio_dev *vd)
{
	return vd->priv;
}

static uint8_t modern_get_status(struct virtio_dev *vd)
{
	return mmio_read8(vpci(vd)->common + CC_DEVICE_STATUS);
}

static void modern_set_status(struct virtio_dev *vd, uint8_t status)
{
	mmio_write8(vpci(vd)->common + CC_DEVICE_STATUS, status);
}

static uint64_t modern_get_features(struct virtio_dev *vd)
{
	volatile uint8_t *cc = vpci(vd)->common;
	uint64_t f;

	mmio_write32(cc + CC_DEVICE_FEATURE_SELECT, 0);
	f = mmio_read32(cc + CC_DEVICE_FEATURE);
	mmio_write32(cc + CC_DEVICE_FEATURE_SELECT, 1);
	return f | (uint64_t)mmio_read32(cc + CC_DEVICE_FEATURE) << 32;
}

static void modern_set_features(struct virtio_dev *vd, uint64_t features)
{
	volatile uint8_t *cc = vpci(vd)->common;

	mmio_write32(cc + CC_DRIVER_FEATURE_SELECT, 0);
	mmio_write32(cc + CC_DRIVER_FEATURE, (uint32_t)features);
	mmio_write32(cc + CC_DRIVER_FEATURE_SELECT, 1);
	mmio_write32(cc + CC_DRIVER_FEATURE, (uint32_t)(features >> 32));
}

static uint16_t modern_queue_max(struct virtio_dev *vd, uint16_t index)
{
	volatile uint8_t *cc = vpci(vd)->common;

	mmio_write16(cc + CC_QUEUE_SELECT, index);
	return mmio_read16(cc + CC_QUEUE_SIZE);
}

static void write64(volatile uint8_t *reg, uint64_t v)
{
	mmio_write32(reg, (uint32_t)v);
	mmio_write32(reg + 4, (uint32_t)(v >> 32));
}

/* §4.1.5.1.3: select, size, the three addresses, then queue_enable. */
static int modern_queue_enable(struct virtio_dev *vd, uint16_t index, uint16_t size,
			       uint64_t desc, uint64_t avail, uint64_t used)
{
	struct virtio_pci *vp = vpci(vd);
	volatile uint8_t *cc = vp->common;

	if (index >= VIRTIO_PCI_QUEUES) {
		con_printf("virtio-pci modern: queue %u beyond the %u we drive\n",
			   index, VIRTIO_PCI_QUEUES);
		return -E_NOTSUP;
	}
	mmio_write16(cc + CC_QUEUE_SELECT, index);
	mmio_write16(cc + CC_QUEUE_SIZE, size);
	write64(cc + CC_QUEUE_DESC, desc);
	write64(cc + CC_QUEUE_DRIVER, avail);
	write64(cc + CC_QUEUE_DEVICE, used);
	/* The queue's doorbell: cap.offset + queue_notify_off *
	 * notify_off_multiplier in the notify capability's BAR (§4.1.4.4). */
	vp->notify[index] = vp->notify_base +
		(uint32_t)mmio_read16(cc + CC_QUEUE_NOTIFY_OFF) * vp->notify_mult;
	mmio_write16(cc + CC_QUEUE_ENABLE, 1);
	return 0;
}

/* The driver writes the queue index to its doorbell (§4.1.4.4.1). */
static void modern_notify(struct virtio_dev *vd, uint16_t index)
{
	mmio_write16(vpci(vd)->notify[index], index);
}

static uint8_t modern_config_read8(struct virtio_dev *vd, unsigned offset)
{
	return mmio_read8(vpci(vd)->device + offset);
}

static const struct virtio_ops modern_ops = {
	.get_status = modern_get_status,
	.set_status = modern_set_status,
	.get_features = modern_get_features,
	.set_features = modern_set_features,
	.queue_max = modern_queue_max,
	.queue_enable = modern_queue_enable,
	.notify = modern_notify,
	.config_read8 = modern_config_read8,
};

static uint8_t cfg_read8(const struct pci_device *pci, uint8_t off)
{
	return (uint8_t)(pci_read32(pci, (uint8_t)(off & ~3u)) >> (8 * (off & 3)));
}

/* The block a capability at cap describes, or NULL when its BAR is not a
 * memory BAR below 4 GiB or the block is shorter than min_len. */
static volatile uint8_t *map_cap(const struct pci_device *pci, uint8_t cap,
				 uint32_t min_len)
{
	uint8_t bar = cfg_read8(pci, (uint8_t)(cap + VCAP_BAR));
	uint32_t offset = pci_read32(pci, (uint8_t)(cap + VCAP_OFFSET));
	uint32_t length = pci_read32(pci, (uint8_t)(cap + VCAP_LENGTH));
	uint64_t base;

	if (bar >= PCI_BAR_COUNT || pci->bar[bar].io || !pci->bar[bar].base ||
	    length < min_len)
		return NULL;
	base = pci->bar[bar].base + offset;
	if ((base + length) >> 32)
		return NULL;
	return (volatile uint8_t *)(uintptr_t)base;
}

int virtio_pci_modern_init(struct virtio_pci *vp, struct pci_device *pci)
{
	uint8_t cap = 0;
	unsigned seen = 0;

	*vp = (struct virtio_pci){ 0 };
	if (pci_read32(pci, PCI_COMMAND) & PCI_STATUS_CAP_LIST)
		cap = cfg_read8(pci, PCI_CAP_PTR) & 0xFC;
	/* The first capability of each type is the one to use (§4.1.4). */
	for (unsigned n = 0; cap && n < PCI_CAP_MAX; n++) {
		uint8_t type = cfg_read8(pci, (uint8_t)(cap + VCAP_CFG_TYPE));

		if (cfg_read8(pci, cap) == PCI_CAP_ID_VNDR) {
			seen++;
			if (type == VIRTIO_PCI_CAP_COMMON_CFG && !vp->common) {
				vp->common = map_cap(pci, cap, CC_LENGTH);
			} else if (type == VIRTIO_PCI_CAP_NOTIFY_CFG && !vp->notify_base) {
				vp->notify_base = map_cap(pci, cap, 2);
				vp->notify_mult = pci_read32(pci, (uint8_t)(cap + VCAP_NOTIFY_MULT));
			} else if (type == VIRTIO_PCI_CAP_DEVICE_CFG && !vp->device) {
				vp->device = map_cap(pci, cap, 1);
			}
		}
		cap = cfg_read8(pci, (uint8_t)(cap + 1)) & 0xFC;
	}
	if (!seen)
		return -E_NODEV;
	if (!vp->common || !vp->notify_base || !vp->device) {
		con_printf("virtio-pci modern: common, notify or device configuration missing or not in a memory BAR below 4 GiB\n");
		return -E_NODEV;
	}
	vp->vd = (struct virtio_dev){ .ops = &modern_ops, .transport = "modern PCI",
				      .legacy = false, .priv = vp };
	return 0;
}
