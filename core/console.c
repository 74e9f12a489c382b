/* Console output: the format engine feeding the platform's character sink. */
#include "core/console.h"
#include "core/format.h"
#include "core/platform.h"

static void emit_console(void *ctx UNUSED, char c)
{
	platform_putchar(c);
}

void con_vprintf(const char *fmt, va_list ap)
{
	format_v(emit_console, NULL, fmt, ap);
}

void con_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	con_vprintf(fmt, ap);
	va_end(ap);
}
