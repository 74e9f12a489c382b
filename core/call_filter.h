/*
 * The x86 call filter (core/call_filter.c): a reversible rewrite of the
 * displacements of near CALL (E8 rel32) and JMP (E9 rel32) instructions
 * into the offsets they point to, done before compression and undone
 * after it.  Calls to one function from many places then carry the same
 * four bytes, which LZMA finds as repeats; relative displacements differ
 * at every call site.
 *
 * Both directions work in place on buf[0..len), change no byte outside
 * it and no opcode byte, and are exact inverses on any input, code or not:
 * call_filter_decode(call_filter_encode(x)) == x.  The proof is in
 * core/call_filter.c.  No static storage: the compressed pcbios bodies run
 * the decoder before .data and .bss exist (rom/pcbios/unpack.c).
 */
#ifndef CORE_CALL_FILTER_H
#define CORE_CALL_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One pass of the filter in either direction (one function, so that the
 * firmware links a single copy of the loop). */
void call_filter(uint8_t *buf, size_t len, bool decode);

static inline void call_filter_encode(uint8_t *buf, size_t len)
{
	call_filter(buf, len, false);
}

static inline void call_filter_decode(uint8_t *buf, size_t len)
{
	call_filter(buf, len, true);
}

#endif
