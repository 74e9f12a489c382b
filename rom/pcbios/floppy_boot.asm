; Floppy boot sector: the prefix that brings the pcbios body in from a
; 1.44 MB floppy.  The BIOS loads this sector at 0000:7C00 and jumps to it
; with DL = the boot drive (Ralf Brown's list, INT 19h).  It reads the body,
; which starts at the image's second sector, to BODY_ADDR, turns the floppy
; motors off and jumps to the body's 16-bit entry there
; (rom/pcbios/entry16.asm), DL still the drive.  The BIOS turns a motor off
; only from its timer interrupt, when the count at 40:40h runs out (Ralf
; Brown's MEMORY.LST); the body keeps interrupts off but inside BIOS calls
; and starts images with IF = 0, so a motor left on could spin on for good.
;
; The build patches the body's length in sectors into body_sectors (offset
; 0x1FC, just before the 0x55AA signature); see mk/pcbios.mk.
;
; Memory while it runs: stack below 0000:7C00, this sector at 7C00-7DFF,
; body from 0000:8000 upwards (the link script keeps it below 0x90000).
; It clears the magic of the prefix information block at 7E00h
; (prefix_info.inc), so the body leaves by INT 18h, as from any prefix that
; leaves no block, and never by what an earlier ROM left there.

bits 16
org 0x7C00

%include "prefix_info.inc"

BODY_ADDR	equ 0x8000	; must match body.ld
SECTORS		equ 18		; 1.44 MB geometry: 18 sectors/track, 2 heads,
				; 80 cylinders (the image is built so)
MAX_SECTORS	equ (0x90000 - BODY_ADDR) / 512	; body.ld's limit: below the EBDA
DOR_PORT	equ 0x3F2	; digital output register (PORTS.LST)
DOR_MOTORS_OFF	equ 0x0C	; controller running, DMA/IRQ on, motors off
BDA_MOTORS	equ 0x43F	; 40:3F diskette motor status (MEMORY.LST)

start:
	cli
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov sp, 0x7C00
	sti
	jmp 0:.cs_zero			; some BIOSes enter at 07C0:0000
.cs_zero:
	cld
	mov [drive], dl
	mov dword [PI_MAGIC], 0
	mov si, msg_loading
	call print

	mov si, msg_bad_image
	mov ax, [body_sectors]
	test ax, ax
	jz fail				; an image the build did not patch
	cmp ax, MAX_SECTORS
	ja fail				; would run into the EBDA and ROMs
	mov [left], ax
	mov word [lba], 1
	mov word [dest_seg], BODY_ADDR >> 4

	mov byte [spt], SECTORS
	call load
	mov si, msg_disk_error
	jc fail

	mov al, DOR_MOTORS_OFF
	mov dx, DOR_PORT
	out dx, al
	and byte [BDA_MOTORS], 0xF0	; the BIOS's record of running motors
	mov dl, [drive]
	jmp 0:BODY_ADDR

; Print the message at SI and hand back to the BIOS.
fail:
	call print
	int 0x18			; boot failed: the BIOS tries the next device
.halt:
	hlt
	jmp .halt

msg_loading	db "netboot", 0
msg_disk_error	db " disk read error", 13, 10, 0
msg_bad_image	db " bad image", 13, 10, 0

%include "floppy_load.inc"

times 0x1FC - ($ - $$) db 0
body_sectors	dw 0			; patched by the build
		dw 0xAA55		; boot signature, bytes 0x55 0xAA
