/*
 * platform_putchar() through the firmware's console (ConOut, the Simple
 * Text Output Protocol, UEFI 2.10 §12.4), which OVMF shows on the screen
 * and on the serial port.  Characters are gathered into UCS-2 lines and
 * sent a line at a time, since each OutputString() call is slow; a lone
 * '\n' becomes "\r\n" as the protocol wants, and '\r' alone (the TFTP
 * progress line) rewrites the line.
 */
#include "core/platform.h"
#include "rom/efi/efi_platform.h"

#define LINE_MAX 128

static CHAR16 line[LINE_MAX + 3];
static unsigned used;

void efi_console_flush(void)
{
	if (used && efi_st && efi_st->ConOut) {
		line[used] = 0;
		efi_st->ConOut->OutputString(efi_st->ConOut, line);
	}
	used = 0;
}

void platform_putchar(char c)
{
	if (c == '\n')
		line[used++] = '\r';
	line[used++] = (CHAR16)(uint8_t)c;
	if (c == '\n' || c == '\r' || used >= LINE_MAX)
		efi_console_flush();
}
