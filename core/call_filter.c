/*
 * The x86 call filter (core/call_filter.h).
 *
 * The scan: a position i is looked at when i + 5 <= len, starting at 0.
 * If buf[i] is an opcode of OPCODE_IS (E8 CALL rel32, E9 JMP rel32), the
 * four bytes after it are a field, little-endian v, and the scan goes on
 * at i + 5 whatever v is; otherwise at i + 1.  A field whose v, as a
 * signed number, lies in [-2^20, 2^20) (SMALL below) is rewritten; any
 * other field stays as it is.  Encoding turns the displacement into the
 * offset it reaches, a = v + (i + 5); decoding turns it back,
 * v = a - (i + 5); both sums are taken modulo 2^21 and sign-extended from
 * bit 20, so every SMALL value maps to a SMALL value.
 *
 * 2^20 bytes is the whole real-mode address space, which holds a pcbios
 * body with room to spare, so every call within one is SMALL.  A wider
 * class (2^24, as x86 filters often take) only converts more stray E8/E9
 * bytes in data: on the e1000 body the stream came out 23 bytes longer.
 *
 * Why decoding undoes encoding, for any bytes x:
 *  1. The scans visit the same positions.  A pass writes only fields,
 *     and only the field of the opcode it is at, whose bytes lie between
 *     that opcode and the next position it visits; so it never writes a
 *     byte it has yet to read, nor a byte at a position it visits, and
 *     its output equals its input at every visited position.  By
 *     induction from position 0: at the same position i, the decoder
 *     reads the encoder's output, equal there to the encoder's input, and
 *     takes the same step.  The end test i + 5 <= len depends on len
 *     alone, so a tail too short for a field is left alone by both.
 *  2. Fields: sign-extension from bit 20 is a one-to-one map from the 2^21
 *     residues modulo 2^21 onto the 2^21 SMALL values, and adding (i + 5)
 *     modulo 2^21 is a one-to-one map of the residues with subtraction as
 *     its inverse; so encoding maps the SMALL values one-to-one onto
 *     themselves and decoding is its inverse.  A field that is not SMALL
 *     is left alone by the encoder and, being still not SMALL, by the
 *     decoder.
 *  3. Bytes outside fields are never written.
 * The same holds with encode and decode swapped, so both are bijections.
 * Offsets are those in buf, not addresses: the filter does not depend on
 * where the code is linked, and positions past 2^21 only wrap.
 */
#include "core/call_filter.h"

#define FIELD_BITS 21
#define FIELD_MASK ((UINT32_C(1) << FIELD_BITS) - 1)
#define SIGN_BIT (UINT32_C(1) << (FIELD_BITS - 1))

/* E8 CALL rel32 and E9 JMP rel32 (SDM Vol. 2A, CALL and JMP). */
#define OPCODE_IS(b) (((b) & 0xFEu) == 0xE8u)

/* v in [-2^20, 2^20) as a two's-complement 32-bit number. */
#define SMALL(v) ((uint32_t)((v) + SIGN_BIT) <= FIELD_MASK)

static uint32_t get32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int k = 0; k < 4; k++)
		p[k] = (uint8_t)(v >> (8 * k));
}

/* Adds +(i + 5) (encode) or -(i + 5) (decode) to every SMALL field. */
void call_filter(uint8_t *buf, size_t len, bool decode)
{
	for (size_t i = 0; len >= 5 && i <= len - 5;) {
		if (!OPCODE_IS(buf[i])) {
			i++;
			continue;
		}
		uint32_t v = get32(buf + i + 1), next = (uint32_t)(i + 5);

		if (SMALL(v)) {
			v = (decode ? v - next : v + next) & FIELD_MASK;
			put32(buf + i + 1, (v ^ SIGN_BIT) - SIGN_BIT);
		}
		i += 5;
	}
}
