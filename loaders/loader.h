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

/* 0 when the head holds the format's header of need bytes, else a
 * refusal naming the format ("ELF", "NBI"). */
int image_need_head(const struct image_loader_state *st, const char *format,
		    size_t need);

/* A 64-bit value for "0x%llx" in messages (uint64_t is unsigned long on
 * 64-bit hosts, and core/format.c takes 'll' only with x). */
#define LLX(v) ((unsigned long long)(v))

/* A new piece (not yet checked) in *out for the caller to fill in, named
 * "<name> <num>" in messages, or just "<name>" with IMAGE_NO_NUM; refuses
 * when there are too many. */
#define IMAGE_NO_NUM (~0u)
int image_new_piece(struct image_loader_state *st, const char *name,
		    unsigned num, struct image_piece **out);

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
