; The body's way out when booting fails, as the prefix that started it asked
; in the prefix information block at 7E00h (prefix_info.inc).  Real-mode
; code in .text16, which stays in low memory; main.c's pcbios_exit reaches
; it through real_call (entry16.asm), so it starts with CS = DS = 0 as a far
; call on the real-mode stack, interrupts on.
;
;   no valid block (the floppy boot sector, an unknown prefix), or the BEV:
;       INT 18h, "boot failure" (BIOS Boot Specification 1.01);
;   the INT 19h hook: the INT 19h vector the BIOS had before the ROM hooked
;       it, entered as INT 19h enters (FLAGS, then a far call);
;   the legacy entry: the caller's SS:SP back, then a far jump to the
;       return address it called the ROM with, i.e. its far RET.
; The block's magic is cleared first, so no later body takes it for its
; own.  If the BIOS returns from INT 18h or 19h this returns to real_call.

bits 16

%include "prefix_info.inc"

global pcbios_prefix_leave

section .text16 progbits alloc exec write align=16

pcbios_prefix_leave:
	cli
	xor ax, ax
	mov ds, ax
	cmp dword [PI_MAGIC], PI_MAGIC_VALUE
	jne .int18
	mov dword [PI_MAGIC], 0
	cmp word [PI_EXIT], PI_EXIT_RETURN
	je .return
	cmp word [PI_EXIT], PI_EXIT_INT19
	jne .int18
	cmp word [PI_INIT], PI_INIT_HOOK
	jne .int18
	sti
	pushf
	cli
	call far [PI_INT19]
.int18:
	sti
	int 0x18
	retf
.return:
	mov ss, [PI_CALLER_SS]
	mov sp, [PI_CALLER_SP]
	sti
	jmp far [PI_RETURN]

section .note.GNU-stack noalloc noexec nowrite progbits	; no executable stack
