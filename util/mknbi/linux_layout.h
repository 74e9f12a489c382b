/*
 * Where mknbi-linux and mkelf-linux put a Linux kernel's pieces.  The
 * kernel's side of every number is Documentation/x86/boot.rst ("Loading
 * the rest of the kernel", "Sample boot configuration", "The real-mode
 * kernel header"); the rest keeps clear of the ROM (0-0x8420 and
 * 0x9F000-0xFFFFF, rom/pcbios/README.md "Starting images").
 *
 *   0x10000  zImage kernel (at most 0x80000 bytes, ends by 0x90000)
 *   0x90000  boot sector (REAL_SEG:0000, where protocol < 2.02 wants it)
 *   0x90200  setup, setup_sects * 512 bytes; boot sector + setup <= 32 KiB
 *   0x98000  setup's heap and stack: heap_end_ptr = 0x9000 - 0x200, SP 0x9000
 *   0x99000  the final command line the first stage writes (2 KiB)
 *   0x99800  the tool's command-line template (2 KiB)
 *   0x9A000  the first stage (first_linux.asm), execute 9A00:0000 (4 KiB)
 *   0x9B000  NBI: the header copy (9B00:0000).  ELF: the 32-bit entry stub
 *            (first_linux_elf.asm), the DHCP reply copy at +0x200, its
 *            real-mode stack up to 0x9C000
 *  0x100000  bzImage kernel
 *  initrds   concatenated (4-byte aligned), 4 KiB aligned: top of memory,
 *            after the kernel (its file or init_size, whichever is longer)
 *            or at a given address
 */
#ifndef UTIL_MKNBI_LINUX_LAYOUT_H
#define UTIL_MKNBI_LINUX_LAYOUT_H

#define REAL_SEG 0x9000u
#define REAL_BASE (REAL_SEG * 16u)
#define REAL_MAX 0x8000u		/* boot sector + setup */
#define HEAP_END_OFF 0x9000u		/* offset in REAL_SEG */
#define CMDLINE_OFF 0x9000u		/* final command line */
#define CMDLINE_BUF 0x800u
#define TEMPLATE_OFF 0x9800u
#define TEMPLATE_BUF 0x800u
#define FIRST_ADDR 0x9A000u
#define FIRST_MAX 0x1000u
#define NBI_HEADER_ADDR 0x9B000u
#define ELF_STUB_ADDR 0x9B000u
#define ELF_STUB_MAX 0x1000u
#define ZIMAGE_ADDR 0x10000u
#define ZIMAGE_MAX 0x80000u
#define BZIMAGE_ADDR 0x100000u
#define PAGE 0x1000u
#define RD_MARKER_PAGE PAGE		/* before a top-of-memory initrd */

/* struct first_params in first_linux.asm: byte offsets and flags */
#define FP_MAGIC 4			/* "MKL1" */
#define FP_FLAGS 8
#define FP_REALSEG 10
#define FP_TEMPLATE 12
#define FP_CMDLINE 14
#define FP_CMDMAX 16
#define FP_HEAPEND 18
#define FP_RDADDR 20
#define FP_RDSIZE 24
#define FP_RDNONCE 28
#define FP_RDMAX 32
#define FP_F_IP_ROM 1u
#define FP_F_ROOT_ROM 2u
#define FP_F_RD 4u
#define FP_F_RD_SCAN 8u
#define FP_F_CMDLINE_PTR 16u

/* The ELF stub's block: "MKE1" at 4, its origin at 8 (assembled), the
 * first stage's far pointer at 12: offset 0, segment (the tool's) at 14. */
#define ES_MAGIC 4
#define ES_ORIGIN 8
#define ES_FIRST_SEG 14

#endif
