/*
 * Streams for tests/unit/test_lzma.c: real ones from liblzma, hand-made
 * ones from a small range encoder, and sample data shaped like i386 code.
 */
#ifndef TESTS_UNIT_LZMA_STREAMS_H
#define TESTS_UNIT_LZMA_STREAMS_H

#include <stddef.h>
#include <stdint.h>

/*
 * in[0..len) in our format (core/lzma.h) by liblzma at this preset, in a
 * heap buffer of exactly the stream's length (*out, to free); returns
 * that length, 0 if liblzma failed.
 */
size_t lzma_stream_make(const uint8_t *in, size_t len, unsigned lc, unsigned lp,
			unsigned pb, uint32_t preset, uint8_t **out);

/* len bytes of made-up i386 code with strings and tables, from seed. */
void lzma_sample_code(uint8_t *buf, size_t len, uint32_t seed);

/*
 * A range encoder for crafting streams symbol by symbol: the caller keeps
 * its own copies of the probabilities the decoder will use (start them at
 * 1024), so both adapt alike.
 */
struct rc_enc {
	uint64_t low;
	uint32_t range;
	uint8_t cache;
	size_t pending;		/* cache plus that many 0xff bytes unwritten */
	uint8_t *out;
	size_t len, cap;
};

void rc_enc_init(struct rc_enc *e, uint8_t *out, size_t cap);
void rc_enc_bit(struct rc_enc *e, uint16_t *prob, unsigned bit);
/* Bits of v, most significant of n first, in a fresh tree (all 1024). */
void rc_enc_fresh_bits(struct rc_enc *e, uint32_t v, unsigned n);
/* Write out the rest; returns the number of bytes written in all. */
size_t rc_enc_flush(struct rc_enc *e);

#endif
