/* romtool: files and bytes. */
#include "util/romtool.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void problem(struct check *c, const char *fmt, ...)
{
	va_list ap;

	c->problems++;
	printf("problem: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

bool in_range(size_t off, size_t len, size_t size)
{
	return off <= size && len <= size - off;
}

uint8_t sum8(const uint8_t *data, size_t len)
{
	unsigned s = 0;

	for (size_t i = 0; i < len; i++)
		s += data[i];
	return (uint8_t)s;
}

int image_load(struct image *im, const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t room = 1u << 16;

	im->path = path;
	im->size = 0;
	im->data = NULL;
	if (!f) {
		fprintf(stderr, "romtool: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		uint8_t *grown = realloc(im->data, room);

		if (!grown) {
			fprintf(stderr, "romtool: %s: out of memory\n", path);
			break;
		}
		im->data = grown;
		im->size += fread(im->data + im->size, 1, room - im->size, f);
		if (im->size < room) {
			if (ferror(f)) {
				fprintf(stderr, "romtool: %s: read error\n", path);
				break;
			}
			fclose(f);
			return 0;
		}
		if (room >= IMAGE_MAX) {
			fprintf(stderr, "romtool: %s: larger than %u bytes\n", path, IMAGE_MAX);
			break;
		}
		room *= 2;
	}
	fclose(f);
	free(im->data);
	im->data = NULL;
	return -1;
}

int image_save(const struct image *im, const char *path)
{
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(im->data, 1, im->size, f) == im->size;

	if (f && fclose(f))
		ok = false;
	if (!ok)
		fprintf(stderr, "romtool: %s: cannot write: %s\n", path, strerror(errno));
	return ok ? 0 : -1;
}
