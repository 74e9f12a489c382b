/*
 * The platform clock: the CPU's time-stamp counter, calibrated once at start
 * against channel 2 of the 8254 programmable interval timer.
 *
 * Why: PIT channel 0 ticks the BIOS's 18.2 Hz counter, but only through IRQ0,
 * which the body (interrupts off in protected mode) does not take; reading
 * channel 0 directly would mean fighting the BIOS over its mode.  Channel 2
 * is free (it drives the speaker) and its gate and output sit in port 61h.
 * The TSC then gives sub-microsecond time with one instruction.
 *
 * Limits: needs a TSC (Pentium or later; clock_init refuses a CPU without).
 * Only an invariant TSC (CPUID 80000007h EDX bit 8, SDM Vol. 3B, "Time-Stamp
 * Counter") keeps its rate when the CPU changes speed; on older CPUs with
 * power management the clock may run slow or fast by the ratio of the
 * speeds, which boot-time timeouts tolerate.  The calibration over 10 ms is
 * good to 0.01 % (one PIT tick is 0.84 us), and the self-test that checks it
 * against the PIT lasts 20 ms: every boot pays for both.
 */
#include "core/clock.h"
#include "core/console.h"
#include "core/errors.h"
#include "core/platform.h"
#include "rom/pcbios/pcbios.h"
#include "drivers/io.h"
#include "rom/pcbios/x86_io.h"

/* 8254 PIT (Intel 8254 datasheet): 1.193182 MHz input clock on the PC. */
#define PIT_HZ 1193182u
#define PIT_CH2 0x42
#define PIT_CONTROL 0x43
#define PIT_CH2_RATE 0xB4	/* SC=10 counter 2, RW=11 LSB then MSB, M=010 rate generator, binary */
#define PIT_CH2_LATCH 0x80	/* SC=10 counter 2, RW=00 counter latch command */

/* Port 61h, system control port B (IBM PC/AT Technical Reference). */
#define PORT_B 0x61
#define PORT_B_GATE2 0x01	/* timer 2 gate */
#define PORT_B_SPEAKER 0x02	/* speaker data enable: kept off */

#define CAL_TICKS 11932u	/* 10 ms of PIT input clock */
#define SELFTEST_MS 20
#define SELFTEST_MIN_US 19000u	/* accepted: -5 % .. +25 % (a busy host */
#define SELFTEST_MAX_US 25000u	/* delays the end of the wait, not its start) */
/*
 * Counter reads in a row that find the count unchanged before we call the
 * PIT dead.  A read takes three port accesses, some 3 us on ISA timing, and
 * the count changes every 0.84 us, so even 10 equal reads mean trouble;
 * 100000 (a fraction of a second) leaves room for fast emulators.
 */
#define PIT_STALL_READS 100000u

#define CPUID_1_EDX_TSC (1u << 4)		/* SDM Vol. 2A, CPUID leaf 01h */
#define CPUID_80000007_EDX_INVARIANT (1u << 8)	/* leaf 80000007h */
#define EFLAGS_ID (1u << 21)			/* SDM Vol. 1, EFLAGS: CPUID present */

static uint64_t tsc_zero;
static uint32_t tsc_per_ms;	/* 0 until calibrated: the clock stands at 0 */

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* n / d with two 32-bit DIVs: no libgcc on this target. */
static uint64_t div64_32(uint64_t n, uint32_t d)
{
	uint32_t hi = (uint32_t)(n >> 32), q_lo, r = hi % d;

	__asm__("divl %4" : "=a"(q_lo), "=d"(r) : "0"((uint32_t)n), "1"(r), "rm"(d));
	return (uint64_t)(hi / d) << 32 | q_lo;
}

static bool cpuid_present(void)
{
	uint32_t before, after;

	__asm__ volatile("pushfl\n\t"
			 "popl %0\n\t"
			 "movl %0, %1\n\t"
			 "xorl %2, %0\n\t"
			 "pushl %0\n\t"
			 "popfl\n\t"
			 "pushfl\n\t"
			 "popl %0\n\t"
			 "pushl %1\n\t"
			 "popfl"
			 : "=&r"(after), "=&r"(before) : "i"(EFLAGS_ID) : "cc");
	return ((after ^ before) & EFLAGS_ID) != 0;
}

static uint32_t cpuid_edx(uint32_t leaf)
{
	uint32_t a, b, c, d;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "0"(leaf), "2"(0));
	return d;
}

static uint32_t cpuid_max(uint32_t leaf)
{
	uint32_t a, b, c, d;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "0"(leaf), "2"(0));
	return a;
}

/*
 * A stopwatch on PIT channel 2 counting down from 65536 again and again:
 * each poll adds the ticks since the last one.  Polls must come less than
 * 54.9 ms (65536 ticks) apart.
 */
struct pit_stopwatch {
	uint16_t last;
	uint32_t ticks;
	uint32_t stalled;	/* reads in a row without a change */
};

static uint16_t pit2_read(void)
{
	uint8_t lo, hi;

	io_write8(PIT_CONTROL, PIT_CH2_LATCH);
	lo = io_read8(PIT_CH2);
	hi = io_read8(PIT_CH2);
	return (uint16_t)(hi << 8 | lo);
}

static uint32_t stopwatch_poll(struct pit_stopwatch *sw)
{
	uint16_t now = pit2_read();

	sw->stalled = now == sw->last ? sw->stalled + 1 : 0;
	sw->ticks += (uint16_t)(sw->last - now);
	sw->last = now;
	return sw->ticks;
}

static int stopwatch_start(struct pit_stopwatch *sw)
{
	uint16_t first;

	io_write8(PORT_B, (io_read8(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	io_write8(PIT_CONTROL, PIT_CH2_RATE);
	io_write8(PIT_CH2, 0);		/* initial count 0 means 65536 */
	io_write8(PIT_CH2, 0);
	/* The count loads on the next input clock; until then a read returns
	 * the old one, so start from the first value that moved. */
	first = pit2_read();
	for (uint32_t i = 0; i < PIT_STALL_READS; i++) {
		sw->last = pit2_read();
		if (sw->last != first) {
			sw->ticks = 0;
			sw->stalled = 0;
			return 0;
		}
	}
	con_printf("clock: PIT channel 2 does not count\n");
	return -E_TIMEOUT;
}

int clock_init(void)
{
	struct pit_stopwatch sw;
	uint64_t t0, t1;
	int err;

	if (!cpuid_present() || !(cpuid_edx(1) & CPUID_1_EDX_TSC)) {
		con_printf("clock: this CPU has no time-stamp counter (a Pentium or later is needed)\n");
		return -E_NOTSUP;
	}
	err = stopwatch_start(&sw);
	if (err)
		return err;
	t0 = rdtsc();
	while (stopwatch_poll(&sw) < CAL_TICKS) {
		if (sw.stalled > PIT_STALL_READS) {
			con_printf("clock: PIT channel 2 stopped during TSC calibration\n");
			return -E_TIMEOUT;
		}
	}
	t1 = rdtsc();
	tsc_per_ms = (uint32_t)div64_32((t1 - t0) * PIT_HZ, sw.ticks * 1000u);
	if (!tsc_per_ms) {
		con_printf("clock: the time-stamp counter does not advance\n");
		return -E_NOTSUP;
	}
	tsc_zero = t1;
	con_printf("clock: TSC %lu.%03lu MHz, calibrated against PIT channel 2 over %lu us%s\n",
		   (unsigned long)(tsc_per_ms / 1000), (unsigned long)(tsc_per_ms % 1000),
		   (unsigned long)div64_32((uint64_t)sw.ticks * 1000000u, PIT_HZ),
		   cpuid_max(0x80000000u) >= 0x80000007u &&
		   (cpuid_edx(0x80000007u) & CPUID_80000007_EDX_INVARIANT) ?
		   ", invariant" : ", not invariant (rate may follow CPU speed)");
	return 0;
}

int clock_selftest(void)
{
	struct pit_stopwatch sw;
	uint32_t start, deadline, us;
	int err = stopwatch_start(&sw);

	if (err)
		return err;
	start = clock_ms();
	deadline = deadline_in(SELFTEST_MS);
	while (!deadline_passed(deadline)) {
		if (stopwatch_poll(&sw) > PIT_HZ || sw.stalled > PIT_STALL_READS) {
			con_printf("clock: a %u ms deadline has not passed after 1 s by the PIT\n",
				   SELFTEST_MS);
			return -E_TIMEOUT;
		}
	}
	us = (uint32_t)div64_32((uint64_t)stopwatch_poll(&sw) * 1000000u, PIT_HZ);
	con_printf("clock: a %u ms deadline took %lu.%03lu ms by the PIT (%lu ms by the clock)\n",
		   SELFTEST_MS, (unsigned long)(us / 1000), (unsigned long)(us % 1000),
		   (unsigned long)ms_since(start));
	if (us < SELFTEST_MIN_US || us > SELFTEST_MAX_US) {
		/* Seen under emulation on a busy host, where the two clocks
		 * follow different host timers; booting beats refusing. */
		con_printf("clock: TSC and PIT disagree; timeouts may be off by as much\n");
	}
	return 0;
}

uint32_t platform_clock_ms(void)
{
	if (!tsc_per_ms)
		return 0;
	return (uint32_t)div64_32(rdtsc() - tsc_zero, tsc_per_ms);
}

/*
 * drivers/io.h: spin on the TSC.  Before calibration, one write to port 80h
 * (the POST code port, free for such delays) per microsecond: an ISA write
 * takes about 1 us.
 */
void udelay(uint32_t us)
{
	uint64_t end;

	if (!tsc_per_ms) {
		for (uint32_t i = 0; i < us; i++)
			io_write8(0x80, 0);
		return;
	}
	end = rdtsc() + div64_32((uint64_t)us * tsc_per_ms, 1000);
	while ((int64_t)(rdtsc() - end) < 0)
		continue;
}

/* The TSC's low bits; only called once clock_init has found a TSC. */
uint32_t platform_entropy(void)
{
	return (uint32_t)rdtsc();
}
