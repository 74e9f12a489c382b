/*
 * The Net Boot Image ("tagged image") format, as the "Draft Net Boot Image
 * Proposal 0.3" (Jamie Honan, Gero Kuhlmann) defines it and Etherboot's
 * mknbi tools write it.  Shared by the ROM's loader (loaders/nbi.c) and the
 * host tools (util/mknbi).  Every field is little-endian.
 *
 * File layout: a 512-byte header (fixed part, vendor data, segment
 * descriptors, zero fill; mknbi ends it with 55 AA at 510), then the file
 * data of each segment in descriptor order, back to back from offset 512.
 */
#ifndef LOADERS_NBI_FORMAT_H
#define LOADERS_NBI_FORMAT_H

#include <stdint.h>

#define NBI_MAGIC 0x1B031336u	/* bytes 36 13 03 1B at offset 0 */
#define NBI_HEADER_SIZE 512	/* the header block, copied whole to "location" */

/* The fixed part of the header, at offset 0. */
struct nbi_header {
	uint32_t magic;		/* NBI_MAGIC */
	/* Bits 0-3: length of this fixed part in dwords (4).  Bits 4-7:
	 * vendor data that follows it, in dwords; the first segment
	 * descriptor comes after both, so the nibbles together can place it
	 * at most 120 bytes in.  Bit 8 (NBI_RETURNS): the program may return
	 * to the loader.  Bit 31 (NBI_LINEAR_EXEC): "execute" is a 32-bit
	 * linear address entered in protected mode; clear, it is seg:off for
	 * a real-mode far call.  Bits 9-30 are reserved (written as 0). */
	uint32_t flags_len;
	/* Where the loader copies the 512-byte header: segment:offset packed
	 * as (segment << 16) | offset; below 1 MiB, the image is handed a far
	 * pointer to it. */
	uint32_t location;
	/* The entry: seg:off packed as above, or linear (bit 31 above). */
	uint32_t execute;
};
_Static_assert(sizeof(struct nbi_header) == 16, "NBI fixed header is 16 bytes");

#define NBI_HDR_LEN(flags_len) ((flags_len) & 0xfu)		/* dwords */
#define NBI_HDR_VENDOR_LEN(flags_len) (((flags_len) >> 4) & 0xfu) /* dwords */
/* The spec's INT 78h section calls the "returns" flag bit 9; every loader
 * and mknbi use bit 8, and so do we. */
#define NBI_RETURNS (1u << 8)
#define NBI_LINEAR_EXEC (1u << 31)
#define NBI_HDR_MIN_DWORDS 4	/* the fixed part: magic, flags, location, execute */

/* seg:off packing used by "location" and a real-mode "execute". */
#define NBI_SEG(segoff) ((uint16_t)((segoff) >> 16))
#define NBI_OFF(segoff) ((uint16_t)(segoff))
#define NBI_LINEAR(segoff) ((uint32_t)NBI_SEG(segoff) * 16u + NBI_OFF(segoff))

/* A segment descriptor: 16 bytes, then its own vendor data.  All of them
 * lie inside the 512-byte header; the one with NBI_SEG_LAST ends the list. */
struct nbi_segment {
	/* Bits 0-3: descriptor length in dwords (4); bits 4-7: vendor data
	 * after it, in dwords.  The next descriptor follows both. */
	uint8_t lengths;
	uint8_t vendor_tag;	/* the tool's private type (mknbi-linux: 16-21) */
	uint8_t reserved;	/* 0 */
	/* Bits 0-1: how load_addr is meant (NBI_PLACE_*); bit 2: last
	 * descriptor; bits 3-7 reserved.  (The spec reads the first four
	 * bytes as one dword; these are its bits 24-31.) */
	uint8_t flags;
	uint32_t load_addr;	/* a plain 32-bit address or offset, never seg:off */
	uint32_t image_len;	/* bytes of this segment present in the file */
	uint32_t mem_len;	/* bytes it occupies in memory, >= image_len */
};
_Static_assert(sizeof(struct nbi_segment) == 16, "NBI descriptor is 16 bytes");

#define NBI_SEG_LEN(lengths) ((lengths) & 0xfu)		/* dwords */
#define NBI_SEG_VENDOR_LEN(lengths) (((lengths) >> 4) & 0xfu)	/* dwords */
#define NBI_SEG_MIN_DWORDS 4

/* Placement modes (flags bits 0-1).  "Previous" is the previous descriptor;
 * for the first segment the spec takes the header copy instead: its end
 * (location + 512) for NBI_PLACE_AFTER, its start for NBI_PLACE_BEFORE. */
enum {
	NBI_PLACE_ABSOLUTE = 0,	/* address = load_addr */
	NBI_PLACE_AFTER = 1,	/* address = end of previous in memory + load_addr */
	NBI_PLACE_TOP = 2,	/* address = top of memory - load_addr */
	NBI_PLACE_BEFORE = 3,	/* address = start of previous - load_addr */
};
#define NBI_SEG_PLACE(flags) ((flags) & 3u)
#define NBI_SEG_LAST (1u << 2)

#endif
