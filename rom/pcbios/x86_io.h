/*
 * Port I/O for the x86 platforms' own code (serial, PIT, debug exit) and
 * for rom/pcbios/io.c, which gives drivers drivers/io.h.  Every access has a
 * "memory" clobber, so the compiler neither caches memory across it nor
 * moves memory accesses over it: a driver that writes a DMA descriptor and
 * then rings a doorbell gets them in that order.  x86 does not reorder
 * uncached device accesses with respect to each other (SDM Vol. 3A,
 * "Memory Cache Control", the UC memory type), so port I/O needs no
 * fence instruction.
 */
#ifndef ROM_PCBIOS_X86_IO_H
#define ROM_PCBIOS_X86_IO_H

#include <stdint.h>

static inline uint8_t io_read8(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint16_t io_read16(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint32_t io_read32(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline void io_write8(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void io_write16(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void io_write32(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

#endif
