/*
 * The boot file of `make run` (tests/qemu/demo.sh): a plain ELF32 at 1 MiB
 * that greets on COM1 and on the VGA text screen, then leaves QEMU through
 * isa-debug-exit with the "pass" status (33).  It proves the whole chain:
 * the floppy's firmware found the NIC, got an address by DHCP, fetched
 * this file by TFTP, placed its segments and jumped to it.
 */
#include "tests/payloads/payload.h"

#define VGA_TEXT ((volatile uint16_t *)0xB8000)
#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_GREY 0x07	/* light grey on black */
#define VGA_TITLE 0x1F	/* white on blue */

static const char *const lines[] = {
	"Hello from the network!",
	"",
	"This program was not on the floppy. The firmware on it found the",
	"network card, asked DHCP for an address and a boot file, fetched",
	"this file by TFTP, loaded it at 1 MiB as an ELF32 image and",
	"jumped to it in 32-bit protected mode.",
	"",
	"Goodbye: leaving QEMU through its isa-debug-exit port.",
};

void payload_main(uint32_t eax, uint32_t ebx);

/* Row ROW of the screen: TEXT in colour ATTR, the rest blank. */
static void vga_line(int row, const char *text, uint8_t attr)
{
	volatile uint16_t *cell = VGA_TEXT + row * VGA_COLS;
	int col = 0;

	for (; text[col] && col < VGA_COLS; col++)
		cell[col] = (uint16_t)(attr << 8 | (uint8_t)text[col]);
	for (; col < VGA_COLS; col++)
		cell[col] = (uint16_t)(attr << 8 | ' ');
}

void payload_main(uint32_t eax, uint32_t ebx)
{
	unsigned n = sizeof(lines) / sizeof(lines[0]);

	(void)eax;
	(void)ebx;
	for (int row = 0; row < VGA_ROWS; row++)
		vga_line(row, "", VGA_GREY);
	put("\n");
	for (unsigned i = 0; i < n; i++) {
		vga_line((int)i + 1, lines[i], i == 0 ? VGA_TITLE : VGA_GREY);
		if (lines[i][0])
			put("    ");
		put(lines[i]);
		put("\n");
	}
	put("\n");
	outb(DEBUG_EXIT, 0x10);
	for (;;)
		__asm__ volatile("cli; hlt");
}
