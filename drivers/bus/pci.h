/*
 * PCI: configuration access, a bus scan, and drivers that match devices by
 * vendor and device ID (PCI Local Bus Specification 3.0, chapter 6,
 * "Configuration Space").  Drivers register themselves with PCI_DRIVER()
 * into the linker section pci_drivers, so nothing outside a driver names it.
 */
#ifndef DRIVERS_BUS_PCI_H
#define DRIVERS_BUS_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct netdev;

/* Configuration header offsets (type 0 header, PCI 3.0 §6.1). */
#define PCI_VENDOR_ID 0x00	/* 16 bits; FFFFh: no function here */
#define PCI_DEVICE_ID 0x02	/* 16 bits */
#define PCI_COMMAND 0x04	/* 16 bits */
#define PCI_COMMAND_IO 0x0001	/* respond to I/O space accesses */
#define PCI_COMMAND_MEMORY 0x0002	/* respond to memory space accesses */
#define PCI_COMMAND_MASTER 0x0004	/* bus master: the device may DMA */
#define PCI_REVISION 0x08	/* 8 bits, then the 24-bit class code */
#define PCI_HEADER_TYPE 0x0E	/* 8 bits */
#define PCI_HEADER_MULTI 0x80	/* bit 7: a multi-function device */
#define PCI_HEADER_LAYOUT 0x7F	/* 0 device, 1 PCI-to-PCI bridge */
#define PCI_BAR0 0x10		/* six 32-bit base address registers */
#define PCI_BAR_IO 0x1		/* bit 0: I/O space */
#define PCI_BAR_MEM_TYPE 0x6	/* bits 2:1 of a memory BAR: 00b 32-bit, 10b 64-bit */
#define PCI_BAR_MEM_64 0x4
#define PCI_BAR_IO_MASK 0xFFFFFFFCu
#define PCI_BAR_MEM_MASK 0xFFFFFFF0u
#define PCI_BAR_COUNT 6

/* A bus/device/function as configuration mechanism #1 wants it:
 * bus << 8 | device << 3 | function. */
#define PCI_BDF(bus, dev, fn) ((uint32_t)(bus) << 8 | (uint32_t)(dev) << 3 | (fn))

/* The platform's configuration access (rom/pcbios/pci_config.c on a PC);
 * reg is a dword-aligned offset in the 256-byte header. */
uint32_t pci_config_read32(uint32_t bdf, uint8_t reg);
void pci_config_write32(uint32_t bdf, uint8_t reg, uint32_t v);

struct pci_bar {
	uint64_t base;		/* 0: not implemented or not assigned */
	bool io;		/* I/O space, else memory */
	bool is64;		/* a 64-bit memory BAR (uses the next slot too) */
};

struct pci_device {
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint32_t class;		/* base class << 16 | sub-class << 8 | prog-if */
	uint8_t revision;
	struct pci_bar bar[PCI_BAR_COUNT];
};

struct pci_id {
	uint16_t vendor, device;
	const char *name;	/* the chip, for messages */
};

struct pci_driver {
	const char *name;
	const struct pci_id *ids;
	size_t id_count;
	/* Reset the device and fill in nd (name, ops, priv, mac, mtu);
	 * 0, or a negative error after saying why. */
	int (*probe)(struct pci_device *pci, struct netdev *nd);
};

/* Put a pointer to drv into section pci_drivers; the link script defines
 * __start_pci_drivers and __stop_pci_drivers around them. */
#define PCI_DRIVER(drv) \
	static const struct pci_driver *const drv##_entry \
	__attribute__((used, section("pci_drivers"))) = &drv

uint32_t pci_bdf(const struct pci_device *pci);
uint32_t pci_read32(const struct pci_device *pci, uint8_t reg);
void pci_write32(const struct pci_device *pci, uint8_t reg, uint32_t v);

/* Turn on I/O space, memory space and bus mastering in COMMAND. */
void pci_enable(struct pci_device *pci);

/* No function to offer first: pci_probe_nic() only scans. */
#define PCI_NO_BDF (-1L)

/* Hand nd the first PCI function that a registered driver claims and
 * probes successfully: first_bdf (a PCI_BDF() value) before any other,
 * then every bus in order, printing each function found.  An option ROM
 * passes the function the BIOS started it for (PCI Firmware 3.0, AX at
 * init), so that the ROM of a second card drives that card.  0, or
 * -E_NODEV when no driver took a device. */
int pci_probe_nic(struct netdev *nd, struct pci_device *pci, long first_bdf);

#endif
