/*
 * Time on the UEFI platform: the time-stamp counter, calibrated once
 * against the firmware's Stall() (UEFI 2.10 §7.5, a busy wait of at least
 * the microseconds asked).  Every UEFI-capable x86-64 CPU has a TSC; on
 * the ones of the last fifteen years it runs at a constant rate
 * ("invariant TSC", SDM Vol. 3B §17.17).  The abort key is read from
 * ConIn (Simple Text Input, §12.3) at most every ABORT_POLL_MS, since
 * ReadKeyStroke() is a firmware call on every wait loop's path.
 */
#include "core/console.h"
#include "core/errors.h"
#include "core/platform.h"
#include "drivers/io.h"
#include "rom/efi/efi_platform.h"

#define CALIBRATE_US 20000
#define ABORT_POLL_MS 50
#define SCAN_CODE_ESC 0x17	/* UEFI 2.10 §12.3, Table 12-5 */

static uint64_t tsc_base, tsc_per_ms;

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

int efi_clock_init(void)
{
	uint64_t start = rdtsc();

	efi_bs->Stall(CALIBRATE_US);
	tsc_per_ms = (rdtsc() - start) / (CALIBRATE_US / 1000);
	if (tsc_per_ms < 1000) {
		con_printf("clock: the TSC moved only %lu ticks in %u us of the firmware's Stall(); "
			   "cannot time anything\n", (unsigned long)(tsc_per_ms * (CALIBRATE_US / 1000)),
			   CALIBRATE_US);
		return -E_NODEV;
	}
	tsc_base = start;
	con_printf("clock: TSC at %lu.%03lu MHz (against the firmware's Stall)\n",
		   (unsigned long)(tsc_per_ms / 1000), (unsigned long)(tsc_per_ms % 1000));
	return 0;
}

uint32_t platform_clock_ms(void)
{
	return (uint32_t)((rdtsc() - tsc_base) / tsc_per_ms);
}

void udelay(uint32_t us)
{
	uint64_t end = rdtsc() + (tsc_per_ms * us + 999) / 1000;

	while (rdtsc() < end)
		__asm__ volatile("pause");
}

uint32_t platform_entropy(void)
{
	uint64_t t = rdtsc();

	return (uint32_t)t ^ (uint32_t)(t >> 32);
}

bool platform_abort_requested(void)
{
	static uint32_t next_poll;
	static bool aborted;
	EFI_INPUT_KEY key;
	uint32_t now = platform_clock_ms();

	if (aborted || (int32_t)(now - next_poll) < 0)
		return aborted;
	next_poll = now + ABORT_POLL_MS;
	while (efi_st->ConIn->ReadKeyStroke(efi_st->ConIn, &key) == EFI_SUCCESS)
		if (key.ScanCode == SCAN_CODE_ESC)
			aborted = true;
	return aborted;
}
