/* The platform hooks for unit tests: fake clock, captured console. */
#include "tests/unit/fakes.h"
#include "tests/unit/harness.h"
#include "core/heap.h"
#include "core/platform.h"
#include "core/random.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t now;
static bool aborting;
static char console[1 << 16];
static size_t console_len;

void fake_clock_set(uint32_t ms) { now = ms; }
void fake_clock_advance(uint32_t ms) { now += ms; }
void fake_set_abort(bool a) { aborting = a; }

uint32_t platform_clock_ms(void) { return now; }
bool platform_abort_requested(void) { return aborting; }
uint32_t platform_entropy(void) { return 12345; }

void platform_putchar(char c)
{
	/* Keep the tail when a test prints a lot. */
	if (console_len + 1 >= sizeof(console)) {
		memmove(console, console + sizeof(console) / 2, sizeof(console) / 2);
		console_len -= sizeof(console) / 2;
	}
	console[console_len++] = c;
	console[console_len] = '\0';
	if (getenv("UNIT_VERBOSE"))
		putchar(c);
}

const char *fake_console(void)
{
	return console;
}

bool fake_console_has(const char *text)
{
	return strstr(console, text) != NULL;
}


void fake_reset(void)
{
	static uint8_t arena[1 << 20];

	now = FAKE_CLOCK_START;
	aborting = false;
	console_len = 0;
	console[0] = '\0';
	heap_init(arena, sizeof(arena));
	random_seed(1);
	fake_nic_reset();
}
