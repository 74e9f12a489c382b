/*
 * Starting an x86-64 ELF64 image outside the firmware: the loaders
 * (loaders/image.h) place its segments in memory the UEFI memory map
 * calls free (EfiConventionalMemory), each range first taken with
 * AllocatePages(AllocateAddress) so nothing of the firmware's lands on it
 * (UEFI 2.10 §7.2); then ExitBootServices() with the key of the memory map
 * we pass on (efi_handoff.h), and a jump to the entry.  A map that changed
 * between GetMemoryMap() and ExitBootServices() is read once more, as the
 * spec allows; nothing may allocate in between, so the buffer is made
 * large enough beforehand.
 */
#include "core/console.h"
#include "core/errors.h"
#include "core/string.h"
#include "loaders/image.h"
#include "rom/efi/efi_handoff.h"
#include "rom/efi/start.h"

#define MAX_RANGES 128
#define MAP_SLACK_DESCRIPTORS 16
#define PAGE 4096ull

static struct image_range ram[MAX_RANGES];
static struct image_range claimed[IMAGE_MAX_PIECES];
static size_t claimed_count;
static struct image_loader_state loader;
static struct efi_handoff handoff;

static bool page_claimed(uint64_t page)
{
	for (size_t i = 0; i < claimed_count; i++)
		if (page >= claimed[i].start && page < claimed[i].end)
			return true;
	return false;
}

/* The pages under [start, end); a page an earlier piece shares (ELF
 * segments may meet inside one page) is taken once. */
static int claim(const struct image_target *t, uint64_t start, uint64_t end)
{
	uint64_t s = start & ~(PAGE - 1), e = (end + PAGE - 1) & ~(PAGE - 1);
	EFI_PHYSICAL_ADDRESS addr;
	EFI_STATUS st;

	(void)t;
	if (s < e && page_claimed(s))
		s += PAGE;
	if (s < e && page_claimed(e - PAGE))
		e -= PAGE;
	if (s >= e)
		return 0;
	addr = s;
	st = efi_bs->AllocatePages(AllocateAddress, EfiLoaderData, (e - s) / PAGE, &addr);
	if (EFI_ERROR(st)) {
		con_printf("image: cannot take 0x%llx..0x%llx from the firmware for the image (%s)\n",
			   (unsigned long long)s, (unsigned long long)e, efi_status_text(st));
		return -E_TOOBIG;
	}
	claimed[claimed_count++] = (struct image_range){ s, e };
	return 0;
}

/* The firmware's memory map into a new pool buffer with room to spare. */
static EFI_MEMORY_DESCRIPTOR *read_map(UINTN *size, UINTN *key, UINTN *dsize, UINT32 *dver,
				       UINTN *capacity)
{
	EFI_MEMORY_DESCRIPTOR *map = NULL;
	EFI_STATUS st;

	*size = 0;
	st = efi_bs->GetMemoryMap(size, NULL, key, dsize, dver);
	if (st != EFI_BUFFER_TOO_SMALL)
		return NULL;
	*capacity = *size + MAP_SLACK_DESCRIPTORS * *dsize;
	if (EFI_ERROR(efi_bs->AllocatePool(EfiLoaderData, *capacity, (void **)&map)))
		return NULL;
	*size = *capacity;
	if (EFI_ERROR(efi_bs->GetMemoryMap(size, map, key, dsize, dver))) {
		efi_bs->FreePool(map);
		return NULL;
	}
	return map;
}

/* The image_target: free RAM as the map says (adjacent ranges merged). */
static void make_target(struct image_target *t, const EFI_MEMORY_DESCRIPTOR *map, UINTN size,
			UINTN dsize)
{
	size_t n = 0;

	for (UINTN off = 0; off + dsize <= size; off += dsize) {
		const EFI_MEMORY_DESCRIPTOR *d = (const void *)((const uint8_t *)map + off);
		uint64_t start = d->PhysicalStart, end = start + d->NumberOfPages * PAGE;

		if (d->Type != EfiConventionalMemory)
			continue;
		if (n && ram[n - 1].end == start)
			ram[n - 1].end = end;
		else if (n < MAX_RANGES)
			ram[n++] = (struct image_range){ start, end };
	}
	*t = (struct image_target){ .ram = ram, .ram_count = n, .runs = IMAGE_RUNS_X86_64,
				    .claim = claim };
}

int efi_start_elf(const struct efi_boot_file *f)
{
	static struct image_target target;
	struct boot_plan plan;
	struct sink *sink;
	EFI_MEMORY_DESCRIPTOR *map;
	UINTN size, key, dsize, capacity;
	UINT32 dver;
	EFI_STATUS st;
	int rc;

	map = read_map(&size, &key, &dsize, &dver, &capacity);
	if (!map) {
		con_printf("efi: cannot read the firmware's memory map\n");
		return -E_NODEV;
	}
	make_target(&target, map, size, dsize);
	efi_bs->FreePool(map);
	claimed_count = 0;
	sink = image_sink_init(&loader, &target);
	rc = sink->expect(sink, (uint32_t)f->len);
	if (rc >= 0)
		rc = sink->write(sink, 0, f->data, f->len);
	if (rc >= 0)
		rc = image_finish(&loader, &plan);
	if (rc < 0)
		return rc;
	con_printf("efi: %s placed at 0x%llx..0x%llx; leaving boot services, entry 0x%llx\n",
		   f->name, (unsigned long long)plan.low, (unsigned long long)plan.high,
		   (unsigned long long)plan.entry);
	efi_console_flush();
	handoff = (struct efi_handoff){
		.magic = EFI_HANDOFF_MAGIC, .version = EFI_HANDOFF_VERSION,
		.system_table = (uintptr_t)efi_st, .dhcp_len = (uint32_t)f->dhcp_len,
		.dhcp = (uintptr_t)f->dhcp, .cmdline = (uintptr_t)f->cmdline,
	};
	map = read_map(&size, &key, &dsize, &dver, &capacity);
	if (!map) {
		con_printf("efi: cannot read the firmware's memory map\n");
		return -E_NODEV;
	}
	st = efi_bs->ExitBootServices(efi_image, key);
	if (st == EFI_INVALID_PARAMETER) {
		/* The map changed since we read it: read it again into the
		 * same buffer, without allocating, and try once more. */
		size = capacity;
		st = efi_bs->GetMemoryMap(&size, map, &key, &dsize, &dver);
		if (!EFI_ERROR(st))
			st = efi_bs->ExitBootServices(efi_image, key);
	}
	if (EFI_ERROR(st)) {
		con_printf("efi: ExitBootServices failed (%s); not started\n", efi_status_text(st));
		return -E_IO;
	}
	handoff.memory_map = (uintptr_t)map;
	handoff.memory_map_size = size;
	handoff.descriptor_size = dsize;
	handoff.descriptor_version = dver;
	__asm__ volatile("cli\n\t"
			 "jmp *%0"
			 : : "r"(plan.entry), "a"(0ull), "b"(f->dhcp), "D"(&handoff) : "memory");
	__builtin_unreachable();
}
