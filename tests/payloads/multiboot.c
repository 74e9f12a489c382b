/* Payload (b): ELF32 with a multiboot header (Multiboot 0.6.96 §3.1);
 * checks the machine state and information block of §3.2 and §3.3. */
#include "tests/payloads/payload.h"
#include "loaders/elf_format.h"

#define MB_FLAGS MB_FLAG_MEMINFO

__attribute__((section(".multiboot"), used, aligned(4)))
static const uint32_t header[3] = { MULTIBOOT_MAGIC, MB_FLAGS,
				    (uint32_t)-(MULTIBOOT_MAGIC + MB_FLAGS) };

void payload_main(uint32_t eax, uint32_t ebx);

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static const char *check_info(uint32_t eax, const struct multiboot_info *mbi)
{
	const uint32_t need = MBI_FLAG_MEM | MBI_FLAG_MMAP | MBI_FLAG_LOADER_NAME;
	bool ram_at_1m = false;

	if (eax != MULTIBOOT_BOOTLOADER_MAGIC)
		return "EAX is not 0x2BADB002";
	if ((mbi->flags & need) != need)
		return "information block lacks mem, mmap or loader name";
	if (mbi->mem_lower == 0 || mbi->mem_lower > 640 || mbi->mem_upper == 0)
		return "mem_lower/mem_upper implausible";
	if (mbi->mmap_length == 0 || mbi->mmap_length % 24)
		return "mmap_length is not a whole number of entries";
	for (uint32_t off = 0; off < mbi->mmap_length;) {
		const struct multiboot_mmap_entry *e =
			(const void *)(uintptr_t)(mbi->mmap_addr + off);

		if (e->size < 20)
			return "mmap entry size below 20";
		if (e->type == 1 && e->base_addr <= 0x100000 &&
		    e->base_addr + e->length >= 0x100000 + (uint64_t)mbi->mem_upper * 1024)
			ram_at_1m = true;
		off += e->size + 4;
	}
	if (!ram_at_1m)
		return "mmap has no RAM entry covering mem_upper";
	if (!streq((const char *)(uintptr_t)mbi->boot_loader_name, "netboot"))
		return "boot_loader_name is not \"netboot\"";
	return check_memory();
}

void payload_main(uint32_t eax, uint32_t ebx)
{
	const char *why = check_info(eax, (const struct multiboot_info *)(uintptr_t)ebx);

	if (!why) {
		put("payload multiboot: mem_upper ");
		puthex(((const struct multiboot_info *)(uintptr_t)ebx)->mem_upper);
		put(" KiB\n");
	}
	verdict("multiboot", why);
}
