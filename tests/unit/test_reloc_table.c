/*
 * rom/pcbios/reloc_table.c: round trips of the relocation table, its exact
 * bytes for a small case, and damaged tables (every truncation, every
 * single-byte change, places out of bounds, bad numbers).  Tables are heap
 * buffers of exactly their size, so AddressSanitizer sees any read past
 * their ends.
 */
#include "tests/unit/harness.h"
#include "core/random.h"
#include "rom/pcbios/reloc_table.h"
#include <stdlib.h>
#include <string.h>

/* A body like the real ones: .text16 at 0x8000, the moving part at 0x14000. */
static const struct reloc_bounds bounds = {
	.base = 0x8000,
	.stay_start = 0x8000, .stay_end = 0x8c5c,
	.move_start = 0x14000, .move_end = 0x1e484,
};

#define MAX_PLACES 64

struct places {
	uint32_t add[MAX_PLACES], sub[MAX_PLACES];
	uint32_t adds, subs;
	bool overflow;
};

static void collect(void *ctx, uint32_t site, bool subtract)
{
	struct places *p = ctx;
	uint32_t *n = subtract ? &p->subs : &p->adds;

	if (*n == MAX_PLACES) {
		p->overflow = true;
		return;
	}
	(subtract ? p->sub : p->add)[(*n)++] = site;
}

/* Copy bytes into a heap buffer of exactly len bytes and walk it. */
static int walk_copy(const uint8_t *bytes, size_t len, struct places *got, size_t *bad)
{
	uint8_t *t = malloc(len ? len : 1);

	memcpy(t, bytes, len);
	memset(got, 0, sizeof(*got));
	int n = reloc_walk(t, t + len, &bounds, collect, got, bad);

	free(t);
	return n;
}

static size_t encode(const struct places *p, uint8_t *out, size_t room)
{
	return reloc_encode(p->add, p->adds, p->sub, p->subs, bounds.base, out, room);
}

static void round_trip(const struct places *p)
{
	uint8_t table[RELOC_TABLE_MAX(2 * MAX_PLACES)];
	struct places got;
	size_t bad, len = encode(p, table, sizeof(table));

	CHECK(len > 0);
	CHECK(len <= RELOC_TABLE_MAX(p->adds + p->subs));
	CHECK_EQ(walk_copy(table, len, &got, &bad), 0);
	CHECK(!got.overflow);
	CHECK_EQ(got.adds, p->adds);
	CHECK_EQ(got.subs, p->subs);
	CHECK(!memcmp(got.add, p->add, p->adds * sizeof(uint32_t)));
	CHECK(!memcmp(got.sub, p->sub, p->subs * sizeof(uint32_t)));
	/* Checking only (fn NULL) accepts it as well. */
	CHECK_EQ(reloc_walk(table, table + len, &bounds, NULL, NULL, &bad), 0);
}

TEST(reloc_exact_bytes)
{
	/* Adds at 0x8000 (gap 0), 0x8004 (gap 0), 0x8088 (gap 0x80: two
	 * bytes) and 0x14000 (gap 0xBF74: three bytes); a subtract at
	 * 0x1e480, the last word before the table (gap 0x16480). */
	struct places p = { .add = { 0x8000, 0x8004, 0x8088, 0x14000 }, .adds = 4,
			    .sub = { 0x1e480 }, .subs = 1 };
	static const uint8_t want[] = { 4, 1, 0x00, 0x00, 0x80, 0x01, 0xF4, 0xFE, 0x02,
					0x80, 0xC9, 0x05 };
	uint8_t table[64];

	CHECK_EQ(encode(&p, table, sizeof(table)), sizeof(want));
	CHECK(!memcmp(table, want, sizeof(want)));
	round_trip(&p);
	/* One byte short of room fails cleanly. */
	CHECK_EQ(encode(&p, table, sizeof(want) - 1), 0);
}

TEST(reloc_empty_and_one_kind)
{
	struct places none = { .adds = 0 }, adds = { .add = { 0x8c58 }, .adds = 1 },
		      subs = { .sub = { 0x14000, 0x14004 }, .subs = 2 };
	uint8_t table[16];

	CHECK_EQ(encode(&none, table, sizeof(table)), 2);
	round_trip(&none);
	round_trip(&adds);
	round_trip(&subs);
}

TEST(reloc_encode_refuses_disorder)
{
	struct places overlap = { .add = { 0x14000, 0x14003 }, .adds = 2 },
		      down = { .sub = { 0x14010, 0x14000 }, .subs = 2 },
		      below = { .add = { 0x7ffc }, .adds = 1 };
	uint8_t table[64];

	CHECK_EQ(encode(&overlap, table, sizeof(table)), 0);
	CHECK_EQ(encode(&down, table, sizeof(table)), 0);
	CHECK_EQ(encode(&below, table, sizeof(table)), 0);
}

/* Random sorted, non-overlapping places inside the bounds. */
static void random_places(struct places *p)
{
	memset(p, 0, sizeof(*p));
	for (int kind = 0; kind < 2; kind++) {
		uint32_t *list = kind ? p->sub : p->add, *n = kind ? &p->subs : &p->adds;
		uint32_t at = kind ? bounds.move_start : bounds.stay_start;

		for (unsigned want = random_u32() % MAX_PLACES; *n < want;) {
			/* Mostly small gaps, sometimes large ones. */
			at += random_u32() % 4 ? random_u32() % 200 : random_u32() % 0x4000;
			if (!kind && at + 4 > bounds.stay_end && at < bounds.move_start)
				at = bounds.move_start + random_u32() % 64;
			if (at + 4 > bounds.move_end)
				break;
			list[(*n)++] = at;
			at += 4;
		}
	}
}

TEST(reloc_round_trip_random)
{
	random_seed(0x7e10c);
	for (int i = 0; i < 500; i++) {
		struct places p;

		random_places(&p);
		round_trip(&p);
	}
}

/* Walking a damaged table must stop with -1 (or, when the change still
 * makes a valid table, 0) and only ever report places inside the bounds,
 * a subtract place only in the moving part. */
static void check_damaged(const uint8_t *t, size_t len)
{
	struct places got;
	size_t bad = (size_t)-1;
	int n = walk_copy(t, len, &got, &bad);

	CHECK(n == 0 || n == -1);
	if (n < 0)
		CHECK(bad <= len);
	CHECK(!got.overflow || n < 0);
	for (uint32_t i = 0; i < got.adds && i < MAX_PLACES; i++)
		CHECK((got.add[i] >= bounds.stay_start && got.add[i] + 4 <= bounds.stay_end) ||
		      (got.add[i] >= bounds.move_start && got.add[i] + 4 <= bounds.move_end));
	for (uint32_t i = 0; i < got.subs && i < MAX_PLACES; i++)
		CHECK(got.sub[i] >= bounds.move_start && got.sub[i] + 4 <= bounds.move_end);
}

TEST(reloc_damaged_tables)
{
	random_seed(0xda3a9e);
	for (int round = 0; round < 60; round++) {
		struct places p;
		uint8_t table[RELOC_TABLE_MAX(2 * MAX_PLACES)], copy[sizeof(table) + 1];
		size_t len;

		random_places(&p);
		len = encode(&p, table, sizeof(table));
		CHECK(len > 0);
		/* Every truncation is refused: a count or a gap is cut short. */
		for (size_t cut = 0; cut < len; cut++) {
			struct places got;
			size_t bad;

			CHECK_EQ(walk_copy(table, cut, &got, &bad), -1);
			CHECK(bad <= cut);
		}
		/* A byte more is refused. */
		memcpy(copy, table, len);
		copy[len] = 0;
		{
			struct places got;
			size_t bad;

			CHECK_EQ(walk_copy(copy, len + 1, &got, &bad), -1);
			CHECK_EQ(bad, len);
		}
		/* Every single-byte change stays within the bounds. */
		for (size_t i = 0; i < len; i++) {
			memcpy(copy, table, len);
			copy[i] ^= (uint8_t)(1 + random_u32() % 255);
			check_damaged(copy, len);
		}
	}
	/* Random bytes. */
	for (int round = 0; round < 2000; round++) {
		uint8_t junk[48];
		size_t len = random_u32() % sizeof(junk);

		for (size_t i = 0; i < len; i++)
			junk[i] = (uint8_t)random_u32();
		check_damaged(junk, len);
	}
}

TEST(reloc_bad_numbers_and_bounds)
{
	struct places got;
	size_t bad;
	/* A count over 32 bits; a sixth byte; huge counts with no bytes. */
	static const uint8_t too_big[] = { 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0 };
	static const uint8_t too_long[] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0 };
	static const uint8_t huge_counts[] = { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00 };
	/* An add place in the gap between .text16 and the moving part; one
	 * whose word crosses the end of .text16; a subtract place in .text16;
	 * one whose word would reach the table; a gap that wraps 32 bits. */
	static const uint8_t in_gap[] = { 1, 0, 0xD0, 0x19 };		/* 0x8cd0 */
	static const uint8_t crosses[] = { 1, 0, 0xDA, 0x18 };		/* 0x8c5a */
	static const uint8_t sub_low[] = { 0, 1, 0x10 };		/* 0x8010 */
	static const uint8_t sub_high[] = { 0, 1, 0x82, 0xC9, 0x05 };	/* 0x1e482 */
	static const uint8_t wraps[] = { 2, 0, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F };
	static const uint8_t last_ok[] = { 1, 0, 0xD8, 0x18 };		/* 0x8c58 */

	CHECK_EQ(walk_copy(too_big, sizeof(too_big), &got, &bad), -1);
	CHECK_EQ(bad, 5);
	CHECK_EQ(walk_copy(too_long, sizeof(too_long), &got, &bad), -1);
	CHECK_EQ(bad, 5);
	CHECK_EQ(walk_copy(huge_counts, sizeof(huge_counts), &got, &bad), -1);
	CHECK_EQ(bad, 6);
	CHECK_EQ(walk_copy(in_gap, sizeof(in_gap), &got, &bad), -1);
	CHECK_EQ(got.adds, 0);
	CHECK_EQ(walk_copy(crosses, sizeof(crosses), &got, &bad), -1);
	CHECK_EQ(walk_copy(sub_low, sizeof(sub_low), &got, &bad), -1);
	CHECK_EQ(walk_copy(sub_high, sizeof(sub_high), &got, &bad), -1);
	CHECK_EQ(walk_copy(wraps, sizeof(wraps), &got, &bad), -1);
	CHECK_EQ(got.adds, 1);
	CHECK_EQ(walk_copy(last_ok, sizeof(last_ok), &got, &bad), 0);
	CHECK_EQ(got.add[0], 0x8c58);
}
