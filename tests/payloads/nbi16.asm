; Payload (e): a real-mode NBI program (flag bit 31 clear), test glue.
; tests/payloads/mkimage.py nbi16 cuts this flat binary into two NBI
; segments using the layout table below: segment 0 = the code, placed
; absolutely at LOAD_SEG:0 with a zeroed tail up to CODE_MEM; segment 1 =
; the pattern data, placed "after the previous one" (mode 01) with
; load_addr = DATA_OFF - CODE_MEM, so it lands at LOAD_SEG:DATA_OFF only
; if the loader adds the previous segment's end.  mkimage also stores the
; 32-bit sum of segment 1's bytes in data_sum.
;
; Called as Etherboot called real-mode images: far CALL to LOAD_SEG:0, at
; entry [SS:SP] = return offset, segment; [SS:SP+4] = far pointer (offset,
; segment) to the 512-byte header copy; [SS:SP+8] = far pointer to the
; BOOTP/DHCP reply.  Checks: real mode (CR0.PE = 0), interrupts on, the
; header pointer (magic, equal to the header's own "location"), the reply
; (BOOTREPLY, yiaddr, magic cookie), the pattern, its sum and the zeroed
; tail.  Prints "payload nbi16: pass" or ": FAIL: why" on COM1 and writes
; 10h/11h to isa-debug-exit (port F4h).  When the header's flag bit 8 says
; it may return (mkimage.py nbi16 --returns), a passing run returns AX = 42
; by far RET instead.
bits 16
cpu 386
org 0

LOAD_SEG	equ 0x1000		; linear 0x10000, execute 1000:0000
CODE_MEM	equ 0x1000		; segment 0 in memory: code + zeroed tail
DATA_OFF	equ 0x1400		; segment 1 starts here (a 400h gap)
DATA_LEN	equ 5000
NBI_MAGIC	equ 0x1B031336
DHCP_COOKIE	equ 0x63538263		; 99.130.83.99 read as a little-endian dword
COM1		equ 0x3F8
DEBUG_EXIT	equ 0xF4

entry:
	jmp near start
	align 4
layout:					; read by mkimage.py nbi16
	db "NB16"
	dw LOAD_SEG
	dw code_end			; segment 0: file bytes
	dw CODE_MEM			; segment 0: memory size
	dw DATA_OFF			; segment 1: offset here and in the file
	dw DATA_LEN			; segment 1: length
	dw 0
data_sum:
	dd 0				; filled in by mkimage.py

; Stack frame after "push bp; mov bp, sp".
ARG_RET		equ 2
ARG_HEADER	equ 6
ARG_BOOTP	equ 10

start:
	push bp
	mov bp, sp
	push ds
	push es
	push si
	push di
	push bx
	push cx
	push dx
	push cs
	pop ds
	cld
	call check
	test si, si
	jnz fail
	les di, [bp + ARG_HEADER]
	test byte [es:di + 5], 1	; flag bit 8: the program may return
	jz pass
	mov si, msg_returning
	call print
	pop dx
	pop cx
	pop bx
	pop di
	pop si
	pop es
	pop ds
	pop bp
	mov ax, 42
	retf

pass:
	mov si, msg_pass
	call print
	mov al, 0x10
	jmp exit
fail:
	push si
	mov si, msg_fail
	call print
	pop si
	call print
	mov si, msg_newline
	call print
	mov al, 0x11
exit:
	out DEBUG_EXIT, al
.halt:
	cli
	hlt
	jmp .halt

; The checks; SI = 0 when all pass, else the reason.  DS = CS.
check:
	smsw ax				; the MSW is CR0's low word (SDM Vol. 2B, SMSW)
	mov si, why_pe
	test al, 1
	jnz .done
	pushf
	pop ax
	mov si, why_if
	test ah, 0x02			; FLAGS.IF
	jz .done
	les di, [bp + ARG_HEADER]
	mov si, why_magic
	cmp dword [es:di], NBI_MAGIC
	jne .done
	mov si, why_location
	cmp di, [es:di + 8]		; location = offset, then segment
	jne .done
	mov ax, es
	cmp ax, [es:di + 10]
	jne .done
	mov si, why_real_flag
	test byte [es:di + 7], 0x80	; bit 31 must be clear here
	jnz .done
	les di, [bp + ARG_BOOTP]
	mov si, why_op			; RFC 951: op 2 = BOOTREPLY
	cmp byte [es:di], 2
	jne .done
	mov si, why_yiaddr
	cmp dword [es:di + 16], 0
	je .done
	mov si, why_cookie		; RFC 2131 §3: the magic cookie at 236
	cmp dword [es:di + 236], DHCP_COOKIE
	jne .done
	call check_data
.done:
	ret

; The pattern (tests/payloads/payload.h's pattern_byte: i * 131 +
; (i >> 8) * 7 + 5Ah, low byte), its sum as mkimage stored it, and the
; zeroed tail of segment 0.  SI = 0 or the reason.
check_data:
	xor bx, bx			; i
	xor edx, edx			; the sum
.byte:
	mov ax, bx
	mov cl, 131
	mul cl				; AL = low byte of (i & FFh) * 131
	mov cl, al
	mov al, bh
	mov ah, 7
	mul ah
	add al, cl
	add al, 0x5A
	mov cl, [DATA_OFF + bx]
	movzx ecx, cl
	add edx, ecx
	mov si, why_pattern
	cmp al, cl
	jne .done
	inc bx
	cmp bx, DATA_LEN
	jb .byte
	mov si, why_sum
	cmp edx, [data_sum]
	jne .done
	mov bx, code_end
.tail:
	mov si, why_tail
	cmp byte [bx], 0
	jne .done
	inc bx
	cmp bx, CODE_MEM
	jb .tail
	xor si, si
.done:
	ret

; Print the NUL-terminated string at DS:SI on COM1, waiting for the
; transmit holding register (LSR bit 5) a bounded number of reads.
print:
	push ax
	push cx
	push dx
.char:
	lodsb
	test al, al
	jz .done
	mov ah, al
	mov cx, 0xFFFF
	mov dx, COM1 + 5
.wait:
	in al, dx
	test al, 0x20
	loopz .wait
	mov al, ah
	mov dx, COM1
	out dx, al
	jmp .char
.done:
	pop dx
	pop cx
	pop ax
	ret

msg_pass	db "payload nbi16: pass", 13, 10, 0
msg_returning	db "payload nbi16: pass, returning 42", 13, 10, 0
msg_fail	db "payload nbi16: FAIL: ", 0
msg_newline	db 13, 10, 0
why_pe		db "CR0.PE is 1: not in real mode", 0
why_if		db "interrupts are off", 0
why_magic	db "header pointer does not point at the NBI magic", 0
why_location	db "header pointer differs from the header's location", 0
why_real_flag	db "header copy has flag bit 31 set", 0
why_op		db "reply is not a BOOTREPLY", 0
why_yiaddr	db "reply's yiaddr is 0", 0
why_cookie	db "reply lacks the DHCP magic cookie", 0
why_pattern	db "segment 1 differs from the pattern", 0
why_sum		db "segment 1's sum differs from the one mkimage stored", 0
why_tail	db "segment 0's tail is not zero", 0
code_end:

	times CODE_MEM - (code_end - entry) db 0	; an error if the code
						; outgrew CODE_MEM
	times DATA_OFF - ($ - $$) db 0
data:
%assign i 0
%rep DATA_LEN
	db (i * 131 + (i >> 8) * 7 + 0x5A) & 0xFF
%assign i i + 1
%endrep
