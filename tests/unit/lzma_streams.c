/*
 * Test streams for core/lzma.c (see tests/unit/lzma_streams.h).  The
 * range encoder follows the encoder half of the public LZMA description
 * (lzma-specification.txt): a 33-bit low end whose carry can ripple
 * into bytes already produced, so the last byte and any run of 0xff after
 * it are held back until the carry is known.
 */
#include "tests/unit/lzma_streams.h"
#include "core/lzma.h"
#include <lzma.h>
#include <stdlib.h>
#include <string.h>

size_t lzma_stream_make(const uint8_t *in, size_t len, unsigned lc, unsigned lp,
			unsigned pb, uint32_t preset, uint8_t **out)
{
	lzma_options_lzma opt;

	*out = NULL;
	if (lzma_lzma_preset(&opt, preset))
		return 0;
	opt.dict_size = len > LZMA_DICT_SIZE_MIN ? (uint32_t)len : LZMA_DICT_SIZE_MIN;
	opt.lc = lc;
	opt.lp = lp;
	opt.pb = pb;
	opt.ext_flags = 0;
	lzma_filter filters[] = {
		{ .id = LZMA_FILTER_LZMA1EXT, .options = &opt },
		{ .id = LZMA_VLI_UNKNOWN },
	};
	/* LZMA1 has no stored blocks: data that will not compress grows a little. */
	size_t cap = LZMA_HEADER_LEN + len + len / 8 + 4096, n = LZMA_HEADER_LEN;
	uint8_t *buf = malloc(cap);

	if (!buf || lzma_raw_buffer_encode(filters, NULL, in, len, buf, &n, cap) != LZMA_OK) {
		free(buf);
		return 0;
	}
	buf[0] = (uint8_t)((pb * 5 + lp) * 9 + lc);
	for (int i = 0; i < 4; i++)
		buf[1 + i] = (uint8_t)(len >> (8 * i));
	*out = malloc(n);
	memcpy(*out, buf, n);
	free(buf);
	return n;
}

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

void lzma_sample_code(uint8_t *buf, size_t len, uint32_t seed)
{
	static const char *const words[] = {
		"e1000: link up\n", "DHCP", "TFTP timeout", "no boot file\n",
		"virtio-net", "%s: %d bytes\n",
	};
	size_t at = 0;

	while (at < len) {
		uint8_t piece[32];
		size_t n = 0;
		uint32_t r = lcg(&seed);

		switch (r % 8) {
		case 0:		/* prologue: push ebp; mov ebp,esp; sub esp,imm8 */
			memcpy(piece, "\x55\x89\xe5\x83\xec", 5);
			piece[5] = (uint8_t)(4 * (r >> 4 & 15));
			n = 6;
			break;
		case 1:		/* call rel32, backwards */
			piece[0] = 0xe8;
			for (int i = 0; i < 4; i++)
				piece[1 + i] = (uint8_t)((0u - (r >> 3 & 0x3fff)) >> (8 * i));
			n = 5;
			break;
		case 2:		/* mov eax,[ebp+disp8]; mov [esp],eax */
			memcpy(piece, "\x8b\x45\x08\x89\x04\x24", 6);
			piece[2] = (uint8_t)(8 + 4 * (r >> 5 & 3));
			n = 6;
			break;
		case 3:		/* epilogue: leave; ret */
			memcpy(piece, "\xc9\xc3", 2);
			n = 2;
			break;
		case 4:		/* cmp eax,imm8; jne rel8 */
			memcpy(piece, "\x83\xf8\x00\x75\x00", 5);
			piece[2] = (uint8_t)(r >> 4);
			piece[4] = (uint8_t)(r >> 12 & 0x3f);
			n = 5;
			break;
		case 5: {	/* a string */
			const char *w = words[(r >> 4) % 6];

			n = strlen(w) + 1;
			memcpy(piece, w, n);
			break;
		}
		case 6:		/* a table entry: 32-bit address, small value */
			for (int i = 0; i < 4; i++)
				piece[i] = (uint8_t)((0x8000u + (r >> 6 & 0xfffc)) >> (8 * i));
			memset(piece + 4, 0, 4);
			piece[4] = (uint8_t)(r >> 3 & 7);
			n = 8;
			break;
		default:	/* movzx eax, byte [ebx+disp8]; xor edx,edx */
			memcpy(piece, "\x0f\xb6\x43\x00\x31\xd2", 6);
			piece[3] = (uint8_t)(r >> 4);
			n = 6;
			break;
		}
		if (n > len - at)
			n = len - at;
		memcpy(buf + at, piece, n);
		at += n;
	}
}

void rc_enc_init(struct rc_enc *e, uint8_t *out, size_t cap)
{
	*e = (struct rc_enc){ .range = 0xffffffffu, .pending = 1, .out = out, .cap = cap };
}

static void put(struct rc_enc *e, uint8_t b)
{
	if (e->len < e->cap)
		e->out[e->len] = b;
	e->len++;
}

static void shift_low(struct rc_enc *e)
{
	if (e->low < 0xff000000u || e->low >= (1ull << 32)) {
		uint8_t carry = (uint8_t)(e->low >> 32);

		put(e, (uint8_t)(e->cache + carry));
		while (--e->pending)
			put(e, (uint8_t)(0xff + carry));
		e->cache = (uint8_t)(e->low >> 24);
	}
	e->pending++;
	e->low = (e->low & 0x00ffffffu) << 8;
}

void rc_enc_bit(struct rc_enc *e, uint16_t *prob, unsigned bit)
{
	uint32_t bound = (e->range >> 11) * *prob;

	if (bit) {
		e->low += bound;
		e->range -= bound;
		*prob -= *prob >> 5;
	} else {
		e->range = bound;
		*prob += (2048 - *prob) >> 5;
	}
	while (e->range < (1u << 24)) {
		e->range <<= 8;
		shift_low(e);
	}
}

void rc_enc_fresh_bits(struct rc_enc *e, uint32_t v, unsigned n)
{
	while (n--) {
		uint16_t p = 1024;

		rc_enc_bit(e, &p, v >> n & 1);
	}
}

size_t rc_enc_flush(struct rc_enc *e)
{
	for (int i = 0; i < 5; i++)
		shift_low(e);
	return e->len;
}
