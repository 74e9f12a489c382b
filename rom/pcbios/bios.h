/*
 * Calling real-mode code from the 32-bit body: the thunk of
 * rom/pcbios/entry16.asm.  The body runs in flat 32-bit protected mode with
 * interrupts off; real_call() drops to real mode, calls a far pointer there
 * with interrupts on, and comes back.  bios_call() issues INT n that way.
 */
#ifndef ROM_PCBIOS_BIOS_H
#define ROM_PCBIOS_BIOS_H

#include <stddef.h>
#include <stdint.h>
#include "rom/pcbios/asm_call.h"

/*
 * Registers for real_call() and bios_call().  All fields are inputs (eflags
 * excepted) and all come back as the callee left them.  The thunk reads and
 * writes this exact layout (REGS_* in entry16.asm); the asserts below keep
 * them equal.
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

/* A real-mode call: target (segment << 16 | offset), called with regs and
 * with stack_words words of stack above its return address (stack[0]
 * nearest), as a far call, or as INT n calls a handler when as_interrupt is
 * set.  regs gets the registers back. */
#define REAL_CALL_WORDS 6
struct real_call {
	struct bios_regs regs;
	uint32_t target;
	uint16_t stack[REAL_CALL_WORDS];
	uint16_t stack_words;	/* <= REAL_CALL_WORDS */
	uint16_t as_interrupt;
};

_Static_assert(offsetof(struct real_call, target) == 36, "CALL_TARGET in entry16.asm");
_Static_assert(offsetof(struct real_call, stack) == 40, "CALL_STACK in entry16.asm");
_Static_assert(offsetof(struct real_call, stack_words) == 52, "CALL_NWORDS in entry16.asm");
_Static_assert(offsetof(struct real_call, as_interrupt) == 54, "CALL_INTERRUPT in entry16.asm");
_Static_assert(sizeof(struct real_call) == 56, "CALL_SIZE in entry16.asm");

ASM_CALL void real_call(struct real_call *c);

/* Run INT int_no in real mode with *r; *r gets the registers back.  The
 * handler comes from the real-mode interrupt vector table at address 0. */
static inline void bios_call(uint8_t int_no, struct bios_regs *r)
{
	struct real_call c = { .regs = *r, .as_interrupt = 1 };

	/* The vector (offset, then segment) at linear int_no * 4; read with
	 * an instruction, since C has no word for "address 0". */
	__asm__ volatile("movl (,%1,4), %0" : "=r"(c.target) : "r"((uint32_t)int_no));
	real_call(&c);
	*r = c.regs;
}

/* Low memory that stays put (body.ld): the top of the real-mode stack and
 * a scratch area for buffers handed to real mode. */
extern char __rm_stack_top[], __low_scratch[], __low_scratch_end[];

/*
 * Real-mode segment:offset of an address below 1 MiB, such as
 * __low_scratch; the moved body itself lies above 1 MiB.
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
