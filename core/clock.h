/*
 * Time for timeouts.  The platform clock counts milliseconds modulo 2^32;
 * a deadline is the clock value at which it expires, and it is compared by
 * the signed difference, so it stays correct across the wrap every 49.7 days
 * as long as no single interval exceeds 24.8 days.
 */
#ifndef CORE_CLOCK_H
#define CORE_CLOCK_H

#include <stdint.h>
#include <stdbool.h>
#include "core/platform.h"

static inline uint32_t clock_ms(void)
{
	return platform_clock_ms();
}

static inline uint32_t deadline_in(uint32_t ms)
{
	return clock_ms() + ms;
}

static inline bool deadline_passed(uint32_t deadline)
{
	return (int32_t)(clock_ms() - deadline) >= 0;
}

/* Milliseconds left before the deadline; 0 once it has passed. */
static inline uint32_t deadline_left(uint32_t deadline)
{
	int32_t left = (int32_t)(deadline - clock_ms());
	return left > 0 ? (uint32_t)left : 0;
}

static inline uint32_t ms_since(uint32_t start)
{
	return clock_ms() - start;
}

#endif
