/*
 * The image's settings block (core/settings.h), empty as built; "romtool
 * set bin/efi/netboot.efi KEY=VALUE" finds it by its magic and rewrites
 * it in place.  A PE image's .data is stored in the file as it is loaded,
 * and the EFI application carries no checksum the firmware checks.
 */
#include "core/settings.h"
#include "rom/efi/efi_platform.h"

#define LE32(v) (uint8_t)(v), (uint8_t)((v) >> 8), (uint8_t)((v) >> 16), (uint8_t)((v) >> 24)

const uint8_t efi_settings_block[SETTINGS_BLOCK_SIZE] __attribute__((aligned(16))) = {
	LE32(SETTINGS_MAGIC_LO), LE32(SETTINGS_MAGIC_HI),
	SETTINGS_VERSION, 0, 0, 0, LE32(SETTINGS_EMPTY_CRC),
};
