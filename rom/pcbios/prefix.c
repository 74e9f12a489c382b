/*
 * What the prefix left for the body in the prefix information block
 * (prefix_info.h): how the body was started, and how it leaves when
 * booting fails (exit16.asm does the leaving in real mode).
 */
#include "core/console.h"
#include "drivers/bus/pci.h"
#include "rom/pcbios/bios.h"
#include "rom/pcbios/prefix_info.h"

/* exit16.asm, in .text16 (below 64 KiB: segment 0, offset = address). */
extern char pcbios_prefix_leave[];

static const volatile struct prefix_info *block(void)
{
	const volatile struct prefix_info *p =
		(const volatile struct prefix_info *)(uintptr_t)PREFIX_INFO_ADDR;

	return p->magic == PREFIX_INFO_MAGIC ? p : NULL;
}

void prefix_describe(void)
{
	const volatile struct prefix_info *p = block();
	const char *how;

	if (!p)
		return;
	switch (p->exit_method) {
	case PREFIX_EXIT_INT18:
		how = "its BEV (PnP BIOS)";
		break;
	case PREFIX_EXIT_INT19:
		how = "the INT 19h hook";
		break;
	case PREFIX_EXIT_RETURN:
		how = "its legacy entry (far call)";
		break;
	default:
		how = "an unknown entry";
		break;
	}
	con_printf("prefix: option ROM at %04x:0000, entered through %s", p->rom_seg, how);
	if (p->init == PREFIX_INIT_BEV || p->init == PREFIX_INIT_HOOK)
		con_printf("; init saw PCI %02x:%02x.%x", p->pci_bdf >> 8,
			   (p->pci_bdf >> 3) & 0x1F, p->pci_bdf & 7);
	con_printf("\n");
}

/* The vendor and device IDs in the PCI data structure of the ROM image at
 * rom (PCI Firmware 3.0, "PCI Expansion ROM": its offset at 18h, the IDs
 * at +4 and +6), as configuration dword 0 holds them; 0 without one. */
static uint32_t rom_pci_ids(const volatile uint8_t *rom)
{
	uint16_t pcir = (uint16_t)(rom[0x18] | rom[0x19] << 8);

	if (pcir > 0xFFF0 || rom[pcir] != 'P' || rom[pcir + 1] != 'C' ||
	    rom[pcir + 2] != 'I' || rom[pcir + 3] != 'R')
		return 0;
	return (uint32_t)rom[pcir + 4] | (uint32_t)rom[pcir + 5] << 8 |
	       (uint32_t)rom[pcir + 6] << 16 | (uint32_t)rom[pcir + 7] << 24;
}

long prefix_pci_device(void)
{
	const volatile struct prefix_info *p = block();
	uint32_t ids;

	if (!p || (p->init != PREFIX_INIT_BEV && p->init != PREFIX_INIT_HOOK))
		return PCI_NO_BDF;
	/* AX at init is the device only from a PCI 3.0 BIOS (SeaBIOS passes 0
	 * to a ROM without $PnP): it counts where the function there carries
	 * the IDs of the ROM's own PCI data structure. */
	ids = rom_pci_ids((const volatile uint8_t *)((uintptr_t)p->rom_seg << 4));
	if (ids == 0 || pci_config_read32(p->pci_bdf, PCI_VENDOR_ID) != ids)
		return PCI_NO_BDF;
	return p->pci_bdf;
}

const char *prefix_leave_text(void)
{
	const volatile struct prefix_info *p = block();

	if (p && p->exit_method == PREFIX_EXIT_RETURN)
		return "returning to the ROM's caller (far return)";
	if (p && p->exit_method == PREFIX_EXIT_INT19 && p->init == PREFIX_INIT_HOOK)
		return "chaining to the BIOS's original INT 19h";
	return "returning to the BIOS (INT 18h)";
}

void prefix_leave(void)
{
	struct real_call c = { .target = (uint32_t)(uintptr_t)pcbios_prefix_leave };

	real_call(&c);
}
