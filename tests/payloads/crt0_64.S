/* ELF64 payload entry (64-bit mode): own stack, then
 * payload64_main(rbx, rax, rdi) as the System V AMD64 ABI passes
 * arguments (RDI: the UEFI client's handoff block, 0 from the BIOS one). */
	.section .text.start, "ax"
	.code64
	.globl _start
_start:
	lea stack_top(%rip), %rsp
	mov %rdi, %rdx
	mov %rbx, %rdi
	mov %rax, %rsi
	call payload64_main
1:	cli
	hlt
	jmp 1b

	.section .bss
	.balign 16
	.skip 8192
stack_top:
