/*
 * Console and keyboard hooks of core/platform.h: text goes to the screen
 * through the BIOS and to COM1; the keyboard is read through the BIOS.
 */
#include "core/clock.h"
#include "core/platform.h"
#include "rom/pcbios/bios.h"
#include "rom/pcbios/pcbios.h"

#define ASCII_CTRL_C 0x03
#define ASCII_ESC 0x1B

/*
 * Each look at the keyboard is a round trip to real mode; wait loops ask
 * all the time, so look at most every 20 ms (the BIOS keyboard buffer
 * holds 15 keys meanwhile).
 */
#define KBD_POLL_MS 20
#define KBD_BUFFER_KEYS 16

static void screen_putc(char c)
{
	/* INT 10h AH=0Eh teletype output: AL = char, BH = page, BL = colour
	 * in graphics modes (Ralf Brown's list, INT 10/AH=0Eh). */
	struct bios_regs r = { .eax = 0x0E00u | (uint8_t)c, .ebx = 0x0007 };

	bios_call(0x10, &r);
}

void platform_putchar(char c)
{
	if (c == '\n') {
		screen_putc('\r');
		serial_putc('\r');
	}
	screen_putc(c);
	serial_putc(c);
}

bool platform_abort_requested(void)
{
	static bool requested;
	static uint32_t next_look;

	if (requested || (int32_t)(clock_ms() - next_look) < 0)
		return requested;
	next_look = clock_ms() + KBD_POLL_MS;
	for (unsigned i = 0; i < KBD_BUFFER_KEYS; i++) {
		/* INT 16h AH=01h: ZF clear when a key waits; AH=00h takes it,
		 * AL = ASCII (Ralf Brown's list, INT 16/AH=00h, 01h). */
		struct bios_regs r = { .eax = 0x0100 };

		bios_call(0x16, &r);
		if (r.eflags & EFLAGS_ZF)
			break;
		r.eax = 0x0000;
		bios_call(0x16, &r);
		if ((r.eax & 0xFF) == ASCII_ESC || (r.eax & 0xFF) == ASCII_CTRL_C)
			requested = true;
	}
	return requested;
}
