/*
 * The machine's UUID from the SMBIOS system information structure (DMTF
 * DSP0134 "System Management BIOS Reference Specification" 3.x): find the
 * entry point in the BIOS area F0000h-FFFFFh on a 16-byte boundary, the
 * 32-bit "_SM_" (§5.2.1) or the 64-bit "_SM3_" (§5.2.2) one, then walk the
 * structure table to type 1, whose UUID sits at offset 08h (§7.2).  The
 * bytes are kept as SMBIOS stores them, as PXE clients send option 97.
 */
#include "core/string.h"
#include "rom/pcbios/pcbios.h"

#define SCAN_START 0xF0000u
#define SCAN_END 0x100000u
#define SMBIOS_TYPE_SYSTEM 1
#define SMBIOS_TYPE_END 127
#define SYSTEM_UUID_OFFSET 0x08
#define SYSTEM_MIN_LENGTH 0x19		/* SMBIOS 2.1: the UUID is there */
#define MAX_STRUCTURES 512		/* bound the walk of a damaged table */

static bool sum_is_zero(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	return sum == 0;
}

/* The structure table's address and size, from either entry point. */
static bool find_table(uintptr_t *table, size_t *size)
{
	for (uintptr_t a = SCAN_START; a < SCAN_END; a += 16) {
		const uint8_t *p = (const uint8_t *)a;

		/* 32-bit entry: length at 05h, table length at 16h (word),
		 * address at 18h (dword). */
		if (!memcmp(p, "_SM_", 4) && p[5] >= 0x1F && sum_is_zero(p, p[5])) {
			*size = (size_t)(p[0x16] | p[0x17] << 8);
			*table = (uintptr_t)(p[0x18] | p[0x19] << 8 | p[0x1A] << 16 |
					     (uint32_t)p[0x1B] << 24);
			return true;
		}
		/* 64-bit entry: length at 06h, maximum size at 0Ch (dword),
		 * address at 10h (qword); usable only below 4 GiB here. */
		if (!memcmp(p, "_SM3_", 5) && p[6] >= 0x18 && sum_is_zero(p, p[6]) &&
		    !(p[0x14] | p[0x15] | p[0x16] | p[0x17])) {
			*size = (size_t)(p[0x0C] | p[0x0D] << 8 | p[0x0E] << 16 |
					 (uint32_t)p[0x0F] << 24);
			*table = (uintptr_t)(p[0x10] | p[0x11] << 8 | p[0x12] << 16 |
					     (uint32_t)p[0x13] << 24);
			return true;
		}
	}
	return false;
}

bool smbios_system_uuid(uint8_t uuid[16])
{
	uintptr_t table;
	size_t size, off = 0;

	if (!find_table(&table, &size))
		return false;
	for (unsigned n = 0; n < MAX_STRUCTURES && off + 4 <= size; n++) {
		const uint8_t *s = (const uint8_t *)table + off;
		size_t end = off + s[1];

		if (s[1] < 4 || end > size)
			return false;
		if (s[0] == SMBIOS_TYPE_SYSTEM && s[1] >= SYSTEM_MIN_LENGTH) {
			bool all0 = true, all1 = true;

			memcpy(uuid, s + SYSTEM_UUID_OFFSET, 16);
			for (unsigned i = 0; i < 16; i++) {
				all0 = all0 && uuid[i] == 0x00;
				all1 = all1 && uuid[i] == 0xFF;
			}
			/* All zeros: not present; all ones: not set (§7.2.1). */
			return !all0 && !all1;
		}
		if (s[0] == SMBIOS_TYPE_END)
			return false;
		/* The formatted part is followed by strings, ended by two NULs. */
		while (end + 1 < size && (((const uint8_t *)table)[end] ||
					  ((const uint8_t *)table)[end + 1]))
			end++;
		off = end + 2;
	}
	return false;
}
