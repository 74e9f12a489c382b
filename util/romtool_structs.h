/* romtool: decoding the PCIR, $PnP and EFI structures of one ROM image
 * (util/romtool_structs.c).  rom[0..len) is the image; p an offset that
 * rom_pcir() or rom_pnp() returned. */
#ifndef UTIL_ROMTOOL_STRUCTS_H
#define UTIL_ROMTOOL_STRUCTS_H

#include "util/romtool.h"

struct pcir_info {
	size_t image_len;	/* bytes */
	unsigned code_type;
	bool last;
};

void show_pcir(struct check *c, const uint8_t *rom, size_t len, size_t p,
	       struct pcir_info *out);
void show_pnp(struct check *c, const uint8_t *rom, size_t len, size_t p);
void show_efi(struct check *c, const uint8_t *rom, size_t len);

#endif
