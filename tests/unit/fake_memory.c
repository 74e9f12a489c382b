/* Fake physical memory and a chunked feeder for the image loader tests. */
#include "tests/unit/fake_memory.h"
#include "tests/unit/fakes.h"
#include "tests/unit/harness.h"
#include "core/errors.h"
#include "core/random.h"
#include <string.h>

#define GUARD 4096
static uint8_t memory[GUARD + (FAKE_MEM_END - FAKE_MEM_BASE) + GUARD];

static const struct image_range ram[] = {
	{ FAKE_MEM_BASE, FAKE_MEM_HOLE },
	{ 0x100000, FAKE_MEM_END },
};
static const struct image_range reserved[] = {
	{ FAKE_FW_START, FAKE_FW_END },
};

const struct image_target fake_target = {
	.ram = ram,
	.ram_count = 2,
	.reserved = reserved,
	.reserved_count = 1,
	.runs = IMAGE_RUNS_NBI | IMAGE_RUNS_I386 | IMAGE_RUNS_X86_64,
};

/* From a physical address to the buffer; fake_load() puts it into its
 * copy of the target. */
static uintptr_t phys_offset(void)
{
	return (uintptr_t)(memory + GUARD) - FAKE_MEM_BASE;
}

void fake_mem_reset(void)
{
	memset(memory, FAKE_MEM_FILL, sizeof(memory));
}

uint8_t *fake_mem(uint64_t phys)
{
	return (uint8_t *)((uintptr_t)phys + phys_offset());
}

bool fake_mem_all(uint64_t phys, size_t len, uint8_t b)
{
	static uint8_t fill[0x100000 - FAKE_MEM_HOLE];
	const uint8_t *p = fake_mem(phys);

	/* The large checks after every mutation round: one memcmp. */
	if (b == FAKE_MEM_FILL && len <= sizeof(fill)) {
		if (fill[0] != FAKE_MEM_FILL)
			memset(fill, FAKE_MEM_FILL, sizeof(fill));
		return memcmp(p, fill, len) == 0;
	}
	for (size_t i = 0; i < len; i++)
		if (p[i] != b)
			return false;
	return true;
}

bool fake_mem_clean(void)
{
	for (size_t i = 0; i < GUARD; i++)
		if (memory[i] != FAKE_MEM_FILL ||
		    memory[sizeof(memory) - 1 - i] != FAKE_MEM_FILL)
			return false;
	return fake_mem_all(FAKE_MEM_HOLE, 0x100000 - FAKE_MEM_HOLE, FAKE_MEM_FILL) &&
	       fake_mem_all(FAKE_FW_START, FAKE_FW_END - FAKE_FW_START, FAKE_MEM_FILL);
}

int fake_load(const struct image_target *t, const uint8_t *image, size_t len,
	      size_t chunk, bool announce, struct boot_plan *plan)
{
	static struct image_loader_state st;
	struct image_target target = *t;
	struct sink *sink;
	int err;

	target.phys_offset = phys_offset();
	sink = image_sink_init(&st, &target);
	if (announce) {
		err = sink->expect(sink, (uint32_t)len);
		if (err)
			return err;
	}
	for (size_t off = 0; off < len;) {
		size_t n = chunk ? chunk : 1 + random_below(2000);

		n = n < len - off ? n : len - off;
		err = sink->write(sink, (uint32_t)off, image + off, n);
		if (err)
			return err;
		off += n;
	}
	return image_finish(&st, plan);
}

void fake_load_refused(const uint8_t *image, size_t len, bool announce,
		       const char *why)
{
	struct boot_plan plan;
	size_t before = strlen(fake_console());

	fake_mem_reset();
	CHECK_EQ(fake_load(&fake_target, image, len, 512, announce, &plan),
		 -E_BADIMAGE);
	if (!strstr(fake_console() + before, why))
		test_fail(__FILE__, __LINE__, "wanted \"%s\", console: %s", why,
			  fake_console() + before);
	CHECK(fake_mem_clean());
}

bool fake_mutation_round(uint8_t *work, const uint8_t *good, size_t len, size_t head)
{
	struct boot_plan plan;
	size_t n = len;
	bool loaded;

	memcpy(work, good, len);
	if (random_below(4) == 0)
		n = random_below((uint32_t)len + 1);
	for (uint32_t flips = 1 + random_below(6); n && flips; flips--) {
		size_t at = random_below(random_below(4) ? (uint32_t)(n < head ? n : head) :
					 (uint32_t)n);

		work[at] = random_below(2) ? (uint8_t)random_u32() :
			   (uint8_t)(work[at] + 1 - random_below(3));
	}
	fake_mem_reset();
	loaded = fake_load(&fake_target, work, n, 0, random_below(2), &plan) == 0;
	if (!fake_mem_clean())
		test_fail(__FILE__, __LINE__, "a mutated image wrote outside RAM");
	return loaded;
}
