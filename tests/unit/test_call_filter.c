/*
 * core/call_filter.c: known conversions, exact round trips (both ways) on
 * random data, on every short buffer over a small alphabet of E8, E9, 00
 * and FF bytes (overlapping opcodes, fields at the tail), on sample code
 * and on the real compressed body's contents when the build made it; and
 * wrapped streams (core/lzma.h) decoded the way rom/pcbios/unpack.c does,
 * damaged at random.  Buffers are heap blocks of exactly their length, so
 * AddressSanitizer sees any access past their ends.
 */
#include "tests/unit/harness.h"
#include "tests/unit/lzma_streams.h"
#include "core/call_filter.h"
#include "core/errors.h"
#include "core/lzma.h"
#include "core/random.h"
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The flat image of the compressed e1000 body (mk/pcbios_lz.mk). */
#define REAL_BODY "build/pcbios/e1000-lz.bin"

static uint8_t *copy(const uint8_t *data, size_t len)
{
	uint8_t *b = malloc(len ? len : 1);

	memcpy(b, data, len);
	return b;
}

/* decode(encode(x)) == x and encode(decode(x)) == x; the number of bytes encoding changed. */
static size_t round_trip(const uint8_t *data, size_t len)
{
	uint8_t *b = copy(data, len);
	size_t changed = 0;

	call_filter_encode(b, len);
	for (size_t i = 0; i < len; i++)
		changed += b[i] != data[i];
	call_filter_decode(b, len);
	CHECK(memcmp(b, data, len) == 0);
	call_filter_decode(b, len);
	call_filter_encode(b, len);
	CHECK(memcmp(b, data, len) == 0);
	free(b);
	return changed;
}

static uint32_t field(const uint8_t *b, size_t at)
{
	return b[at] | (uint32_t)b[at + 1] << 8 | (uint32_t)b[at + 2] << 16 | (uint32_t)b[at + 3] << 24;
}

/* len bytes with one opcode op at `at` and the field v after it, encoded. */
static uint32_t encode_one(size_t len, size_t at, uint8_t op, uint32_t v)
{
	uint8_t *b = calloc(len, 1);

	b[at] = op;
	for (int k = 0; k < 4 && at + 1 + k < len; k++)
		b[at + 1 + k] = (uint8_t)(v >> (8 * k));
	call_filter_encode(b, len);
	CHECK(b[at] == op);
	uint32_t got = at + 5 <= len ? field(b, at + 1) : 0;

	free(b);
	return got;
}

TEST(call_filter_known_values)
{
	/* Displacement + offset of the next instruction. */
	CHECK_EQ(encode_one(32, 16, 0xE8, 0x100), 0x115);
	CHECK_EQ(encode_one(32, 16, 0xE9, 0x100), 0x115);
	CHECK_EQ(encode_one(32, 16, 0xE8, (uint32_t)-21), 0);
	CHECK_EQ(encode_one(32, 16, 0xE8, (uint32_t)-30), (uint32_t)-9);
	/* Wraps within [-2^20, 2^20). */
	CHECK_EQ(encode_one(8, 0, 0xE8, 0xFFFFFu), 0xFFF00004u);
	CHECK_EQ(encode_one(8, 0, 0xE8, 0xFFF00000u), 0xFFF00005u);
	/* Fields outside that class, and other opcodes, stay. */
	CHECK_EQ(encode_one(8, 0, 0xE8, 0x100000u), 0x100000u);
	CHECK_EQ(encode_one(8, 0, 0xE8, 0xFFEFFFFFu), 0xFFEFFFFFu);
	CHECK_EQ(encode_one(8, 0, 0xEA, 0x100), 0x100);
	/* The last place a whole field fits, and one past it. */
	CHECK_EQ(encode_one(9, 4, 0xE8, 0x10), 0x19);
	CHECK_EQ(encode_one(9, 5, 0xE8, 0x10), 0);
	/* After an opcode the scan skips its field: the E8 inside is data. */
	uint8_t b[10] = { 0xE8, 0xE8, 0, 0, 0, 0, 0, 0, 0, 0 };

	call_filter_encode(b, sizeof(b));
	CHECK_EQ(field(b, 1), 0xE8 + 5);
	CHECK_EQ(b[5], 0);
}

TEST(call_filter_random_data)
{
	random_seed(0xCA11);
	for (size_t len = 0; len < 3000; len += 1 + len / 8) {
		uint8_t *b = malloc(len ? len : 1);

		for (size_t i = 0; i < len; i++)
			b[i] = (uint8_t)random_u32();
		round_trip(b, len);
		free(b);
	}
}

/* Every buffer of up to 8 bytes from {E8, E9, 00, FF}, and longer random ones. */
TEST(call_filter_opcode_soup)
{
	static const uint8_t alphabet[4] = { 0xE8, 0xE9, 0x00, 0xFF };
	uint8_t b[8];
	size_t changed = 0;

	for (size_t len = 0; len <= sizeof(b); len++)
		for (uint32_t n = 0; n < 1u << (2 * len); n++) {
			for (size_t i = 0; i < len; i++)
				b[i] = alphabet[n >> (2 * i) & 3];
			uint8_t *exact = copy(b, len);

			changed += round_trip(exact, len);
			free(exact);
		}
	CHECK(changed > 0);
	random_seed(0xE8E9);
	for (int round = 0; round < 200; round++) {
		size_t len = random_below(400);
		uint8_t *r = malloc(len ? len : 1);

		for (size_t i = 0; i < len; i++)
			r[i] = alphabet[random_below(4)];
		round_trip(r, len);
		free(r);
	}
}

TEST(call_filter_sample_code)
{
	size_t len = 64 * 1024;
	uint8_t *code = malloc(len);

	lzma_sample_code(code, len, 3);
	round_trip(code, len);
	free(code);
}

TEST(call_filter_real_body)
{
	FILE *f = fopen(REAL_BODY, "rb");

	if (!f) {
		printf("INFO call_filter_real_body: %s not built, skipped\n", REAL_BODY);
		return;
	}
	size_t cap = 1 << 20, len;
	uint8_t *buf = malloc(cap);

	len = fread(buf, 1, cap, f);
	fclose(f);
	uint8_t *body = copy(buf, len);

	free(buf);
	CHECK(len > 0 && len < cap);
	CHECK(round_trip(body, len) > 0);
	free(body);
}

/* Decode a plain or wrapped stream as unpack.c does, into exactly out_len bytes. */
static int unpack_like(const uint8_t *s, size_t len, size_t out_len)
{
	uint16_t *probs = malloc(LZMA_PROBS(3, 0) * sizeof(*probs));
	uint8_t *out = malloc(out_len);
	size_t filtered = len > 0 && s[0] == LZMA_CALL_FILTERED;
	int n = lzma_decode(s + filtered, len - filtered, out, out_len, NULL, probs, LZMA_PROBS(3, 0));

	if (n >= 0 && filtered)
		call_filter_decode(out, (size_t)n);
	free(out);
	free(probs);
	return n;
}

TEST(call_filter_wrapped_streams)
{
	size_t len = 6000;
	uint8_t *data = malloc(len), *plain;

	lzma_sample_code(data, len, 9);
	uint8_t *filtered = copy(data, len);

	call_filter_encode(filtered, len);
	size_t plen = lzma_stream_make(filtered, len, 3, 0, 0, 9 | LZMA_PRESET_EXTREME, &plain);
	size_t slen = plen + 1;
	uint8_t *s = malloc(slen), *m = malloc(slen);

	CHECK(plen > 0);
	s[0] = LZMA_CALL_FILTERED;
	memcpy(s + 1, plain, plen);
	/* Without the filter a wrapped stream is refused, not misread. */
	uint16_t *probs = malloc(LZMA_PROBS_MAX * sizeof(*probs));
	uint8_t *out = malloc(len);

	CHECK_EQ(lzma_decode(s, slen, out, len, NULL, probs, LZMA_PROBS_MAX), -E_BADIMAGE);
	free(probs);
	free(out);
	CHECK_EQ(unpack_like(s, slen, len), (int)len);

	unsigned refused = 0;

	random_seed(0xBC1);
	for (int round = 0; round < 3000; round++) {
		memcpy(m, s, slen);
		for (uint32_t k = 1 + random_below(3); k; k--)
			m[random_below((uint32_t)slen)] = (uint8_t)random_u32();
		int n = unpack_like(m, slen, len);

		CHECK(n < 0 || (size_t)n <= len);
		refused += n < 0;
	}
	CHECK(refused > 2000);
	free(m);
	free(s);
	free(plain);
	free(filtered);
	free(data);
}
