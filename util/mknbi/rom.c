/*
 * mknbi-rom: an NBI that loads an x86 option ROM image (ours or another's)
 * at 0x10000 and far-calls its legacy entry at offset 6 (1000:0006), the
 * "+6 entry" Etherboot's ROMs and floppy loaders start a ROM image by.
 * The header copy goes to 0x9B000, as mknbi-linux's.
 */
#include "util/mknbi/mknbi.h"
#include "loaders/nbi_format.h"
#include <stdio.h>
#include <string.h>

#define ROM_ADDR 0x10000u
#define ROM_MAX 0x80000u		/* up to 0x90000 */
#define ROM_HEADER 0x9B000u
#define TAG_ROM 16

int mknbi_rom(int argc, char **argv)
{
	const char *out = NULL, *v;
	int i;

	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--help") == 0)
			usage("mknbi-rom", 0);
		if ((v = opt_value(argv[i], "--output"))) {
			out = v;
			continue;
		}
		fprintf(stderr, "mknbi-rom: unknown option %s\n", argv[i]);
		usage("mknbi-rom", 2);
	}
	if (i + 1 != argc) {
		fprintf(stderr, "mknbi-rom: one ROM image needed\n");
		usage("mknbi-rom", 2);
	}
	struct buf rom = read_file(argv[i]);

	if (rom.len < 8 || rom.data[0] != 0x55 || rom.data[1] != 0xaa)
		die("%s: not an option ROM: no 55 AA at offset 0", argv[i]);
	if (rom.len > ROM_MAX)
		die("%s: %zu bytes, more than the %u that fit from 0x10000 below the header",
		    argv[i], rom.len, ROM_MAX);
	struct image img = { .tool = "mknbi-rom", .location = ROM_HEADER,
			     .execute = (ROM_ADDR >> 4) << 16 | 6 };

	add_piece(&img, TAG_ROM, NBI_PLACE_ABSOLUTE, ROM_ADDR, rom.data,
		  (uint32_t)rom.len, (uint32_t)rom.len);
	write_nbi(&img, out);
	return 0;
}
