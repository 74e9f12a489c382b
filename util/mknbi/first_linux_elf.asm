; mkelf-linux's entry: the ROM enters an ELF32 in flat 32-bit protected
; mode, interrupts off, EBX = the DHCP reply (rom/pcbios/README.md
; "Starting images").  This copies the reply below 1 MiB, returns to real
; mode and far-calls mknbi-linux's first stage (first_linux.asm) as an NBI
; loader would, with a null header pointer: the first stage reads only
; the reply.  Loaded at ORIGIN (util/mknbi/linux_layout.h ELF_STUB_ADDR).
;
; Back to real mode (Intel SDM vol. 3, "Switching Back to Real-Address
; Mode"): a GDT of our own with 16-bit code and data segments of 64 KiB
; limit, a far jump into the 16-bit code, data segments loaded with the
; 16-bit selector, PE cleared, a far jump to reload CS, the real-mode
; interrupt table (0:0, limit 3FFh) loaded.
	bits 32
	org 0

ORIGIN		equ 0x9b000
STUB_SEG	equ ORIGIN >> 4
REPLY		equ 0x200		; the reply copy, from ORIGIN
REPLY_LEN	equ 1472
STACK_TOP	equ 0x1000

start:
	jmp short entry
	times 4 - ($ - $$) db 0
	db "MKE1"
	dd ORIGIN
first_ptr:
	dw 0				; the first stage: offset 0, and the
	dw 0				; segment the tool writes

entry:
	cli
	cld
	mov esi, ebx
	mov edi, ORIGIN + REPLY
	mov ecx, REPLY_LEN / 4
	rep movsd
	lgdt [ORIGIN + gdt_desc]
	jmp 0x08:pm16

	bits 16
pm16:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov eax, cr0
	and al, 0xfe
	mov cr0, eax
	jmp STUB_SEG:real

real:
	mov ax, cs
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov sp, STACK_TOP
	lidt [ivt_desc]
	sti
	push cs				; the reply, as offset then segment above...
	push word REPLY
	push word 0			; ...the header pointer: none
	push word 0
	call far [first_ptr]
.halt:
	cli				; it returned: the boot failed
	hlt
	jmp .halt

	align 8
gdt:	dq 0
	dw 0xffff, ORIGIN & 0xffff	; 08h: 16-bit code, base ORIGIN
	db ORIGIN >> 16, 0x9a, 0x00, 0
	dw 0xffff, 0			; 10h: 16-bit data, base 0
	db 0, 0x92, 0x00, 0
gdt_desc:
	dw 23
	dd ORIGIN + gdt
ivt_desc:
	dw 0x3ff
	dd 0
