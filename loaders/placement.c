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

int image_new_piece(struct image_loader_state *st, const char *name,
		    unsigned num, struct image_piece **out)
{
	struct image_piece *p;

	if (st->piece_count == IMAGE_MAX_PIECES)
		return image_refuse("more than %d segments to load",
				    IMAGE_MAX_PIECES);
	p = &st->pieces[st->piece_count++];
	if (num != IMAGE_NO_NUM)
		format_buf(p->name, sizeof(p->name), "%s %u", name, num);
	else
		format_buf(p->name, sizeof(p->name), "%s", name);
	*out = p;
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

/* "<piece> at <start>..<end> overlaps <other> at <o_start>..<o_end>": one
 * message for the firmware and for another piece. */
static int refuse_overlap(const struct image_piece *p, uint64_t end,
			  const char *other, uint64_t o_start, uint64_t o_end)
{
	return image_refuse("%s at 0x%llx..0x%llx overlaps %s at 0x%llx..0x%llx",
			    p->name, LLX(p->phys), LLX(end), other,
			    LLX(o_start), LLX(o_end));
}

/* Memory and file ranges of one piece, on its own. */
static int check_piece(const struct image_loader_state *st,
		       const struct image_piece *p)
{
	const struct image_target *t = st->target;
	uint64_t end = p->phys + p->mem_len;
	const char *why = NULL;
	size_t i;

	if (p->file_len > p->mem_len)
		return image_refuse("%s: file size 0x%llx is larger than its memory size 0x%llx",
				    p->name, LLX(p->file_len), LLX(p->mem_len));
	if (p->file_len > UINT64_MAX - p->file_off)
		return image_refuse("%s: file offset 0x%llx + size 0x%llx wraps around",
				    p->name, LLX(p->file_off), LLX(p->file_len));
	if (st->size_known && p->file_off + p->file_len > st->size)
		return image_refuse("%s: file data at bytes 0x%llx..0x%llx lies past the end of the file (%lu bytes)",
				    p->name, LLX(p->file_off),
				    LLX(p->file_off + p->file_len),
				    (unsigned long)st->size);
	for (i = 0; i < t->ram_count; i++)
		if (p->phys >= t->ram[i].start && end <= t->ram[i].end)
			break;
	/* The end shown for a wrap is the wrapped one.  The last byte must
	 * lie below 4 GiB when the format's addresses are 32-bit, and when a
	 * pointer is (i386 cannot reach RAM above 4 GiB, whatever the
	 * platform lists). */
	if (end < p->phys)
		why = "wraps around the end of the address space";
	else if (end - 1 > (st->below_4g ? UINT32_MAX : UINTPTR_MAX))
		why = "reaches past 4 GiB";
	else if (i == t->ram_count)
		why = "is outside usable RAM";
	if (why)
		return image_refuse("%s at 0x%llx..0x%llx %s", p->name,
				    LLX(p->phys), LLX(end), why);
	for (i = 0; i < t->reserved_count; i++)
		if (overlaps(p->phys, end, t->reserved[i].start, t->reserved[i].end))
			return refuse_overlap(p, end, "the firmware",
					      t->reserved[i].start,
					      t->reserved[i].end);
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
				return refuse_overlap(p, p_end, q->name,
						      q->phys, q_end);
		}
	}
	return 0;
}
