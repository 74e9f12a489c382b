/* Payload (a): a plain ELF32 at 1 MiB; checks its data and .bss. */
#include "tests/payloads/payload.h"

void payload_main(uint32_t eax, uint32_t ebx);

void payload_main(uint32_t eax, uint32_t ebx)
{
	(void)eax;
	(void)ebx;
	verdict("elf32", check_memory());
}
