/*
 * PCI configuration access for drivers/bus/pci.h on a PC: configuration
 * mechanism #1 (PCI Local Bus Specification 3.0, §3.2.2.3.2).  A dword
 * written to CONFIG_ADDRESS (CF8h) selects bus, device, function and
 * register (bit 31 enables the cycle); CONFIG_DATA (CFCh) then reads or
 * writes that dword.  Interrupts are off in the body, so nothing runs
 * between the two accesses.
 */
#include "drivers/bus/pci.h"
#include "rom/pcbios/x86_io.h"

#define CONFIG_ADDRESS 0xCF8
#define CONFIG_DATA 0xCFC
#define CONFIG_ENABLE 0x80000000u	/* bit 31: configuration cycle */

static void select_reg(uint32_t bdf, uint8_t reg)
{
	/* bits 23:16 bus, 15:11 device, 10:8 function, 7:2 register */
	io_write32(CONFIG_ADDRESS, CONFIG_ENABLE | (bdf & 0xFFFF) << 8 | (reg & 0xFC));
}

uint32_t pci_config_read32(uint32_t bdf, uint8_t reg)
{
	select_reg(bdf, reg);
	return io_read32(CONFIG_DATA);
}

void pci_config_write32(uint32_t bdf, uint8_t reg, uint32_t v)
{
	select_reg(bdf, reg);
	io_write32(CONFIG_DATA, v);
}
