/*
 * The benchmark's boot file (tests/bench/bench.sh; test glue, never
 * shipped): a multiboot ELF32 at 1 MiB, a format both our client and
 * Debian's iPXE boot.  Its first act is the marker line on COM1, which the
 * host stamps to measure "time to payload"; then it leaves QEMU through
 * isa-debug-exit with the "pass" status (33).  It checks nothing: the
 * tests/payloads ones do that.  mkimage.py grows it to 64 MiB for the TFTP
 * rate runs; the extra bytes are a segment it never reads.
 */
#include "tests/payloads/payload.h"

/* Multiboot 0.6.96 §3.1: magic, flags (none needed: an ELF image), and the
 * checksum that makes the three sum to zero. */
#define MB_MAGIC 0x1BADB002u

__attribute__((section(".multiboot"), used, aligned(4)))
static const uint32_t header[3] = { MB_MAGIC, 0, (uint32_t)-MB_MAGIC };

/* The record tests/payloads/mkimage.py "grow" looks for when it adds the
 * 64 MiB segment (payload.h); nothing here reads it. */
volatile struct blob_info blob_info = { BLOB_MAGIC, 0, 0, 0 };

void payload_main(uint32_t eax, uint32_t ebx);

void payload_main(uint32_t eax, uint32_t ebx)
{
	(void)eax;
	(void)ebx;
	put("bench-payload-marker\n");
	outb(DEBUG_EXIT, 0x10);
	for (;;)
		__asm__ volatile("cli; hlt");
}
