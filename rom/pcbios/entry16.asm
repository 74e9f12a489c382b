; The pcbios body's real-mode start and its real-mode call thunk: the only
; 16-bit code of the body.  Everything here sits in .text16, which body.ld
; puts first, at 0x8000, so CS = 0 reaches it in real mode and the entry is
; the body's first byte.
;
; Entry (from a prefix such as floppy_boot.asm): real mode, CS:IP = 0:8000,
; DL = BIOS boot drive.  It enables A20, loads the GDT below, enters 32-bit
; protected mode with paging off and interrupts off, in a compressed body
; (assembled with -D UNPACK, mk/pcbios_lz.mk) first expands the moving
; part (pcbios_unpack, unpack.c), clears .bss, stores
; the boot drive and calls pcbios_relocate() (relocate.c) on the stack
; body.ld reserves, where the prefix loaded the image; that moves the
; 32-bit part to the top of RAM and continues there (pcbios_continue).
; Nothing here writes to the loaded image before pcbios_relocate() has
; checked it (but for the moving part, which pcbios_unpack writes in a
; compressed body); the thunk's variables are overwritten only by real_call.
;
; Mode switches follow Intel SDM Vol. 3A, "Processor Management and
; Initialization": "Switching to Protected Mode" and "Switching Back to
; Real-Address Mode".  Protected mode runs with an empty IDT (limit 0) and
; IF = 0: nothing is serviced there, and any exception becomes a triple
; fault, i.e. a reset (QEMU with -no-reboot exits), never a silent hang.
; BIOS interrupts (timer, keyboard) are serviced only inside real_call,
; which runs the BIOS with IF = 1.
; Calls between C and this file pass arguments on the stack (cdecl); the C
; side declares each such function ASM_CALL (asm_call.h), since the body's
; C otherwise passes them in registers (-mregparm=3).

bits 16

CODE32		equ 0x08		; GDT selectors, see gdt below
DATA32		equ 0x10
CODE16		equ 0x18
DATA16		equ 0x20
KBC_POLLS	equ 0x8000		; 8042 status reads before giving up

extern __stack_top, __bss_start, __bss_end, __rm_stack_top, pcbios_relocate
global entry16, real_call, pcbios_continue, pcbios_boot_drive, pcbios_unpack_cycles
%ifdef UNPACK
extern pcbios_unpack
%endif

section .text16 progbits alloc exec write align=16

entry16:
	cli
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov esp, __rm_stack_top
	jmp 0:.cs_zero
.cs_zero:
	cld
	movzx esi, dl			; the boot drive, kept until .bss is clear
	sti

	call a20_enable
	jc .a20_failed

	cli
	o32 lgdt [gdt_desc]
	mov eax, cr0
	or al, 1			; CR0.PE
	mov cr0, eax
	jmp dword CODE32:pm_start	; the far jump loads CS and flushes
					; the prefetched real-mode code
.a20_failed:
	mov si, msg_a20
	call rm_print
	int 0x18			; return to the BIOS: next boot device
.halt16:
	hlt
	jmp .halt16

; Print the NUL-terminated string at DS:SI with INT 10h AH=0Eh (teletype).
; Clobbers AX, BX, SI.
rm_print:
	lodsb
	test al, al
	jz .done
	mov ah, 0x0E
	xor bx, bx
	int 0x10
	jmp rm_print
.done:
	ret

; A20 gate.  With A20 masked, linear 0x100500 (FFFF:0510) aliases
; 0x000500 (0000:0500).  Try System Control Port A (port 92h, bit 1 =
; A20; bit 0 is a fast reset and must stay 0), then the 8042 keyboard
; controller's output port (command D1h, then the port value with bit 1
; set).  Returns CF = 0 when A20 is on.  Clobbers AX, CX; keeps ESI.
a20_enable:
	call a20_check
	jnc .done
	in al, 0x92
	or al, 0x02
	and al, 0xFE
	out 0x92, al
	call a20_check
	jnc .done
	call kbc_wait
	mov al, 0xD1			; 8042: write output port
	out 0x64, al
	call kbc_wait
	mov al, 0xDF			; A20 on, reset line inactive
	out 0x60, al
	call kbc_wait
	mov cx, KBC_POLLS		; the gate may switch a little later
.retry:
	call a20_check
	jnc .done
	loop .retry
	stc
.done:
	ret

; Wait until the 8042 input buffer is empty (status port 64h, bit 1 = 0),
; at most KBC_POLLS reads; a missing controller reads FFh and times out,
; after which the A20 check reports the failure.  Clobbers AL.
kbc_wait:
	push cx
	mov cx, KBC_POLLS
.poll:
	in al, 0x64
	test al, 0x02
	jz .empty
	loop .poll
.empty:
	pop cx
	ret

; CF = 1 when A20 is masked (0000:0500 and FFFF:0510 are the same byte).
; Restores both bytes.  Clobbers AX.
a20_check:
	push ds
	push es
	push si
	push di
	xor ax, ax
	mov ds, ax
	not ax
	mov es, ax
	mov si, 0x0500
	mov di, 0x0510
	mov al, [ds:si]
	mov ah, [es:di]
	push ax
	mov byte [ds:si], 0x00
	mov byte [es:di], 0xFF
	cmp byte [ds:si], 0xFF		; ZF = 1: the write wrapped around
	pop ax
	mov [es:di], ah
	mov [ds:si], al
	clc
	jne .on
	stc
.on:
	pop di
	pop si
	pop es
	pop ds
	ret

bits 32

pm_start:
	mov ax, DATA32
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov esp, __stack_top
	lidt [pm_idt_desc]
%ifdef UNPACK
	call pcbios_unpack		; unpack.c: returns only when the moving
	mov ebp, eax			; part is in place; its TSC cycles
%endif
	mov edi, __bss_start
	mov ecx, __bss_end
	sub ecx, edi
	xor eax, eax
	rep stosb
	mov eax, esi
	mov [pcbios_boot_drive], al
%ifdef UNPACK
	mov [pcbios_unpack_cycles], ebp
%endif
	call pcbios_relocate		; never returns
.halt32:
	hlt
	jmp .halt32

; void pcbios_continue(uint32_t entry, uint32_t stack_top)   (cdecl)
; Switches to the stack whose top is stack_top and calls entry(), which
; must not return: relocate.c's way into the moved body.
pcbios_continue:
	mov eax, [esp + 4]
	mov esp, [esp + 8]
	call eax
.halt:
	hlt
	jmp .halt

; void real_call(struct real_call *c)   (cdecl, rom/pcbios/bios.h)
;
; Runs c->target (seg:off) in real mode with the registers in c->regs and
; writes the registers it returned with back into c->regs.
;   in:  regs.eax, ebx, ecx, edx, esi, edi, ebp, ds, es; target; the
;        c->stack_words words of c->stack, pushed so that stack[0] lies
;        just above the return address; as_interrupt
;   out: the same registers plus regs.eflags (CF, ZF: the BIOS's status)
;   clobbers: EAX, ECX, EDX (cdecl scratch); EBX, ESI, EDI, EBP and the
;   segment registers are preserved for the caller.
; The callee runs on the real-mode stack below __rm_stack_top with IF = 1,
; so the BIOS's own IRQ handlers (timer, keyboard, disk) work meanwhile.
; With as_interrupt set it is entered as INT n enters a handler (FLAGS
; pushed, then IF cleared; SDM Vol. 2A "INT n"), otherwise by a far call.
; Any buffer handed to real mode must be below 1 MiB (bios_seg/bios_off).
real_call:
	push ebp
	push ebx
	push esi
	push edi
	mov esi, [esp + 20]
	mov edi, rm_call
	mov ecx, CALL_SIZE / 4
	rep movsd
	mov [pm_esp], esp

	jmp CODE16:.pm16		; 16-bit protected mode: a 64 KiB segment
bits 16
.pm16:
	mov ax, DATA16			; real-mode-compatible limits and
	mov ds, ax			; attributes in every segment cache
	mov es, ax			; (SDM: switching back to real mode)
	mov fs, ax
	mov gs, ax
	mov ss, ax
	lidt [rm_idt_desc]		; the real-mode IVT at 0, 256 vectors
	mov eax, cr0
	and al, 0xFE			; clear CR0.PE
	mov cr0, eax
	jmp 0:.real
.real:
	xor ax, ax
	mov ds, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov esp, __rm_stack_top
	sti
	mov cx, [rm_call + CALL_NWORDS]	; at most CALL_WORDS (bios.h)
	mov si, cx
	shl si, 1
.push:
	jcxz .pushed
	sub si, 2
	push word [rm_call + CALL_STACK + si]
	dec cx
	jmp .push
.pushed:
	test byte [rm_call + CALL_INTERRUPT], 1
	jz .load
	pushf
	cli
.load:
	mov es, [rm_call + REGS_ES]
	mov eax, [rm_call + REGS_EAX]
	mov ebx, [rm_call + REGS_EBX]
	mov ecx, [rm_call + REGS_ECX]
	mov edx, [rm_call + REGS_EDX]
	mov esi, [rm_call + REGS_ESI]
	mov edi, [rm_call + REGS_EDI]
	mov ebp, [rm_call + REGS_EBP]
	mov ds, [rm_call + REGS_DS]
	call far [cs:rm_call + CALL_TARGET]
	mov [cs:rm_call + REGS_EAX], eax
	mov [cs:rm_call + REGS_EBX], ebx
	mov [cs:rm_call + REGS_ECX], ecx
	mov [cs:rm_call + REGS_EDX], edx
	mov [cs:rm_call + REGS_ESI], esi
	mov [cs:rm_call + REGS_EDI], edi
	mov [cs:rm_call + REGS_EBP], ebp
	mov [cs:rm_call + REGS_DS], ds
	mov [cs:rm_call + REGS_ES], es
	pushfd
	pop dword [cs:rm_call + REGS_EFLAGS]
	cli
	o32 lgdt [cs:gdt_desc]		; a BIOS service may have loaded its own
	mov eax, cr0			; GDT (INT 15h AH=87h does)
	or al, 1
	mov cr0, eax
	jmp dword CODE32:.pm32
bits 32
.pm32:
	mov ax, DATA32
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov esp, [pm_esp]
	lidt [pm_idt_desc]
	cld				; the C ABI wants DF = 0
	mov esi, rm_call
	mov edi, [esp + 20]
	mov ecx, REGS_SIZE / 4
	rep movsd
	pop edi
	pop esi
	pop ebx
	pop ebp
	ret

; struct bios_regs, as rom/pcbios/bios.h lays it out (checked there).
REGS_EAX	equ 0
REGS_EBX	equ 4
REGS_ECX	equ 8
REGS_EDX	equ 12
REGS_ESI	equ 16
REGS_EDI	equ 20
REGS_EBP	equ 24
REGS_DS		equ 28
REGS_ES		equ 30
REGS_EFLAGS	equ 32
REGS_SIZE	equ 36
; struct real_call (bios.h, checked there): the registers, then these.
CALL_TARGET	equ 36
CALL_STACK	equ 40
CALL_NWORDS	equ 52
CALL_INTERRUPT	equ 54
CALL_SIZE	equ 56

msg_a20		db "netboot: cannot enable the A20 gate", 13, 10, 0

align 4
pm_esp		dd 0			; protected-mode ESP across real_call
rm_call		times CALL_SIZE db 0	; struct real_call, copied below 64 KiB

; GDT (SDM Vol. 3A §3.4.5, segment descriptors): base 0 for all.
;   08h 32-bit code, 4 GiB, execute/read    10h 32-bit data, 4 GiB, read/write
;   18h 16-bit code, 64 KiB, execute/read   20h 16-bit data, 64 KiB, read/write
; The accessed bit (type bit 0) is preset: otherwise the CPU sets it when a
; selector is loaded, writing into the image before main.c checks its sum
; (and into ROM, once the body runs from one).
align 8
gdt:
	dq 0
	dq 0x00CF9B000000FFFF
	dq 0x00CF93000000FFFF
	dq 0x00009B000000FFFF
	dq 0x000093000000FFFF
gdt_end:

align 4
	dw 0
gdt_desc:
	dw gdt_end - gdt - 1
	dd gdt
	dw 0
rm_idt_desc:
	dw 0x3FF			; 256 four-byte vectors at linear 0
	dd 0
	dw 0
pm_idt_desc:
	dw 0				; empty: every exception is a triple fault
	dd 0

section .bss
pcbios_boot_drive resb 1
alignb 4
pcbios_unpack_cycles resd 1		; a compressed body's unpack time

section .note.GNU-stack noalloc noexec nowrite progbits	; no executable stack
