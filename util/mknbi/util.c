/* Files, numbers and little-endian fields for util/mknbi. */
#include "util/mknbi/mknbi.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("mknbi: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

struct buf read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = { NULL, 0 };
	size_t cap = 0;

	if (!f)
		die("%s: %s", path, strerror(errno));
	for (;;) {
		if (b.len == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			b.data = realloc(b.data, cap);
			if (!b.data)
				die("%s: out of memory", path);
		}
		size_t n = fread(b.data + b.len, 1, cap - b.len, f);

		b.len += n;
		if (n == 0)
			break;
	}
	if (ferror(f))
		die("%s: read error", path);
	fclose(f);
	return b;
}

void write_file(const char *path, const uint8_t *data, size_t len)
{
	FILE *f = path ? fopen(path, "wb") : stdout;

	if (!f)
		die("%s: %s", path, strerror(errno));
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0)
		die("%s: write error", path ? path : "stdout");
	if (path && fclose(f) != 0)
		die("%s: write error", path);
}

uint32_t parse_u32(const char *opt, const char *text)
{
	char *end;

	errno = 0;
	unsigned long long v = strtoull(text, &end, 0);
	if (errno || end == text || *end || v > 0xffffffffull || *text == '-')
		die("%s: \"%s\" is not a number from 0 to 0xffffffff", opt, text);
	return (uint32_t)v;
}

const char *opt_value(const char *arg, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(arg, name, n) == 0 && arg[n] == '=')
		return arg + n + 1;
	return NULL;
}

uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

void add_piece(struct image *img, uint8_t tag, uint8_t place, uint32_t addr,
	       const uint8_t *data, uint32_t len, uint32_t mem)
{
	if (img->count == MAX_PIECES)
		die("more than %d segments", MAX_PIECES);
	img->piece[img->count++] = (struct piece){ tag, place, addr, data, len, mem };
}
