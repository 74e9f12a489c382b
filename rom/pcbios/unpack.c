/*
 * The first step of a compressed body (bin/pcbios/e1000.lzrom and the
 * other images of mk/pcbios_lz.mk): expand the moving part before
 * anything uses it.
 *
 * Such a body is .text16 (entry16.asm assembled with -D UNPACK, the thunk,
 * this file, core/lzma.c and core/call_filter.c; body.ld puts every object
 * under build/pcbios-unpack/ there) followed directly by the compressed
 * stream (core/lzma.h's header, then LZMA1 data) of the link's bytes
 * [__move_start, __load_end), wrapped (LZMA_CALL_FILTERED first) when
 * util/mklzma found it smaller with the x86 call filter: then the decoded
 * bytes go through call_filter_decode() in place.  The link puts
 * __move_start at LZ_MOVE_BASE, above everything the prefix loads (the
 * build checks), so the stream never lies under the bytes it expands to.
 *
 * entry16's pm_start calls pcbios_unpack() in flat protected mode, before
 * .bss is cleared: the probability table borrows the first 16 KiB of .bss
 * (body.ld asserts that .bss and the stack leave room for it and for the
 * stack).  Only lzma_decode() and call_filter_decode() write the moving
 * part, and never past __load_end.  The stream is accepted when the
 * decoder accepts it (its range coder must end with code 0 on the declared
 * size, which must be the link's) and then relocate.c's image sum covers
 * the expanded and unfiltered bytes as it covers an uncompressed body's.
 * A refused stream is reported on the screen (INT 10h through real_call)
 * and on COM1, the QEMU debug exit port gets the failure code as
 * pcbios_exit gives it, and the body leaves the way the prefix asked
 * (pcbios_prefix_leave, exit16.asm): nothing in the moving part runs.
 */
#include "core/call_filter.h"
#include "core/lzma.h"
#include "rom/pcbios/bios.h"
#include "rom/pcbios/pcbios.h"
#include "rom/pcbios/x86_io.h"

extern char __bss_start[];
extern char pcbios_prefix_leave[];

ASM_CALL uint32_t pcbios_unpack(void);

#define PROBS LZMA_PROBS(3, 0)	/* util/mklzma keeps lc + lp <= 3 */
#define DEBUG_EXIT_PORT 0xF4
#define COM1 0x3F8
#define COM1_LSR (COM1 + 5)
#define LSR_THRE 0x20		/* transmit holding register empty */
#define COM1_POLLS 100000
#define EFLAGS_ID 0x200000u	/* SDM Vol. 1 §3.4.3: writable if CPUID exists */
#define CPUID_1_EDX_TSC 0x10u

/* The time-stamp counter's low word, 0 on a CPU without one. */
static uint32_t tsc_low(void)
{
	uint32_t before, after, a, b, c, d;

	__asm__ volatile("pushfl; popl %0; movl %0, %1; xorl %2, %1; pushl %1; popfl; pushfl; popl %1; pushl %0; popfl"
			 : "=&r"(before), "=&r"(after) : "i"(EFLAGS_ID));
	if (!((before ^ after) & EFLAGS_ID))
		return 0;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "0"(1u), "2"(0u));
	if (!(d & CPUID_1_EDX_TSC))
		return 0;
	__asm__ volatile("rdtsc" : "=a"(a), "=d"(d));
	return a;
}

static void say(const char *s)
{
	for (; *s; s++) {
		struct bios_regs r = { .eax = 0x0E00u | (uint8_t)*s };

		bios_call(0x10, &r);
		for (unsigned i = 0; i < COM1_POLLS && !(io_read8(COM1_LSR) & LSR_THRE); i++)
			;
		io_write8(COM1, (uint8_t)*s);
	}
}

static _Noreturn void refuse(void)
{
	struct real_call c = { .target = (uint32_t)(uintptr_t)pcbios_prefix_leave };

	say("\r\nnetboot pcbios: the compressed body is damaged; not started\r\n");
	io_write8(DEBUG_EXIT_PORT, PCBIOS_EXIT_FAILURE);
	real_call(&c);
	say("netboot pcbios: the BIOS came back; halted\r\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* Expands the moving part; returns the TSC cycles it took (0 without a
 * TSC) or does not return. */
ASM_CALL uint32_t pcbios_unpack(void)
{
	const uint8_t *in = (const uint8_t *)__text16_end;
	uint8_t *out = (uint8_t *)__move_start;
	size_t size = (size_t)(__load_end - __move_start);
	/* The link puts __move_start above __text16_end: in[0] exists. */
	size_t filtered = in[0] == LZMA_CALL_FILTERED;
	uint32_t start = tsc_low();
	int got = lzma_decode(in + filtered, (size_t)(__move_start - __text16_end) - filtered,
			      out, size, NULL, (uint16_t *)(void *)__bss_start, PROBS);

	if (got < 0 || (size_t)got != size)
		refuse();
	if (filtered)
		call_filter_decode(out, size);
	return tsc_low() - start;
}
