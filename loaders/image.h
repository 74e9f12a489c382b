/*
 * Loading a boot image while it downloads.  image_sink_init() gives a
 * download sink (core/sink.h); the first bytes (up to IMAGE_HEAD_MAX,
 * buffered) decide the format by its magic number, never by the file name:
 * NBI (loaders/nbi.c) or ELF32/ELF64 (loaders/elf.c).  Every segment is
 * then checked against the platform's image_target before a single byte is
 * written: inside usable RAM, clear of the firmware, no address wrap (NBI:
 * below 4 GiB), file size <= memory size, file data inside the file, no
 * overlaps.  Memory past each segment's file data is zeroed next; then the
 * file bytes are copied to their places as they arrive (the buffered head
 * first).
 *
 * Each arriving byte goes to every segment whose file range holds it, so
 * ELF program headers may list their PT_LOADs in any order.  The ELF
 * program header table must lie inside the buffered head (a linker puts it
 * right after the ELF header); an image whose table lies further in is
 * refused with a message saying so.
 *
 * A refused image gets a message naming the segment and the reason, and
 * -E_BADIMAGE from the sink (so the download stops) and from image_finish().
 */
#ifndef LOADERS_IMAGE_H
#define LOADERS_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/sink.h"
#include "loaders/elf_format.h"

/* A physical address range [start, end). */
struct image_range {
	uint64_t start, end;
};

/* What a platform can start (image_target.runs). */
enum {
	IMAGE_RUNS_NBI = 1 << 0,	/* PC BIOS: real-mode and 32-bit NBI */
	IMAGE_RUNS_I386 = 1 << 1,	/* ELF32 EM_386 (and multiboot) */
	IMAGE_RUNS_X86_64 = 1 << 2,	/* ELF64 EM_X86_64 */
	IMAGE_RUNS_AARCH64 = 1 << 3,	/* ELF64 EM_AARCH64 */
};

/* What the platform allows.  A segment must lie wholly inside one RAM
 * range, so the platform merges adjacent ones (E820 lists them apart). */
struct image_target {
	const struct image_range *ram;		/* usable RAM */
	size_t ram_count;
	const struct image_range *reserved;	/* the firmware's code, data,
						 * heap, stack and buffers */
	size_t reserved_count;
	unsigned runs;				/* IMAGE_RUNS_* */
	/* A physical address as a pointer: (void *)(phys + phys_offset).
	 * 0 where physical == virtual (x86 BIOS, flat protected mode). */
	uintptr_t phys_offset;
	/* Where RAM is shared with a firmware that still allocates (UEFI):
	 * take [start, end) for the image once every piece has passed its
	 * checks and before a byte is written there; 0, or a negative error
	 * after saying why.  NULL where the RAM ranges are ours (BIOS). */
	int (*claim)(const struct image_target *t, uint64_t start, uint64_t end);
};

enum image_format {
	IMAGE_NBI_REAL,		/* NBI, far call in real mode */
	IMAGE_NBI_PROTECTED,	/* NBI, 32-bit call in flat protected mode */
	IMAGE_ELF32,
	IMAGE_ELF64,
	IMAGE_ELF32_MULTIBOOT,	/* ELF32 with a valid multiboot header */
};

/* How to start what was loaded; the platform carries it out. */
struct boot_plan {
	enum image_format format;
	uint16_t machine;	/* EM_386 for NBI, else the ELF's e_machine */
	uint64_t entry;		/* linear entry address (NBI real: seg*16+off) */
	/* NBI: the header's execute field as given (seg:off for real mode),
	 * the header copy as a linear address and as seg:off (the image gets
	 * a pointer to it and one to the BOOTP/DHCP reply), and flag bit 8. */
	uint32_t nbi_execute;
	uint32_t nbi_header;
	uint32_t nbi_header_segoff;
	bool may_return;
	/* IMAGE_ELF32_MULTIBOOT: the header as found, and its file offset. */
	struct multiboot_header multiboot;
	uint32_t multiboot_offset;
	/* The memory the image occupies: lowest address, highest + 1. */
	uint64_t low, high;
};

/* Internal to the loaders; in the state so that no heap is needed. */
#define IMAGE_HEAD_MAX MULTIBOOT_SEARCH	/* 8 KiB: multiboot searches this far */
#define IMAGE_MAX_PIECES 32	/* NBI: header + 31 descriptors fit in 512 */

struct image_piece {
	uint64_t phys;		/* where it goes */
	uint64_t file_off;	/* where its bytes start in the file */
	uint64_t file_len;	/* bytes from the file */
	uint64_t mem_len;	/* bytes in memory; [file_len, mem_len) zeroed */
	char name[24];		/* for messages: "segment 2", "NBI header" */
};

struct image_loader_state {
	struct sink sink;
	const struct image_target *target;
	int error;		/* 0, or the error every later call returns */
	bool decided;		/* format known, pieces validated and placed */
	bool size_known;	/* expect() announced the size */
	/* With NBI, real images let one segment's zeroed tail lie under the
	 * next one's data (tails are zeroed first, so the data wins); only
	 * file data must not overlap.  ELF segments must not overlap at all. */
	bool tails_may_overlap;
	bool below_4g;		/* NBI: every address is 32-bit */
	uint32_t size;		/* the announced size */
	uint64_t received;	/* bytes taken so far */
	size_t head_len;
	struct boot_plan plan;
	size_t piece_count;
	struct image_piece pieces[IMAGE_MAX_PIECES];
	uint8_t head[IMAGE_HEAD_MAX];
};

/* Prepare st (which must outlive the download) and return its sink. */
struct sink *image_sink_init(struct image_loader_state *st,
			     const struct image_target *target);

/* After the last byte: 0 and *plan filled when the whole image is in place,
 * else a negative error (with a message). */
int image_finish(struct image_loader_state *st, struct boot_plan *plan);

#endif
