/*
 * CRC-32 (the reflected polynomial EDB88320h of IEEE 802.3 and zlib), eight
 * bytes per step: the "slicing" method, with table k giving the CRC of a
 * byte followed by k zero bytes, so the eight lookups of one step each
 * cover one byte of the 64-bit block and are independent of one another.
 * Every byte of a boot file passes through here, and a byte-at-a-time loop
 * cost a third of the transfer time in QEMU; the tables (8 KiB of .bss)
 * are built on first use.
 */
#include "core/crc32.h"

#define CRC32_POLY_REFLECTED 0xEDB88320u
#define SLICES 8

static uint32_t table[SLICES][256];

static void build_tables(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? c >> 1 ^ CRC32_POLY_REFLECTED : c >> 1;
		table[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int s = 1; s < SLICES; s++)
			table[s][i] = table[s - 1][i] >> 8 ^ table[0][table[s - 1][i] & 0xFF];
}

/* Four bytes at any alignment, as a little-endian word. */
static uint32_t load_le32(const uint8_t *p)
{
	uint32_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

uint32_t crc32_update(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	if (!table[0][1])
		build_tables();
	crc = ~crc;
	for (; len >= SLICES; p += SLICES, len -= SLICES) {
		uint32_t lo = crc ^ load_le32(p), hi = load_le32(p + 4);

		crc = table[7][lo & 0xFF] ^ table[6][lo >> 8 & 0xFF] ^
		      table[5][lo >> 16 & 0xFF] ^ table[4][lo >> 24] ^
		      table[3][hi & 0xFF] ^ table[2][hi >> 8 & 0xFF] ^
		      table[1][hi >> 16 & 0xFF] ^ table[0][hi >> 24];
	}
	for (; len; p++, len--)
		crc = table[0][(crc ^ *p) & 0xFF] ^ crc >> 8;
	return ~crc;
}
