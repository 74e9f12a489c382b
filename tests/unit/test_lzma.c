/*
 * core/lzma.c: round trips of liblzma's streams for every lc/lp/pb we
 * accept, hand-made streams for the checks on matches, and hostile input
 * in bulk (every truncation, seeded mutations, random data, bad headers).
 * Streams, outputs and probability tables are heap buffers of exactly
 * their size, so AddressSanitizer sees any access past their ends.
 */
#include "tests/unit/harness.h"
#include "tests/unit/lzma_streams.h"
#include "core/errors.h"
#include "core/lzma.h"
#include "core/random.h"
#include <lzma.h>
#include <stdlib.h>
#include <string.h>

#define PRESET_BEST (9 | LZMA_PRESET_EXTREME)

/* Decode s[0..len) into a fresh buffer of out_len bytes (*out, to free). */
static int decode(const uint8_t *s, size_t len, size_t out_len, uint8_t **out, size_t *used)
{
	struct lzma_header h;
	size_t nprobs = lzma_header(s, len, &h) == 0 ? LZMA_PROBS(h.lc, h.lp) : 1;
	uint16_t *probs = malloc(nprobs * sizeof(*probs));

	*out = malloc(out_len ? out_len : 1);
	*used = 0;
	int n = lzma_decode(s, len, *out, out_len, used, probs, nprobs);

	free(probs);
	return n;
}

static void round_trip(const uint8_t *data, size_t len, unsigned lc, unsigned lp,
		       unsigned pb, uint32_t preset)
{
	uint8_t *s, *out;
	size_t slen = lzma_stream_make(data, len, lc, lp, pb, preset, &s), used;

	CHECK(slen > 0);
	int n = decode(s, slen, len, &out, &used);

	if (n != (int)len || used != slen || memcmp(out, data, len) != 0)
		test_fail(__FILE__, __LINE__, "lc=%u lp=%u pb=%u len %zu: result %d, used %zu of %zu",
			  lc, lp, pb, len, n, used, slen);
	free(out);
	free(s);
}

static uint8_t *random_bytes(size_t len, uint32_t seed)
{
	uint8_t *b = malloc(len ? len : 1);

	random_seed(seed);
	for (size_t i = 0; i < len; i++)
		b[i] = (uint8_t)random_u32();
	return b;
}

TEST(lzma_round_trips)
{
	static const uint8_t one[1] = { 0x5a };
	size_t big = 96 * 1024;
	uint8_t *same = malloc(big), *code = malloc(big), *noise = random_bytes(big, 7);

	memset(same, 'a', big);
	lzma_sample_code(code, big, 1);
	round_trip(one, 0, 3, 0, 0, PRESET_BEST);
	round_trip(one, 1, 3, 0, 0, PRESET_BEST);
	round_trip(same, big, 3, 0, 0, PRESET_BEST);
	for (size_t i = 0; i < big; i++)
		same[i] = "abcabcabd"[i % 9];
	round_trip(same, big, 3, 0, 0, PRESET_BEST);
	round_trip(noise, big, 3, 0, 0, PRESET_BEST);
	round_trip(code, big, 3, 0, 0, PRESET_BEST);
	round_trip(code, 40 * 1024, 3, 0, 1, PRESET_BEST);
	/* Long distances and slots with direct bits: code, then noise, then code again. */
	memcpy(noise + big / 2, code, big / 2);
	memcpy(noise, code + 1000, 1000);
	round_trip(noise, big, 3, 0, 0, 6);
	free(same);
	free(code);
	free(noise);
}

TEST(lzma_every_property)
{
	size_t len = 12 * 1024;
	uint8_t *data = malloc(len);

	lzma_sample_code(data, len, 2);
	memset(data + 4000, 0, 600);
	for (unsigned lc = 0; lc <= LZMA_LCLP_MAX; lc++)
		for (unsigned lp = 0; lc + lp <= LZMA_LCLP_MAX; lp++)
			for (unsigned pb = 0; pb <= LZMA_PB_MAX; pb++)
				round_trip(data, len, lc, lp, pb, 6);
	free(data);
}

TEST(lzma_trailing_bytes_ignored)
{
	uint8_t data[3000], *s, *out;
	size_t used;

	lzma_sample_code(data, sizeof(data), 3);
	size_t slen = lzma_stream_make(data, sizeof(data), 3, 0, 0, PRESET_BEST, &s);
	uint8_t *longer = malloc(slen + 16);

	memcpy(longer, s, slen);
	memset(longer + slen, 0xa5, 16);
	CHECK_EQ(decode(longer, slen + 16, sizeof(data), &out, &used), sizeof(data));
	CHECK_EQ(used, slen);
	CHECK(memcmp(out, data, sizeof(data)) == 0);
	free(out);
	free(longer);
	free(s);
}

/* A stream by hand: header, then symbols through craft(). */
struct crafted {
	uint8_t buf[64];
	struct rc_enc e;
};

static void craft_start(struct crafted *c, uint8_t props, uint32_t size)
{
	c->buf[0] = props;
	for (int i = 0; i < 4; i++)
		c->buf[1 + i] = (uint8_t)(size >> (8 * i));
	rc_enc_init(&c->e, c->buf + LZMA_HEADER_LEN, sizeof(c->buf) - LZMA_HEADER_LEN);
}

static int craft_decode(struct crafted *c, size_t out_len, uint8_t **out)
{
	size_t len = LZMA_HEADER_LEN + rc_enc_flush(&c->e), used;

	CHECK(len <= sizeof(c->buf));
	uint8_t *s = malloc(len);

	memcpy(s, c->buf, len);
	int n = decode(s, len, out_len, out, &used);

	free(s);
	return n;
}

/* At the start (state 0, nothing adapted yet): a match of length 2 + len_low at slot. */
static void craft_match(struct crafted *c, uint16_t *is_match, unsigned len_low, unsigned slot)
{
	rc_enc_bit(&c->e, is_match, 1);
	rc_enc_fresh_bits(&c->e, 0, 1);		/* not a repeat */
	rc_enc_fresh_bits(&c->e, 0, 1);		/* short length */
	rc_enc_fresh_bits(&c->e, len_low, 3);
	rc_enc_fresh_bits(&c->e, slot, 6);
}

TEST(lzma_crafted_streams)
{
	struct crafted c;
	uint8_t *out;
	uint16_t is_match;

	/* One literal: checks the crafting itself. */
	craft_start(&c, 3, 1);
	is_match = 1024;
	rc_enc_bit(&c.e, &is_match, 0);
	rc_enc_fresh_bits(&c.e, 'A', 8);
	CHECK_EQ(craft_decode(&c, 1, &out), 1);
	CHECK_EQ(out[0], 'A');
	free(out);

	/* 'A', then a match at distance 1 of length 2: "AAA". */
	craft_start(&c, 3, 3);
	is_match = 1024;
	rc_enc_bit(&c.e, &is_match, 0);
	rc_enc_fresh_bits(&c.e, 'A', 8);
	craft_match(&c, &is_match, 0, 0);
	CHECK_EQ(craft_decode(&c, 3, &out), 3);
	CHECK(memcmp(out, "AAA", 3) == 0);
	free(out);

	/* The same match one byte longer than the declared size leaves room for. */
	craft_start(&c, 3, 3);
	is_match = 1024;
	rc_enc_bit(&c.e, &is_match, 0);
	rc_enc_fresh_bits(&c.e, 'A', 8);
	craft_match(&c, &is_match, 1, 0);
	CHECK_EQ(craft_decode(&c, 16, &out), -E_BADIMAGE);
	free(out);

	/* Distance 2 after one byte: before the start of the output. */
	craft_start(&c, 3, 3);
	is_match = 1024;
	rc_enc_bit(&c.e, &is_match, 0);
	rc_enc_fresh_bits(&c.e, 'A', 8);
	craft_match(&c, &is_match, 0, 1);
	CHECK_EQ(craft_decode(&c, 3, &out), -E_BADIMAGE);
	free(out);

	/* A match, and a short repeat, as the very first symbol. */
	craft_start(&c, 3, 2);
	is_match = 1024;
	craft_match(&c, &is_match, 0, 0);
	CHECK_EQ(craft_decode(&c, 2, &out), -E_BADIMAGE);
	free(out);
	craft_start(&c, 3, 1);
	rc_enc_fresh_bits(&c.e, 0xc, 4);	/* match, repeat, rep0, short */
	CHECK_EQ(craft_decode(&c, 1, &out), -E_BADIMAGE);
	free(out);

	/* The end marker (distance 0xffffffff) is not part of our format. */
	craft_start(&c, 3, 1);
	is_match = 1024;
	rc_enc_bit(&c.e, &is_match, 0);
	rc_enc_fresh_bits(&c.e, 'A', 8);
	craft_match(&c, &is_match, 0, 63);
	rc_enc_fresh_bits(&c.e, 0x3ffffff, 26);
	rc_enc_fresh_bits(&c.e, 0xf, 4);
	CHECK_EQ(craft_decode(&c, 16, &out), -E_BADIMAGE);
	free(out);
}

TEST(lzma_bad_headers)
{
	uint8_t data[500], *s, *out;
	size_t used;

	lzma_sample_code(data, sizeof(data), 4);
	size_t slen = lzma_stream_make(data, sizeof(data), 3, 0, 0, PRESET_BEST, &s);

	for (unsigned p = 9 * 5 * 5; p < 256; p++) {
		s[0] = (uint8_t)p;
		CHECK_EQ(decode(s, slen, sizeof(data), &out, &used), -E_BADIMAGE);
		free(out);
	}
	s[0] = (0 * 5 + 1) * 9 + 4;		/* lc=4 lp=1: valid LZMA, not ours */
	CHECK_EQ(decode(s, slen, sizeof(data), &out, &used), -E_NOTSUP);
	free(out);
	s[0] = (4 * 5 + 4) * 9 + 4;		/* lc=4 lp=4 pb=4 */
	CHECK_EQ(decode(s, slen, sizeof(data), &out, &used), -E_NOTSUP);
	free(out);
	s[0] = 3;

	/* Declared size beyond the buffer: refused before any byte is written. */
	out = malloc(sizeof(data) - 1);
	memset(out, 0xee, sizeof(data) - 1);
	uint16_t *probs = malloc(LZMA_PROBS_MAX * sizeof(*probs));

	CHECK_EQ(lzma_decode(s, slen, out, sizeof(data) - 1, &used, probs, LZMA_PROBS_MAX),
		 -E_TOOBIG);
	CHECK(out[0] == 0xee && out[sizeof(data) - 2] == 0xee);
	s[4] = 0x80;				/* 2 GiB and more */
	CHECK_EQ(lzma_decode(s, slen, out, SIZE_MAX, &used, probs, LZMA_PROBS_MAX), -E_TOOBIG);
	s[4] = 0;

	free(out);

	/* A table too small for the properties. */
	out = malloc(sizeof(data));
	CHECK_EQ(lzma_decode(s, slen, out, sizeof(data), &used, probs, LZMA_PROBS(3, 0) - 1),
		 -E_NOMEM);
	CHECK_EQ(lzma_decode(s, slen, out, sizeof(data), &used, probs, LZMA_PROBS(3, 0)),
		 sizeof(data));
	free(out);

	/* The range coder's first byte must be 0. */
	s[LZMA_HEADER_LEN] = 1;
	CHECK_EQ(decode(s, slen, sizeof(data), &out, &used), -E_BADIMAGE);
	free(out);
	free(probs);
	free(s);
}

TEST(lzma_every_truncation)
{
	uint8_t data[2000], *s, *out;
	size_t used;

	lzma_sample_code(data, sizeof(data), 5);
	size_t slen = lzma_stream_make(data, sizeof(data), 3, 0, 0, PRESET_BEST, &s);

	for (size_t cut = 0; cut < slen; cut++) {
		uint8_t *t = malloc(cut ? cut : 1);

		memcpy(t, s, cut);
		int n = decode(t, cut, sizeof(data), &out, &used);

		if (n >= 0)
			test_fail(__FILE__, __LINE__, "cut at %zu of %zu decodes (%d)", cut, slen, n);
		free(out);
		free(t);
	}
	free(s);
}

TEST(lzma_mutations)
{
	size_t len = 6000;
	uint8_t *data = malloc(len), *s, *out;
	unsigned refused = 0, accepted = 0;
	size_t used;

	lzma_sample_code(data, len, 6);
	size_t slen = lzma_stream_make(data, len, 3, 0, 0, PRESET_BEST, &s);
	uint8_t *m = malloc(slen);

	random_seed(0x4c5a4d41);
	for (int round = 0; round < 4000; round++) {
		memcpy(m, s, slen);
		for (uint32_t k = 1 + random_below(4); k; k--) {
			/* Mostly the coded data; the header now and then. */
			size_t at = random_below(10) ? LZMA_HEADER_LEN + random_below((uint32_t)slen - LZMA_HEADER_LEN)
						     : random_below(LZMA_HEADER_LEN);

			m[at] = (uint8_t)random_u32();
		}
		int n = decode(m, slen, len, &out, &used);

		CHECK(n < 0 || ((size_t)n <= len && used <= slen));
		if (n < 0)
			refused++;
		else
			accepted++;
		free(out);
	}
	CHECK(refused > 3000);
	free(m);
	free(s);
	free(data);
}

TEST(lzma_random_streams)
{
	unsigned refused = 0;

	for (uint32_t round = 0; round < 2000; round++) {
		size_t len = 10 + round % 300;
		uint8_t *s = random_bytes(len, round), *out;
		size_t used, out_len = round % 3 ? 4096 : 64;

		s[0] = (uint8_t)(s[0] % (9 * 5 * 3));	/* lc+lp may still be too big */
		s[1] = (uint8_t)out_len;
		s[2] = (uint8_t)(out_len >> 8);
		s[3] = s[4] = 0;
		s[LZMA_HEADER_LEN] = 0;
		int n = decode(s, len, out_len, &out, &used);

		CHECK(n < 0 || (size_t)n == out_len);
		refused += n < 0;
		free(out);
		free(s);
	}
	CHECK(refused > 1900);
}
