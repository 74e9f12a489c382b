/*
 * The pcbios body's relocation table (section .reloc): the places that
 * moving the body to the top of RAM (relocate.c) must patch, as
 * util/mkrelocs.c lists them.  A place is the link address of a 32-bit
 * word; an "add" place gets the distance moved added, a "subtract" place
 * subtracted (mkrelocs.c says which is which).
 *
 * Format.  Every number is an unsigned LEB128: 7 bits a byte, the lowest
 * group first, bit 7 set in every byte but the last; at most 5 bytes, a
 * value below 2^32 and no needless last byte 0 (0x80 0x00 is refused).
	ADDS SUBS     how many places of each kind
 *   ADDS gaps     the add places in increasing order: the first is
 *                 base + gap, each next one the previous + 4 + gap
 *   SUBS gaps     the subtract places, the same way from base again
 * and nothing after (body.ld's __reloc_end is the exact end; the padding
 * to the next word lies beyond it).
 * base is the body's link address (__body_start).  Counting a gap from
 * the end of the previous word makes the places of one kind strictly
 * increasing and never overlapping by construction.  Most gaps in the
 * code are below 128, one byte each: the e1000 body's 621 places take
 * about 710 bytes, and about 590 in the LZMA stream of a compressed body
 * (rom/pcbios/README.md compares the alternatives measured).
 *
 * The reader checks that every number fits and every place lies wholly
 * inside the bounds given (a subtract place only inside the moving part:
 * it is a displacement from moving code to code that stays), that the
 * table holds exactly the places counted and nothing more.  Damage is caught by the body's sum first (relocate.c); this
 * keeps a damaged table from patching outside the body or reading past
 * its end.  Plain C with no library: the body, util/mkrelocs.c and the
 * unit tests share it.
 */
#ifndef ROM_PCBIOS_RELOC_TABLE_H
#define ROM_PCBIOS_RELOC_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where places may lie: [start, end) of the part that stays and of the
 * bytes of the moving part that may hold places. */
struct reloc_bounds {
	uint32_t base;			/* the gaps' origin: the body's link address */
	uint32_t stay_start, stay_end;
	uint32_t move_start, move_end;
};

/* Called for each place in table order: adds, then subtracts. */
typedef void reloc_fn(void *ctx, uint32_t site, bool subtract);

/* The largest table of n places (the header, 5 bytes a place, padding). */
#define RELOC_TABLE_MAX(n) (10 + 5 * (size_t)(n))

/* Read the table [table, end) (end >= table), calling fn (unless NULL) for each place:
 * 0, or -1 with *bad set to the offset where reading stopped when the
 * table is damaged (fn may have been called for places before it: check
 * a table with fn NULL before acting on it). */
int reloc_walk(const uint8_t *table, const uint8_t *end, const struct reloc_bounds *bounds,
	       reloc_fn *fn, void *ctx, size_t *bad);

/* Write the table of the places add[0..adds) and sub[0..subs), each list
 * increasing with places 4 or more bytes apart, to out[0..room): its
 * length, or 0 when a list is out of order or out is
 * too small.  Bounds are the reader's business: the writer needs only
 * base, the lowest address a place may have. */
size_t reloc_encode(const uint32_t *add, uint32_t adds, const uint32_t *sub, uint32_t subs,
		    uint32_t base, uint8_t *out, size_t room);

#endif
