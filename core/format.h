/*
 * A printf subset for firmware, just what its callers use: %d %u %x %p %s
 * %%, the flag '0', a width in digits (numbers and strings are padded on
 * the left) and the length modifiers 'l' and 'z'.  The '-' flag, '*',
 * precisions, %i %X %c and floating point are left out: no caller needs
 * them.  'll' is left out too: the widest integer printed is a long, so no
 * 64-bit division helpers are needed on 32-bit targets.  An unknown
 * conversion is printed as written.
 */
#ifndef CORE_FORMAT_H
#define CORE_FORMAT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "core/compiler.h"

typedef void (*format_emit_fn)(void *ctx, char c);

/* Formats into emit(); returns the number of characters produced. */
int format_v(format_emit_fn emit, void *ctx, const char *fmt, va_list ap);

/* Like snprintf: always terminates when size > 0; returns the full length. */
int format_buf(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);
int format_vbuf(char *buf, size_t size, const char *fmt, va_list ap);

/* "12.34": bytes per ms as MB/s (10^6 bytes), two decimals, for reports. */
struct rate_text {
	char s[16];
};
struct rate_text rate_text(uint32_t bytes, uint32_t ms);

/* "2.345": milliseconds as seconds with three decimals. */
struct secs_text {
	char s[16];
};
struct secs_text secs_text(uint32_t ms);

#endif
