/*
 * NBI ("tagged") images, per the Draft Net Boot Image Proposal 0.3: the
 * 512-byte header is copied to its "location", each descriptor's segment
 * is placed by its address mode, and the file data of the segments follow
 * the header in descriptor order.  Unlike Etherboot 5.4, the first segment
 * of a relative mode is placed against the header copy, as the spec says,
 * and each segment's memory past its file data is zeroed.  Reserved bits
 * (header flags 9-30, descriptor flags 3-7, the reserved byte) and vendor
 * data are ignored, as the spec leaves them to tools.
 */
#include "loaders/loader.h"
#include "loaders/nbi_format.h"
#include "core/string.h"

#define REAL_MODE_LIMIT 0x100000u	/* 1 MiB: what a far pointer reaches */

/* Where a segment goes.  prev_start/prev_end: the previous segment in
 * memory, or the header copy for the first one. */
static int place(const struct nbi_segment *d, unsigned num, uint64_t top,
		 uint64_t prev_start, uint64_t prev_end, uint64_t *addr)
{
	uint64_t a = d->load_addr;

	switch (NBI_SEG_PLACE(d->flags)) {
	case NBI_PLACE_ABSOLUTE:
		break;
	case NBI_PLACE_AFTER:
		a = prev_end + a;
		break;
	case NBI_PLACE_TOP:
		if (a > top)
			return image_refuse("segment %u: 0x%llx below the top of memory (0x%llx) is below address 0",
					    num, LLX(a), LLX(top));
		a = top - a;
		break;
	default:		/* NBI_PLACE_BEFORE */
		if (a > prev_start)
			return image_refuse("segment %u: 0x%llx before the previous segment (at 0x%llx) is below address 0",
					    num, LLX(a), LLX(prev_start));
		a = prev_start - a;
		break;
	}
	*addr = a;	/* image_check_pieces() keeps it below 4 GiB */
	return 0;
}

/* Walk the descriptors that follow the fixed header and its vendor data. */
static int nbi_segments(struct image_loader_state *st, size_t off,
			uint32_t hdr)
{
	uint64_t top = image_mem_top(st->target);
	uint64_t prev_start = hdr, prev_end = hdr + NBI_HEADER_SIZE;
	uint64_t file_off = NBI_HEADER_SIZE;
	struct nbi_segment d;
	struct image_piece *piece;
	int err;

	for (unsigned num = 1;; num++) {
		/* Zero fill after the last descriptor is how mknbi pads the
		 * header; reaching it means the last flag is missing. */
		if (off + sizeof(d) > NBI_HEADER_SIZE || st->head[off] == 0)
			return image_refuse("NBI: the descriptors end at header byte %lu without one carrying the last-segment flag",
					    (unsigned long)off);
		memcpy(&d, st->head + off, sizeof(d));
		size_t len = 4 * (NBI_SEG_LEN(d.lengths) + NBI_SEG_VENDOR_LEN(d.lengths));

		if (NBI_SEG_LEN(d.lengths) < NBI_SEG_MIN_DWORDS)
			return image_refuse("NBI: segment %u descriptor is %u dwords long, at least %u needed",
					    num, NBI_SEG_LEN(d.lengths), NBI_SEG_MIN_DWORDS);
		if (off + len > NBI_HEADER_SIZE)
			return image_refuse("NBI: segment %u descriptor (header bytes %lu..%lu) runs past the 512-byte header",
					    num, (unsigned long)off,
					    (unsigned long)(off + len));
		uint64_t addr = 0;

		err = place(&d, num, top, prev_start, prev_end, &addr);
		if (err)
			return err;
		/* A segment with file data but no memory is added too, so
		 * that image_check_pieces() refuses it (file size > memory). */
		if (d.mem_len || d.image_len) {
			err = image_new_piece(st, "segment", num, &piece);
			if (err)
				return err;
			piece->phys = addr;
			piece->file_off = file_off;
			piece->file_len = d.image_len;
			piece->mem_len = d.mem_len;
		}
		prev_start = addr;
		prev_end = addr + d.mem_len;
		file_off += d.image_len;
		if (d.flags & NBI_SEG_LAST)
			return 0;
		off += len;
	}
}

/* One message for the two seg:off fields that must point below 1 MiB. */
static int refuse_above_1m(const char *what, uint32_t segoff)
{
	return image_refuse("NBI: %s %04x:%04x is not below 1 MiB", what,
			    NBI_SEG(segoff), NBI_OFF(segoff));
}

int nbi_parse(struct image_loader_state *st)
{
	struct boot_plan *plan = &st->plan;
	struct nbi_header h;
	struct image_piece *piece;
	int err;

	if (!(st->target->runs & IMAGE_RUNS_NBI))
		return image_refuse("NBI images start only on a PC BIOS, not on this platform");
	err = image_need_head(st, "NBI", NBI_HEADER_SIZE);
	if (err)
		return err;
	memcpy(&h, st->head, sizeof(h));
	if (NBI_HDR_LEN(h.flags_len) < NBI_HDR_MIN_DWORDS)
		return image_refuse("NBI: header length %u dwords, at least %u needed",
				    NBI_HDR_LEN(h.flags_len), NBI_HDR_MIN_DWORDS);
	uint32_t hdr = NBI_LINEAR(h.location);

	if (hdr + NBI_HEADER_SIZE > REAL_MODE_LIMIT)
		return refuse_above_1m("header location", h.location);
	plan->machine = EM_386;
	plan->nbi_execute = h.execute;
	plan->nbi_header = hdr;
	plan->nbi_header_segoff = h.location;
	plan->may_return = (h.flags_len & NBI_RETURNS) != 0;
	if (h.flags_len & NBI_LINEAR_EXEC) {
		plan->format = IMAGE_NBI_PROTECTED;
		plan->entry = h.execute;
	} else {
		/* The image starts with A20 off, so 1 MiB is the limit. */
		plan->format = IMAGE_NBI_REAL;
		plan->entry = NBI_LINEAR(h.execute);
		if (plan->entry >= REAL_MODE_LIMIT)
			return refuse_above_1m("real-mode entry", h.execute);
	}
	st->tails_may_overlap = true;
	st->below_4g = true;
	err = image_new_piece(st, "NBI header", IMAGE_NO_NUM, &piece);
	if (err)
		return err;
	piece->phys = hdr;
	piece->file_off = 0;
	piece->file_len = piece->mem_len = NBI_HEADER_SIZE;
	return nbi_segments(st, 4 * (NBI_HDR_LEN(h.flags_len) +
				     NBI_HDR_VENDOR_LEN(h.flags_len)), hdr);
}
