/*
 * mklzma: compress a boot image into the stream core/lzma.c decodes
 * (build tool, host program).
 *
 *   mklzma IN OUT
 *
 * OUT is our header (core/lzma.h: the properties byte, the size of IN as
 * 32 bits little-endian) and raw LZMA1 data without an end marker, made
 * by liblzma (LZMA_FILTER_LZMA1EXT with no flags, which leaves the marker
 * out) at preset 9 extreme with a dictionary as big as IN.  Each lc/lp/pb
 * of CANDIDATES is tried on IN as it is and on IN through
 * call_filter_encode() (core/call_filter.h), and the smallest result kept;
 * a filtered one is written wrapped, with LZMA_CALL_FILTERED before it
 * (core/lzma.h), so that no reader can take it for plain data.  The result
 * is then decoded with core/lzma.c and, if filtered, core/call_filter.c,
 * both linked into this tool, and must give IN back byte for byte, so
 * encoder and decoder cannot drift apart unnoticed.  Prints the sizes, the
 * ratio and whether the filter was used.  Exit status 0, or 1 with a
 * message.
 */
#include <lzma.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/call_filter.h"
#include "core/lzma.h"

_Static_assert(LZMA_CALL_FILTERED >= 9 * 5 * 5, "the filter mark must be no LZMA properties byte");

/*
 * lc, lp, pb.  On the pcbios bodies (i386 code and data) lc=3 lp=0 with
 * pb 0 or 1 came out smallest, lc=4 no better; lc + lp stays at most 3,
 * so a decoder of our images needs LZMA_PROBS(3, 0) words.
 */
static const unsigned CANDIDATES[][3] = {
	{ 3, 0, 0 }, { 3, 0, 1 }, { 3, 0, 2 }, { 2, 0, 0 }, { 2, 0, 1 },
};
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			uint8_t *grown = realloc(buf, cap);

			if (!grown)
				break;
			buf = grown;
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		if (got == 0)
			break;
		n += got;
	}
	if (n == cap || ferror(f)) {	/* out of memory, or a read error */
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Our stream of in[0..len) with these properties into out; its length or 0. */
static size_t encode(const uint8_t *in, size_t len, const unsigned props[3],
		     uint8_t *out, size_t out_size)
{
	lzma_options_lzma opt;

	if (lzma_lzma_preset(&opt, 9 | LZMA_PRESET_EXTREME))
		return 0;
	opt.dict_size = len > LZMA_DICT_SIZE_MIN ? (uint32_t)len : LZMA_DICT_SIZE_MIN;
	opt.lc = props[0];
	opt.lp = props[1];
	opt.pb = props[2];
	opt.ext_flags = 0;		/* no end marker */

	lzma_filter filters[] = {
		{ .id = LZMA_FILTER_LZMA1EXT, .options = &opt },
		{ .id = LZMA_VLI_UNKNOWN },
	};
	size_t pos = LZMA_HEADER_LEN;

	if (lzma_raw_buffer_encode(filters, NULL, in, len, out, &pos, out_size) != LZMA_OK)
		return 0;
	out[0] = (uint8_t)((props[2] * 5 + props[1]) * 9 + props[0]);
	for (int i = 0; i < 4; i++)
		out[1 + i] = (uint8_t)(len >> (8 * i));
	return pos;
}

/*
 * 0 if stream[0..len), plain or wrapped (core/lzma.h), decodes with
 * core/lzma.c and then core/call_filter.c to exactly want[0..want_len).
 */
static int verify(const uint8_t *stream, size_t len, const uint8_t *want, size_t want_len)
{
	int filtered = len > 0 && stream[0] == LZMA_CALL_FILTERED;
	uint16_t *probs = malloc(LZMA_PROBS_MAX * sizeof(*probs));
	uint8_t *got = malloc(want_len + 1);
	size_t used = 0;
	int n = probs && got ? lzma_decode(stream + filtered, len - (size_t)filtered, got,
					   want_len + 1, &used, probs, LZMA_PROBS_MAX) : -1;

	if (n > 0 && filtered)
		call_filter_decode(got, (size_t)n);
	int bad = n < 0 || (size_t)n != want_len || used + (size_t)filtered != len ||
		  memcmp(got, want, want_len);

	if (bad)
		fprintf(stderr, "mklzma: core/lzma.c%s decodes the stream wrongly "
			"(result %d, %zu of %zu bytes used)\n",
			filtered ? " with core/call_filter.c" : "", n, used, len);
	free(probs);
	free(got);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: mklzma IN OUT\n");
		return 1;
	}
	size_t len;
	uint8_t *in = read_file(argv[1], &len);

	if (!in) {
		perror(argv[1]);
		return 1;
	}
	if (len > INT32_MAX) {
		fprintf(stderr, "mklzma: %s: too big\n", argv[1]);
		return 1;
	}
	/* LZMA1 has no stored blocks: data that will not compress grows a little. */
	size_t cap = 1 + LZMA_HEADER_LEN + len + len / 8 + 4096;
	uint8_t *best = malloc(cap), *try = malloc(cap), *filtered = malloc(len ? len : 1);
	size_t best_len = 0;

	if (filtered) {
		memcpy(filtered, in, len);
		call_filter_encode(filtered, len);
	}
	/* Even rounds: IN as it is; odd rounds: filtered, after the mark byte. */
	for (size_t r = 0; best && try && filtered && r < 2 * ARRAY_LEN(CANDIDATES); r++) {
		size_t mark = r % 2;
		size_t n = encode(mark ? filtered : in, len, CANDIDATES[r / 2], try + mark,
				  cap - mark);

		if (mark)
			try[0] = LZMA_CALL_FILTERED;
		if (n && (!best_len || n + mark < best_len)) {
			uint8_t *t = best;

			best = try;
			try = t;
			best_len = n + mark;
		}
	}
	if (!best_len) {
		fprintf(stderr, "mklzma: liblzma failed to compress %s\n", argv[1]);
		return 1;
	}
	if (verify(best, best_len, in, len))
		return 1;

	FILE *f = fopen(argv[2], "wb");

	if (!f || fwrite(best, 1, best_len, f) != best_len || fclose(f)) {
		perror(argv[2]);
		remove(argv[2]);
		return 1;
	}
	const uint8_t *props = best + (best[0] == LZMA_CALL_FILTERED);

	printf("  LZMA    %s: %zu -> %zu bytes (%.1f%%), lc=%u lp=%u pb=%u, call filter %s\n",
	       argv[2], len, best_len, len ? 100.0 * (double)best_len / (double)len : 0.0,
	       props[0] % 9, props[0] / 9 % 5, props[0] / 45,
	       props == best ? "off" : "on");
	free(in);
	free(filtered);
	free(best);
	free(try);
	return 0;
}
