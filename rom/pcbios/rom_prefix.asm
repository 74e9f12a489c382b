; The option ROM prefix: the header a PC BIOS looks for, its entry points,
; and the body (build/pcbios/NIC.bin, linked at 0x8000) appended to it.
; Assembled once per NIC with nasm -f bin:
;   -D BODY="path"   the flat body to include
;   -D VENDOR_ID=0x8086 -D DEVICE_ID=0x100E   the PCI IDs the ROM is for
;   -D PRODUCT="netboot e1000"                the $PnP product name
;   -D TEST_FORCE_INT19   (test builds only) a ROM as a BIOS without PnP
;                         support sees it: no $PnP header pointer, init
;                         ignores ES:DI and hooks INT 19h (SeaBIOS undoes
;                         the INT 19h hook of a ROM that has a $PnP header)
;   -D TEST_READ_ONLY     (test builds only) init finds its image read-only,
;                         as an unshadowed ROM is (rom_store's writes to
;                         the image are left out, as a ROM loses them)
; The build then sets the checksum byte at offset 5 (mk/pcbios.mk).
;
; Layout (offsets in the image; util/romtool relies on them):
;   00h  55h AAh                     ROM signature
;   02h  byte   length in 512-byte blocks
;   03h  2-byte jmp short  -> init   (far-called by the BIOS during POST)
;   05h  byte   checksum: the whole image sums to 0 mod 256
;   06h  2-byte jmp short  -> legacy entry (floppyload, chain loaders)
;   08h  "netboot", 0                manufacturer string
;   18h  word   offset of the PCI data structure (1Ch)
;   1Ah  word   offset of the $PnP expansion header (40h)
;   1Ch  PCIR, 24 bytes; 40h $PnP header, 32 bytes; then the product string,
;        the code, init's variables (zero in the file), and the body,
;        16-byte aligned; zeros to a 512-byte multiple.
;
; Entry points; all three boot ones fill in the prefix information block
; (prefix_info.inc) that tells the body how to leave when booting fails,
; copy the body to 0000:8000 (rom_copy.asm; an image loaded where the body
; goes moves itself out of the way first) and jump to it in real mode
; with DL = 0 (no boot drive: the body only prints it):
;   init     keeps the PCI location in the image, then on a PnP BIOS (BBS)
;            returns at once so that the BIOS calls the BEV if the NIC is
;            chosen for booting; on any other BIOS hooks INT 19h (once),
;            from a read-only image through 1 KiB of base memory.
;            Loads nothing.
;   BEV      boot entry vector: on failure the body does INT 18h.
;   INT 19h  the hook: on failure the body calls the INT 19h vector the
;            BIOS had before, which goes on with its boot order.
;   legacy   far-called at offset 6: on failure the body returns to the
;            caller with a far RET on the caller's SS:SP (other registers
;            and the caller's stack memory below 7E00h are not preserved).

bits 16
org 0

%include "prefix_info.inc"

BODY_ADDR	equ 0x8000		; rom/pcbios/body.ld
PREFIX_STACK	equ 0x7C00		; below the block; the body sets its own

%ifndef BODY
%error "define BODY, the flat body to include"
%endif
%ifndef VENDOR_ID
%error "define VENDOR_ID and DEVICE_ID"
%endif
%ifndef PRODUCT
%define PRODUCT "netboot"
%endif

; Sum of the two bytes of a 16-bit value, for the $PnP checksum below
; (label - rom_start: nasm does arithmetic on offsets, not on labels).
%define BYTES16(x) (((x) & 0xFF) + (((x) >> 8) & 0xFF))

rom_start:
	db 0x55, 0xAA
	db ROM_BLOCKS
	jmp short init
	db 0				; checksum, set by the build
	jmp short legacy_entry
manufacturer:
	db "netboot", 0
	times 0x18 - ($ - $$) db 0
	dw pcir
%ifdef TEST_FORCE_INT19
	dw 0
%else
	dw pnp
%endif

; PCI Data Structure (PCI Firmware Specification 3.0, "PCI Expansion ROM"
; section): the BIOS runs the image only for a device with these IDs.
	times 0x1C - ($ - $$) db 0
pcir:
	db "PCIR"
	dw VENDOR_ID
	dw DEVICE_ID
	dw 0				; no vital product data
	dw 0x18				; structure length
	db 0				; structure revision
	db 0x00, 0x00, 0x02		; class code: programming interface,
					; sub-class, base class 02h network
	dw ROM_BLOCKS			; image length in 512-byte units
	dw 0x0001			; revision level of the code
	db 0				; code type 0: x86 PC-AT compatible
	db 0x80				; indicator: last image
	dw 0				; reserved

; Expansion header (Plug and Play BIOS Specification 1.0A, "Option ROM
; Header"), 16-byte aligned.  A BBS BIOS finds the BEV here.
BEV_OFFSET	equ bev - rom_start
DEVICE_FLAGS	equ 0x14		; bit 2 IPL device, bit 4 ROM needed
					; only when booted from
	times 0x40 - ($ - $$) db 0
pnp:
	db "$PnP"
	db 1				; structure revision
	db 2				; length in 16-byte units
	dw 0				; no next header
	db 0				; reserved
	db (0x100 - (('$' + 'P' + 'n' + 'P' + 1 + 2 + BYTES16(manufacturer - rom_start) \
		+ BYTES16(product - rom_start) + 0x02 + DEVICE_FLAGS + BYTES16(BEV_OFFSET)) \
		& 0xFF)) & 0xFF		; checksum: the 32 bytes sum to 0
	dd 0				; device identifier
	dw manufacturer
	dw product
	db 0x02, 0x00, 0x00		; device type: base 02h network,
					; sub-type 0 Ethernet, interface 0
	db DEVICE_FLAGS
	dw 0				; boot connection vector: not a disk
	dw 0				; disconnect vector
	dw BEV_OFFSET			; bootstrap entry vector
	dw 0				; reserved
	dw 0				; static resource information

product:
	db PRODUCT, 0

; The 2-byte jumps at 03h and 06h reach only 127 bytes ahead.
init:
	jmp init_code
legacy_entry:
	jmp legacy_code

; Init (PnP BIOS 1.0A "Option ROM Initialization"; PCI Firmware 3.0): a
; far call with AH = bus, AL = device << 3 | function and, from a PnP
; BIOS, ES:DI -> the "$PnP" installation check structure.  Returns AX =
; 0020h (bits 5:4 = 10b, "IPL device attached"); keeps every other
; register.  What it learns it keeps in the image itself (init_vars below),
; which the BIOS runs from RAM that is writable until init returns (PCI
; Firmware 3.0, which lets init even shrink the image); low memory is not
; safe until boot time (under SeaBIOS 1.16, what init stored at 7E00h was
; gone when the BEV ran).  An image that is not writable (a ROM run in
; place, as old BIOSes run ISA ROMs) keeps nothing: the BEV then scans
; for the NIC, and the INT 19h hook keeps the old vector in base memory.
init_code:
	push bx
	mov bx, init_bdf
	call rom_store
%ifndef TEST_FORCE_INT19
	mov ax, PI_INIT_BEV
	mov bx, init_state
	call rom_store
	cmp di, 0xFFFC			; a dword read there would wrap
	ja .legacy_bios
	cmp dword [es:di], '$PnP'
	je .done
.legacy_bios:
%endif
	call hook_int19
.done:
	pop bx
	mov ax, 0x0020
	retf

; Store AX at CS:BX in the image and change the checksum byte by as much as
; the word's bytes changed, so the image still sums to 0.  CF = 1 when the
; word did not take (the image is read-only).  Writability is tested with
; the word's complement, which differs from it whatever it holds: reading
; AX back after storing it cannot tell a ROM from RAM when AX is what the
; word already held (the INT 19h vector's offset 0000h over the file's
; zero).  Keeps every register.
rom_store:
	push cx
	mov cx, [cs:bx]
%ifndef TEST_READ_ONLY
	not word [cs:bx]
%endif
	cmp [cs:bx], cx
	je .read_only
	mov [cs:bx], ax
	add [cs:5], cl
	add [cs:5], ch
	sub [cs:5], al
	sub [cs:5], ah
	clc
	pop cx
	ret
.read_only:
	stc
	pop cx
	ret

; Point INT 19h (bootstrap loader) at int19_code, keeping the old vector,
; unless it already leads to a copy of this ROM (the same ROM found twice:
; our int19_code offset, directly or through the far jump of a base-memory
; block below, in a segment that starts with 55AAh and our manufacturer
; string).  The old vector goes into the image (old_int19); where the
; image is read-only, into a block of 1 KiB taken from the top of base
; memory (the BIOS data area word at 40:13h, base memory in KiB, shrinks by
; one, as PnP BIOS 1.0A lets an option ROM's init do), which the vector
; then points at:
;   +0  EAh, int19_code, CS   far jump to the hook
;   +5  dword                 the INT 19h vector before the hook
; Keeps every register and FLAGS: neither PnP BIOS 1.0A nor the PCI
; Firmware Specification promises DF = 0 (or any IF) at init, and the
; string compare below needs DF = 0.
RAM_HOOK_OLD	equ 5
BDA_BASE_KIB	equ 0x413
hook_int19:
	pushf
	cld
	push ds
	push es
	push si
	push di
	push cx
	push bx
	push eax
	xor ax, ax
	mov ds, ax
	les bx, [0x19 * 4]
	cmp byte [es:bx], 0xEA		; a far jump: where does it lead?
	jne .compare
	les bx, [es:bx + 1]
.compare:
	cmp bx, int19_code
	jne .hook
	cmp word [es:0], 0xAA55
	jne .hook
	mov di, manufacturer
	mov si, di
	mov cx, 8
	cs repe cmpsb			; CS:SI (us) against ES:DI (the hook)
	je .out
.hook:
	mov ax, [0x19 * 4]
	mov bx, old_int19
	call rom_store
	jc .read_only
	mov ax, [0x19 * 4 + 2]
	mov bx, old_int19 + 2
	call rom_store
	mov ax, PI_INIT_HOOK
	mov bx, init_state
	call rom_store
	mov ax, cs
	mov bx, int19_code
	jmp .point
.read_only:
	dec word [BDA_BASE_KIB]
	mov ax, [BDA_BASE_KIB]
	shl ax, 6			; KiB to paragraphs
	mov es, ax
	mov byte [es:0], 0xEA
	mov word [es:1], int19_code
	mov [es:3], cs
	mov eax, [0x19 * 4]
	mov [es:RAM_HOOK_OLD], eax
	xor bx, bx
	mov ax, es
.point:
	cli
	mov [0x19 * 4], bx
	mov [0x19 * 4 + 2], ax
	sti
.out:
	pop eax
	pop bx
	pop cx
	pop di
	pop si
	pop es
	pop ds
	popf
	ret

; BEV (BIOS Boot Specification 1.01): far-called when the BIOS boots from
; this device.  BBS: a boot that fails ends in INT 18h.
bev:
	cli
	xor ax, ax
	mov ds, ax
	mov word [PI_EXIT], PI_EXIT_INT18
	jmp boot_from_image

; INT 19h hook: runs once; puts the old vector back first, so that the
; BIOS's own bootstrap runs when the body chains to it.  A read-only
; image kept none (old_int19 is zero): the vector points at the
; base-memory block, which holds it, unless a ROM that hooked INT 19h
; after us chained here without putting our block back; then the old
; vector is unknown, INT 19h stays as it is and a failed boot ends in
; INT 18h (init state 0) rather than in a jump through bytes of that
; ROM's code.
int19_code:
	cli
	xor ax, ax
	mov ds, ax
	mov word [PI_EXIT], PI_EXIT_INT19
	mov eax, [cs:old_int19]
	mov dx, [cs:init_state]
	test eax, eax
	jnz .restore
	les bx, [0x19 * 4]
	xor dx, dx
	cmp byte [es:bx], 0xEA		; our block: a far jump to us
	jne boot
	cmp word [es:bx + 1], int19_code
	jne boot
	mov cx, cs
	cmp [es:bx + 3], cx
	jne boot
	mov eax, [es:bx + RAM_HOOK_OLD]
	mov dx, PI_INIT_HOOK
.restore:
	mov [0x19 * 4], eax
	jmp boot

; Legacy entry: far-called (by floppyload.asm, a chain loader).  Keeps the
; return address and the caller's SS:SP for the body's far return.
legacy_code:
	cli
	xor ax, ax
	mov ds, ax
	pop word [PI_RETURN]
	pop word [PI_RETURN + 2]
	mov [PI_CALLER_SP], sp
	mov [PI_CALLER_SS], ss
	mov word [PI_EXIT], PI_EXIT_RETURN

; Common: DS = 0, interrupts off, PI_EXIT set; boot also takes EAX = the
; INT 19h vector before the hook and DX = what init did.  Hands init's
; findings on (zero in an image that was never initialised, as one
; floppyload loads).
boot_from_image:
	mov eax, [cs:old_int19]
	mov dx, [cs:init_state]
boot:
	mov [PI_INT19], eax
	mov [PI_INIT], dx
	mov [PI_ROM_SEG], cs
	mov ax, [cs:init_bdf]
	mov [PI_PCI_BDF], ax
	mov dword [PI_MAGIC], PI_MAGIC_VALUE
	xor ax, ax
	mov ss, ax
	mov sp, PREFIX_STACK
	sti
	call bring_body
	xor dx, dx			; DL = 0: no boot drive
	jmp 0:BODY_ADDR

%include "rom_copy.asm"

; init_vars: written by init only, zero in the file.
	align 4, db 0
old_int19	dd 0			; INT 19h vector before the hook
init_state	dw 0			; PI_INIT_BEV, PI_INIT_HOOK or 0
init_bdf	dw 0			; AX at init: PCI bus, device, function

	align 16, db 0
body_start:
	incbin BODY
body_end:
BODY_PARAS	equ (body_end - body_start + 15) / 16
	times (0x200 - ($ - $$) % 0x200) % 0x200 db 0
rom_end:
ROM_BLOCKS	equ (rom_end - rom_start) / 0x200
