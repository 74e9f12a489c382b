/* The hosted platform's hooks (core/platform.h) on Linux. */
#define _GNU_SOURCE
#include "core/platform.h"
#include "rom/hosted/hosted.h"
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t abort_requested;

static void on_signal(int sig)
{
	(void)sig;
	abort_requested = 1;
}

void platform_hosted_init(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void platform_putchar(char c)
{
	putchar(c);
	if (c == '\n' || c == '\r')
		fflush(stdout);
}

uint32_t platform_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

bool platform_abort_requested(void)
{
	return abort_requested;
}

uint32_t platform_entropy(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)ts.tv_nsec ^ (uint32_t)getpid() << 16;
}
