/* A small pseudo-random generator for transaction IDs and jitter; not for
 * anything that needs to resist an attacker. */
#ifndef CORE_RANDOM_H
#define CORE_RANDOM_H

#include <stdint.h>

/* Restart the sequence from seed (mix in all the entropy at hand). */
void random_seed(uint32_t seed);
uint32_t random_u32(void);
/* Uniform-enough value in [0, bound); 0 when bound is 0. */
uint32_t random_below(uint32_t bound);

#endif
