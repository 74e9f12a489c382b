/*
 * LZMA1 decoder; our stream header and limits are in core/lzma.h.
 *
 * The format facts used here (the range coder and its 11-bit adaptive
 * probabilities, the 12-state machine, literal contexts from lc and lp,
 * position states from pb, distance slots with direct and align bits, the
 * four repeat distances) come from the public description of the format:
 * "LZMA specification" by Igor Pavlov (lzma-specification.txt, placed in
 * the public domain), sections "The range decoder", "Literals", "Length
 * decoder", "Distance decoder" and "The main loop".
 *
 * Hostile input: every probability index is bounded by the table layout
 * below whatever bits the data yields; a match must start within the bytes
 * already written and end within the declared size; the range decoder
 * never reads past in_len and a stream that wants more input is refused.
 * Each pass of the main loop writes at least one byte, so the loop ends
 * after at most the declared size passes.  The last check is that the
 * range decoder's code is 0: the encoder's final flush leaves it so.
 */
#include "core/lzma.h"
#include "core/errors.h"

#define STATES 12
#define POS_STATES 16		/* 1 << LZMA_PB_MAX */
#define LEN_PROBS 514		/* choice, choice 2, 16 x 8 low, 16 x 8 mid, 256 high */
#define PROB_INIT 1024		/* one half, of 2048 */
#define TOP (1u << 24)		/* the range decoder reads a byte below this */

/* The probability table: one flat array of words, in this order. */
enum {
	P_IS_MATCH = 0,					/* [state][pos state] */
	P_IS_REP = P_IS_MATCH + STATES * POS_STATES,	/* [state] */
	P_IS_REP_G0 = P_IS_REP + STATES,
	P_IS_REP_G1 = P_IS_REP_G0 + STATES,
	P_IS_REP_G2 = P_IS_REP_G1 + STATES,
	P_IS_REP0_LONG = P_IS_REP_G2 + STATES,		/* [state][pos state] */
	P_SLOT = P_IS_REP0_LONG + STATES * POS_STATES,	/* [length state][64] */
	P_SPEC = P_SLOT + 4 * 64,	/* reverse trees of slots 4..13, from 1 */
	P_ALIGN = P_SPEC + 115,		/* reverse tree of 4 align bits */
	P_LEN = P_ALIGN + 16,
	P_REP_LEN = P_LEN + LEN_PROBS,
	P_LITERAL = P_REP_LEN + LEN_PROBS	/* 0x300 per literal context */
};
_Static_assert(LZMA_PROBS(0, 0) == P_LITERAL + 0x300, "core/lzma.h's table size");

struct rc {
	uint32_t range, code;
	const uint8_t *in, *end;
	uint16_t *p;
	int overrun;		/* wanted a byte past the end */
};

static void rc_normalize(struct rc *rc)
{
	if (rc->range >= TOP)
		return;
	rc->range <<= 8;
	rc->code <<= 8;
	if (rc->in < rc->end)
		rc->code |= *rc->in++;
	else
		rc->overrun = 1;
}

/* One bit under the probability *prob (of a 0), which then adapts. */
static unsigned rc_bit(struct rc *rc, uint16_t *prob)
{
	unsigned p = *prob;
	uint32_t bound = (rc->range >> 11) * p;
	unsigned bit = rc->code >= bound;

	if (bit) {
		rc->range -= bound;
		rc->code -= bound;
		p -= p >> 5;
	} else {
		rc->range = bound;
		p += (2048 - p) >> 5;
	}
	*prob = (uint16_t)p;
	rc_normalize(rc);
	return bit;
}

/* n bits of even odds, most significant first. */
static uint32_t rc_direct(struct rc *rc, unsigned n)
{
	uint32_t v = 0;

	while (n--) {
		rc->range >>= 1;
		v <<= 1;
		if (rc->code >= rc->range) {
			rc->code -= rc->range;
			v |= 1;
		}
		rc_normalize(rc);
	}
	return v;
}

/* A tree of n bits, most significant first; uses p[1 .. 1 << n). */
static unsigned rc_tree(struct rc *rc, uint16_t *p, unsigned n)
{
	unsigned node = 1;

	for (unsigned i = 0; i < n; i++)
		node = node << 1 | rc_bit(rc, &p[node]);
	return node - (1u << n);
}

/* The same tree with the bits in the other order (least significant first). */
static unsigned rc_tree_reverse(struct rc *rc, uint16_t *p, unsigned n)
{
	unsigned node = 1, v = 0;

	for (unsigned i = 0; i < n; i++) {
		unsigned bit = rc_bit(rc, &p[node]);

		node = node << 1 | bit;
		v |= bit << i;
	}
	return v;
}

/* A match length less 2: 0..7, 8..15 (per pos state) or 16..271. */
static unsigned decode_len(struct rc *rc, uint16_t *p, unsigned pos_state)
{
	if (!rc_bit(rc, &p[0]))
		return rc_tree(rc, &p[2 + 8 * pos_state], 3);
	if (!rc_bit(rc, &p[1]))
		return 8 + rc_tree(rc, &p[2 + 128 + 8 * pos_state], 3);
	return 16 + rc_tree(rc, &p[2 + 256], 8);
}

/* A match distance less 1, for a match of length len + 2. */
static uint32_t decode_dist(struct rc *rc, unsigned len)
{
	unsigned slot = rc_tree(rc, &rc->p[P_SLOT + 64 * (len < 3 ? len : 3)], 6);

	if (slot < 4)
		return slot;
	unsigned n = (slot >> 1) - 1;
	uint32_t d = (uint32_t)(2 | (slot & 1)) << n;

	if (slot < 14)
		return d + rc_tree_reverse(rc, &rc->p[P_SPEC + d - slot], n);
	d += rc_direct(rc, n - 4) << 4;
	return d + rc_tree_reverse(rc, &rc->p[P_ALIGN], 4);
}

/*
 * A literal from its context's 0x300 words.  After a match the bits are
 * first coded against the byte at the last distance (match), in p[0x100 +
 * 0x100 * bit of match + node], until one differs; then in p[node].
 */
static uint8_t decode_literal(struct rc *rc, uint16_t *p, unsigned match, int follow)
{
	unsigned node = 1;

	while (node < 0x100) {
		unsigned mbit = (match >> 7) & 1;
		unsigned bit;

		match <<= 1;
		if (follow) {
			bit = rc_bit(rc, &p[0x100 + 0x100 * mbit + node]);
			follow = bit == mbit;
		} else {
			bit = rc_bit(rc, &p[node]);
		}
		node = node << 1 | bit;
	}
	return (uint8_t)node;
}

int lzma_header(const uint8_t *in, size_t in_len, struct lzma_header *h)
{
	if (in_len < LZMA_HEADER_LEN || in[0] >= 9 * 5 * 5)
		return -E_BADIMAGE;
	h->lc = in[0] % 9;
	h->lp = in[0] / 9 % 5;
	h->pb = in[0] / 45;
	h->size = in[1] | (uint32_t)in[2] << 8 | (uint32_t)in[3] << 16 |
		  (uint32_t)in[4] << 24;
	return h->lc + h->lp > LZMA_LCLP_MAX ? -E_NOTSUP : 0;
}

int lzma_decode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		size_t *in_used, uint16_t *probs, size_t nprobs)
{
	struct lzma_header h;
	int err = lzma_header(in, in_len, &h);

	if (err)
		return err;
	if (h.size > out_len || h.size > INT32_MAX)
		return -E_TOOBIG;
	if (nprobs < LZMA_PROBS(h.lc, h.lp))
		return -E_NOMEM;
	/* The range coder's first byte is always 0; the next 4 start the code. */
	if (in_len < LZMA_HEADER_LEN + 5 || in[LZMA_HEADER_LEN] != 0)
		return -E_BADIMAGE;
	for (size_t i = 0; i < LZMA_PROBS(h.lc, h.lp); i++)
		probs[i] = PROB_INIT;

	struct rc rc = { .range = 0xffffffffu, .in = in + LZMA_HEADER_LEN + 1,
			 .end = in + in_len, .p = probs };
	for (int i = 0; i < 4; i++)
		rc.code = rc.code << 8 | *rc.in++;

	uint32_t pos = 0, rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0;
	unsigned state = 0;		/* 0..6 after a literal, 7..11 after a match */

	while (pos < h.size) {
		unsigned ps = pos & ((1u << h.pb) - 1);
		uint32_t len;

		if (!rc_bit(&rc, &probs[P_IS_MATCH + POS_STATES * state + ps])) {
			unsigned prev = pos ? out[pos - 1] : 0;
			unsigned ctx = ((pos & ((1u << h.lp) - 1)) << h.lc) + (prev >> (8 - h.lc));

			out[pos] = decode_literal(&rc, &probs[P_LITERAL + 0x300 * ctx],
						  state >= 7 ? out[pos - rep0 - 1] : 0, state >= 7);
			pos++;
			state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
		} else {
			if (!rc_bit(&rc, &probs[P_IS_REP + state])) {
				rep3 = rep2;
				rep2 = rep1;
				rep1 = rep0;
				len = decode_len(&rc, &probs[P_LEN], ps);
				state = state < 7 ? 7 : 10;
				rep0 = decode_dist(&rc, len);
				len += 2;
			} else {
				len = 2;
				if (rc_bit(&rc, &probs[P_IS_REP_G0 + state])) {
					uint32_t d = rep1;

					if (rc_bit(&rc, &probs[P_IS_REP_G1 + state])) {
						d = rep2;
						if (rc_bit(&rc, &probs[P_IS_REP_G2 + state])) {
							d = rep3;
							rep3 = rep2;
						}
						rep2 = rep1;
					}
					rep1 = rep0;
					rep0 = d;
				} else if (!rc_bit(&rc, &probs[P_IS_REP0_LONG + POS_STATES * state + ps])) {
					len = 1;	/* a single byte from the last distance */
				}
				if (len == 1) {
					state = state < 7 ? 9 : 11;
				} else {
					len += decode_len(&rc, &probs[P_REP_LEN], ps);
					state = state < 7 ? 8 : 11;
				}
			}
			if (rep0 >= pos || len > h.size - pos)
				return -E_BADIMAGE;
			const uint8_t *from = out + pos - rep0 - 1;

			while (len--)
				out[pos++] = *from++;
		}
		if (rc.overrun)
			return -E_BADIMAGE;
	}
	if (rc.code != 0)
		return -E_BADIMAGE;
	if (in_used)
		*in_used = (size_t)(rc.in - in);
	return (int)h.size;
}
