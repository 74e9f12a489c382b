; Part of rom_prefix.asm: bring the body from the ROM image to its link
; address.  A plain copy, also for a compressed body (e1000.lzrom), which
; expands its moving part itself (unpack.c).
;
; bring_body: copies the BODY_PARAS paragraphs at CS:body_start to
; 0000:BODY_ADDR.  A ROM image that starts below the end of that
; destination (mknbi-rom loads one at 1000:0000, as Etherboot's "+6
; entry" loaders did) would overwrite its own code while copying the body
; there.  Such an image first copies itself, whole, to the paragraph above
; both the destination and itself, and copies the body from there (a far
; return into the copy; the near return then reaches the caller's offset
; in the copy).  The image is below 128 KiB, so the destination ends below
; 28000h, the copy starts below 48000h and ends below 68000h, clear of the
; EBDA and of the prefix block and stack.  An image in the ROM area
; (C0000h-EFFFFh) or where floppyload puts it (30000h) lies above the
; destination and is not moved.  Either way source and destination of
; each copy never overlap.  Clobbers AX, BX, CX, DX, SI, DI; keeps DS and
; ES.
;
; copy_paras: copies DX paragraphs from AX:0000 to BX:0000, upwards, 32 KiB
; per step so that no offset wraps past 64 KiB.  Clobbers AX, BX, CX, DX,
; SI, DI.

COPY_STEP	equ 0x800		; paragraphs per rep movsw: 32 KiB
BODY_END_SEG	equ (BODY_ADDR >> 4) + BODY_PARAS
ROM_PARAS	equ (rom_end - rom_start) >> 4

bring_body:
	mov ax, cs
	cmp ax, BODY_END_SEG
	jae copy_body
	mov bx, ax
	add bx, ROM_PARAS		; the paragraph after the image
	cmp bx, BODY_END_SEG
	jae .above
	mov bx, BODY_END_SEG
.above:
	push bx				; far return to copy_body in the copy
	push copy_body
	mov dx, ROM_PARAS
	call copy_paras
	retf

copy_body:
	mov ax, cs
	add ax, (body_start - rom_start) >> 4
	mov bx, BODY_ADDR >> 4
	mov dx, BODY_PARAS
copy_paras:
	push ds
	push es
	cld
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
