/*
 * Where an image may go: every piece (segment, NBI header copy) is checked
 * against the platform's RAM and reserved ranges, the file size and each
 * other before anything is written.  All arithmetic is 64-bit with explicit
 * overflow checks, so an ELF64 address near 2^64 cannot wrap into range.
 */
#include "loaders/loader.h"
#include "core/console.h"
#include "core/errors.h"
#include "core/format.h"

int image_refuse(const char *fmt, ...)
{
	va_list ap;

	con_printf("image: ");
	va_start(ap, fmt);
	con_vprintf(fmt, ap);
	va_end(ap);
	con_printf("\n");
	return -E_BADIMAGE;
}

struct hex_text hex64(uint64_t v)
{
	struct hex_text t;
	unsigned long hi = (unsigned long)(uint32_t)(v >> 32);
	unsigned long lo = (unsigned long)(uint32_t)v;

	if (hi)
		format_buf(t.s, sizeof(t.s), "0x%lx%08lx", hi, lo);
	else
		format_buf(t.s, sizeof(t.s), "0x%lx", lo);
	return t;
}

int image_add_piece(struct image_loader_state *st, const char *name,
		    unsigned num, uint64_t phys, uint64_t file_off,
		    uint64_t file_len, uint64_t mem_len)
{
	struct image_piece *p;

	if (st->piece_count == IMAGE_MAX_PIECES)
		return image_refuse("more than %d segments to load",
				    IMAGE_MAX_PIECES);
	p = &st->pieces[st->piece_count++];
	p->phys = phys;
	p->file_off = file_off;
	p->file_len = file_len;
	p->mem_len = mem_len;
	if (num != IMAGE_NO_NUM)
		format_buf(p->name, sizeof(p->name), "%s %u", name, num);
	else
		format_buf(p->name, sizeof(p->name), "%s", name);
	return 0;
}

uint64_t image_mem_top(const struct image_target *t)
{
	uint64_t top = 0;
	bool lowered = true;

	for (size_t i = 0; i < t->ram_count; i++)
		if (t->ram[i].end <= 1ull << 32 && t->ram[i].end > top)
			top = t->ram[i].end;
	/* Firmware that sits at the top of RAM (pcbios moves itself there)
	 * is not memory for the image: count from below it. */
	while (lowered) {
		lowered = false;
		for (size_t i = 0; i < t->reserved_count; i++) {
			if (t->reserved[i].start < top && t->reserved[i].end >= top) {
				top = t->reserved[i].start;
				lowered = true;
			}
		}
	}
	return top;
}

static bool overlaps(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end)
{
	return a < b_end && b < a_end;
}

/* Memory and file ranges of one piece, on its own. */
static int check_piece(const struct image_loader_state *st,
		       const struct image_piece *p)
{
	const struct image_target *t = st->target;
	uint64_t end = p->phys + p->mem_len;
	size_t i;

	if (p->file_len > p->mem_len)
		return image_refuse("%s: file size %s is larger than its memory size %s",
				    p->name, hex64(p->file_len).s,
				    hex64(p->mem_len).s);
	if (p->file_len > UINT64_MAX - p->file_off)
		return image_refuse("%s: file offset %s + size %s wraps around",
				    p->name, hex64(p->file_off).s,
				    hex64(p->file_len).s);
	if (st->size_known && p->file_off + p->file_len > st->size)
		return image_refuse("%s: file data at bytes %s..%s lies past the end of the file (%lu bytes)",
				    p->name, hex64(p->file_off).s,
				    hex64(p->file_off + p->file_len).s,
				    (unsigned long)st->size);
	if (p->mem_len > UINT64_MAX - p->phys)
		return image_refuse("%s at %s (+%s bytes) wraps around the end of the address space",
				    p->name, hex64(p->phys).s, hex64(p->mem_len).s);
	/* A pointer must be able to reach the last byte (i386 cannot reach
	 * RAM above 4 GiB, whatever the platform lists). */
	if ((uint64_t)(uintptr_t)(end - 1) != end - 1)
		return image_refuse("%s at %s..%s is not addressable by this firmware",
				    p->name, hex64(p->phys).s, hex64(end).s);
	for (i = 0; i < t->ram_count; i++)
		if (p->phys >= t->ram[i].start && end <= t->ram[i].end)
			break;
	if (i == t->ram_count)
		return image_refuse("%s at %s..%s is outside usable RAM",
				    p->name, hex64(p->phys).s, hex64(end).s);
	for (i = 0; i < t->reserved_count; i++)
		if (overlaps(p->phys, end, t->reserved[i].start, t->reserved[i].end))
			return image_refuse("%s at %s..%s overlaps the firmware at %s..%s",
					    p->name, hex64(p->phys).s, hex64(end).s,
					    hex64(t->reserved[i].start).s,
					    hex64(t->reserved[i].end).s);
	return 0;
}

/* The part of a piece no other piece may touch (see tails_may_overlap). */
static uint64_t guarded_len(const struct image_loader_state *st,
			    const struct image_piece *p)
{
	return st->tails_may_overlap ? p->file_len : p->mem_len;
}

int image_check_pieces(struct image_loader_state *st)
{
	int err;

	for (size_t i = 0; i < st->piece_count; i++) {
		const struct image_piece *p = &st->pieces[i];

		err = check_piece(st, p);
		if (err)
			return err;
		for (size_t j = 0; j < i; j++) {
			const struct image_piece *q = &st->pieces[j];
			uint64_t p_end = p->phys + guarded_len(st, p);
			uint64_t q_end = q->phys + guarded_len(st, q);

			if (overlaps(p->phys, p_end, q->phys, q_end))
				return image_refuse("%s at %s..%s overlaps %s at %s..%s",
						    p->name, hex64(p->phys).s,
						    hex64(p_end).s, q->name,
						    hex64(q->phys).s, hex64(q_end).s);
		}
	}
	return 0;
}
