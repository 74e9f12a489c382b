/* Payload (d): an x86-64 ELF64 at 1 MiB, entered in 64-bit long mode
 * (rom/pcbios/start64.asm, or rom/efi/start_elf.c after the UEFI client
 * left boot services); checks the mode, RAX = 0, that RBX points at the
 * DHCP reply, the UEFI client's handoff block when RDI points at one
 * (the BIOS client clears RDI), then its data and .bss. */
#include "rom/efi/efi_handoff.h"
#include "tests/payloads/payload.h"

#define MSR_EFER 0xC0000080u
#define EFER_LMA (1u << 10)	/* Intel SDM Vol. 3A, "IA32_EFER": IA-32e mode active */
#define CR0_PG (1ul << 31)

#define LOAD_ADDRESS 0x100000u	/* tests/payloads/elf64.ld */
/* UEFI 2.10 §7.2: EFI_MEMORY_DESCRIPTOR's Type at 0, PhysicalStart at 8,
 * NumberOfPages at 24 (4 KiB pages); 40 bytes at least. */
#define DESC_MIN 40
#define TYPE_LOADER_DATA 2
#define TYPE_CONVENTIONAL 7

void payload64_main(const uint8_t *rbx, uint64_t rax, const struct efi_handoff *h);

static void putdec(uint64_t v)
{
	char b[21];
	int i = 20;

	b[i] = 0;
	do
		b[--i] = (char)('0' + v % 10);
	while (v /= 10);
	put(b + i);
}

/* The memory map the UEFI client passed: well formed, the payload's own
 * bytes in loader data, free memory in it. */
static const char *check_handoff(const struct efi_handoff *h, const uint8_t *rbx)
{
	const uint8_t *map = (const uint8_t *)(uintptr_t)h->memory_map;
	uint64_t entries, free_pages = 0;
	uint32_t own_type = 0;

	if (h->version != EFI_HANDOFF_VERSION)
		return "handoff block of another version";
	if (h->descriptor_size < DESC_MIN || h->descriptor_size % 8 || !h->memory_map_size ||
	    h->memory_map_size % h->descriptor_size || h->memory_map >= 0x100000000ull)
		return "handoff memory map malformed";
	if (h->dhcp != (uintptr_t)rbx)
		return "handoff DHCP reply is not RBX's";
	entries = h->memory_map_size / h->descriptor_size;
	for (uint64_t i = 0; i < entries; i++) {
		const uint8_t *d = map + i * h->descriptor_size;
		uint32_t type = *(const uint32_t *)d;
		uint64_t start = *(const uint64_t *)(d + 8), pages = *(const uint64_t *)(d + 24);

		if (type == TYPE_CONVENTIONAL)
			free_pages += pages;
		if (start <= LOAD_ADDRESS && LOAD_ADDRESS < start + pages * 4096)
			own_type = type;
	}
	if (own_type != TYPE_LOADER_DATA)
		return "the payload's memory is not loader data in the handed-over map";
	if (!free_pages)
		return "the handed-over map has no free memory";
	put("elf64: UEFI handoff: ");
	putdec(entries);
	put(" memory map entries, ");
	putdec(free_pages / 256);
	put(" MiB free, the image in loader data\n");
	return NULL;
}

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
	const char *why;

	if (!(rdmsr_lo(MSR_EFER) & EFER_LMA))
		return "IA32_EFER.LMA is 0: not in long mode";
	if (!(read_cr0() & CR0_PG))
		return "CR0.PG is 0";
	if (rax != 0)
		return "RAX is not 0";
	if ((uintptr_t)bootp == 0 || (uintptr_t)bootp >= 0x100000000ull)
		return "RBX is not an address below 4 GiB";
	why = check_reply(bootp);
	return why ? why : check_memory();
}

void payload64_main(const uint8_t *rbx, uint64_t rax, const struct efi_handoff *h)
{
	const char *why = NULL;

	if ((uintptr_t)h && (uintptr_t)h < 0x100000000ull && !((uintptr_t)h & 7) &&
	    h->magic == EFI_HANDOFF_MAGIC)
		why = check_handoff(h, rbx);
	verdict("elf64", why ? why : check_state(rbx, rax));
}
