; The PXE chainload prefix: makes the pcbios body a network bootstrap
; program (NBP) that a PXE ROM fetches by TFTP, loads at 0000:7C00 and
; starts there (bin/pcbios/e1000.pxe, virtio-net.pxe; mk/pcbios_pxe.mk).
;
; Entry state (PXE Specification 2.1, §4.4.5 "Client State at Bootstrap
; Execution Time"): real mode, CS:IP = 0000:7C00, ES:BX -> the PXENV+
; structure, SS:SP -> a stack of at least 1.5 KiB whose word pair at
; SS:[SP+4] is a far pointer (offset, segment) to the !PXE structure, above
; the return address into the PXE ROM.
;
; This prefix is exactly 1 KiB, so the PXE ROM's own load already puts the
; body at 0000:8000, where body.ld links it: nothing needs moving, and the
; prefix runs from bytes that the body never overlaps.  It
;   - checks both structures: signature, then a byte sum of 0 over their
;     own length (!PXE: StructLength at +4; PXENV+: Length at +8);
;   - picks the API entry: the !PXE EntryPointSP (+10h) from the stack, else
;     the !PXE that PXENV+ 2.1 points at (PXEPtr, +28h), else the PXENV+
;     RMEntry (+0Ah), the pre-2.1 interface;
;   - checks that the body with its .bss and stack (BODY_END, linear, from
;     the build) ends below the base memory the BIOS data area still counts
;     free (word at 40:13h, KiB): the PXE stack lives above that;
;   - fills the PXE information block below (rom/pcbios/pxe.h reads it);
;   - clears the prefix information block's magic at 7E00h
;     (prefix_info.inc): the body leaves by INT 18h, since a return into a
;     PXE stack it unloaded is no way back;
;   - jumps to the body's real-mode entry at 0000:8000 with DL = FFh (no
;     BIOS drive).
; With no valid structure, or too little base memory, it says so on the
; screen and returns to the PXE ROM (far return on the stack it was given).
;
; The PXE information block, at linear 0600h (PXE_INFO), 24 bytes, in the
; real-mode stack's area far below its top at 7000h (rom/pcbios/README.md):
;   +0   dword  PXE_INFO_MAGIC_VALUE ("PXNB") when valid
;   +4   dword  far pointer (offset, segment) to !PXE, 0 if none is valid
;   +8   dword  far pointer to PXENV+, 0 if none is valid
;   +12  dword  far pointer to the API entry
;   +16  word   its convention: PXE_API_BANG (!PXE: opcode and far pointer
;               to the parameter block on the stack) or PXE_API_PXENV
;               (PXENV+: BX = opcode, ES:DI = parameter block)
;   +18  word   the caller's SP at entry (pointing at its return address)
;   +20  word   the caller's SS
;   +22  word   free base memory at entry, KiB (40:13h)

bits 16
org 0x7C00

%include "prefix_info.inc"

%ifndef BODY
%error "BODY: the flat body (build/pcbios/NAME.bin) to append"
%endif
%ifndef BODY_END
%error "BODY_END: linear end of the body's .bss and stack (__stack_top)"
%endif

LOAD_ADDR	equ 0x7C00
BODY_ADDR	equ 0x8000		; body.ld
BDA_BASE_KIB	equ 0x413		; BIOS data area: free base memory, KiB

PXE_INFO	equ 0x0600
PXE_INFO_MAGIC	equ PXE_INFO + 0
PXE_INFO_BANG	equ PXE_INFO + 4
PXE_INFO_PXENV	equ PXE_INFO + 8
PXE_INFO_ENTRY	equ PXE_INFO + 12
PXE_INFO_API	equ PXE_INFO + 16
PXE_INFO_SP	equ PXE_INFO + 18
PXE_INFO_SS	equ PXE_INFO + 20
PXE_INFO_KIB	equ PXE_INFO + 22
PXE_INFO_SIZE	equ 24
PXE_INFO_MAGIC_VALUE equ 0x424E5850	; the bytes "PXNB"
PXE_API_BANG	equ 1
PXE_API_PXENV	equ 2

; PXE 2.1 structure offsets used here.
BANG_LENGTH	equ 4			; !PXE StructLength
BANG_ENTRY_SP	equ 16			; !PXE EntryPointSP (offset, segment)
BANG_MIN_LEN	equ 20			; up to and with EntryPointSP
PXENV_VERSION	equ 6			; PXENV+ Version (major << 8 | minor)
PXENV_LENGTH	equ 8			; PXENV+ Length
PXENV_RMENTRY	equ 10			; PXENV+ RMEntry (offset, segment)
PXENV_PXEPTR	equ 40			; PXENV+ PXEPtr, version 2.1 and up
PXENV_MIN_LEN	equ 14			; up to and with RMEntry

start:
	jmp 0:.cs_zero			; CS = 0: the offsets below are linear
.cs_zero:
	mov [cs:entry_es], es
	mov [cs:entry_bx], bx
	cld
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov di, PXE_INFO
	mov cx, PXE_INFO_SIZE / 2
	rep stosw
	mov dword [PI_MAGIC], 0
	mov [PXE_INFO_SP], sp
	mov [PXE_INFO_SS], ss
	mov ax, [BDA_BASE_KIB]
	mov [PXE_INFO_KIB], ax

	mov bp, sp			; the !PXE pointer the ROM pushed
	les di, [ss:bp + 4]
	call check_bang
	jc .pxenv
	call take_bang
.pxenv:
	les di, [entry_bx]		; ES:BX at entry
	call check_pxenv
	jc .chosen
	mov [PXE_INFO_PXENV], di
	mov [PXE_INFO_PXENV + 2], es
	cmp word [PXE_INFO_API], 0
	jne .chosen
	cmp word [es:di + PXENV_VERSION], 0x0201
	jb .rmentry
	cmp byte [es:di + PXENV_LENGTH], PXENV_PXEPTR + 4
	jb .rmentry
	push es
	push di
	les di, [es:di + PXENV_PXEPTR]
	call check_bang
	jc .no_pxeptr
	call take_bang
	add sp, 4
	jmp .chosen
.no_pxeptr:
	pop di
	pop es
.rmentry:
	mov eax, [es:di + PXENV_RMENTRY]
	mov [PXE_INFO_ENTRY], eax
	mov word [PXE_INFO_API], PXE_API_PXENV
.chosen:
	mov si, msg_no_pxe
	cmp word [PXE_INFO_API], 0
	je fail
	mov si, msg_no_room
	cmp word [BDA_BASE_KIB], (BODY_END + 1023) / 1024
	jb fail
	mov dword [PXE_INFO_MAGIC], PXE_INFO_MAGIC_VALUE
	mov dl, 0xFF
	jmp 0:BODY_ADDR

; Record the !PXE structure at ES:DI and its 16-bit entry point.
take_bang:
	mov [PXE_INFO_BANG], di
	mov [PXE_INFO_BANG + 2], es
	mov eax, [es:di + BANG_ENTRY_SP]
	mov [PXE_INFO_ENTRY], eax
	mov word [PXE_INFO_API], PXE_API_BANG
	ret

; CF = 0 when ES:DI holds a !PXE structure: signature, a length that
; reaches EntryPointSP, bytes summing to 0, all inside the segment.  The
; pointer comes from the stack, where a ROM older than PXE 2.1 put none,
; so it may be anything: a word or dword read across offset FFFFh raises
; #GP in real mode (SDM Vol. 3, "Segment Wraparound"), which the BIOS
; takes for IRQ 5 and returns into the same read.  Clobbers AX, CX, SI.
check_bang:
	cmp di, 0x10000 - BANG_MIN_LEN
	ja .bad
	cmp dword [es:di], '!PXE'
	jne .bad
	movzx cx, byte [es:di + BANG_LENGTH]
	cmp cx, BANG_MIN_LEN
	jb .bad
	jmp byte_sum
.bad:
	stc
	ret

; CF = 0 when ES:DI holds a PXENV+ structure, checked as !PXE is.
check_pxenv:
	cmp di, 0x10000 - PXENV_MIN_LEN
	ja .bad
	cmp dword [es:di], 'PXEN'
	jne .bad
	cmp word [es:di + 4], 'V+'
	jne .bad
	movzx cx, byte [es:di + PXENV_LENGTH]
	cmp cx, PXENV_MIN_LEN
	jb .bad
	jmp byte_sum
.bad:
	stc
	ret

; CF = 0 when the CX (> 0) bytes at ES:DI end inside the segment and sum
; to 0 mod 256 (every field read later lies inside them).
byte_sum:
	mov si, cx
	dec si
	add si, di
	jc .bad
	xor al, al
	mov si, di
.next:
	add al, [es:si]
	inc si
	loop .next
	test al, al
	jnz .bad
	clc
	ret
.bad:
	stc
	ret

; Say why (DS:SI) on the screen, then return to the PXE ROM.
fail:
	lodsb
	test al, al
	jz .back
	mov ah, 0x0E
	xor bx, bx
	int 0x10
	jmp fail
.back:
	mov ss, [PXE_INFO_SS]
	mov sp, [PXE_INFO_SP]
	les bx, [entry_bx]
	retf

msg_no_pxe	db "netboot: started as a PXE NBP, but found no valid !PXE or PXENV+", 13, 10, 0
msg_no_room	db "netboot: the PXE stack leaves too little base memory for the body", 13, 10, 0

entry_bx	dw 0
entry_es	dw 0

%if $ - $$ > PI_MAGIC - LOAD_ADDR
%error "the prefix's code must end before the prefix information block (7E00h)"
%endif
	times BODY_ADDR - LOAD_ADDR - ($ - $$) db 0
	incbin BODY
