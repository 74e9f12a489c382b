/* xorshift32 (Marsaglia, "Xorshift RNGs", 2003): tiny and good enough to
 * keep two clients that boot together from choosing the same IDs. */
#include "core/random.h"

static uint32_t state = 0x2545f491u;

void random_seed(uint32_t seed)
{
	state = seed ? seed : 0x2545f491u;	/* xorshift must not be 0 */
}

uint32_t random_u32(void)
{
	state ^= state << 13;
	state ^= state >> 17;
	state ^= state << 5;
	return state;
}

uint32_t random_below(uint32_t bound)
{
	return bound ? random_u32() % bound : 0;
}
