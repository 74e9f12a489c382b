/*
 * The ELF loader (loaders/elf.c through loaders/image.c): ELF32, ELF64 and
 * multiboot images built here with a tiny writer, streamed in chunks into
 * fake physical memory (tests/unit/fake_memory.h); hostile images are
 * refused with their reason and write nothing outside the checked ranges.
 */
#include "tests/unit/harness.h"
#include "tests/unit/fakes.h"
#include "tests/unit/fake_memory.h"
#include "loaders/elf_format.h"
#include "loaders/image.h"
#include "core/errors.h"
#include "core/random.h"
#include <stdio.h>
#include <string.h>

#define MAX_IMAGE (64 * 1024)

struct ph {
	uint32_t type;
	uint64_t offset, paddr, filesz, memsz;
};

static uint8_t image[MAX_IMAGE];

/* A tiny ELF writer: len bytes whose values follow their file offset,
 * then the ELF header at 0 and n program headers at phoff. */
static size_t build(unsigned class, uint16_t machine, uint64_t entry,
		    uint64_t phoff, const struct ph *phs, size_t n, size_t len)
{
	for (size_t i = 0; i < len; i++)
		image[i] = (uint8_t)(i * 13 + 5);
	if (class == ELFCLASS32) {
		struct elf32_ehdr e = {
			.e_ident = { 0x7f, 'E', 'L', 'F', ELFCLASS32, ELFDATA2LSB, EV_CURRENT },
			.e_type = ET_EXEC, .e_machine = machine, .e_version = EV_CURRENT,
			.e_entry = (uint32_t)entry, .e_phoff = (uint32_t)phoff,
			.e_ehsize = sizeof(e), .e_phentsize = sizeof(struct elf32_phdr),
			.e_phnum = (uint16_t)n,
		};
		memcpy(image, &e, sizeof(e));
		for (size_t i = 0; i < n; i++) {
			struct elf32_phdr p = { phs[i].type, (uint32_t)phs[i].offset,
						(uint32_t)phs[i].paddr ^ 0x80000000u,
						(uint32_t)phs[i].paddr,
						(uint32_t)phs[i].filesz,
						(uint32_t)phs[i].memsz, 7, 0x1000 };
			memcpy(image + phoff + i * sizeof(p), &p, sizeof(p));
		}
	} else {
		struct elf64_ehdr e = {
			.e_ident = { 0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
			.e_type = ET_EXEC, .e_machine = machine, .e_version = EV_CURRENT,
			.e_entry = entry, .e_phoff = phoff,
			.e_ehsize = sizeof(e), .e_phentsize = sizeof(struct elf64_phdr),
			.e_phnum = (uint16_t)n,
		};
		memcpy(image, &e, sizeof(e));
		for (size_t i = 0; i < n; i++) {
			struct elf64_phdr p = { phs[i].type, 7, phs[i].offset,
						phs[i].paddr | 0xffffffff80000000u,
						phs[i].paddr, phs[i].filesz,
						phs[i].memsz, 0x1000 };
			memcpy(image + phoff + i * sizeof(p), &p, sizeof(p));
		}
	}
	return len;
}

static void load_ok(const struct image_target *t, size_t len, size_t chunk,
		    struct boot_plan *plan)
{
	fake_mem_reset();
	int err = fake_load(t, image, len, chunk, chunk == 1468, plan);
	if (err)
		test_fail(__FILE__, __LINE__, "load failed (%d): %s", err, fake_console());
	CHECK(fake_mem_clean());
}

static bool landed(uint64_t phys, size_t file_off, size_t len)
{
	return memcmp(fake_mem(phys), image + file_off, len) == 0;
}

/* A multiboot header at off with the given flags and a checksum fix. */
static void put_multiboot(size_t off, uint32_t flags, uint32_t fix)
{
	uint32_t h[3] = { MULTIBOOT_MAGIC, flags, 0u - MULTIBOOT_MAGIC - flags + fix };

	memcpy(image + off, h, sizeof(h));
}

TEST(elf32_segments_land_in_every_chunk_size)
{
	const struct ph phs[] = {
		{ PT_LOAD, 0x1000, 0x20000, 0x2345, 0x3000 },
		{ 4 /* PT_NOTE */, 0x100, 0x60000, 0x40, 0x40 },	/* ignored */
		{ PT_LOAD, 0x3400, 0x40000, 0, 0 },			/* empty */
		{ PT_LOAD, 0x4000, 0x100000, 0x1800, 0x1800 },
	};
	size_t len = build(ELFCLASS32, EM_386, 0x20010, 52, phs, 4, 0x5800);
	const size_t chunks[] = { 1, 512, 1468, MAX_IMAGE };

	for (size_t c = 0; c < ARRAY_SIZE(chunks); c++) {
		struct boot_plan plan;

		load_ok(&fake_target, len, chunks[c], &plan);
		CHECK(landed(0x20000, 0x1000, 0x2345));
		CHECK(fake_mem_all(0x20000 + 0x2345, 0x3000 - 0x2345, 0));
		CHECK(landed(0x100000, 0x4000, 0x1800));
		CHECK(fake_mem_all(0x40000, 16, FAKE_MEM_FILL));
		CHECK_EQ(plan.format, IMAGE_ELF32);
		CHECK_EQ(plan.machine, EM_386);
		CHECK_EQ(plan.entry, 0x20010);
		CHECK_EQ(plan.low, 0x20000);
		CHECK_EQ(plan.high, 0x101800);
	}
}

TEST(elf64_loads_by_physical_address_including_its_own_header)
{
	/* As linkers do: the first PT_LOAD starts at file offset 0. */
	const struct ph phs[] = {
		{ PT_LOAD, 0, 0x100000, 0x2100, 0x2100 },
		{ PT_LOAD, 0x3000, 0x103000, 0x2800, 0x8000 },
	};
	size_t len = build(ELFCLASS64, EM_X86_64, 0xffffffff80100040u, 64, phs, 2, 0x5800);
	struct boot_plan plan;

	load_ok(&fake_target, len, 1468, &plan);
	CHECK(landed(0x100000, 0, 0x2100));
	CHECK(landed(0x103000, 0x3000, 0x2800));
	CHECK(fake_mem_all(0x105800, 0x5800, 0));
	CHECK_EQ(plan.format, IMAGE_ELF64);
	CHECK_EQ(plan.machine, EM_X86_64);
	CHECK(plan.entry == 0xffffffff80100040u);
}

TEST(elf_segments_in_any_file_order_and_sharing_file_bytes)
{
	const struct ph phs[] = {
		{ PT_LOAD, 0x3000, 0x30000, 0x1000, 0x1000 },
		{ PT_LOAD, 0x1000, 0x40000, 0x2800, 0x2800 },	/* overlaps in the file */
		{ PT_LOAD, 0x0, 0x50000, 0x100, 0x100 },
	};
	size_t len = build(ELFCLASS32, EM_386, 0x30000, 52, phs, 3, 0x4000);
	struct boot_plan plan;

	load_ok(&fake_target, len, 1, &plan);
	CHECK(landed(0x30000, 0x3000, 0x1000));
	CHECK(landed(0x40000, 0x1000, 0x2800));
	CHECK(landed(0x50000, 0, 0x100));
}

TEST(elf_aarch64_needs_an_arm_target)
{
	const struct ph phs[] = { { PT_LOAD, 0x1000, 0x20000, 0x100, 0x100 } };
	size_t len = build(ELFCLASS64, EM_AARCH64, 0x20000, 64, phs, 1, 0x1100);
	struct image_target arm = fake_target;
	struct boot_plan plan;

	fake_load_refused(image, len, false, "image: ELF for AArch64, which this platform cannot start");
	arm.runs = IMAGE_RUNS_AARCH64;
	load_ok(&arm, len, 512, &plan);
	CHECK_EQ(plan.format, IMAGE_ELF64);
	CHECK_EQ(plan.machine, EM_AARCH64);
	len = build(ELFCLASS32, EM_386, 0x20000, 52, phs, 1, 0x1100);
	fake_mem_reset();
	CHECK_EQ(fake_load(&arm, image, len, 512, false, &plan), -E_BADIMAGE);
	CHECK(fake_console_has("image: ELF for i386, which this platform cannot start"));
}

TEST(elf_x86_64_on_a_cpu_without_long_mode)
{
	const struct ph phs[] = { { PT_LOAD, 0x1000, 0x20000, 0x100, 0x100 } };
	size_t len = build(ELFCLASS64, EM_X86_64, 0x20000, 64, phs, 1, 0x1100);
	struct image_target x86_32 = fake_target;
	struct image_target arm = fake_target;
	struct boot_plan plan;

	x86_32.runs = IMAGE_RUNS_NBI | IMAGE_RUNS_I386;
	fake_mem_reset();
	CHECK_EQ(fake_load(&x86_32, image, len, 512, false, &plan), -E_BADIMAGE);
	CHECK(fake_console_has("image: ELF for x86-64, but this CPU has no 64-bit long mode"));
	arm.runs = IMAGE_RUNS_AARCH64;
	fake_mem_reset();
	CHECK_EQ(fake_load(&arm, image, len, 512, false, &plan), -E_BADIMAGE);
	CHECK(fake_console_has("image: ELF for x86-64, which this platform cannot start"));
}

TEST(elf_refuses_wrong_machine_class_and_type)
{
	const struct ph phs[] = { { PT_LOAD, 0x1000, 0x20000, 0x100, 0x100 } };

	fake_load_refused(image, build(ELFCLASS64, EM_386, 0, 64, phs, 1, 0x1100), false,
		     "image: ELF: i386 code in an ELF64 file");
	fake_load_refused(image, build(ELFCLASS32, 40, 0, 52, phs, 1, 0x1100), false,
		     "image: ELF for machine 40, which this loader does not know");
	build(ELFCLASS32, EM_386, 0, 52, phs, 1, 0x1100);
	image[16] = 3;		/* e_type ET_DYN */
	fake_load_refused(image, 0x1100, false, "image: ELF: type 3, only executables (ET_EXEC) are loaded");
	build(ELFCLASS32, EM_386, 0, 52, phs, 1, 0x1100);
	image[EI_DATA] = 2;	/* big-endian */
	fake_load_refused(image, 0x1100, false, "image: ELF: not a little-endian version-1 file (data 2, version 1)");
	build(ELFCLASS32, EM_386, 0, 52, phs, 1, 0x1100);
	image[42] = 40;		/* e_phentsize */
	fake_load_refused(image, 0x1100, false, "image: ELF: header size 52 or program header size 40 is wrong");
	build(ELFCLASS32, EM_386, 0, 52, phs, 1, 0x1100);
	image[EI_CLASS] = 3;
	fake_load_refused(image, 0x1100, false, "image: ELF: class 3 is neither ELF32 nor ELF64");
	build(ELFCLASS32, EM_386, 0, 52, phs, 1, 0x1100);
	fake_load_refused(image, 30, false, "image: ELF header truncated: the file has 30 bytes, the header needs 52");
	build(ELFCLASS64, EM_X86_64, 0, 64, phs, 1, 0x1100);
	fake_load_refused(image, 60, false, "image: ELF header truncated: the file has 60 bytes, the header needs 64");
}

TEST(elf_refuses_missing_or_unreachable_program_headers)
{
	const struct ph note[] = { { 4, 0x100, 0x20000, 0x10, 0x10 } };
	const struct ph phs[] = { { PT_LOAD, 0x1000, 0x20000, 0x100, 0x100 } };

	fake_load_refused(image, build(ELFCLASS32, EM_386, 0, 52, note, 1, 0x1100), false,
		     "image: ELF: no PT_LOAD segment, so nothing to load");
	fake_load_refused(image, build(ELFCLASS32, EM_386, 0, 52, phs, 0, 0x1100), false,
		     "image: ELF: 0 program headers, so nothing to load");
	fake_load_refused(image, build(ELFCLASS32, EM_386, 0, 0x2800, phs, 1, 0x3000), true,
		     "image: ELF: the program header table at file byte 0x2800 (1 x 32 bytes) must lie in the first 8192 bytes");
	/* Near 2^64, where phoff + size would wrap. */
	build(ELFCLASS64, EM_X86_64, 0, 64, phs, 1, 0x1100);
	memset(image + 32, 0xff, 8);	/* e_phoff */
	image[32] = 0xf0;
	fake_load_refused(image, 0x1100, false, "image: ELF: the program header table at file byte 0xfffffffffffffff0 (1 x 56 bytes) must lie in the first 4352 bytes");
	/* A table that ends past a short file. */
	fake_load_refused(image, build(ELFCLASS32, EM_386, 0, 0x1000, phs, 1, 0x1010), false,
		     "image: ELF: the program header table at file byte 0x1000 (1 x 32 bytes) must lie in the first 4112 bytes");
}

TEST(elf_refuses_bad_segments)
{
	const struct ph fat[] = { { PT_LOAD, 0x1000, 0x20000, 0x200, 0x100 } };
	const struct ph hole[] = { { PT_LOAD, 0x1000, 0x9f000, 0x100, 0x100 } };
	const struct ph fw[] = { { PT_LOAD, 0x1000, 0x6ff00, 0x100, 0x101 } };
	const struct ph wrap32[] = { { PT_LOAD, 0x1000, 0xfffff000, 0x100, 0x2000 } };
	const struct ph wrap64[] = { { PT_LOAD, 0x1000, 0xfffffffffffff000u, 0x100, 0x2000 } };
	const struct ph offwrap[] = { { PT_LOAD, 0xffffffffffffff00u, 0x20000, 0x200, 0x200 } };
	const struct ph past[] = { { PT_LOAD, 0x1000, 0x20000, 0x200, 0x200 } };
	const struct ph overlap[] = {
		{ PT_LOAD, 0x1000, 0x20000, 0x100, 0x2000 },
		{ PT_LOAD, 0x1100, 0x21000, 0x100, 0x100 },	/* inside the first's bss */
	};

	fake_load_refused(image, build(ELFCLASS32, EM_386, 0, 52, fat, 1, 0x1200), false,
		     "image: program header 0: file size 0x200 is larger than its memory size 0x100");
	fake_load_refused(image, build(ELFCLASS32, EM_386, 0, 52, hole, 1, 0x1200), false,
		     "image: program header 0 at 0x9f000..0x9f100 is outside usable RAM");
	fake_load_refused(image, build(ELFCLASS32, EM_386, 0, 52, fw, 1, 0x1200), false,
		     "image: program header 0 at 0x6ff00..0x70001 overlaps the firmware at 0x60000..0x70000");
	fake_load_refused(image, build(ELFCLASS32, EM_386, 0, 52, wrap32, 1, 0x1200), false,
		     "image: program header 0 at 0xfffff000..0x100001000 is outside usable RAM");
	fake_load_refused(image, build(ELFCLASS64, EM_X86_64, 0, 64, wrap64, 1, 0x1200), false,
		     "image: program header 0 at 0xfffffffffffff000..0x1000 wraps around the end of the address space");
	fake_load_refused(image, build(ELFCLASS64, EM_X86_64, 0, 64, offwrap, 1, 0x1200), false,
		     "image: program header 0: file offset 0xffffffffffffff00 + size 0x200 wraps around");
	fake_load_refused(image, build(ELFCLASS32, EM_386, 0, 52, past, 1, 0x1100), false,
		     "image: program header 0: file data at bytes 0x1000..0x1200 lies past the end of the file (4352 bytes)");
	fake_load_refused(image, build(ELFCLASS32, EM_386, 0, 52, overlap, 2, 0x1200), false,
		     "image: program header 1 at 0x21000..0x21100 overlaps program header 0 at 0x20000..0x22000");
}

TEST(elf_refuses_a_file_that_ends_early)
{
	const struct ph phs[] = { { PT_LOAD, 0x1000, 0x20000, 0x4000, 0x4000 } };
	size_t len = build(ELFCLASS32, EM_386, 0, 52, phs, 1, 0x5000);

	fake_load_refused(image, len - 1, false,
		     "image: the file ended after 20479 bytes; program header 0 needs bytes up to 0x5000");
}

TEST(elf32_multiboot_header_is_found_and_checked)
{
	const struct ph phs[] = { { PT_LOAD, 0x1000, 0x100000, 0x1000, 0x1000 } };
	struct boot_plan plan;

	build(ELFCLASS32, EM_386, 0x100000, 52, phs, 1, 0x2100);
	put_multiboot(0x1010, MB_FLAG_PAGE_ALIGN | MB_FLAG_MEMINFO | MB_FLAG_ADDRESSES, 0);
	load_ok(&fake_target, 0x2100, 512, &plan);
	CHECK_EQ(plan.format, IMAGE_ELF32_MULTIBOOT);
	CHECK_EQ(plan.multiboot_offset, 0x1010);
	CHECK_EQ(plan.multiboot.flags, MB_FLAG_PAGE_ALIGN | MB_FLAG_MEMINFO | MB_FLAG_ADDRESSES);
	CHECK_EQ(plan.multiboot.header_addr, image[0x101c] | image[0x101d] << 8 |
		 image[0x101e] << 16 | (uint32_t)image[0x101f] << 24);
	CHECK_EQ(plan.entry, 0x100000);

	/* Not 4-byte aligned, a bad checksum, or past 8 KiB: plain ELF32. */
	const size_t offs[] = { 0x1012, 0x1010, 0x1ff8 + 8 };
	for (size_t i = 0; i < ARRAY_SIZE(offs); i++) {
		build(ELFCLASS32, EM_386, 0x100000, 52, phs, 1, 0x2100);
		put_multiboot(offs[i], MB_FLAG_MEMINFO, i == 1);
		load_ok(&fake_target, 0x2100, 512, &plan);
		CHECK_EQ(plan.format, IMAGE_ELF32);
	}
	/* The last place it fits: 12 bytes ending at 8192. */
	build(ELFCLASS32, EM_386, 0x100000, 52, phs, 1, 0x2100);
	put_multiboot(0x1ff4, 0, 0);
	load_ok(&fake_target, 0x2100, 512, &plan);
	CHECK_EQ(plan.format, IMAGE_ELF32_MULTIBOOT);

	/* A requirement we cannot meet (video mode) refuses the image. */
	build(ELFCLASS32, EM_386, 0x100000, 52, phs, 1, 0x2100);
	put_multiboot(0x1010, MB_FLAG_MEMINFO | MB_FLAG_VIDEO, 0);
	fake_load_refused(image, 0x2100, false,
		     "image: multiboot: the header at byte 4112 requires features 0x4 this loader lacks");
}

TEST(elf_mutations_never_write_outside_the_checked_ranges)
{
	const struct ph phs[] = {
		{ PT_LOAD, 0x200, 0x20000, 0x1000, 0x1800 },
		{ PT_LOAD, 0x1400, 0x100000, 0x1000, 0x1000 },
		{ 4, 0x100, 0, 0x10, 0x10 },
	};
	static uint8_t good[2][0x2800];
	int ok = 0, refused = 0;

	build(ELFCLASS32, EM_386, 0x20000, 52, phs, 3, sizeof(good[0]));
	put_multiboot(0x210, MB_FLAG_MEMINFO, 0);
	memcpy(good[0], image, sizeof(good[0]));
	build(ELFCLASS64, EM_X86_64, 0x20000, 64, phs, 3, sizeof(good[1]));
	memcpy(good[1], image, sizeof(good[1]));
	random_seed(0x454c46);
	for (int round = 0; round < 3000; round++) {
		/* Mostly the ELF header and the program headers. */
		if (fake_mutation_round(image, good[round & 1], sizeof(good[0]), 240))
			ok++;
		else
			refused++;
	}
	printf("INFO elf_mutations: %d loaded, %d refused, none wrote outside RAM\n", ok, refused);
	CHECK(ok > 100);
	CHECK(refused > 100);
}

TEST(elf_refuses_more_segments_than_it_tracks)
{
	struct ph phs[IMAGE_MAX_PIECES + 1];

	for (size_t i = 0; i < ARRAY_SIZE(phs); i++)
		phs[i] = (struct ph){ PT_LOAD, 0x1000 + i * 0x10, 0x20000 + i * 0x10,
				      0x10, 0x10 };
	fake_load_refused(image, build(ELFCLASS32, EM_386, 0, 52, phs, ARRAY_SIZE(phs), 0x1400),
		     false, "image: more than 32 segments to load");
	/* 32 are fine. */
	struct boot_plan plan;
	load_ok(&fake_target, build(ELFCLASS32, EM_386, 0, 52, phs, IMAGE_MAX_PIECES, 0x1400),
		512, &plan);
	CHECK(landed(0x20000, 0x1000, 32 * 0x10));
}

TEST(sink_stops_after_a_refusal_and_on_bytes_out_of_order)
{
	static struct image_loader_state st;
	struct image_target target = fake_target;
	const struct ph phs[] = { { PT_LOAD, 0x1000, 0x20000, 0x2000, 0x2000 } };
	struct boot_plan plan;
	struct sink *sink;

	target.phys_offset = (uintptr_t)fake_mem(0);
	build(ELFCLASS32, EM_386, 0, 52, phs, 1, 0x3000);
	image[EI_CLASS] = 9;
	fake_mem_reset();
	sink = image_sink_init(&st, &target);
	CHECK_EQ(sink->write(sink, 0, image, 0x2000), -E_BADIMAGE);
	CHECK_EQ(sink->write(sink, 0x2000, image + 0x2000, 0x1000), -E_BADIMAGE);
	CHECK_EQ(image_finish(&st, &plan), -E_BADIMAGE);

	image[EI_CLASS] = ELFCLASS32;
	sink = image_sink_init(&st, &target);
	CHECK_EQ(sink->write(sink, 0, image, 100), 0);
	CHECK_EQ(sink->write(sink, 200, image + 200, 100), -E_BADIMAGE);
	CHECK(fake_console_has("image: bytes arrived out of order (offset 200, expected 100)"));
	CHECK(fake_mem_clean());
}

/* image_target.claim (the UEFI platform's AllocatePages): called for every
 * piece once all have passed their checks, before any byte is written;
 * a refusal stops the load with memory untouched. */
static struct image_range claims[4];
static size_t claim_count;
static bool refuse_claims;

static int record_claim(const struct image_target *t, uint64_t start, uint64_t end)
{
	(void)t;
	if (refuse_claims)
		return -E_TOOBIG;
	if (claim_count < ARRAY_SIZE(claims))
		claims[claim_count] = (struct image_range){ start, end };
	claim_count++;
	return 0;
}

TEST(claim_hook_sees_every_piece_before_any_write)
{
	struct image_target target = fake_target;
	const struct ph phs[] = {
		{ PT_LOAD, 0x1000, 0x20000, 0x800, 0x2000 },
		{ PT_LOAD, 0x2000, 0x100000, 0x400, 0x400 },
	};
	size_t len = build(ELFCLASS64, EM_X86_64, 0x20000, 64, phs, 2, 0x2400);
	struct boot_plan plan;

	target.runs = IMAGE_RUNS_X86_64;
	target.claim = record_claim;
	claim_count = 0;
	refuse_claims = false;
	load_ok(&target, len, 512, &plan);
	CHECK_EQ(claim_count, 2);
	CHECK(claims[0].start == 0x20000 && claims[0].end == 0x22000);
	CHECK(claims[1].start == 0x100000 && claims[1].end == 0x100400);
	CHECK(landed(0x100000, 0x2000, 0x400));

	refuse_claims = true;
	fake_mem_reset();
	CHECK_EQ(fake_load(&target, image, len, 512, false, &plan), -E_TOOBIG);
	CHECK(fake_mem_clean());
	CHECK(fake_mem_all(0x20000, 0x2000, FAKE_MEM_FILL));
	CHECK(fake_mem_all(0x100000, 0x400, FAKE_MEM_FILL));
}
