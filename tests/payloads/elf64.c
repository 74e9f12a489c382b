/* Payload (d): an x86-64 ELF64 at 1 MiB, entered in 64-bit long mode
 * (rom/pcbios/start64.asm); checks the mode, RAX = 0, that RBX points at
 * the DHCP reply, then its data and .bss. */
#include "tests/payloads/payload.h"

#define MSR_EFER 0xC0000080u
#define EFER_LMA (1u << 10)	/* Intel SDM Vol. 3A, "IA32_EFER": IA-32e mode active */
#define CR0_PG (1ul << 31)

void payload64_main(const uint8_t *rbx, uint64_t rax);

static uint32_t rdmsr_lo(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	(void)hi;
	return lo;
}

static uint64_t read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static const char *check_state(const uint8_t *bootp, uint64_t rax)
{
	if (!(rdmsr_lo(MSR_EFER) & EFER_LMA))
		return "IA32_EFER.LMA is 0: not in long mode";
	if (!(read_cr0() & CR0_PG))
		return "CR0.PG is 0";
	if (rax != 0)
		return "RAX is not 0";
	if ((uintptr_t)bootp == 0 || (uintptr_t)bootp >= 0x100000000ull)
		return "RBX is not an address below 4 GiB";
	/* RFC 951: op 2 = BOOTREPLY; yiaddr at 16; RFC 2131 cookie at 236. */
	if (bootp[0] != 2)
		return "RBX does not point at a BOOTREPLY";
	if (!(bootp[16] | bootp[17] | bootp[18] | bootp[19]))
		return "reply's yiaddr is 0";
	if (bootp[236] != 99 || bootp[237] != 130 || bootp[238] != 83 || bootp[239] != 99)
		return "reply lacks the DHCP magic cookie";
	return check_memory();
}

void payload64_main(const uint8_t *rbx, uint64_t rax)
{
	verdict("elf64", check_state(rbx, rax));
}
