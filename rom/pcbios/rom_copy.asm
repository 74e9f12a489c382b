; Part of rom_prefix.asm: bring the body from the ROM image to its link
; address.  A plain copy, also for a compressed body (e1000.lzrom), which
; expands its moving part itself (unpack.c).
;
; copy_body: copies the BODY_PARAS paragraphs at CS:body_start to
; 0000:BODY_ADDR, 32 KiB per step so that no offset wraps past 64 KiB.
; The ROM never overlaps the destination: it lies in the ROM area
; (C0000h-EFFFFh) or, loaded by floppyload, at 30000h, above the body's
; largest extent (body.ld keeps it below 90000h, the ROM below 128 KiB).
; Clobbers AX, BX, CX, DX, SI, DI; keeps DS and ES.

COPY_STEP	equ 0x800		; paragraphs per rep movsw: 32 KiB

copy_body:
	push ds
	push es
	cld
	mov ax, cs
	add ax, (body_start - rom_start) >> 4
	mov bx, BODY_ADDR >> 4
	mov dx, BODY_PARAS
.step:
	mov cx, dx
	cmp cx, COPY_STEP
	jbe .sized
	mov cx, COPY_STEP
.sized:
	mov ds, ax
	mov es, bx
	add ax, cx
	add bx, cx
	sub dx, cx
	shl cx, 3			; 8 words per paragraph
	xor si, si
	xor di, di
	rep movsw
	test dx, dx
	jnz .step
	pop es
	pop ds
	ret
