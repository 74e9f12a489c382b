/*
 * Reading and writing the relocation table (format: reloc_table.h).
 * The body links only the reader (--gc-sections drops the writer);
 * util/mkrelocs.c uses both and reads back every table it writes.  The
 * reader is kept small: it runs in every body and sits in the LZMA stream
 * of a compressed one, like the table.
 */
#include "rom/pcbios/reloc_table.h"

/* One LEB128 number at *p, before end, into *v: false when it runs past
 * end or does not fit 32 bits (the fifth byte may hold only bits 28-31,
 * so no number takes more than 5 bytes). */
static bool read_number(const uint8_t **p, const uint8_t *end, uint32_t *v)
{
	uint32_t value = 0;

	for (unsigned shift = 0; *p < end; shift += 7) {
		uint8_t b = *(*p)++;

		if (shift == 28 && b > 0x0F)
			return false;
		value |= (uint32_t)(b & 0x7F) << shift;
		if (!(b & 0x80)) {
			*v = value;
			return true;
		}
	}
	return false;
}

/* Whether the word [site, site + 4) lies inside [start, end). */
static bool inside(uint32_t site, uint32_t start, uint32_t end)
{
	return site >= start && site < end && end - site >= 4;
}

int reloc_walk(const uint8_t *table, const uint8_t *end, const struct reloc_bounds *b,
	       reloc_fn *fn, void *ctx, size_t *bad)
{
	const uint8_t *p = table;
	uint32_t count[2];

	if (!read_number(&p, end, &count[0]) || !read_number(&p, end, &count[1]))
		goto damaged;
	/* Each place takes a byte at least, so these loops end with the
	 * table whatever the counts say. */
	for (unsigned kind = 0; kind < 2; kind++) {
		uint32_t after = b->base;

		for (uint32_t i = 0; i < count[kind]; i++) {
			uint32_t gap, site;

			if (!read_number(&p, end, &gap))
				goto damaged;
			site = after + gap;
			if (site < after || (!inside(site, b->move_start, b->move_end) &&
					     (kind || !inside(site, b->stay_start, b->stay_end))))
				goto damaged;
			if (fn)
				fn(ctx, site, kind);
			/* No wrap: the word ends inside a bound. */
			after = site + 4;
		}
	}
	if (p == end)
		return 0;
damaged:
	*bad = (size_t)(p - table);
	return -1;
}

/* Append v as LEB128 to out[*len..room): false when it does not fit. */
static bool write_number(uint8_t *out, size_t room, size_t *len, uint32_t v)
{
	do {
		if (*len == room)
			return false;
		out[(*len)++] = (uint8_t)((v & 0x7F) | (v > 0x7F ? 0x80 : 0));
		v >>= 7;
	} while (v);
	return true;
}

/* Append the gaps of the places list[0..n), from base. */
static bool write_places(uint8_t *out, size_t room, size_t *len, const uint32_t *list,
			 uint32_t n, uint32_t base)
{
	uint64_t after = base;

	for (uint32_t i = 0; i < n; i++) {
		if (list[i] < after || !write_number(out, room, len, (uint32_t)(list[i] - after)))
			return false;
		after = (uint64_t)list[i] + 4;
	}
	return true;
}

size_t reloc_encode(const uint32_t *add, uint32_t adds, const uint32_t *sub, uint32_t subs,
		    uint32_t base, uint8_t *out, size_t room)
{
	size_t len = 0;

	if (!write_number(out, room, &len, adds) || !write_number(out, room, &len, subs) ||
	    !write_places(out, room, &len, add, adds, base) ||
	    !write_places(out, room, &len, sub, subs, base))
		return 0;
	return len;
}
