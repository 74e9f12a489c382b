/* ELF payload entry: own stack, then payload_main(eax, ebx). */
	.section .text.start, "ax"
	.globl _start
_start:
	mov $stack_top, %esp
	push %ebx
	push %eax
	call payload_main
1:	cli
	hlt
	jmp 1b

	.section .bss
	.balign 16
	.skip 8192
stack_top:
