; floppyload: a boot sector that starts an option ROM image stored on the
; floppy right behind it, as in
;     cat bin/pcbios/floppyload.bin bin/pcbios/e1000.rom > /dev/fd0
; The BIOS loads this sector at 0000:7C00 and jumps to it with DL = the
; boot drive (Ralf Brown's list, INT 19h).  It
;   1. finds the sectors per track: reads sector 36, 18, then 15 of
;      cylinder 0, head 0 (2.88 MB, 1.44 MB, 1.2 MB disks); the first that
;      reads is the geometry, 9 (720 KB, 360 KB) when none does;
;   2. reads the ROM's first sector (the disk's second) to ROM_SEG:0 and
;      checks its 55h AAh signature and its length byte (offset 2, in
;      512-byte blocks);
;   3. reads that many sectors to ROM_SEG:0, track by track, never across
;      a 64 KiB boundary (the floppy controller's ISA DMA cannot carry into
;      the page register; INT 13h fails such a read with AH=09h), each read
;      tried 3 times with a drive reset between;
;   4. turns the floppy motors off, then far-calls the ROM's legacy entry at
;      ROM_SEG:0006 (rom/pcbios/rom_prefix.asm), which copies the body to
;      0000:8000 and starts it;
;   5. if the ROM returns (booting failed), says so and calls INT 18h, so
;      the BIOS tries its next boot device.
; Two heads are assumed.  Messages go to the screen only (INT 10h).  A
; BIOS whose diskette parameter table limits reads to fewer sectors than
; the disk has per track may fail the probe's first read; the disk is then
; read with the smaller geometry, wrongly: use 1.44 MB disks.
;
; Memory: stack below 0000:7C00, this sector at 7C00-7DFF (it must survive
; the ROM's run to handle its return: the body keeps 0-8000h free of
; images), the ROM at 30000h, above the body's copy at 8000h (a body of up
; to 128 KiB ends below 28000h), below 640 KiB however large the ROM.

bits 16
org 0x7C00

ROM_SEG		equ 0x3000
DOR_PORT	equ 0x3F2		; digital output register (PORTS.LST)
DOR_MOTORS_OFF	equ 0x0C		; controller running, DMA/IRQ on, motors off
BDA_MOTORS	equ 0x43F		; 40:3F diskette motor status (MEMORY.LST)

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
	mov si, msg_loading
	call print

	mov si, geometries
.probe:
	lodsb
	mov [spt], al
	cmp al, 9
	je .geometry			; the last one needs no probe
	xor ah, ah
	dec ax
	mov [lba], ax			; sector AL of cylinder 0, head 0
	mov word [left], 1
	mov word [dest_seg], ROM_SEG
	push si
	call load
	pop si
	jc .probe
.geometry:
	mov word [lba], 1
	mov word [left], 1
	mov word [dest_seg], ROM_SEG
	call load
	jc disk_error
	mov es, [rom_seg]
	mov si, msg_no_rom
	cmp word [es:0], 0xAA55
	jne fail
	movzx ax, byte [es:2]
	test ax, ax
	jz fail
	mov [left], ax
	mov word [lba], 1
	mov word [dest_seg], ROM_SEG
	call load
	jc disk_error

	mov al, DOR_MOTORS_OFF
	mov dx, DOR_PORT
	out dx, al
	and byte [BDA_MOTORS], 0xF0	; the BIOS's record of running motors

	call far [rom_entry]
	xor ax, ax
	mov ds, ax
	mov si, msg_returned
	jmp fail

disk_error:
	mov si, msg_disk_error
; Print the message at SI and hand back to the BIOS.
fail:
	call print
	int 0x18			; the BIOS tries its next boot device
.halt:
	hlt
	jmp .halt

geometries	db 36, 18, 15, 9
rom_entry	dw 6				; the legacy entry, far
rom_seg		dw ROM_SEG
msg_loading	db "netboot floppyload", 0
msg_no_rom	db " no ROM image behind the boot sector", 13, 10, 0
msg_disk_error	db " disk read error", 13, 10, 0
msg_returned	db 13, 10, "floppyload: the ROM returned, boot failed", 13, 10, 0

%include "floppy_load.inc"

times 510 - ($ - $$) db 0
		dw 0xAA55			; boot signature, bytes 55h AAh
