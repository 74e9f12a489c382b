/*
 * A Linux x86 boot image (zImage or bzImage) as mknbi-linux needs it, read
 * from the real-mode kernel header (Documentation/x86/boot.rst, "The
 * real-mode kernel header"; offsets below are that table's).
 */
#ifndef UTIL_MKNBI_KERNEL_H
#define UTIL_MKNBI_KERNEL_H

#include "util/mknbi/mknbi.h"
#include <stdbool.h>

#define KH_SETUP_SECTS 0x1f1		/* 0 means 4 */
#define KH_BOOT_FLAG 0x1fe		/* 0xAA55 */
#define KH_HEADER 0x202			/* "HdrS" */
#define KH_VERSION 0x206
#define KH_LOADFLAGS 0x211		/* bit 0 LOADED_HIGH */
#define KH_INITRD_ADDR_MAX 0x22c	/* protocol 2.03+ */
#define KH_CMDLINE_SIZE 0x238		/* protocol 2.06+ */
#define KH_PREF_ADDRESS 0x258	/* protocol 2.10+, 64 bits */
#define KH_INIT_SIZE 0x260		/* protocol 2.10+ */
#define KH_END 0x264

struct kernel {
	const uint8_t *real;		/* boot sector + setup */
	uint32_t setup_len;		/* setup only */
	const uint8_t *body;		/* the protected-mode kernel */
	uint32_t body_len;
	uint16_t version;
	bool big;			/* bzImage: loaded at 1 MiB */
	uint32_t initrd_max;		/* highest byte an initrd may use */
	uint32_t cmdline_max;		/* longest command line, NUL not counted */
	uint32_t init_size;		/* memory from the load address it needs */
	/* Where a 2.10+ kernel runs when loaded lower: its decompressor moves
	 * it there, and it then needs init_size bytes from there (boot.rst,
	 * "pref_address" and "init_size").  0 when the header has none. */
	uint32_t pref_address;
};

/* Check a kernel file; dies with the reason when it cannot be booted. */
void kernel_read(const char *path, const struct buf *file, struct kernel *k);

#endif
