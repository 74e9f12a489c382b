/*
 * The prefix information block at 0x7E00: how the prefix that started the
 * body wants it to leave when booting fails.  Byte layout and meaning:
 * rom/pcbios/prefix_info.inc (the asm side, which writes it); the asserts
 * keep both views equal.
 */
#ifndef ROM_PCBIOS_PREFIX_INFO_H
#define ROM_PCBIOS_PREFIX_INFO_H

#include <stddef.h>
#include <stdint.h>

#define PREFIX_INFO_ADDR 0x7E00u
#define PREFIX_INFO_MAGIC 0x4950424Eu	/* "NBPI" */

enum prefix_exit {
	PREFIX_EXIT_INT18 = 1,
	PREFIX_EXIT_INT19 = 2,
	PREFIX_EXIT_RETURN = 3,
};

#define PREFIX_INIT_BEV 0x4249u		/* init saw a PnP BIOS */
#define PREFIX_INIT_HOOK 0x4849u	/* init hooked INT 19h */

struct prefix_info {
	uint32_t magic;
	uint16_t exit_method;
	uint16_t rom_seg;
	uint16_t int19_off, int19_seg;
	uint16_t caller_sp, caller_ss;
	uint16_t return_off, return_seg;
	uint16_t pci_bdf;
	uint16_t init;
};

_Static_assert(offsetof(struct prefix_info, exit_method) == 4, "PI_EXIT");
_Static_assert(offsetof(struct prefix_info, rom_seg) == 6, "PI_ROM_SEG");
_Static_assert(offsetof(struct prefix_info, int19_off) == 8, "PI_INT19");
_Static_assert(offsetof(struct prefix_info, caller_sp) == 12, "PI_CALLER_SP");
_Static_assert(offsetof(struct prefix_info, return_off) == 16, "PI_RETURN");
_Static_assert(offsetof(struct prefix_info, pci_bdf) == 20, "PI_PCI_BDF");
_Static_assert(offsetof(struct prefix_info, init) == 22, "PI_INIT");

/* prefix.c: a line saying how the body was started (at start-up), and the
 * way out pcbios_exit takes: prefix_leave_text() names it, prefix_leave()
 * takes it and returns only if the BIOS came back. */
void prefix_describe(void);
/* The PCI function the BIOS ran the ROM's init for (a PCI_BDF() value),
 * or PCI_NO_BDF when that is not known: no init ran (floppyload or a
 * chain loader started the ROM), or the BIOS did not say. */
long prefix_pci_device(void);
const char *prefix_leave_text(void);
void prefix_leave(void);

#endif
