/*
 * The NBI loader (loaders/nbi.c through loaders/image.c): images built here
 * with a tiny writer, streamed in chunks of several sizes into fake
 * physical memory (tests/unit/fake_memory.h); hostile images are refused
 * with their reason and write nothing outside the checked ranges.
 */
#include "tests/unit/harness.h"
#include "tests/unit/fakes.h"
#include "tests/unit/fake_memory.h"
#include "loaders/image.h"
#include "loaders/nbi_format.h"
#include "core/errors.h"
#include "core/random.h"
#include <stdio.h>
#include <string.h>

#define MAX_IMAGE (64 * 1024)
#define HDR_LOC 0x10000200u		/* 1000:0200, linear 0x10200 */
#define HDR_LINEAR 0x10200u

struct seg {
	uint8_t flags;			/* NBI_PLACE_* | NBI_SEG_LAST */
	uint32_t load, image_len, mem_len;
	uint8_t vendor_dwords;
};

static uint8_t image[MAX_IMAGE];

/* A tiny NBI writer: header with 12 bytes of vendor data, descriptors
 * (each with its vendor dwords), 55 AA at 510, then each segment's data,
 * whose bytes are a function of their file offset. */
static size_t build(uint32_t location, uint32_t execute, uint32_t hflags,
		    const struct seg *segs, size_t n)
{
	struct nbi_header h = { NBI_MAGIC, 4 | 3 << 4 | hflags, location, execute };
	size_t off = sizeof(h) + 12, file = NBI_HEADER_SIZE;

	memset(image, 0, sizeof(image));
	memcpy(image, &h, sizeof(h));
	memcpy(image + sizeof(h), "mknbi-test\0\0", 12);
	for (size_t i = 0; i < n; i++) {
		struct nbi_segment d = { (uint8_t)(4 | segs[i].vendor_dwords << 4),
					 (uint8_t)(16 + i), 0, segs[i].flags,
					 segs[i].load, segs[i].image_len,
					 segs[i].mem_len };

		memcpy(image + off, &d, sizeof(d));
		off += sizeof(d);
		memset(image + off, 0x77, 4u * segs[i].vendor_dwords);
		off += 4u * segs[i].vendor_dwords;
		for (uint32_t b = 0; b < segs[i].image_len; b++, file++)
			image[file] = (uint8_t)(file * 13 + 5);
	}
	image[510] = 0x55;
	image[511] = 0xaa;
	return file;
}

/* Load expecting success, in the given chunk size. */
static void load_ok(size_t len, size_t chunk, struct boot_plan *plan)
{
	fake_mem_reset();
	int err = fake_load(&fake_target, image, len, chunk, chunk == 1468, plan);
	if (err)
		test_fail(__FILE__, __LINE__, "load failed (%d): %s", err, fake_console());
	CHECK(fake_mem_clean());
}

/* Bytes at phys hold file bytes [file_off, file_off + len). */
static bool landed(uint64_t phys, size_t file_off, size_t len)
{
	return memcmp(fake_mem(phys), image + file_off, len) == 0;
}

TEST(nbi_real_mode_segments_land_in_every_chunk_size)
{
	/* One segment per placement mode; sizes not multiples of anything. */
	const struct seg segs[] = {
		{ NBI_PLACE_ABSOLUTE, 0x20000, 3000, 5000, 0 },
		{ NBI_PLACE_AFTER, 0x100, 1000, 1000, 2 },	/* 0x21388+0x100 */
		{ NBI_PLACE_TOP, 0x10000, 7000, 9000, 0 },	/* 0x110000 */
		{ NBI_PLACE_BEFORE | NBI_SEG_LAST, 0x800, 600, 600, 1 }, /* 0x10f800 */
	};
	size_t len = build(HDR_LOC, 0x20000010, 0, segs, 4);
	const size_t chunks[] = { 1, 512, 1468, MAX_IMAGE };

	for (size_t c = 0; c < ARRAY_SIZE(chunks); c++) {
		struct boot_plan plan;

		load_ok(len, chunks[c], &plan);
		CHECK(landed(HDR_LINEAR, 0, 512));
		CHECK(landed(0x20000, 512, 3000));
		CHECK(fake_mem_all(0x20000 + 3000, 2000, 0));
		CHECK(landed(0x21388 + 0x100, 3512, 1000));
		CHECK(landed(0x110000, 4512, 7000));
		CHECK(fake_mem_all(0x110000 + 7000, 2000, 0));
		CHECK(landed(0x10f800, 11512, 600));
		CHECK_EQ(plan.format, IMAGE_NBI_REAL);
		CHECK_EQ(plan.entry, 0x20010);
		CHECK_EQ(plan.nbi_execute, 0x20000010);
		CHECK_EQ(plan.nbi_header, HDR_LINEAR);
		CHECK_EQ(plan.nbi_header_segoff, HDR_LOC);
		CHECK(!plan.may_return);
		CHECK_EQ(plan.low, HDR_LINEAR);
		CHECK_EQ(plan.high, 0x110000 + 9000);
	}
}

TEST(nbi_protected_mode_returning_image)
{
	const struct seg segs[] = {
		{ NBI_PLACE_ABSOLUTE | NBI_SEG_LAST, 0x100000, 4096, 8192, 0 },
	};
	size_t len = build(0x9000e000, 0x100000, NBI_LINEAR_EXEC | NBI_RETURNS, segs, 1);
	struct boot_plan plan;

	load_ok(len, 0, &plan);
	CHECK_EQ(plan.format, IMAGE_NBI_PROTECTED);
	CHECK_EQ(plan.entry, 0x100000);
	CHECK_EQ(plan.nbi_header, 0x9e000);
	CHECK(plan.may_return);
	CHECK(landed(0x9e000, 0, 512));
	CHECK(landed(0x100000, 512, 4096));
	CHECK(fake_mem_all(0x100000 + 4096, 4096, 0));
}

TEST(nbi_first_relative_segment_counts_from_the_header_copy)
{
	const struct seg after[] = {
		{ NBI_PLACE_AFTER | NBI_SEG_LAST, 0x10, 100, 100, 0 },
	};
	const struct seg before[] = {
		{ NBI_PLACE_BEFORE | NBI_SEG_LAST, 0x200, 100, 100, 0 },
	};
	struct boot_plan plan;

	load_ok(build(HDR_LOC, 0x10000000, 0, after, 1), 512, &plan);
	CHECK(landed(HDR_LINEAR + 512 + 0x10, 512, 100));
	load_ok(build(HDR_LOC, 0x10000000, 0, before, 1), 512, &plan);
	CHECK(landed(HDR_LINEAR - 0x200, 512, 100));
}

TEST(nbi_zeroed_tail_may_lie_under_the_next_segments_data)
{
	/* As real images do: segment 1's tail covers segment 2; data wins. */
	const struct seg segs[] = {
		{ NBI_PLACE_ABSOLUTE, 0x30000, 1000, 0x4000, 0 },
		{ NBI_PLACE_ABSOLUTE | NBI_SEG_LAST, 0x31000, 500, 500, 0 },
	};
	size_t len = build(HDR_LOC, 0x30000000, 0, segs, 2);
	struct boot_plan plan;

	load_ok(len, 1, &plan);
	CHECK(landed(0x30000, 512, 1000));
	CHECK(fake_mem_all(0x30000 + 1000, 0x1000 - 1000, 0));
	CHECK(landed(0x31000, 1512, 500));
	CHECK(fake_mem_all(0x31000 + 500, 0x3000 - 500, 0));

	/* A tail over the header copy: the header is written after it. */
	const struct seg under[] = {
		{ NBI_PLACE_ABSOLUTE | NBI_SEG_LAST, 0x10000, 0x100, 0x1000, 0 },
	};
	load_ok(build(HDR_LOC, 0x10000000, 0, under, 1), 512, &plan);
	CHECK(landed(0x10000, 512, 0x100));
	CHECK(fake_mem_all(0x10100, 0x100, 0));
	CHECK(landed(HDR_LINEAR, 0, 512));
	CHECK(fake_mem_all(HDR_LINEAR + 512, 0x1000 - 0x400, 0));
}

TEST(nbi_refuses_unknown_format_and_short_header)
{
	memset(image, 0, 600);
	memcpy(image, "\x4d\x5a\x90\x00", 4);
	fake_load_refused(image, 600, false, "image: not a known format (starts 4d 5a 90 00)");
	fake_load_refused(image, 2, false, "image: not a known format: the file has only 2 bytes");

	const struct seg segs[] = { { NBI_SEG_LAST, 0x20000, 10, 10, 0 } };
	build(HDR_LOC, 0, 0, segs, 1);
	fake_load_refused(image, 300, false, "NBI header truncated: the file has 300 bytes, the header needs 512");
}

TEST(nbi_refuses_segments_outside_ram_or_over_the_firmware)
{
	const struct seg hole[] = { { NBI_SEG_LAST, 0x9e000, 0x800, 0x2000, 0 } };
	const struct seg high[] = { { NBI_SEG_LAST, 0x11f000, 0x800, 0x2000, 0 } };
	const struct seg fw[] = { { NBI_SEG_LAST, 0x5f000, 0x800, 0x1001, 0 } };
	const struct seg top[] = { { NBI_PLACE_TOP | NBI_SEG_LAST, 0x1000, 0x800, 0x2000, 0 } };

	fake_load_refused(image, build(HDR_LOC, 0, 0, hole, 1), false,
		     "image: segment 1 at 0x9e000..0xa0000 is outside usable RAM");
	fake_load_refused(image, build(HDR_LOC, 0, 0, high, 1), false,
		     "image: segment 1 at 0x11f000..0x121000 is outside usable RAM");
	fake_load_refused(image, build(HDR_LOC, 0, 0, top, 1), false,
		     "image: segment 1 at 0x11f000..0x121000 is outside usable RAM");
	fake_load_refused(image, build(HDR_LOC, 0, 0, fw, 1), false,
		     "image: segment 1 at 0x5f000..0x60001 overlaps the firmware at 0x60000..0x70000");
	/* The header copy is checked like a segment. */
	const struct seg ok[] = { { NBI_SEG_LAST, 0x20000, 10, 10, 0 } };
	fake_load_refused(image, build(0x60000000, 0, 0, ok, 1), false,
		     "image: NBI header at 0x60000..0x60200 overlaps the firmware");
	fake_load_refused(image, build(0xffff0000, 0, 0, ok, 1), false,
		     "NBI: header location ffff:0000 is not below 1 MiB");
	fake_load_refused(image, build(HDR_LOC, 0xffff0010, 0, ok, 1), false,
		     "NBI: real-mode entry ffff:0010 is not below 1 MiB");
}

/* With the firmware at the top of RAM, "from the top" counts from below it. */
TEST(nbi_top_of_memory_is_below_firmware_at_the_top)
{
	const struct image_range reserved[] = {
		{ FAKE_FW_START, FAKE_FW_END }, { 0x118000, 0x120000 },
	};
	struct image_target t = fake_target;
	const struct seg top[] = { { NBI_PLACE_TOP | NBI_SEG_LAST, 0x1000, 0x800, 0x1000, 0 } };
	size_t len = build(HDR_LOC, 0x20000010, 0, top, 1);
	struct boot_plan plan;

	t.reserved = reserved;
	t.reserved_count = 2;
	fake_mem_reset();
	CHECK_EQ(fake_load(&t, image, len, 512, false, &plan), 0);
	CHECK(landed(0x117000, 512, 0x800));
	CHECK(fake_mem_all(0x117800, 0x800, 0));
	CHECK_EQ(plan.high, 0x118000);
}

TEST(nbi_refuses_address_wrap)
{
	const struct seg past4g[] = { { NBI_SEG_LAST, 0xfffff000, 0x800, 0x2000, 0 } };
	const struct seg below0[] = {
		{ NBI_PLACE_BEFORE | NBI_SEG_LAST, 0x20000, 0x10, 0x10, 0 },
	};
	const struct seg undertop[] = {
		{ NBI_PLACE_TOP | NBI_SEG_LAST, 0x200000, 0x10, 0x10, 0 },
	};
	const struct seg after[] = {
		{ NBI_PLACE_ABSOLUTE, 0x20000, 0, 0x10, 0 },
		{ NBI_PLACE_AFTER | NBI_SEG_LAST, 0xfffffff0, 0x10, 0x10, 0 },
	};

	fake_load_refused(image, build(HDR_LOC, 0, 0, past4g, 1), false,
		     "image: segment 1 at 0xfffff000..0x100001000 reaches past 4 GiB");
	fake_load_refused(image, build(HDR_LOC, 0, 0, below0, 1), false,
		     "image: segment 1: 0x20000 before the previous segment (at 0x10200) is below address 0");
	fake_load_refused(image, build(HDR_LOC, 0, 0, undertop, 1), false,
		     "image: segment 1: 0x200000 below the top of memory (0x120000) is below address 0");
	fake_load_refused(image, build(HDR_LOC, 0, 0, after, 2), false,
		     "image: segment 2 at 0x100020000..0x100020010 reaches past 4 GiB");
}

TEST(nbi_refuses_bad_lengths_and_overlaps)
{
	const struct seg fat[] = { { NBI_SEG_LAST, 0x20000, 0x200, 0x100, 0 } };
	const struct seg two[] = {
		{ NBI_PLACE_ABSOLUTE, 0x20000, 0x1000, 0x1000, 0 },
		{ NBI_PLACE_ABSOLUTE | NBI_SEG_LAST, 0x20800, 0x1000, 0x1000, 0 },
	};
	const struct seg onhdr[] = { { NBI_SEG_LAST, 0x10000, 0x400, 0x400, 0 } };

	fake_load_refused(image, build(HDR_LOC, 0, 0, fat, 1), false,
		     "image: segment 1: file size 0x200 is larger than its memory size 0x100");
	fake_load_refused(image, build(HDR_LOC, 0, 0, two, 2), false,
		     "image: segment 2 at 0x20800..0x21800 overlaps segment 1 at 0x20000..0x21000");
	fake_load_refused(image, build(HDR_LOC, 0, 0, onhdr, 1), false,
		     "image: segment 1 at 0x10000..0x10400 overlaps NBI header at 0x10200..0x10400");
	/* The announced size (TFTP tsize) is shorter than the segments. */
	size_t len = build(HDR_LOC, 0, 0, two + 1, 1);

	fake_load_refused(image, len - 1, true,
		     "image: segment 1: file data at bytes 0x200..0x1200 lies past the end of the file (4607 bytes)");
}

TEST(nbi_refuses_bad_descriptor_lists)
{
	const struct seg nolast[] = { { NBI_PLACE_ABSOLUTE, 0x20000, 0x10, 0x10, 0 } };
	const struct seg fat_vendor[] = { { NBI_SEG_LAST, 0x20000, 0x10, 0x10, 15 } };
	struct seg many[30];
	struct boot_plan plan;

	fake_load_refused(image, build(HDR_LOC, 0, 0, nolast, 1), false,
		     "NBI: the descriptors end at header byte 44 without one carrying the last-segment flag");
	/* Descriptors that fill the header to the end without a last flag. */
	for (size_t i = 0; i < ARRAY_SIZE(many); i++)
		many[i] = (struct seg){ NBI_PLACE_AFTER, 0, 4, 4, 0 };
	fake_load_refused(image, build(HDR_LOC, 0, 0, many, 30), false,
		     "NBI: the descriptors end at header byte 508 without one");
	/* 28 ordinary descriptors, then one whose vendor data passes 512. */
	many[27] = (struct seg){ NBI_SEG_LAST, 0x30000, 4, 4, 15 };
	fake_load_refused(image, build(HDR_LOC, 0, 0, many, 28), false,
		     "NBI: segment 28 descriptor (header bytes 460..536) runs past the 512-byte header");
	/* 28 + 76 bytes of descriptor and vendor data fit. */
	load_ok(build(HDR_LOC, 0, 0, fat_vendor, 1), 512, &plan);
	CHECK(landed(0x20000, 512, 0x10));

	build(HDR_LOC, 0, 0, nolast, 1);
	image[28] = 0x03;	/* descriptor length 3 dwords */
	fake_load_refused(image, 600, false, "NBI: segment 1 descriptor is 3 dwords long, at least 4 needed");
	image[28] = 0x04;
	image[4] = 0x32;	/* header length 2 dwords */
	fake_load_refused(image, 600, false, "NBI: header length 2 dwords, at least 4 needed");
}

TEST(nbi_refuses_a_file_that_ends_early)
{
	const struct seg segs[] = {
		{ NBI_PLACE_ABSOLUTE | NBI_SEG_LAST, 0x20000, 20000, 20000, 0 },
	};
	size_t len = build(HDR_LOC, 0, 0, segs, 1);

	fake_load_refused(image, len - 100, false,
		     "image: the file ended after 20412 bytes; segment 1 needs bytes up to 0x5020");
	/* And when the short file is shorter than the buffered head. */
	const struct seg small[] = {
		{ NBI_PLACE_ABSOLUTE | NBI_SEG_LAST, 0x20000, 2000, 2000, 0 },
	};
	len = build(HDR_LOC, 0, 0, small, 1);
	fake_load_refused(image, len - 1, false, "lies past the end of the file (2511 bytes)");
}

TEST(nbi_needs_a_pc_bios_target)
{
	struct image_target arm = fake_target;
	const struct seg ok[] = { { NBI_SEG_LAST, 0x20000, 10, 10, 0 } };
	size_t len = build(HDR_LOC, 0, 0, ok, 1);
	struct boot_plan plan;

	arm.runs = IMAGE_RUNS_AARCH64;
	fake_mem_reset();
	CHECK_EQ(fake_load(&arm, image, len, 512, false, &plan), -E_BADIMAGE);
	CHECK(fake_console_has("NBI images start only on a PC BIOS"));
}

TEST(nbi_mutations_never_write_outside_the_checked_ranges)
{
	const struct seg segs[] = {
		{ NBI_PLACE_ABSOLUTE, 0x20000, 3000, 5000, 0 },
		{ NBI_PLACE_AFTER, 0x100, 1000, 1000, 1 },
		{ NBI_PLACE_TOP, 0x10000, 2000, 3000, 0 },
		{ NBI_PLACE_BEFORE | NBI_SEG_LAST, 0x800, 600, 600, 0 },
	};
	size_t len = build(HDR_LOC, 0x20000010, 0, segs, 4);
	static uint8_t good[MAX_IMAGE];
	int ok = 0, refused = 0;

	memcpy(good, image, len);
	random_seed(0x4e4249);
	for (int round = 0; round < 3000; round++) {
		/* Mostly the fixed header and the descriptors. */
		if (fake_mutation_round(image, good, len, 100))
			ok++;
		else
			refused++;
	}
	printf("INFO nbi_mutations: %d loaded, %d refused, none wrote outside RAM\n", ok, refused);
	CHECK(ok > 100);
	CHECK(refused > 100);
}
