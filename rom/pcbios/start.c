/*
 * Starting the image that the loaders (loaders/image.h) placed in memory.
 * The body runs in flat 32-bit protected mode (entry16.asm), so every
 * 32-bit format is entered from here without a mode switch; the last step
 * is start32.asm's pcbios_enter32 or a C call.
 *
 * Conventions, per format (plan.format):
 * Every format gets the DHCP/BOOTP reply (the ACK as received) copied to
 * the low scratch area (body.ld, 7000h), below 1 MiB for real-mode images
 * and, like the body, reserved from every image.
 *
 *   IMAGE_ELF32: jump to e_entry, interrupts off, flat segments,
 *     EAX = 0, EBX = linear address of the DHCP reply copy, ECX = entry,
 *     other registers 0.
 *   IMAGE_ELF32_MULTIBOOT: Multiboot 0.6.96 §3.2 machine state: EAX =
 *     0x2BADB002, EBX = the information block (§3.3), CS flat 32-bit code,
 *     DS/ES/FS/GS/SS flat data, A20 on, paging off, IF = 0.  The block,
 *     its memory map and strings are in the body's .bss.
 *   IMAGE_NBI_PROTECTED: as Etherboot did for bit 31 images: a C call
 *     (cdecl) in flat 32-bit mode, entry(ebinfo, header, bootp), where
 *     ebinfo points at {u8 major 5, u8 minor 4, u16 flags 0}, header at the
 *     512-byte NBI header copy, bootp at the DHCP reply copy.  If flag
 *     bit 8 allows it, the image may return; its EAX is reported.
 *   IMAGE_ELF64 (x86-64, when the CPU has long mode): long_mode.c and
 *     start64.asm switch to 64-bit mode with the first 4 GiB mapped 1:1
 *     in 2 MiB pages and jump to e_entry (below 4 GiB), interrupts off,
 *     RAX = 0, RBX = the DHCP reply copy as for ELF32, other registers 0;
 *     start64.asm lists the whole state.
 *   IMAGE_NBI_REAL: as Etherboot did for images without bit 31: in real
 *     mode with interrupts on (real_call, entry16.asm), A20 left on, a far
 *     call to the execute address seg:off on the real-mode stack below
 *     7000h, which holds above the return address a far pointer to the
 *     header copy at its location and one to the DHCP reply copy (each
 *     offset, then segment).  DS = ES = 0.  A return is reported as for
 *     32-bit NBI images, with AX as the value.
 */
#include "core/console.h"
#include "core/errors.h"
#include "core/string.h"
#include "loaders/image.h"
#include "rom/pcbios/bios.h"
#include "rom/pcbios/pcbios.h"

ASM_CALL void pcbios_enter32(uint32_t entry, uint32_t eax, uint32_t ebx);

#define MIB (1024u * 1024u)
#define FOUR_GIB 0x100000000ull

/* EBDA, VGA memory, option ROMs and the BIOS: never ours to load into,
 * whatever E820 says (the map already leaves most of it out). */
#define LOW_HOLE_START 0x9F000u
#define LOW_HOLE_END 0x100000u

static struct image_range ram[E820_MAX];
static struct image_range reserved[4];

/* The base memory the BIOS data area's word at 413h still counts free
 * (KiB), as a linear end; the rest below 640 KiB belongs to the EBDA or
 * to a PXE stack that stays loaded (rom/pcbios/pxe_prefix.asm). */
static uint32_t base_memory_end(void)
{
	uint16_t kib;

	__asm__ volatile("movw 0x413, %0" : "=r"(kib));
	return (uint32_t)kib * 1024;
}

/* Usable RAM below 4 GiB from E820, sorted and with touching or
 * overlapping ranges merged (a segment must fit inside one range). */
static size_t usable_ram(const struct e820_map *map)
{
	size_t n = 0;

	for (unsigned i = 0; i < map->count; i++) {
		const struct e820_entry *e = &map->entry[i];
		uint64_t start = e->base, end = e->base + e->length;
		size_t j;

		if (e->type != E820_RAM || start >= FOUR_GIB || end <= start)
			continue;
		if (end > FOUR_GIB)
			end = FOUR_GIB;
		for (j = n; j > 0 && ram[j - 1].start > start; j--)
			ram[j] = ram[j - 1];
		ram[j] = (struct image_range){ start, end };
		n++;
	}
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		if (out && ram[i].start <= ram[out - 1].end) {
			if (ram[i].end > ram[out - 1].end)
				ram[out - 1].end = ram[i].end;
		} else {
			ram[out++] = ram[i];
		}
	}
	return out;
}

void pcbios_image_target(struct image_target *t, const struct e820_map *map)
{
	t->ram = ram;
	t->ram_count = usable_ram(map);
	/* IVT and BIOS data area (0-4FFh), the real-mode stack (the console
	 * still calls the BIOS during the download), the low scratch area,
	 * the boot sector and the real-mode part of the body; the moved body
	 * with its .bss, stack and heap; the EBDA and the BIOS area; base
	 * memory the BIOS data area does not count free. */
	reserved[0] = (struct image_range){ 0, (uintptr_t)__text16_end };
	reserved[1] = (struct image_range){ (uintptr_t)__move_start, (uintptr_t)__move_end };
	reserved[2] = (struct image_range){ LOW_HOLE_START, LOW_HOLE_END };
	t->reserved = reserved;
	t->reserved_count = 3;
	if (base_memory_end() < LOW_HOLE_START)
		reserved[t->reserved_count++] =
			(struct image_range){ base_memory_end(), LOW_HOLE_START };
	t->runs = IMAGE_RUNS_NBI | IMAGE_RUNS_I386;
	if (cpu_has_long_mode())
		t->runs |= IMAGE_RUNS_X86_64;
	t->phys_offset = 0;
}

/* Multiboot §3.3: mem_lower is the RAM from 0 (at most 640 KiB), mem_upper
 * the RAM from 1 MiB up to the first hole, both in KiB. */
static uint32_t ram_kib_from(uint64_t base, uint64_t cap)
{
	for (size_t i = 0; i < E820_MAX && ram[i].end; i++) {
		if (ram[i].start <= base && base < ram[i].end) {
			uint64_t end = ram[i].end < cap ? ram[i].end : cap;
			return (uint32_t)((end - base) / 1024);
		}
	}
	return 0;
}

static struct multiboot_info mbi;
static struct multiboot_mmap_entry mb_mmap[E820_MAX];
static const char loader_name[] = "netboot";

static uint32_t multiboot_info(const struct e820_map *map, const char *cmdline)
{
	unsigned n = 0;

	memset(&mbi, 0, sizeof(mbi));
	for (unsigned i = 0; i < map->count && i < E820_MAX; i++, n++) {
		mb_mmap[n].size = sizeof(mb_mmap[n]) - sizeof(mb_mmap[n].size);
		mb_mmap[n].base_addr = map->entry[i].base;
		mb_mmap[n].length = map->entry[i].length;
		mb_mmap[n].type = map->entry[i].type;
	}
	mbi.flags = MBI_FLAG_MEM | MBI_FLAG_CMDLINE | MBI_FLAG_MMAP | MBI_FLAG_LOADER_NAME;
	mbi.mem_lower = ram_kib_from(0, 640 * 1024);
	mbi.mem_upper = ram_kib_from(MIB, FOUR_GIB);
	mbi.cmdline = (uint32_t)(uintptr_t)cmdline;
	mbi.mmap_length = n * (uint32_t)sizeof(mb_mmap[0]);
	mbi.mmap_addr = (uint32_t)(uintptr_t)mb_mmap;
	mbi.boot_loader_name = (uint32_t)(uintptr_t)loader_name;
	return (uint32_t)(uintptr_t)&mbi;
}

static const char *format_name(enum image_format f)
{
	switch (f) {
	case IMAGE_NBI_REAL: return "NBI (real mode)";
	case IMAGE_NBI_PROTECTED: return "NBI (32-bit protected mode)";
	case IMAGE_ELF32: return "ELF32";
	case IMAGE_ELF64: return "ELF64";
	case IMAGE_ELF32_MULTIBOOT: return "ELF32 multiboot";
	}
	return "unknown";
}

void pcbios_describe(const struct boot_plan *plan)
{
	con_printf("start: %s, entry %08lx, occupies %08lx-%08lx\n",
		   format_name(plan->format), (unsigned long)plan->entry,
		   (unsigned long)plan->low, (unsigned long)plan->high);
}

/* Etherboot's ebinfo block for 32-bit NBI images: version 5.4, no flags. */
static const struct {
	uint8_t major, minor;
	uint16_t flags;
} ebinfo = { 5, 4, 0 };

/* A 32-bit NBI image's entry point: compiled elsewhere, it takes its
 * arguments on the stack (asm_call.h). */
typedef ASM_CALL int nbi32_entry(const void *ebinfo, const void *header, const void *bootp);

/* A far call in real mode to the execute address, with far pointers to
 * the header and the DHCP reply on the stack (Etherboot's convention). */
static int start_nbi_real(const struct boot_plan *plan, const uint8_t *reply)
{
	struct real_call c = {
		.target = plan->nbi_execute,
		.stack = {
			(uint16_t)plan->nbi_header_segoff, (uint16_t)(plan->nbi_header_segoff >> 16),
			bios_off(reply), bios_seg(reply),
		},
		.stack_words = 4,
	};
	int16_t rc;

	con_printf("start: calling %04x:%04x in real mode (header %04x:%04x, DHCP reply %04x:%04x)\n",
		   (unsigned)(plan->nbi_execute >> 16), (unsigned)(plan->nbi_execute & 0xFFFF),
		   (unsigned)c.stack[1], (unsigned)c.stack[0], (unsigned)c.stack[3],
		   (unsigned)c.stack[2]);
	real_call(&c);
	rc = (int16_t)(uint16_t)c.regs.eax;
	con_printf("start: the image returned %d%s\n", rc,
		   plan->may_return ? "" : ", though its header said it would not");
	return plan->may_return ? 0 : -E_BADIMAGE;
}

int pcbios_start(const struct boot_plan *plan, const struct e820_map *map,
		 const uint8_t *dhcp_reply, size_t reply_len, const char *cmdline)
{
	uint32_t entry = (uint32_t)plan->entry;
	uint8_t *bootp = (uint8_t *)__low_scratch;

	if (reply_len > (size_t)(__low_scratch_end - __low_scratch)) {
		con_printf("start: the DHCP reply (%zu bytes) does not fit the low scratch area\n",
			   reply_len);
		return -E_TOOBIG;
	}
	memcpy(bootp, dhcp_reply, reply_len);

	switch (plan->format) {
	case IMAGE_ELF32:
		con_printf("start: jumping to %08lx\n", (unsigned long)entry);
		pcbios_enter32(entry, 0, (uint32_t)(uintptr_t)bootp);
		break;
	case IMAGE_ELF32_MULTIBOOT: {
		uint32_t info = multiboot_info(map, cmdline);

		con_printf("start: multiboot, information block at %08lx\n",
			   (unsigned long)info);
		pcbios_enter32(entry, MULTIBOOT_BOOTLOADER_MAGIC, info);
		break;
	}
	case IMAGE_NBI_PROTECTED: {
		nbi32_entry *call = (nbi32_entry *)(uintptr_t)entry;
		int rc;

		con_printf("start: calling %08lx (header %08lx, DHCP reply %p)\n",
			   (unsigned long)entry, (unsigned long)plan->nbi_header, (const void *)bootp);
		rc = call(&ebinfo, (const void *)(uintptr_t)plan->nbi_header, bootp);
		con_printf("start: the image returned %d%s\n", rc,
			   plan->may_return ? "" : ", though its header said it would not");
		return plan->may_return ? 0 : -E_BADIMAGE;
	}
	case IMAGE_ELF64:
		return pcbios_start64(plan->entry, (uint32_t)(uintptr_t)bootp);
	case IMAGE_NBI_REAL:
		return start_nbi_real(plan, bootp);
	}
	con_printf("start: unknown image format %d\n", (int)plan->format);
	return -E_NOTSUP;
}
