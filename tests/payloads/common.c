/* The memory checks every payload makes (payload.h). */
#include "tests/payloads/payload.h"

/* Zero by the ELF/NBI rules only if the loader cleared it. */
static volatile uint8_t zeroed[20000];

volatile struct blob_info blob_info = { BLOB_MAGIC, 0, 0, 0 };

/* CRC-32 as zlib computes it (reflected, polynomial EDB88320h). */
static uint32_t crc32(const volatile uint8_t *p, uint32_t len)
{
	static uint32_t table[256];
	uint32_t crc = 0xFFFFFFFFu;

	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		table[i] = c;
	}
	for (uint32_t i = 0; i < len; i++)
		crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
	return ~crc;
}

uint8_t pattern_byte(uint32_t i)
{
	return (uint8_t)(i * 131u + (i >> 8) * 7u + 0x5Au);
}

const char *check_reply(const uint8_t *bootp)
{
	/* RFC 951: op 2 = BOOTREPLY; yiaddr at 16; RFC 2131 cookie at 236. */
	if (bootp[0] != 2)
		return "reply is not a BOOTREPLY";
	if (!(bootp[16] | bootp[17] | bootp[18] | bootp[19]))
		return "reply's yiaddr is 0";
	if (bootp[236] != 99 || bootp[237] != 130 || bootp[238] != 83 || bootp[239] != 99)
		return "reply lacks the DHCP magic cookie";
	return NULL;
}

const char *check_memory(void)
{
	uint32_t sum = 0, want = 0;

	for (uint32_t i = 0; i < PATTERN_SIZE; i++) {
		sum = sum * 31u + pattern[i];
		want = want * 31u + pattern_byte(i);
	}
	if (sum != want)
		return "data segment checksum differs from the pattern";
	for (size_t i = 0; i < sizeof(zeroed); i++)
		if (zeroed[i])
			return ".bss is not zero";
	if (blob_info.len) {
		put("payload: checking ");
		puthex(blob_info.len);
		put(" bytes at ");
		puthex(blob_info.addr);
		put("\n");
		if (crc32((const volatile uint8_t *)(uintptr_t)blob_info.addr,
			  blob_info.len) != blob_info.crc)
			return "the extra segment's CRC-32 differs";
	}
	return NULL;
}
