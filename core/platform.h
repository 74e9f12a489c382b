/*
 * What each platform (hosted Linux process, x86 BIOS, UEFI, arm64) provides
 * to the portable core.  Nothing else in core/ or net/ reaches the platform.
 */
#ifndef CORE_PLATFORM_H
#define CORE_PLATFORM_H

#include <stdint.h>
#include <stdbool.h>

/* Write one character to the user's console(s). */
void platform_putchar(char c);

/* Monotonic milliseconds since some fixed point; wraps modulo 2^32. */
uint32_t platform_clock_ms(void);

/* True once the user has asked to abort (Ctrl-C, Esc); checked in waits. */
bool platform_abort_requested(void);

/* Some entropy for transaction IDs and backoff jitter (e.g. a fast timer). */
uint32_t platform_entropy(void);

#endif
