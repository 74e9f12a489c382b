/*
 * LZMA1 decoder for compressed boot images (core/lzma.c).
 *
 * Our stream, as util/mklzma writes it:
 *   byte 0      properties, (pb * 5 + lp) * 9 + lc
 *   bytes 1-4   uncompressed size, little-endian
 *   bytes 5-    raw LZMA1 range-coded data with no end marker
 * There is no dictionary size: the decoder works straight in the output
 * buffer, which holds the whole uncompressed image.
 *
 * Accepted properties: lc + lp <= 4 and pb <= 4 (the same limit as
 * LZMA2), which bounds the probability table at LZMA_PROBS_MAX words.
 * The caller provides that table, so the decoder itself needs no static
 * storage; for the lc=3 lp=0 util/mklzma picks it is LZMA_PROBS(3, 0) =
 * 7991 words (15982 bytes).
 *
 * A stream of code filtered by core/call_filter.h is wrapped: byte 0 is
 * LZMA_CALL_FILTERED, then comes the stream above, whose output is the
 * filtered data, to be passed through call_filter_decode().  That byte is
 * no properties byte of any LZMA stream (they stop at (4 * 5 + 4) * 9 + 8
 * = 224), so lzma_header() and lzma_decode() refuse a wrapped stream with
 * -E_BADIMAGE: it cannot be expanded by mistake without the filter.  The
 * reader of a stream checks byte 0 and decodes from byte 1 on.
 */
#ifndef CORE_LZMA_H
#define CORE_LZMA_H

#include <stddef.h>
#include <stdint.h>

#define LZMA_HEADER_LEN 5
#define LZMA_LCLP_MAX 4
#define LZMA_PB_MAX 4
#define LZMA_CALL_FILTERED 0xE8	/* the opcode of CALL rel32 */

/* Probability words for a stream with these lc and lp. */
#define LZMA_PROBS(lc, lp) (1847u + (0x300u << ((lc) + (lp))))
#define LZMA_PROBS_MAX LZMA_PROBS(0, LZMA_LCLP_MAX)

struct lzma_header {
	unsigned lc, lp, pb;
	uint32_t size;		/* uncompressed bytes */
};

/*
 * Read and check the header of in[0..in_len).  Returns 0, -E_BADIMAGE
 * (short, or a properties byte no LZMA stream has) or -E_NOTSUP (valid
 * LZMA properties beyond our limits).
 */
int lzma_header(const uint8_t *in, size_t in_len, struct lzma_header *h);

/*
 * Decode the stream in[0..in_len) into out[0..out_len), with probs[] of
 * nprobs words as the workspace.  Returns the uncompressed size, or
 *   -E_BADIMAGE  bad header, corrupt or truncated data
 *   -E_NOTSUP    properties beyond our limits
 *   -E_TOOBIG    the declared size exceeds out_len (or INT32_MAX)
 *   -E_NOMEM     nprobs is smaller than the header's properties need
 * Never reads past in_len nor writes past out_len, whatever the input;
 * on error out[] holds partial data.  On success *in_used (if not NULL)
 * is the stream's length, header included.
 */
int lzma_decode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		size_t *in_used, uint16_t *probs, size_t nprobs);

#endif
