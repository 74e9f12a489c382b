/*
 * The hardware access API of every bus and NIC driver, and the only way a
 * driver reaches hardware: port and memory-mapped registers, delays, DMA
 * memory and a bounded register wait.  Each platform implements these plain
 * functions once (rom/pcbios/io.c for the x86 BIOS platform) and the link
 * picks that implementation, so a test can link a device model instead.
 */
#ifndef DRIVERS_IO_H
#define DRIVERS_IO_H

#include <stddef.h>
#include <stdint.h>

/* Port I/O (x86 only; other platforms need not provide these). */
uint8_t io_in8(uint16_t port);
uint16_t io_in16(uint16_t port);
uint32_t io_in32(uint16_t port);
void io_out8(uint16_t port, uint8_t v);
void io_out16(uint16_t port, uint16_t v);
void io_out32(uint16_t port, uint32_t v);

/*
 * Memory-mapped registers.  Accesses are done in program order with
 * respect to each other and to ordinary memory accesses around them, so a
 * descriptor written before a doorbell write reaches memory first.
 */
uint32_t mmio_read32(volatile void *addr);
void mmio_write32(volatile void *addr, uint32_t v);
/* Narrow accesses, for register blocks whose fields must be read and
 * written at their own width (virtio 1.0 §4.1.3.1). */
uint8_t mmio_read8(volatile void *addr);
uint16_t mmio_read16(volatile void *addr);
void mmio_write8(volatile void *addr, uint8_t v);
void mmio_write16(volatile void *addr, uint16_t v);

/* Busy-wait at least us microseconds. */
void udelay(uint32_t us);

/*
 * DMA memory: size bytes aligned to align (a power of two), zeroed, in
 * memory the device can reach; NULL when the heap is exhausted.  A boot
 * ROM may keep its rings for good; dma_free gives one back.
 */
void *dma_alloc(size_t size, size_t align);
void dma_free(void *p);
/* The address the device uses for p (bus address). */
uint64_t dma_bus_addr(const void *p);

/*
 * Ownership hand-over of DMA memory: call dma_sync_for_device after the CPU
 * wrote p[0..len) and before the device reads it, dma_sync_for_cpu after the
 * device wrote it and before the CPU reads it.
 */
void dma_sync_for_device(const void *p, size_t len);
void dma_sync_for_cpu(const void *p, size_t len);

/*
 * Poll the 32-bit register reg until (value & mask) == want, for at most
 * timeout_ms.  0 when it matched; -E_TIMEOUT after printing what was
 * awaited (what, e.g. "e1000: reset (CTRL.RST clear)") and the last value.
 */
int io_wait32(volatile void *reg, uint32_t mask, uint32_t want,
	      uint32_t timeout_ms, const char *what);

#endif
