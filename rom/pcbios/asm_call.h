/*
 * The calling convention at the body's C/assembly boundary.
 *
 * The body's C is compiled with -mregparm=3 (mk/pcbios.mk): the first three
 * integer or pointer arguments travel in EAX, EDX and ECX, which makes the
 * calls smaller.  Code that is not compiled with those flags keeps the plain
 * i386 System V convention, every argument on the stack: the routines in
 * rom/pcbios's .asm files, the C functions those call or jump to, and the
 * entry points of loaded images (start.c).  ASM_CALL gives a function or
 * function pointer type that convention, whatever -mregparm says;
 * rom/pcbios/README.md, "C and assembly", lists the rule.
 *
 * GCC treats the attribute as part of the function's type: a declaration
 * and a definition that disagree on it are "conflicting types", so the
 * definition of a function that assembly calls repeats it.
 */
#ifndef ROM_PCBIOS_ASM_CALL_H
#define ROM_PCBIOS_ASM_CALL_H

#define ASM_CALL __attribute__((regparm(0)))

#endif
