/*
 * Shared pieces of the self-verifying test payloads (not shipped): COM1
 * output and QEMU's isa-debug-exit (port F4h: 0x10 -> status 33 "pass",
 * 0x11 -> status 35 "fail").  The payloads run in flat 32-bit protected
 * mode, or 64-bit mode (elf64.c; the inline assembly below means the same
 * there), with interrupts off and use no BIOS.  The real-mode NBI payload
 * is nasm (nbi16.asm) and does not use this file.
 */
#ifndef TESTS_PAYLOADS_PAYLOAD_H
#define TESTS_PAYLOADS_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COM1 0x3F8
#define DEBUG_EXIT 0xF4

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* The firmware left COM1 at 115200 8N1; wait for the transmit holding
 * register (LSR bit 5), boundedly. */
static inline void put(const char *s)
{
	for (; *s; s++) {
		for (unsigned i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++)
			;
		outb(COM1, (uint8_t)*s);
	}
}

static inline void puthex(uint32_t v)
{
	char b[9];

	for (int i = 7; i >= 0; i--, v >>= 4)
		b[i] = "0123456789abcdef"[v & 15];
	b[8] = 0;
	put(b);
}

/* Report and leave through isa-debug-exit; halt where there is none. */
static inline __attribute__((noreturn)) void verdict(const char *name, const char *why)
{
	put("payload ");
	put(name);
	put(why ? ": FAIL: " : ": pass\n");
	if (why) {
		put(why);
		put("\n");
	}
	outb(DEBUG_EXIT, why ? 0x11 : 0x10);
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* The patterned data every payload carries (data.c, made by the build),
 * and the check: each byte as the formula says; a .bss that reads 0. */
#define PATTERN_SIZE 6144
extern const volatile uint8_t pattern[PATTERN_SIZE];
uint8_t pattern_byte(uint32_t i);

/* mkimage.py "grow" finds this by its magic in the file and fills it in:
 * an extra segment of random bytes at addr, len bytes, with their CRC-32
 * (zlib's); len 0 when the image has none. */
#define BLOB_MAGIC 0x424C4F42u
struct blob_info {
	uint32_t magic, addr, len, crc;
};
extern volatile struct blob_info blob_info;
const char *check_memory(void);

/* The DHCP reply handed over: a BOOTREPLY with an address and the DHCP
 * magic cookie; NULL when so, else what is wrong. */
const char *check_reply(const uint8_t *bootp);

#endif
