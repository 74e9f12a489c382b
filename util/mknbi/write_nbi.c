/*
 * The NBI writer: the 512-byte header (loaders/nbi_format.h) with the tool
 * name as vendor data, one descriptor per piece (the last flagged), 55 AA
 * at 510, then each piece's file bytes in descriptor order.
 */
#include "util/mknbi/mknbi.h"
#include "loaders/nbi_format.h"
#include <stdlib.h>
#include <string.h>

void write_nbi(const struct image *img, const char *out)
{
	size_t vendor = (strlen(img->tool) + 4) / 4;	/* dwords, NUL included */
	size_t total = NBI_HEADER_SIZE, off = 16 + 4 * vendor;

	for (unsigned i = 0; i < img->count; i++)
		total += img->piece[i].len;
	if (vendor > 15 || off + 16 * img->count > 510)
		die("the NBI header has no room for %u segments", img->count);
	uint8_t *f = calloc(1, total);
	if (!f)
		die("out of memory");
	put32(f, NBI_MAGIC);
	put32(f + 4, NBI_HDR_MIN_DWORDS | (uint32_t)vendor << 4);
	put32(f + 8, (img->location >> 4) << 16 | (img->location & 0xf));
	put32(f + 12, img->execute);
	memcpy(f + 16, img->tool, strlen(img->tool));
	size_t file = NBI_HEADER_SIZE;

	for (unsigned i = 0; i < img->count; i++, off += 16) {
		const struct piece *p = &img->piece[i];

		f[off] = NBI_SEG_MIN_DWORDS;
		f[off + 1] = p->tag;
		f[off + 3] = (uint8_t)(p->place | (i + 1 == img->count ? NBI_SEG_LAST : 0));
		put32(f + off + 4, p->addr);
		put32(f + off + 8, p->len);
		put32(f + off + 12, p->mem);
		memcpy(f + file, p->data, p->len);
		file += p->len;
	}
	f[510] = 0x55;
	f[511] = 0xaa;
	write_file(out, f, total);
	free(f);
}
