/*
 * What the prefix left for the body in the prefix information block
 * (prefix_info.h): how the body was started, and how it leaves when
 * booting fails (exit16.asm does the leaving in real mode).
 */
#include "core/console.h"
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
