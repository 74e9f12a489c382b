; mknbi-linux's first stage: the real-mode program an NBI made by
; mknbi-linux starts (util/mknbi/linux_layout.h has every address).
;
; Entered by a far call, real mode, A20 on (rom/pcbios/README.md "Starting
; images"); on the stack above the return address: a far pointer to the NBI
; header copy, then one to the BOOTP/DHCP reply (offset word, segment word).
; It fills the kernel's setup header (Documentation/x86/boot.rst, "The
; real-mode kernel header"), writes the command line, finds the initrd and
; enters setup as boot.rst "Running the kernel" says.  It never returns.
;
; The tool fills the parameter block at offset 4 (struct first_params in
; util/mknbi/linux_layout.h); nothing else here knows the layout.
	bits 16
	cpu 386
	org 0

; struct first_params: offsets and flags
P_FLAGS		equ 8
P_REALSEG	equ 10		; segment of the kernel's boot sector (0x9000)
P_TEMPLATE	equ 12		; offset in REALSEG of the tool's command line
P_CMDLINE	equ 14		; offset in REALSEG of the final command line
P_CMDMAX	equ 16		; its longest length, NUL not counted
P_HEAPEND	equ 18		; offset in REALSEG of the heap end = stack top
P_RDADDR	equ 20		; initrd address (absolute placement)
P_RDSIZE	equ 24
P_RDNONCE	equ 28		; the marker's nonce (top placement)
P_RDMAX		equ 32		; highest byte address the initrd may use
F_IP_ROM	equ 1
F_ROOT_ROM	equ 2
F_RD		equ 4
F_RD_SCAN	equ 8
F_CMDLINE_PTR	equ 16

; setup header fields (boot.rst)
H_CMD_MAGIC	equ 0x20	; old protocol: 0xA33F, then offset at 0x22
H_LOADER	equ 0x210	; type_of_loader
H_LOADFLAGS	equ 0x211	; bit 7 CAN_USE_HEAP
H_RD_IMAGE	equ 0x218
H_RD_SIZE	equ 0x21c
H_HEAP_END	equ 0x224	; heap_end_ptr: heap end - 0x200
H_CMD_PTR	equ 0x228	; protocol 2.02+

; the BOOTP/DHCP reply (RFC 951, RFC 2131)
B_YIADDR	equ 16
B_SIADDR	equ 20
B_COOKIE	equ 236
B_OPTIONS	equ 240
B_MAX		equ 1472	; the longest reply the ROM hands over

RD_SCAN_SPAN	equ 0x1000000	; the marker lies within 16 MiB of the RAM top

start:
	jmp near entry
	nop
params:
	db "MKL1"
	times 36 - ($ - $$) db 0

entry:
	cld
	push cs
	pop ds
	mov [entry_sp], sp
	mov bp, sp
	lfs bx, [bp + 8]		; FS:BX = the DHCP reply
	mov es, [P_REALSEG]
	mov byte [es:H_LOADER], 0xff	; "undefined" loader ID
	or byte [es:H_LOADFLAGS], 0x80
	mov ax, [P_HEAPEND]
	sub ax, 0x200
	mov [es:H_HEAP_END], ax
	call cmdline
	test byte [P_FLAGS], F_RD
	jz .run
	call initrd
.run:
	cli
	mov ax, [P_REALSEG]
	mov sp, [P_HEAPEND]
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	add ax, 0x20			; setup's entry: REALSEG+0x20:0000
	push ax
	push word 0
	retf

; --- command line: [ip=...] [root=/dev/nfs nfsroot=...] then the template
cmdline:
	mov di, [P_CMDLINE]
	mov dx, di
	add dx, [P_CMDMAX]		; DX = where the text must stop
	test byte [P_FLAGS], F_IP_ROM
	jz .root
	mov si, s_ip
	call puts_cs
	mov si, B_YIADDR
	call put_ip_at
	call put_colon
	mov si, B_SIADDR
	call put_ip_at
	call put_colon
	mov al, 3			; router
	call put_opt_ip
	call put_colon
	mov al, 1			; subnet mask
	call put_opt_ip
	call put_colon
	mov al, 12			; host name
	call put_opt_str
	call put_space
.root:
	test byte [P_FLAGS], F_ROOT_ROM
	jz .template
	mov si, s_root
	call puts_cs
	mov al, 17			; root path
	call find_opt
	jc .root_end
	call has_colon			; "server:path" already names the server
	jnc .root_path
	push si
	push cx
	mov si, B_SIADDR
	call put_ip_at
	pop cx
	pop si
	call put_colon
.root_path:
	call put_fs_str
.root_end:
	call put_space
.template:
	push ds
	mov si, [P_TEMPLATE]
	push es
	pop ds
.copy:
	lodsb
	test al, al
	jz .copied
	call putc
	jmp .copy
.copied:
	pop ds
	cmp di, [P_CMDLINE]		; drop one trailing space
	je .terminate
	cmp byte [es:di - 1], ' '
	jne .terminate
	dec di
.terminate:
	mov byte [es:di], 0
	mov ax, [P_CMDLINE]
	mov word [es:H_CMD_MAGIC], 0xa33f
	mov [es:H_CMD_MAGIC + 2], ax
	test byte [P_FLAGS], F_CMDLINE_PTR
	jz .done
	movzx eax, ax
	movzx ecx, word [P_REALSEG]
	shl ecx, 4
	add eax, ecx
	mov [es:H_CMD_PTR], eax
.done:
	ret

; AL -> ES:DI unless DI reached DX
putc:
	cmp di, dx
	jae .full
	stosb
.full:
	ret

put_colon:
	mov al, ':'
	jmp putc
put_space:
	mov al, ' '
	jmp putc

; the NUL-terminated string at CS:SI
puts_cs:
	lodsb
	test al, al
	jz .end
	call putc
	jmp puts_cs
.end:
	ret

; CX bytes at FS:BX+SI, stopping at a NUL
put_fs_str:
	jcxz .end
	mov al, [fs:bx + si]
	test al, al
	jz .end
	call putc
	inc si
	dec cx
	jmp put_fs_str
.end:
	ret

; CF clear when the CX bytes at FS:BX+SI hold a ':', set when not
has_colon:
	push si
	push cx
.next:
	stc
	jcxz .end
	cmp byte [fs:bx + si], ':'
	je .found
	inc si
	dec cx
	jmp .next
.found:
	clc
.end:
	pop cx
	pop si
	ret

; option AL as a dotted quad, nothing when absent or shorter than 4 bytes
put_opt_ip:
	call find_opt
	jc .end
	cmp cx, 4
	jb .end
	call put_ip_at
.end:
	ret

; option AL as text, nothing when absent
put_opt_str:
	call find_opt
	jc .end
	call put_fs_str
.end:
	ret

; the 4 bytes at FS:BX+SI as a dotted quad
put_ip_at:
	mov cx, 4
.byte:
	movzx ax, byte [fs:bx + si]
	call put_dec
	inc si
	dec cx
	jz .end
	mov al, '.'
	call putc
	jmp .byte
.end:
	ret

; AL (0-255) in decimal
put_dec:
	push cx
	xor ch, ch			; CH != 0 once a digit is out
	aam 100				; AH = hundreds, AL = the rest
	call .digit
	aam 10				; AH = tens, AL = ones
	call .digit
	mov ah, al
	inc ch
	call .digit
	pop cx
	ret
.digit:					; AH, unless a leading zero
	or ch, ah
	jz .skip
	push ax
	mov al, ah
	add al, '0'
	call putc
	pop ax
.skip:
	ret

; option AL of the reply at FS:BX: CF clear, SI = its data (from BX),
; CX = its length; CF set when absent.  Bounded by B_MAX.
find_opt:
	cmp dword [fs:bx + B_COOKIE], 0x63538263	; 63 82 53 63
	jne .none
	mov si, B_OPTIONS
.next:
	cmp si, B_MAX - 1
	jae .none
	mov ah, [fs:bx + si]
	inc si
	test ah, ah			; pad
	jz .next
	cmp ah, 255			; end
	je .none
	movzx cx, byte [fs:bx + si]
	inc si
	mov bp, si
	add bp, cx
	cmp bp, B_MAX
	ja .none
	cmp ah, al
	je .found
	mov si, bp
	jmp .next
.found:
	clc
	ret
.none:
	stc
	ret

; --- initrd: find it (top placement), keep it under initrd_addr_max,
; tell the kernel.  Addresses above 1 MiB are reached through GS in
; "unreal" mode: a 4 GiB limit loaded in protected mode stays in the
; segment cache when real mode reloads the selector.
initrd:
	mov esi, [P_RDADDR]
	test byte [P_FLAGS], F_RD_SCAN
	jz .tell
	call unreal
	call ram_top
	call scan
	jc .lost
	mov ecx, [P_RDSIZE]
	mov eax, [P_RDMAX]
	inc eax
	sub eax, ecx			; the highest start allowed
	cmp eax, esi
	jb .lower
	mov eax, esi
.lower:
	and ax, 0xf000			; page aligned
	cmp eax, esi
	je .tell
	mov edi, eax			; move it down, forward by dwords
	push eax
	add ecx, 3
	shr ecx, 2
.move:
	mov eax, [gs:esi]
	mov [gs:edi], eax
	add esi, 4
	add edi, 4
	dec ecx
	jnz .move
	pop esi
.tell:
	mov [es:H_RD_IMAGE], esi
	mov eax, [P_RDSIZE]
	mov [es:H_RD_SIZE], eax
	ret
.lost:
	mov si, s_lost
.say:
	lodsb
	test al, al
	jz .back
	mov ah, 0x0e
	mov bx, 7
	int 0x10
	jmp .say
.back:
	mov sp, [entry_sp]		; back to the ROM: the boot failed
	mov ax, 1
	sti
	retf

; GS gets base 0, limit 4 GiB; interrupts stay off from here on
unreal:
	cli
	xor eax, eax
	mov ax, cs
	shl eax, 4
	add eax, gdt
	mov [gdt_desc + 2], eax
	lgdt [gdt_desc]
	mov eax, cr0
	or al, 1
	mov cr0, eax
	mov cx, 8
	mov gs, cx
	and al, 0xfe
	mov cr0, eax
	xor cx, cx
	mov gs, cx
	ret

; EAX = the highest end of E820 RAM that ends at or below 4 GiB, the same
; rule the ROM uses for "top of memory" (loaders/placement.c)
ram_top:
	push es
	push cs
	pop es
	xor ebp, ebp
	xor ebx, ebx
.next:
	mov eax, 0xe820
	mov ecx, 20
	mov edx, 0x534d4150		; "SMAP"
	mov di, e820_entry
	int 0x15
	jc .end
	cmp eax, 0x534d4150
	jne .end
	cmp dword [e820_entry + 16], 1	; usable RAM
	jne .more
	mov eax, [e820_entry]
	mov edx, [e820_entry + 4]
	add eax, [e820_entry + 8]
	adc edx, [e820_entry + 12]
	jnz .more
	cmp eax, ebp
	jbe .more
	mov ebp, eax
.more:
	test ebx, ebx
	jnz .next
.end:
	pop es
	mov eax, ebp
	ret

; from EAX down (at most RD_SCAN_SPAN, not below 1 MiB) for the marker the
; tool put one page before the initrd: "MKNBI-RD", nonce, size.  CF clear
; and ESI = the initrd when found.
scan:
	and al, 0xfc
	mov esi, eax
	sub eax, RD_SCAN_SPAN
	jnc .floor
	xor eax, eax
.floor:
	cmp eax, 0x100000
	jae .go
	mov eax, 0x100000
.go:
	mov edi, eax
	mov edx, [P_RDNONCE]
	mov ecx, [P_RDSIZE]
.next:
	sub esi, 4
	cmp esi, edi
	jb .none
	cmp dword [gs:esi], "MKNB"
	jne .next
	cmp dword [gs:esi + 4], "I-RD"
	jne .next
	cmp [gs:esi + 8], edx
	jne .next
	cmp [gs:esi + 12], ecx
	jne .next
	add esi, 4096
	clc
	ret
.none:
	stc
	ret

s_ip:	db "ip=", 0
s_root:	db "root=/dev/nfs nfsroot=", 0
s_lost:	db "mknbi-linux: the initrd is not where the NBI loader was told to put it", 13, 10, 0

	align 8
gdt:	dq 0
	dw 0xffff, 0			; flat data: base 0, limit 4 GiB
	db 0, 0x92, 0xcf, 0
gdt_desc:
	dw 15
	dd 0
entry_sp:
	dw 0
e820_entry:
	times 20 db 0
