/*
 * Calling the PC BIOS from the 32-bit body: the real-mode call thunk of
 * rom/pcbios/entry16.asm.  The body runs in flat 32-bit protected mode with
 * interrupts off; bios_call() drops to real mode, issues INT n there with
 * interrupts on, and comes back.
 */
#ifndef ROM_PCBIOS_BIOS_H
#define ROM_PCBIOS_BIOS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Registers for bios_call().  All fields are inputs (eflags excepted) and
 * all come back as the BIOS left them.  The thunk reads and writes this
 * exact layout (REGS_* in entry16.asm); the asserts below keep them equal.
 */
struct bios_regs {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp;
	uint16_t ds, es;
	uint32_t eflags;	/* output only: CF, ZF carry the BIOS's status */
};

_Static_assert(offsetof(struct bios_regs, ebp) == 24, "REGS_EBP in entry16.asm");
_Static_assert(offsetof(struct bios_regs, ds) == 28, "REGS_DS in entry16.asm");
_Static_assert(offsetof(struct bios_regs, es) == 30, "REGS_ES in entry16.asm");
_Static_assert(offsetof(struct bios_regs, eflags) == 32, "REGS_EFLAGS in entry16.asm");
_Static_assert(sizeof(struct bios_regs) == 36, "REGS_SIZE in entry16.asm");

#define EFLAGS_CF 0x0001u	/* SDM Vol. 1 §3.4.3 */
#define EFLAGS_ZF 0x0040u

/* Run INT int_no in real mode with *r; *r gets the registers back. */
void bios_call(uint8_t int_no, struct bios_regs *r);

/*
 * Real-mode segment:offset of a body address.  Only for addresses below
 * 1 MiB, which every static and stack object of the body is (body.ld).
 */
static inline uint16_t bios_seg(const void *p)
{
	return (uint16_t)((uintptr_t)p >> 4);
}

static inline uint16_t bios_off(const void *p)
{
	return (uint16_t)((uintptr_t)p & 0xF);
}

/* The BIOS drive number the body was booted from (DL at entry). */
extern uint8_t pcbios_boot_drive;

#endif
