/*
 * The few C library string functions the firmware uses.  Bare-metal builds
 * link core/string.c; the hosted build uses the host C library, whose
 * functions have these same names and meanings.
 */
#ifndef CORE_STRING_H
#define CORE_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

/* Copy at most size-1 bytes and always terminate; returns strlen(src). */
size_t str_copy(char *dst, const char *src, size_t size);
/* Case-insensitive comparison of ASCII strings (protocol keywords). */
int str_casecmp(const char *a, const char *b);

#endif
