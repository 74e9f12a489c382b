/*
 * romtool make: finish a single-image x86 option ROM for an EPROM: pad it
 * with 0xFF to the chip's size, set the length byte and the PCIR image
 * length, patch the PCI IDs the BIOS matches against the card, write the
 * settings, then fix the $PnP header's checksum and the image checksum.
 * One line is printed per change.
 */
#include "util/romtool.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SETS 64

struct make_args {
	const char *in, *out;
	size_t size;			/* bytes; 0 = round up to 512 */
	bool ids;
	unsigned vendor, device;
	char *sets[MAX_SETS];
	size_t nsets;
	long checksum_at;
};

long parse_offset(const char *text)
{
	char *end;
	long v = strtol(text, &end, 0);

	if (!*text || *end || v < 0) {
		fprintf(stderr, "romtool: --checksum-at %s: not an offset\n", text);
		return -1;
	}
	return v;
}

static int parse_size(const char *text, size_t *size)
{
	char *end;
	unsigned long k = strtoul(text, &end, 10);

	if (*end || !*text) {
		fprintf(stderr, "romtool: --size %s: not a number of KiB\n", text);
		return -1;
	}
	if (k >= 128) {
		fprintf(stderr, "romtool: --size %s: refused, the length byte counts at most "
			"255 blocks of 512 bytes, so a ROM of 128 KiB or more cannot say its size\n",
			text);
		return -1;
	}
	if (k != 8 && k != 16 && k != 32 && k != 64) {
		fprintf(stderr, "romtool: --size %s: EPROMs are 8, 16, 32 or 64 KiB\n", text);
		return -1;
	}
	*size = k * 1024;
	return 0;
}

static int parse_args(int argc, char **argv, struct make_args *a)
{
	memset(a, 0, sizeof(*a));
	a->checksum_at = -1;
	if (argc < 2 || argv[0][0] == '-' || argv[1][0] == '-')
		return -1;
	a->in = argv[0];
	a->out = argv[1];
	for (int i = 2; i < argc; i += 2) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		char tail;

		if (!val) {
			fprintf(stderr, "romtool: %s needs a value\n", opt);
			return -1;
		}
		if (!strcmp(opt, "--size")) {
			if (parse_size(val, &a->size))
				return -1;
		} else if (!strcmp(opt, "--ids")) {
			if (strlen(val) != 9 ||
			    sscanf(val, "%4x:%4x%c", &a->vendor, &a->device, &tail) != 2) {
				fprintf(stderr, "romtool: --ids %s: want VVVV:DDDD in hex\n", val);
				return -1;
			}
			a->ids = true;
		} else if (!strcmp(opt, "--set")) {
			if (a->nsets == MAX_SETS) {
				fprintf(stderr, "romtool: more than %d --set\n", MAX_SETS);
				return -1;
			}
			a->sets[a->nsets++] = argv[i + 1];
		} else if (!strcmp(opt, "--checksum-at")) {
			a->checksum_at = parse_offset(val);
			if (a->checksum_at < 0)
				return -1;
		} else {
			fprintf(stderr, "romtool: unknown option %s\n", opt);
			return -1;
		}
	}
	return 0;
}

/* Refuse what make cannot finish: not an x86 ROM, or several images. */
static int check_input(const struct image *im)
{
	size_t pcir;

	if (im->size < ROM_PNP_PTR + 2 || im->data[0] != 0x55 || im->data[1] != 0xAA) {
		fprintf(stderr, "romtool: %s: not an option ROM (no 55 AA header)\n", im->path);
		return -1;
	}
	pcir = rom_pcir(im->data, im->size);
	if (pcir && (im->data[pcir + 0x14] != PCIR_CODE_X86 ||
		     !(im->data[pcir + 0x15] & PCIR_LAST_IMAGE))) {
		fprintf(stderr, "romtool: %s: make handles one x86 image; this one is %s\n",
			im->path, im->data[pcir + 0x14] != PCIR_CODE_X86 ?
			"not x86 code" : "followed by more images");
		return -1;
	}
	return 0;
}

/* Pad to size with 0xFF and set the length byte. */
static int pad(struct image *im, size_t size)
{
	size_t old = im->size;

	if (!size)
		size = (old + ROM_BLOCK - 1) / ROM_BLOCK * ROM_BLOCK;
	if (old > size) {
		fprintf(stderr, "romtool: %s: %zu bytes do not fit a %zu KiB ROM\n",
			im->path, old, size / 1024);
		return -1;
	}
	if (size > ROM_LENGTH_MAX) {
		fprintf(stderr, "romtool: %s: %zu bytes, more than the length byte can say "
			"(%u)\n", im->path, size, ROM_LENGTH_MAX);
		return -1;
	}
	uint8_t *grown = realloc(im->data, size);
	if (!grown) {
		fprintf(stderr, "romtool: out of memory\n");
		return -1;
	}
	im->data = grown;
	im->size = size;
	if (size > old) {
		memset(im->data + old, 0xFF, size - old);
		printf("pad: %zu -> %zu bytes with 0xFF\n", old, size);
	}
	uint8_t blocks = (uint8_t)(size / ROM_BLOCK);
	if (im->data[2] != blocks)
		printf("length byte: 0x%02x -> 0x%02x (%zu bytes)\n", im->data[2], blocks, size);
	im->data[2] = blocks;
	return 0;
}

static int patch_pcir(struct image *im, const struct make_args *a)
{
	size_t p = rom_pcir(im->data, im->size);

	if (!p) {
		if (a->ids) {
			fprintf(stderr, "romtool: %s: no PCIR structure to take the IDs\n", im->path);
			return -1;
		}
		return 0;
	}
	uint8_t *s = im->data + p;
	uint16_t blocks = (uint16_t)(im->size / ROM_BLOCK);
	if (a->ids && (le16(s + 4) != a->vendor || le16(s + 6) != a->device)) {
		printf("PCIR ids: %04x:%04x -> %04x:%04x\n", le16(s + 4), le16(s + 6),
		       a->vendor, a->device);
		put16(s + 4, (uint16_t)a->vendor);
		put16(s + 6, (uint16_t)a->device);
	}
	if (le16(s + 0x10) != blocks) {
		printf("PCIR image length: %u -> %u blocks of 512\n", le16(s + 0x10), blocks);
		put16(s + 0x10, blocks);
	}
	return 0;
}

static void fix_pnp(struct image *im)
{
	size_t p = rom_pnp(im->data, im->size);

	if (!p)
		return;
	uint8_t *s = im->data + p;
	size_t len = (size_t)s[5] * 16;
	if (!len || !in_range(p, len, im->size))
		return;
	uint8_t old = s[9];
	s[9] = 0;
	s[9] = (uint8_t)(0x100 - sum8(s, len));
	if (s[9] != old)
		printf("$PnP checksum: byte 0x%zx 0x%02x -> 0x%02x\n", p + 9, old, s[9]);
}

int cmd_make(int argc, char **argv)
{
	struct make_args a;
	struct image im;
	size_t at;
	int r = 1;

	if (parse_args(argc, argv, &a)) {
		fprintf(stderr, "usage: romtool make IN OUT [--size 8|16|32|64] "
			"[--ids VVVV:DDDD] [--set KEY=VALUE]... [--checksum-at OFFSET]\n");
		return 2;
	}
	if (image_load(&im, a.in))
		return 1;
	if (check_input(&im) || pad(&im, a.size) || patch_pcir(&im, &a))
		goto out;
	bool ours = settings_locate(&im, &at) == 1;
	if (a.nsets && settings_edit(&im, a.sets, a.nsets))
		goto out;
	fix_pnp(&im);
	if (rom_fix_checksum(im.path, im.data, im.size, a.checksum_at, ours) ||
	    image_save(&im, a.out))
		goto out;
	printf("%s: %zu bytes written\n", a.out, im.size);
	r = 0;
out:
	free(im.data);
	return r;
}
