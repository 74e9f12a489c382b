/*
 * Starting an x86-64 ELF64 image outside the firmware: the loaders
 * (loaders/image.h) place its segments in memory the UEFI memory map
 * calls free (EfiConventionalMemory), each range first taken with
 * AllocatePages(AllocateAddress) so nothing of the firmware's lands on it
 * (UEFI 2.10 §7.2); then ExitBootServices() with the key of the memory map
 * we pass on (efi_handoff.h), and a jump to the entry.  A map that changed
 * between GetMemoryMap() and ExitBootServices() (the firmware's timers
 * still run) is read again into the same buffer, made large enough
 * beforehand, up to EXIT_TRIES times.  Once ExitBootServices() has failed,
 * UEFI allows nothing but those two calls (§7.4), so there is no way back
 * to the firmware and its console: a final failure is said on COM1
 * directly and halts with the failure code on QEMU's debug exit port.
 */
#include "core/console.h"
#include "core/errors.h"
#include "core/string.h"
#include "loaders/image.h"
#include "rom/efi/efi_handoff.h"
#include "rom/efi/start.h"
#include "rom/pcbios/x86_io.h"

#define MAX_RANGES 128
#define EXIT_TRIES 8
#define DEBUG_EXIT_PORT 0xF4	/* as main.c */
#define EXIT_FAILURE_CODE 0x11
#define COM1 0x3F8
#define COM1_LSR (COM1 + 5)
#define LSR_THRE 0x20		/* 16550: transmit holding register empty */
#define COM1_POLLS 100000
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

/* Without boot services: a line straight to a 16550 at COM1, if any. */
static void com1_say(const char *s)
{
	for (; *s; s++) {
		for (unsigned i = 0; i < COM1_POLLS && !(io_read8(COM1_LSR) & LSR_THRE); i++)
			;
		io_write8(COM1, (uint8_t)*s);
	}
}

/* Give back what claim() took, for an image that is not started. */
static void unclaim(void)
{
	for (size_t i = 0; i < claimed_count; i++)
		efi_bs->FreePages(claimed[i].start, (claimed[i].end - claimed[i].start) / PAGE);
	claimed_count = 0;
}

/* The image_target: free RAM as the map says, sorted by address (the
 * spec does not promise an order) with neighbours merged, so a segment may
 * span two descriptors. */
static void make_target(struct image_target *t, const EFI_MEMORY_DESCRIPTOR *map, UINTN size,
			UINTN dsize)
{
	size_t n = 0, dropped = 0, m = 0;

	for (UINTN off = 0; off + dsize <= size; off += dsize) {
		const EFI_MEMORY_DESCRIPTOR *d = (const void *)((const uint8_t *)map + off);
		struct image_range r = { d->PhysicalStart,
					 d->PhysicalStart + d->NumberOfPages * PAGE };
		size_t i = n;

		if (d->Type != EfiConventionalMemory || r.end <= r.start)
			continue;
		if (n == MAX_RANGES) {
			dropped++;
			continue;
		}
		for (; i && ram[i - 1].start > r.start; i--)
			ram[i] = ram[i - 1];
		ram[i] = r;
		n++;
	}
	for (size_t i = 0; i < n; i++) {
		if (m && ram[m - 1].end == ram[i].start)
			ram[m - 1].end = ram[i].end;
		else
			ram[m++] = ram[i];
	}
	if (dropped)
		con_printf("efi: the memory map has %zu more free ranges than the %u looked at\n",
			   dropped, MAX_RANGES);
	*t = (struct image_target){ .ram = ram, .ram_count = m, .runs = IMAGE_RUNS_X86_64,
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
	if (rc < 0) {
		unclaim();
		return rc;
	}
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
		unclaim();
		return -E_NODEV;
	}
	st = efi_bs->ExitBootServices(efi_image, key);
	for (unsigned i = 1; st == EFI_INVALID_PARAMETER && i < EXIT_TRIES; i++) {
		size = capacity;
		st = efi_bs->GetMemoryMap(&size, map, &key, &dsize, &dver);
		if (!EFI_ERROR(st))
			st = efi_bs->ExitBootServices(efi_image, key);
	}
	if (EFI_ERROR(st)) {
		com1_say("\r\nnetboot efi: ExitBootServices kept failing; halted\r\n");
		io_write8(DEBUG_EXIT_PORT, EXIT_FAILURE_CODE);
		for (;;)
			__asm__ volatile("cli; hlt");
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
