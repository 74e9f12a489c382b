/*
 * Shared between the loaders' own files (image.c, placement.c, nbi.c,
 * elf.c); the rest of the firmware uses loaders/image.h.
 */
#ifndef LOADERS_LOADER_H
#define LOADERS_LOADER_H

#include "core/compiler.h"
#include "loaders/image.h"

/* Print "image: <reason>" and return -E_BADIMAGE. */
int image_refuse(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* A 64-bit number as "0x..." (the console's printf stops at long). */
struct hex_text {
	char s[20];
};
struct hex_text hex64(uint64_t v);

/* Add a piece (not yet checked), named "<name> <num>" in messages, or
 * just "<name>" with IMAGE_NO_NUM; refuses when there are too many. */
#define IMAGE_NO_NUM (~0u)
int image_add_piece(struct image_loader_state *st, const char *name,
		    unsigned num, uint64_t phys, uint64_t file_off,
		    uint64_t file_len, uint64_t mem_len);

/* The end of the highest usable RAM range below 4 GiB, less any firmware
 * range reaching it (NBI "top"). */
uint64_t image_mem_top(const struct image_target *t);

/* Check every piece against the target and each other (loaders/placement.c). */
int image_check_pieces(struct image_loader_state *st);

/* Format parsers: read st->head[0 .. head_len), fill st->plan and the
 * pieces.  Only the magic has been checked. */
int nbi_parse(struct image_loader_state *st);
int elf_parse(struct image_loader_state *st);

#endif
