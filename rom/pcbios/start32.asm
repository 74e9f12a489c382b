; Entering a loaded 32-bit image (rom/pcbios/start.c).  The body already
; runs in flat 32-bit protected mode on its own GDT (entry16.asm: selector
; 08h flat code, 10h flat data, base 0, limit 4 GiB), with A20 on and paging
; off, which is the machine state Multiboot 0.6.96 §3.2 asks for.
;
; void pcbios_enter32(uint32_t entry, uint32_t eax, uint32_t ebx)   (cdecl,
;   declared ASM_CALL in start.c: asm_call.h)
;   never returns.  State at the entry:
;   CS = 08h (flat 32-bit code), DS = ES = FS = GS = SS = 10h (flat data),
;   EFLAGS: IF = 0 (cli), DF = 0 (cld), VM = 0;
;   EAX = eax, EBX = ebx, ECX = entry, EDX = ESI = EDI = EBP = 0,
;   ESP = the body's stack (the image must set up its own, §3.2).
bits 32

CODE32		equ 0x08		; entry16.asm's GDT selectors
DATA32		equ 0x10

section .text
global pcbios_enter32

pcbios_enter32:
	cli
	cld
	mov ecx, [esp + 4]		; entry
	mov eax, [esp + 8]
	mov ebx, [esp + 12]
	mov dx, DATA32
	mov ds, dx
	mov es, dx
	mov fs, dx
	mov gs, dx
	mov ss, dx
	push dword CODE32		; far return to CODE32:entry reloads CS
	push ecx
	xor edx, edx
	xor esi, esi
	xor edi, edi
	xor ebp, ebp
	retf
