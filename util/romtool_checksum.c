/*
 * romtool: the byte that makes an x86 option ROM image sum to 0 modulo 256
 * over the length its header gives (PCI Firmware Specification 3.0 §5.1.1;
 * the BIOS skips images that do not).  Where that byte lives is the ROM's
 * own business: ours keeps it at offset 5 (util/romtool.h), others say so
 * with --checksum-at, else the last byte is used when it is free.
 */
#include "util/romtool.h"
#include <stdio.h>

#define PAD_RUN 16	/* bytes of 0xFF that make the last byte "free" */

/* The last byte may be taken when it is padding, or follows padding (a
 * checksum stored there before). */
static bool last_byte_free(const uint8_t *rom, size_t len)
{
	if (rom[len - 1] == 0xFF)
		return true;
	if (len < PAD_RUN + 1)
		return false;
	for (size_t i = len - 1 - PAD_RUN; i < len - 1; i++)
		if (rom[i] != 0xFF)
			return false;
	return true;
}

int rom_fix_checksum(const char *path, uint8_t *rom, size_t len, long at, bool ours)
{
	size_t pos;

	if (at >= 0) {
		pos = (size_t)at;
		if (pos < 3 || pos >= len) {
			fprintf(stderr, "romtool: %s: --checksum-at 0x%lx is not inside the image "
				"after its 3-byte header (%zu bytes)\n", path, at, len);
			return -1;
		}
	} else if (ours) {
		if (rom[3] != 0xEB) {
			fprintf(stderr, "romtool: %s: has a settings block but no jmp short at 0x03, "
				"so not our layout; say where the checksum byte is with --checksum-at\n",
				path);
			return -1;
		}
		pos = OUR_CHECKSUM_AT;
	} else {
		if (!last_byte_free(rom, len)) {
			fprintf(stderr, "romtool: %s: the last byte (0x%zx) is not padding; "
				"say where the checksum byte is with --checksum-at\n", path, len - 1);
			return -1;
		}
		pos = len - 1;
	}
	uint8_t old = rom[pos];
	rom[pos] = 0;
	rom[pos] = (uint8_t)(0x100 - sum8(rom, len));
	if (rom[pos] != old)
		printf("checksum: byte 0x%zx 0x%02x -> 0x%02x (%zu bytes sum to 0)\n",
		       pos, old, rom[pos], len);
	else
		printf("checksum: byte 0x%zx already right (0x%02x)\n", pos, old);
	return 0;
}
