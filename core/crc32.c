/* CRC-32, one table lookup per byte; the table is built on first use. */
#include "core/crc32.h"

#define CRC32_POLY_REFLECTED 0xEDB88320u

static uint32_t table[256];

static void build_table(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? c >> 1 ^ CRC32_POLY_REFLECTED : c >> 1;
		table[i] = c;
	}
}

uint32_t crc32_update(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	if (!table[1])
		build_table();
	crc = ~crc;
	for (size_t i = 0; i < len; i++)
		crc = table[(crc ^ p[i]) & 0xFF] ^ crc >> 8;
	return ~crc;
}
