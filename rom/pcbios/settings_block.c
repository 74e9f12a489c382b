/*
 * The image's settings block (core/settings.h), empty as built;
 * util/romtool.c writes it later ("romtool set IMAGE KEY=VALUE").  It sits
 * in the real-mode part, which no image variant compresses, so the tool
 * finds it by its magic in every floppy, ROM and PXE image; relocate.c
 * leaves it out of the image checksum, since the block has its own CRC.
 */
#include "core/settings.h"
#include "rom/pcbios/pcbios.h"

#define LE32(v) (uint8_t)(v), (uint8_t)((v) >> 8), (uint8_t)((v) >> 16), (uint8_t)((v) >> 24)

const uint8_t pcbios_settings_block[SETTINGS_BLOCK_SIZE]
	__attribute__((section(".text16"), aligned(16))) = {
	LE32(SETTINGS_MAGIC_LO), LE32(SETTINGS_MAGIC_HI),
	SETTINGS_VERSION, 0, 0, 0, LE32(SETTINGS_EMPTY_CRC),
};
