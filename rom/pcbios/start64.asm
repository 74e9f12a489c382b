; Entering a loaded x86-64 ELF64 image in 64-bit long mode
; (rom/pcbios/long_mode.c prepares the page tables and calls this).
;
; void pcbios_enter64(uint32_t cr3, uint32_t entry, uint32_t rbx)   (cdecl,
;   declared ASM_CALL in long_mode.c: asm_call.h)
;   never returns.  Called in the body's flat 32-bit protected mode
;   (entry16.asm: CR0.PE = 1, paging off, IF = 0).  cr3 is the physical
;   address of a PML4 that maps the first 4 GiB 1:1, entry and rbx are
;   below 4 GiB.
;
; The switch follows Intel SDM Vol. 3A, "Processor Management and
; Initialization", "Initializing IA-32e Mode", and AMD APM Vol. 2,
; "Enabling and Activating Long Mode": CR4.PAE = 1, CR3 = the PML4,
; IA32_EFER.LME = 1, then CR0.PG = 1, which activates long mode
; (IA32_EFER.LMA = 1) in compatibility mode; a far jump through a
; descriptor with L = 1 then enters 64-bit mode.  The instructions around
; the paging switch run from an identity-mapped page, as the SDM requires,
; because every address below 4 GiB maps to itself.
;
; Machine state at the image's entry:
;   64-bit mode: CS = 08h of the GDT below (64-bit code, L = 1, D = 0),
;     DS = ES = FS = GS = SS = 10h (flat data); the GDT lives in the
;     firmware's memory, so the image loads its own before it reuses that;
;   CR0: PE = 1, PG = 1; CR4.PAE = 1; IA32_EFER: LME = 1, LMA = 1, NXE = 0;
;   CR3 = 4-level page tables mapping 0-4 GiB to itself with 2 MiB pages,
;     present, writable, supervisor, cacheable per the BIOS's MTRRs; they
;     lie in the firmware's heap, so the image builds its own tables before
;     it reuses that memory;
;   RFLAGS: IF = 0, DF = 0; IDTR = limit 0 (any exception or NMI before the
;     image loads its own IDT shuts the CPU down, i.e. a reset);
;   RIP = entry; RBX = rbx (the DHCP reply copy, as for ELF32), RAX = 0 and
;     every other general-purpose register (RCX, RDX, RSI, RDI, RBP,
;     R8-R15) 0;
;   RSP = the body's stack, rounded down to 16 bytes: usable for a few
;     pushes only; the image must set up its own stack.

CODE64		equ 0x08		; selectors of gdt64 below
DATA64		equ 0x10

MSR_EFER	equ 0xC0000080		; IA32_EFER (SDM Vol. 3A, "IA32_EFER")
EFER_LME	equ 1 << 8
CR4_PAE		equ 1 << 5
CR0_PG		equ 1 << 31

section .text
global pcbios_enter64

bits 32
pcbios_enter64:
	cli
	cld
	mov esi, [esp + 4]		; cr3
	mov edi, [esp + 8]		; entry
	mov ebp, [esp + 12]		; rbx
	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov cr3, esi
	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME
	wrmsr
	mov eax, cr0
	or eax, CR0_PG
	mov cr0, eax			; long mode active: compatibility mode
	lgdt [gdt64_desc]
	jmp CODE64:long64

bits 64
long64:
	mov ax, DATA64
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	; The upper halves of the registers are undefined after 32-bit code
	; (SDM Vol. 1, "General-Purpose Registers in 64-Bit Mode"); a 32-bit
	; move or xor clears them.
	mov esp, esp
	and rsp, -16
	mov ebx, ebp
	mov eax, edi
	push rax			; entry, for the final ret
	xor eax, eax
	xor ecx, ecx
	xor edx, edx
	xor esi, esi
	xor edi, edi
	xor ebp, ebp
	xor r8d, r8d
	xor r9d, r9d
	xor r10d, r10d
	xor r11d, r11d
	xor r12d, r12d
	xor r13d, r13d
	xor r14d, r14d
	xor r15d, r15d
	ret

section .rodata
; SDM Vol. 3A, "Segment Descriptors" and "Code-Segment Descriptor in 64-bit
; Mode": 08h code with L = 1, D = 0, DPL 0, execute/read; 10h flat 4 GiB
; read/write data.  The accessed bit is preset so loading a selector never
; writes here (the body may run from read-only memory).
align 8
gdt64:
	dq 0
	dq 0x00AF9B000000FFFF
	dq 0x00CF93000000FFFF
gdt64_end:

align 4
	dw 0
gdt64_desc:
	dw gdt64_end - gdt64 - 1
	dd gdt64

section .note.GNU-stack noalloc noexec nowrite progbits	; no executable stack
