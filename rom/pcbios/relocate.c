/*
 * Moving the body out of the way of the images it loads.  The prefix puts
 * the body at 0x8000, in the low memory that real-mode images want
 * (mknbi-linux puts a zImage at 0x10000 and its setup at 0x90000).
 * entry16.asm calls pcbios_relocate() there, on the stack of that copy;
 * it checks the image, reads the E820 map, copies the 32-bit part
 * [__move_start, __move_end] (code, data, .bss; stack and heap are only
 * reserved) to the top of the highest usable RAM below 4 GiB, patches the
 * places util/mkrelocs.c listed in .reloc (format: reloc_table.h) and
 * continues with pcbios_main() in the copy.  The real-mode part (.text16)
 * stays.
 *
 * Until the jump nothing here may store a pointer into the moving part in
 * .data or .bss: the copy would keep pointing at the old place.  What runs
 * before (serial_init, e820_read, the console) keeps plain values only.
 */
#include "core/console.h"
#include "core/string.h"
#include "rom/pcbios/bios.h"
#include "rom/pcbios/pcbios.h"
#include "rom/pcbios/reloc_table.h"

ASM_CALL void pcbios_continue(uint32_t entry, uint32_t stack_top);

/* TSC cycles unpack.c took (entry16.asm); 0 in an uncompressed body. */
extern uint32_t pcbios_unpack_cycles;

extern const uint8_t __reloc_start[], __reloc_end[];

#define MIB 0x100000u
#define PAGE 4096u
/* Stay below the top 1 MiB of the 4 GiB space (the BIOS ROM's alias). */
#define HIGHEST_END 0xFFF00000u

uint32_t pcbios_moved_by;

/*
 * The 32-bit sum of the body's bytes, [__body_start, __text16_end) and
 * [__move_start, __load_end), which the build makes zero through the .sum
 * word: a sector the boot medium gave wrongly, one the prefix put in the
 * wrong place, or a compressed body (unpack.c) that expanded wrongly shows
 * here.  The bytes between the two ranges are the alignment gap (zeros in
 * the link image the build sums) or, in a compressed body, the compressed
 * stream.  The settings block (settings_block.c) is left out: romtool
 * rewrites it after the build, and it carries its own CRC.  Valid only
 * before the first real_call, which writes the thunk's variables.
 */
static uint32_t sum_words(const char *from, const char *to)
{
	uint32_t sum = 0;

	for (const uint32_t *p = (const uint32_t *)from; p < (const uint32_t *)to; p++)
		sum += *p;
	return sum;
}

static uint32_t image_sum(void)
{
	const char *block = (const char *)pcbios_settings_block;

	return sum_words(__body_start, __text16_end) + sum_words(__move_start, __load_end) -
	       sum_words(block, block + SETTINGS_BLOCK_SIZE);
}

/* The distance to move by: the end of the heap as high as the usable RAM
 * below HIGHEST_END allows, a whole number of pages, the start above
 * 1 MiB.  0 when no range has room. */
static uint32_t choose_distance(const struct e820_map *map)
{
	uint32_t size = (uint32_t)(__move_end - __move_start);
	uint32_t best_end = 0;

	for (unsigned i = 0; i < map->count; i++) {
		const struct e820_entry *e = &map->entry[i];
		uint64_t start = e->base < MIB ? MIB : e->base;
		uint64_t end = e->base + e->length;

		if (e->type != E820_RAM || end <= start)
			continue;
		if (end > HIGHEST_END)
			end = HIGHEST_END;
		end &= ~(uint64_t)(PAGE - 1);
		/* The copy keeps the link's offset within a page, so it may
		 * need up to a page more than its size. */
		if (end < start + size + PAGE || end <= best_end)
			continue;
		best_end = (uint32_t)end;
	}
	if (!best_end)
		return 0;
	return (best_end - (uint32_t)(uintptr_t)__move_end) & ~(PAGE - 1);
}

static bool moves(uint32_t addr)
{
	return addr >= (uintptr_t)__move_start && addr < (uintptr_t)__move_end;
}

/* Add or subtract *distance to the 32-bit word at link address site, in
 * the copy when site lies in the moving part (a reloc_fn). */
static void patch(void *distance, uint32_t site, bool subtract)
{
	uint8_t *p = (uint8_t *)(uintptr_t)(moves(site) ? site + *(uint32_t *)distance : site);
	uint32_t v;

	memcpy(&v, p, 4);
	v += subtract ? 0u - *(uint32_t *)distance : *(uint32_t *)distance;
	memcpy(p, &v, 4);
}

/* Read the table, calling fn for each place (NULL: only check it): 0, or
 * -1 and a message.  Places may lie in .text16 or in the moving part's
 * code and data, never in the table itself or past it. */
static int walk_table(uint32_t distance, reloc_fn *fn)
{
	static const struct reloc_bounds bounds = {
		.base = (uint32_t)(uintptr_t)__body_start,
		.stay_start = (uint32_t)(uintptr_t)__body_start,
		.stay_end = (uint32_t)(uintptr_t)__text16_end,
		.move_start = (uint32_t)(uintptr_t)__move_start,
		.move_end = (uint32_t)(uintptr_t)__reloc_start,
	};
	size_t bad;

	if (reloc_walk(__reloc_start, __reloc_end, &bounds, fn, &distance, &bad) < 0) {
		con_printf("\nnetboot pcbios: the body's relocation table is damaged at byte %lu of %lu\n",
			   (unsigned long)bad, (unsigned long)(__reloc_end - __reloc_start));
		return -1;
	}
	return 0;
}

ASM_CALL _Noreturn void pcbios_relocate(void)
{
	uint32_t sum = image_sum();
	uint32_t distance;

	serial_init();
	if (pcbios_unpack_cycles)
		con_printf("unpack: %lu bytes expanded at %p in %lu TSC cycles\n",
			   (unsigned long)(__load_end - __move_start), (void *)__move_start,
			   (unsigned long)pcbios_unpack_cycles);
	if (sum) {
		con_printf("\nnetboot pcbios: the loaded body is damaged (checksum %08lx, not 0); boot medium error?\n",
			   (unsigned long)sum);
		pcbios_exit(PCBIOS_EXIT_FAILURE);
	}
	if (e820_read(&pcbios_memory_map) < 0)
		pcbios_exit(PCBIOS_EXIT_FAILURE);
	distance = choose_distance(&pcbios_memory_map);
	if (!distance) {
		con_printf("\nnetboot pcbios: no usable RAM above 1 MiB has room for the body (%lu KiB)\n",
			   (unsigned long)((__move_end - __move_start) / 1024));
		pcbios_exit(PCBIOS_EXIT_FAILURE);
	}
	if (!e820_is_ram(&pcbios_memory_map, (uintptr_t)__move_start + distance,
			 (uintptr_t)(__move_end - __move_start))) {
		con_printf("\nnetboot pcbios: the E820 map marks part of %08lx-%08lx both usable and reserved\n",
			   (unsigned long)((uintptr_t)__move_start + distance),
			   (unsigned long)((uintptr_t)__move_end + distance));
		pcbios_exit(PCBIOS_EXIT_FAILURE);
	}
	/* Check the whole table before patching anything: the way out on
	 * failure runs .text16, which holds places too. */
	if (walk_table(distance, NULL) < 0)
		pcbios_exit(PCBIOS_EXIT_FAILURE);
	pcbios_moved_by = distance;
	memcpy(__move_start + distance, __move_start, (size_t)(__bss_end - __move_start));
	walk_table(distance, patch);
	pcbios_continue((uint32_t)(uintptr_t)pcbios_main + distance,
			(uint32_t)(uintptr_t)__stack_top + distance);
	for (;;)
		__asm__ volatile("cli; hlt");
}
