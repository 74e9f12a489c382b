/*
 * Round trip: NBIs made by util/mknbi (build/util/mknbi-linux, mknbi-rom)
 * go through the ROM's own loader (loaders/nbi.c) into fake memory
 * (tests/unit/fake_memory.h), and every segment lands where nbiinfo says.
 * tests/build/t_mknbi.sh makes the images and names them in MKNBI_IMAGES
 * (space separated); without it this case has nothing to load.
 */
#include "tests/unit/harness.h"
#include "tests/unit/fakes.h"
#include "tests/unit/fake_memory.h"
#include "loaders/image.h"
#include "loaders/nbi_format.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_IMAGE (256 * 1024)

static uint8_t image[MAX_IMAGE];

static size_t read_image(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		test_fail(__FILE__, __LINE__, "cannot open %s", path);
	size_t len = fread(image, 1, sizeof(image), f);

	fclose(f);
	CHECK(len < sizeof(image));
	return len;
}

/* Every absolute segment holds its file bytes; returns how many. */
static unsigned check_segments(void)
{
	struct nbi_header h;
	size_t off, file = NBI_HEADER_SIZE;
	unsigned n = 0;

	memcpy(&h, image, sizeof(h));
	off = 4 * (NBI_HDR_LEN(h.flags_len) + NBI_HDR_VENDOR_LEN(h.flags_len));
	for (;;) {
		struct nbi_segment d;

		memcpy(&d, image + off, sizeof(d));
		if (NBI_SEG_PLACE(d.flags) == NBI_PLACE_ABSOLUTE)
			CHECK(memcmp(fake_mem(d.load_addr), image + file, d.image_len) == 0);
		else
			CHECK(memcmp(fake_mem(FAKE_MEM_END - d.load_addr), image + file,
				     d.image_len) == 0);
		n++;
		file += d.image_len;
		if (d.flags & NBI_SEG_LAST)
			return n;
		off += 4 * (NBI_SEG_LEN(d.lengths) + NBI_SEG_VENDOR_LEN(d.lengths));
	}
}

TEST(mknbi_images_load_through_the_rom_loader)
{
	const char *list = getenv("MKNBI_IMAGES");
	char paths[4096];

	if (!list) {
		printf("INFO MKNBI_IMAGES unset: tests/build/t_mknbi.sh runs this with images\n");
		return;
	}
	snprintf(paths, sizeof(paths), "%s", list);
	for (char *p = strtok(paths, " "); p; p = strtok(NULL, " ")) {
		size_t len = read_image(p);
		static const size_t chunks[] = { 512, 1468, 0 };

		for (size_t c = 0; c < 3; c++) {
			struct boot_plan plan;

			fake_mem_reset();
			int err = fake_load(&fake_target, image, len, chunks[c], true, &plan);
			if (err)
				test_fail(__FILE__, __LINE__, "%s refused (%d): %s", p, err,
					  fake_console());
			CHECK(fake_mem_clean());
			CHECK_EQ(plan.format, IMAGE_NBI_REAL);
			CHECK(memcmp(fake_mem(plan.nbi_header), image, NBI_HEADER_SIZE) == 0);
			CHECK(check_segments() >= 1);
		}
		printf("INFO %s: loaded\n", p);
	}
}
