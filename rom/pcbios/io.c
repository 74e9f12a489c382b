/*
 * drivers/io.h for the x86 BIOS platform.  The body runs in flat 32-bit
 * protected mode with paging off, so a pointer is its own physical address,
 * and PCI devices on a PC see physical memory at the same addresses (no
 * IOMMU is set up).  x86 keeps caches coherent with bus-master DMA (SDM
 * Vol. 3A, "Memory Cache Control"), so the DMA syncs do nothing here;
 * arm64 will clean (for the device) and invalidate (for the CPU) the data
 * cache lines there.  udelay lives in clock.c, next to the TSC it counts.
 */
#include "core/clock.h"
#include "core/console.h"
#include "core/errors.h"
#include "core/heap.h"
#include "core/string.h"
#include "drivers/io.h"
#include "rom/pcbios/x86_io.h"

uint8_t io_in8(uint16_t port)
{
	return io_read8(port);
}

uint16_t io_in16(uint16_t port)
{
	return io_read16(port);
}

uint32_t io_in32(uint16_t port)
{
	return io_read32(port);
}

void io_out8(uint16_t port, uint8_t v)
{
	io_write8(port, v);
}

void io_out16(uint16_t port, uint16_t v)
{
	io_write16(port, v);
}

void io_out32(uint16_t port, uint32_t v)
{
	io_write32(port, v);
}

/*
 * One MOV each, with a "memory" clobber so the compiler keeps ordinary
 * memory accesses on their side.  The BIOS maps PCI memory BARs uncached
 * (MTRRs), and x86 performs UC accesses in program order (SDM Vol. 3A,
 * "Memory Cache Control"), so no fence is needed.
 */
uint32_t mmio_read32(volatile void *addr)
{
	uint32_t v;

	__asm__ volatile("movl (%1), %0" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

void mmio_write32(volatile void *addr, uint32_t v)
{
	__asm__ volatile("movl %0, (%1)" : : "r"(v), "r"(addr) : "memory");
}

uint8_t mmio_read8(volatile void *addr)
{
	uint8_t v;

	__asm__ volatile("movb (%1), %0" : "=q"(v) : "r"(addr) : "memory");
	return v;
}

uint16_t mmio_read16(volatile void *addr)
{
	uint16_t v;

	__asm__ volatile("movw (%1), %0" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

void mmio_write8(volatile void *addr, uint8_t v)
{
	__asm__ volatile("movb %0, (%1)" : : "q"(v), "r"(addr) : "memory");
}

void mmio_write16(volatile void *addr, uint16_t v)
{
	__asm__ volatile("movw %0, (%1)" : : "r"(v), "r"(addr) : "memory");
}

/*
 * The heap gives 16-byte aligned blocks; for a larger alignment take more
 * and keep the block's own address in the word below the aligned one.
 */
void *dma_alloc(size_t size, size_t align)
{
	size_t header = sizeof(void *);
	char *raw, *p;

	if (align < header)
		align = header;
	if (align & (align - 1) || size > (size_t)-1 - align - header)
		return NULL;
	raw = heap_zalloc(size + align + header);
	if (!raw)
		return NULL;
	p = (char *)(((uintptr_t)raw + header + align - 1) & ~(uintptr_t)(align - 1));
	((void **)p)[-1] = raw;
	return p;
}

void dma_free(void *p)
{
	if (p)
		heap_free(((void **)p)[-1]);
}

uint64_t dma_bus_addr(const void *p)
{
	return (uintptr_t)p;
}

void dma_sync_for_device(const void *p, size_t len)
{
	(void)p;
	(void)len;
}

void dma_sync_for_cpu(const void *p, size_t len)
{
	(void)p;
	(void)len;
}

int io_wait32(volatile void *reg, uint32_t mask, uint32_t want,
	      uint32_t timeout_ms, const char *what)
{
	uint32_t start = clock_ms(), deadline = deadline_in(timeout_ms), v;

	for (;;) {
		bool late = deadline_passed(deadline);

		v = mmio_read32(reg);
		if ((v & mask) == want)
			return 0;
		if (late)
			break;
	}
	con_printf("%s: no change after %lu ms (register %08lx, wanted %08lx under mask %08lx)\n",
		   what, (unsigned long)ms_since(start), (unsigned long)v,
		   (unsigned long)want, (unsigned long)mask);
	return -E_TIMEOUT;
}
