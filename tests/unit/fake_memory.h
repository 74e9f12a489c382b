/*
 * Fake physical memory for the image loader tests: a host buffer standing
 * for physical 0x10000..0x120000, with guard bytes around it.  Usable RAM
 * is 0x10000..0x9f000 and 0x100000..0x120000 (top of memory 0x120000);
 * the "firmware" reserves 0x60000..0x70000; 0x9f000..0x100000 is a hole.
 * Everything starts as FAKE_MEM_FILL, so stray writes can be found.
 */
#ifndef TESTS_UNIT_FAKE_MEMORY_H
#define TESTS_UNIT_FAKE_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "loaders/image.h"

#define FAKE_MEM_BASE 0x10000u
#define FAKE_MEM_END 0x120000u
#define FAKE_MEM_HOLE 0x9f000u		/* RAM stops here until 1 MiB */
#define FAKE_FW_START 0x60000u
#define FAKE_FW_END 0x70000u
#define FAKE_MEM_FILL 0xa5

/* A target that starts everything; tests may copy it and change "runs". */
extern const struct image_target fake_target;

void fake_mem_reset(void);
uint8_t *fake_mem(uint64_t phys);
/* True when the guards, the hole and the firmware range are untouched. */
bool fake_mem_clean(void);
/* True when len bytes at phys all equal b. */
bool fake_mem_all(uint64_t phys, size_t len, uint8_t b);

/* Feed an image through a fresh loader in chunks of "chunk" bytes (0 =
 * varying sizes), announcing its size first when announce is true, as
 * TFTP does with tsize; stops at the first refused write.  Returns the
 * sink's error or image_finish()'s result. */
int fake_load(const struct image_target *t, const uint8_t *image, size_t len,
	      size_t chunk, bool announce, struct boot_plan *plan);

/* One seeded mutation round: copy len bytes of good into work, cut it
 * short one time in four, change 1-6 bytes (three in four within the first
 * head bytes, where the headers are), load it and check that nothing was
 * written outside the checked ranges.  Returns whether it loaded. */
bool fake_mutation_round(uint8_t *work, const uint8_t *good, size_t len, size_t head);

/* Feed an image expecting refusal: -E_BADIMAGE, a console message that
 * contains why, and memory untouched. */
void fake_load_refused(const uint8_t *image, size_t len, bool announce,
		       const char *why);

#endif
