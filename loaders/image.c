/*
 * The image sink: buffer the head, decide the format by magic, check every
 * piece, zero the tails, then copy bytes to their places as they stream in.
 * See loaders/image.h for the contract.
 */
#include "loaders/loader.h"
#include "loaders/nbi_format.h"
#include "core/errors.h"
#include "core/string.h"

static void *phys_ptr(const struct image_loader_state *st, uint64_t phys)
{
	return (void *)((uintptr_t)phys + st->target->phys_offset);
}

/* Copy the file bytes [off, off + len) into every piece that holds some
 * of them.  Only checked pieces exist by now. */
static void place_bytes(struct image_loader_state *st, uint64_t off,
			const uint8_t *data, size_t len)
{
	uint64_t end = off + len;

	for (size_t i = 0; i < st->piece_count; i++) {
		const struct image_piece *p = &st->pieces[i];
		uint64_t from = MAX(off, p->file_off);
		uint64_t to = MIN(end, p->file_off + p->file_len);

		if (from < to)
			memcpy(phys_ptr(st, p->phys + (from - p->file_off)),
			       data + (from - off), (size_t)(to - from));
	}
}

int image_need_head(const struct image_loader_state *st, const char *format,
		    size_t need)
{
	if (st->head_len < need)
		return image_refuse("%s header truncated: the file has %lu bytes, the header needs %lu",
				    format, (unsigned long)st->head_len,
				    (unsigned long)need);
	return 0;
}

static int parse_head(struct image_loader_state *st)
{
	const uint8_t *h = st->head;
	uint32_t magic;

	if (st->head_len < 4)
		return image_refuse("not a known format: the file has only %lu bytes",
				    (unsigned long)st->head_len);
	memcpy(&magic, h, 4);
	if (magic == NBI_MAGIC)
		return nbi_parse(st);
	if (magic == ELF_MAGIC)
		return elf_parse(st);
	return image_refuse("not a known format (starts %02x %02x %02x %02x); this loader takes NBI and ELF images",
			    h[0], h[1], h[2], h[3]);
}

/* The head is in: parse, check, zero the tails, place the head's bytes. */
static int decide(struct image_loader_state *st)
{
	struct boot_plan *plan = &st->plan;
	int err;

	st->decided = true;
	err = parse_head(st);
	if (!err)
		err = image_check_pieces(st);
	for (size_t i = 0; !err && st->target->claim && i < st->piece_count; i++)
		err = st->target->claim(st->target, st->pieces[i].phys,
					st->pieces[i].phys + st->pieces[i].mem_len);
	if (err)
		return err;
	plan->low = UINT64_MAX;
	plan->high = 0;
	for (size_t i = 0; i < st->piece_count; i++) {
		const struct image_piece *p = &st->pieces[i];

		memset(phys_ptr(st, p->phys + p->file_len), 0,
		       (size_t)(p->mem_len - p->file_len));
		plan->low = MIN(plan->low, p->phys);
		plan->high = MAX(plan->high, p->phys + p->mem_len);
	}
	place_bytes(st, 0, st->head, st->head_len);
	return 0;
}

static bool head_complete(const struct image_loader_state *st)
{
	return st->head_len == IMAGE_HEAD_MAX ||
	       (st->size_known && st->received >= st->size);
}

static int image_expect(struct sink *sink, uint32_t size)
{
	struct image_loader_state *st = container_of(sink, struct image_loader_state, sink);

	st->size_known = true;
	st->size = size;
	return 0;
}

static int image_write(struct sink *sink, uint32_t offset, const void *data,
		       size_t len)
{
	struct image_loader_state *st = container_of(sink, struct image_loader_state, sink);
	const uint8_t *bytes = data;

	if (st->error)
		return st->error;
	if (offset != st->received) {
		st->error = image_refuse("bytes arrived out of order (offset %lu, expected %lu)",
					 (unsigned long)offset,
					 (unsigned long)st->received);
		return st->error;
	}
	if (!st->decided) {
		size_t take = MIN(len, IMAGE_HEAD_MAX - st->head_len);

		memcpy(st->head + st->head_len, bytes, take);
		st->head_len += take;
		st->received += take;
		bytes += take;
		len -= take;
		if (!head_complete(st))
			return 0;
		st->error = decide(st);
		if (st->error)
			return st->error;
	}
	place_bytes(st, st->received, bytes, len);
	st->received += len;
	return 0;
}

struct sink *image_sink_init(struct image_loader_state *st,
			     const struct image_target *target)
{
	memset(st, 0, sizeof(*st));
	st->sink.expect = image_expect;
	st->sink.write = image_write;
	st->target = target;
	return &st->sink;
}

int image_finish(struct image_loader_state *st, struct boot_plan *plan)
{
	if (!st->error && !st->decided) {
		/* A file shorter than the head: now its size is known. */
		st->size_known = true;
		st->size = (uint32_t)st->received;
		st->error = decide(st);
	}
	if (st->error)
		return st->error;
	for (size_t i = 0; i < st->piece_count; i++) {
		const struct image_piece *p = &st->pieces[i];
		uint64_t need = p->file_off + p->file_len;

		if (need > st->received) {
			st->error = image_refuse("the file ended after %lu bytes; %s needs bytes up to 0x%llx",
						 (unsigned long)st->received,
						 p->name, LLX(need));
			return st->error;
		}
	}
	*plan = st->plan;
	return 0;
}
