/*
 * PCI bus scan and driver matching (PCI Local Bus Specification 3.0,
 * chapter 6).  Every bus number is tried, so devices behind bridges the
 * BIOS numbered are found without walking the bridges.
 */
#include "core/console.h"
#include "core/errors.h"
#include "drivers/bus/pci.h"

#define PCI_BUSES 256
#define PCI_DEVICES 32
#define PCI_FUNCTIONS 8

extern const struct pci_driver *const __start_pci_drivers[];
extern const struct pci_driver *const __stop_pci_drivers[];

uint32_t pci_bdf(const struct pci_device *pci)
{
	return PCI_BDF(pci->bus, pci->dev, pci->fn);
}

uint32_t pci_read32(const struct pci_device *pci, uint8_t reg)
{
	return pci_config_read32(pci_bdf(pci), reg);
}

void pci_write32(const struct pci_device *pci, uint8_t reg, uint32_t v)
{
	pci_config_write32(pci_bdf(pci), reg, v);
}

void pci_enable(struct pci_device *pci)
{
	/* COMMAND is the low half of the dword at 04h; writing 0 to the
	 * high half (STATUS) leaves it alone: its bits clear on a 1. */
	uint32_t cmd = pci_read32(pci, PCI_COMMAND) & 0xFFFF;

	pci_write32(pci, PCI_COMMAND,
		    cmd | PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

/* Base address registers (PCI 3.0 §6.2.5.1): bit 0 tells I/O from memory;
 * a memory BAR of type 10b holds the high half in the next register. */
static void read_bars(struct pci_device *pci)
{
	for (unsigned i = 0; i < PCI_BAR_COUNT; i++) {
		uint32_t v = pci_read32(pci, (uint8_t)(PCI_BAR0 + 4 * i));
		struct pci_bar *bar = &pci->bar[i];

		if (v & PCI_BAR_IO) {
			bar->io = true;
			bar->base = v & PCI_BAR_IO_MASK;
			continue;
		}
		bar->base = v & PCI_BAR_MEM_MASK;
		if ((v & PCI_BAR_MEM_TYPE) == PCI_BAR_MEM_64 && i + 1 < PCI_BAR_COUNT) {
			bar->is64 = true;
			i++;
			bar->base |= (uint64_t)pci_read32(pci, (uint8_t)(PCI_BAR0 + 4 * i)) << 32;
		}
	}
}

/* Fill *pci for bus:dev.fn; false when no function answers there. */
static bool read_function(struct pci_device *pci, uint8_t bus, uint8_t dev, uint8_t fn)
{
	uint32_t id = pci_config_read32(PCI_BDF(bus, dev, fn), PCI_VENDOR_ID);
	uint32_t class_rev;

	if ((id & 0xFFFF) == 0xFFFF || (id & 0xFFFF) == 0)
		return false;
	*pci = (struct pci_device){ .bus = bus, .dev = dev, .fn = fn,
				    .vendor = (uint16_t)id,
				    .device = (uint16_t)(id >> 16) };
	class_rev = pci_read32(pci, PCI_REVISION);
	pci->revision = (uint8_t)class_rev;
	pci->class = class_rev >> 8;
	if (((pci_read32(pci, PCI_HEADER_TYPE & ~3u) >> 16) & PCI_HEADER_LAYOUT) == 0)
		read_bars(pci);
	return true;
}

static bool is_multifunction(uint8_t bus, uint8_t dev)
{
	uint32_t v = pci_config_read32(PCI_BDF(bus, dev, 0), PCI_HEADER_TYPE & ~3u);

	return (v >> 16) & PCI_HEADER_MULTI;
}

static const struct pci_driver *find_driver(const struct pci_device *pci,
					    const struct pci_id **id)
{
	for (const struct pci_driver *const *d = __start_pci_drivers;
	     d < __stop_pci_drivers; d++) {
		for (size_t i = 0; i < (*d)->id_count; i++) {
			*id = &(*d)->ids[i];
			if ((*id)->vendor == pci->vendor && (*id)->device == pci->device)
				return *d;
		}
	}
	return NULL;
}

/* Offer the function to the drivers; true when one took it. */
static bool try_function(struct pci_device *pci, struct netdev *nd)
{
	const struct pci_id *id;
	const struct pci_driver *drv = find_driver(pci, &id);

	if (!drv) {
		con_printf("PCI %02x:%02x.%x %04x:%04x class %06lx\n", pci->bus,
			   pci->dev, pci->fn, pci->vendor, pci->device,
			   (unsigned long)pci->class);
		return false;
	}
	con_printf("PCI %02x:%02x.%x %04x:%04x %s (%s)\n", pci->bus, pci->dev,
		   pci->fn, pci->vendor, pci->device, drv->name, id->name);
	pci_enable(pci);
	if (drv->probe(pci, nd) < 0) {
		con_printf("PCI %02x:%02x.%x: %s could not start it; looking further\n",
			   pci->bus, pci->dev, pci->fn, drv->name);
		return false;
	}
	return true;
}

int pci_probe_nic(struct netdev *nd, struct pci_device *pci, long first_bdf)
{
	con_printf("PCI: drivers in this image:");
	for (const struct pci_driver *const *d = __start_pci_drivers;
	     d < __stop_pci_drivers; d++)
		con_printf(" %s", (*d)->name);
	con_printf("\n");
	if (first_bdf != PCI_NO_BDF) {
		uint8_t bus = (uint8_t)(first_bdf >> 8), dev = (first_bdf >> 3) & 0x1F, fn = first_bdf & 7;

		if (read_function(pci, bus, dev, fn) && try_function(pci, nd))
			return 0;
		con_printf("PCI %02x:%02x.%x, this ROM's own device, cannot boot; trying every device\n",
			   bus, dev, fn);
	}
	for (unsigned bus = 0; bus < PCI_BUSES; bus++) {
		for (uint8_t dev = 0; dev < PCI_DEVICES; dev++) {
			uint8_t fns = 1;

			for (uint8_t fn = 0; fn < fns; fn++) {
				if (!read_function(pci, (uint8_t)bus, dev, fn))
					continue;
				if (fn == 0 && is_multifunction((uint8_t)bus, dev))
					fns = PCI_FUNCTIONS;
				if ((long)PCI_BDF(bus, dev, fn) != first_bdf && try_function(pci, nd))
					return 0;
			}
		}
	}
	con_printf("PCI: no device that a driver in this image handles\n");
	return -E_NODEV;
}
