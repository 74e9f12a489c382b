/* Console output for every platform, through platform_putchar(). */
#ifndef CORE_CONSOLE_H
#define CORE_CONSOLE_H

#include <stdarg.h>
#include "core/compiler.h"

void con_printf(const char *fmt, ...) PRINTF_LIKE(1, 2);
void con_vprintf(const char *fmt, va_list ap);

#endif
