/*
 * Network byte order (big-endian) helpers.  Every platform we build for is
 * little-endian (x86, arm64 in its default mode); the build asserts it.
 * Wire structures keep fields in network order; convert at the edge.
 */
#ifndef CORE_BYTEORDER_H
#define CORE_BYTEORDER_H

#include <stdint.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "byteorder.h assumes a little-endian CPU");

/* Named apart from the C library's htons() family so hosted files may
 * include both. */
static inline uint16_t cpu_to_be16(uint16_t v) { return __builtin_bswap16(v); }
static inline uint16_t be16_to_cpu(uint16_t v) { return __builtin_bswap16(v); }
static inline uint32_t cpu_to_be32(uint32_t v) { return __builtin_bswap32(v); }
static inline uint32_t be32_to_cpu(uint32_t v) { return __builtin_bswap32(v); }

/* Unaligned big-endian loads and stores for parsing packets in place. */
static inline uint16_t get_be16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint32_t get_be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

static inline void put_be16(void *p, uint16_t v)
{
	uint8_t *b = p;
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static inline void put_be32(void *p, uint32_t v)
{
	uint8_t *b = p;
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

#endif
