/*
 * romtool set: rewrite the settings block of an image in place.  When the
 * image is an x86 option ROM, its checksum byte is fixed as well (ours at
 * offset 5, else --checksum-at).  Other images are written with only the
 * block changed: an image that carries a checksum of its own over the block
 * (the pcbios body's .sum word, say) needs support added here first.
 */
#include "util/romtool.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An x86 option ROM whose length byte covers bytes of the file. */
static size_t rom_length(const struct image *im)
{
	size_t len, pcir;

	if (im->size < ROM_PNP_PTR + 2 || im->data[0] != 0x55 || im->data[1] != 0xAA)
		return 0;
	pcir = rom_pcir(im->data, im->size);
	if (pcir && im->data[pcir + 0x14] != PCIR_CODE_X86)
		return 0;
	len = (size_t)im->data[2] * ROM_BLOCK;
	return len <= im->size ? len : 0;
}

int cmd_set(int argc, char **argv)
{
	struct image im;
	long checksum_at = -1;
	int first = 1, r = 1;

	if (argc >= 3 && !strcmp(argv[1], "--checksum-at")) {
		checksum_at = parse_offset(argv[2]);
		if (checksum_at < 0)
			return 2;
		first = 3;
	}
	if (argc <= first) {
		fprintf(stderr, "usage: romtool set IMAGE [--checksum-at OFFSET] KEY=VALUE...\n");
		return 2;
	}
	if (image_load(&im, argv[0]))
		return 1;
	if (settings_edit(&im, argv + first, (size_t)(argc - first)))
		goto out;
	size_t len = rom_length(&im);
	if (len) {
		if (rom_fix_checksum(im.path, im.data, len, checksum_at, true))
			goto out;
	} else {
		printf("%s: not an option ROM, no image checksum to fix\n", im.path);
	}
	if (image_save(&im, im.path))
		goto out;
	printf("%s: rewritten\n", im.path);
	r = 0;
out:
	free(im.data);
	return r;
}
