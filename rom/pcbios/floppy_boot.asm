; Floppy boot sector: the prefix that brings the pcbios body in from a
; 1.44 MB floppy.  The BIOS loads this sector at 0000:7C00 and jumps to it
; with DL = the boot drive (Ralf Brown's list, INT 19h).  It reads the body,
; which starts at the image's second sector, to BODY_ADDR and jumps to the
; body's 16-bit entry there (rom/pcbios/entry16.asm), DL still the drive.
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
SECTORS		equ 18		; 1.44 MB geometry: 18 sectors/track,
HEADS		equ 2		; 2 heads, 80 cylinders (the image is built so)
TRIES		equ 3		; reads of one chunk before giving up
MAX_SECTORS	equ (0x90000 - BODY_ADDR) / 512	; body.ld's limit: below the EBDA

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

.next_chunk:
	; CHS from the LBA: sector = lba % 18 + 1, track = lba / 18,
	; head = track % 2, cylinder = track / 2.
	mov ax, [lba]
	mov bl, SECTORS
	div bl				; al = track, ah = sector index
	mov cl, ah
	inc cl				; sectors count from 1
	mov dh, al
	and dh, HEADS - 1
	shr al, 1
	mov ch, al			; cylinder < 80: no high bits for CL

	; Chunk: the rest of this track, at most what is left, and never
	; across a 64 KiB physical boundary: the floppy controller's ISA DMA
	; (8237) cannot carry over into the page register, so INT 13h fails
	; such a read with AH=09h (Ralf Brown's list, INT 13h AH=02h).
	mov al, SECTORS + 1
	sub al, cl			; sectors to the end of the track
	xor ah, ah
	cmp ax, [left]
	jbe .fits_left
	mov ax, [left]
.fits_left:
	mov bx, [dest_seg]
	and bx, 0x0FFF			; paragraphs into this 64 KiB page
	neg bx
	add bx, 0x1000			; paragraphs to its end
	shr bx, 5			; 32 paragraphs per sector
	cmp ax, bx
	jbe .fits_page
	mov ax, bx
.fits_page:
	mov [chunk], al

	mov byte [tries], TRIES
.read:
	mov es, [dest_seg]
	xor bx, bx
	mov al, [chunk]
	mov ah, 0x02			; INT 13h AH=02h: read sectors, ES:BX
	mov dl, [drive]
	push cx
	push dx
	int 0x13
	pop dx
	pop cx
	jnc .read_ok
	dec byte [tries]
	jz .read_failed
	push cx
	push dx
	xor ah, ah			; INT 13h AH=00h: reset the drive,
	int 0x13			; then try again (a motor still
	pop dx				; spinning up fails the first read)
	pop cx
	jmp .read
.read_failed:
	mov si, msg_disk_error
	jmp fail
.read_ok:
	mov al, '.'
	call putc
	xor ah, ah
	mov al, [chunk]
	add [lba], ax
	sub [left], ax
	shl ax, 5
	add [dest_seg], ax
	cmp word [left], 0
	jne .next_chunk

	mov dl, [drive]
	jmp 0:BODY_ADDR

; Print the message at SI and hand back to the BIOS.
fail:
	call print
	int 0x18			; boot failed: the BIOS tries the next device
.halt:
	hlt
	jmp .halt

; Print the NUL-terminated string at DS:SI.  Clobbers AX, BX, SI.
print:
	lodsb
	test al, al
	jz .done
	call putc
	jmp print
.done:
	ret

; INT 10h AH=0Eh teletype output of AL, page 0.  Clobbers AX, BX.
putc:
	mov ah, 0x0E
	xor bx, bx
	int 0x10
	ret

msg_loading	db "netboot", 0
msg_disk_error	db " disk read error", 13, 10, 0
msg_bad_image	db " bad image", 13, 10, 0

drive		db 0
chunk		db 0
tries		db 0
lba		dw 0
left		dw 0
dest_seg	dw 0

times 0x1FC - ($ - $$) db 0
body_sectors	dw 0			; patched by the build
		dw 0xAA55		; boot signature, bytes 0x55 0xAA
