/*
 * The pcbios body's C entry: platform bring-up in a fixed order, then the
 * boot sequence (boot.c).  entry16.asm calls pcbios_main() in flat 32-bit
 * protected mode with .bss cleared.
 */
#include "core/console.h"
#include "core/heap.h"
#include "rom/pcbios/bios.h"
#include "rom/pcbios/pcbios.h"
#include "rom/pcbios/x86_io.h"

/*
 * QEMU's isa-debug-exit device (-device isa-debug-exit,iobase=0xf4): a write
 * of v ends QEMU with status (v << 1) | 1.  On a PC the port lies in the
 * range the AT gave the maths coprocessor (F0h-FFh, Ralf Brown's PORTS.LST),
 * where only F0h and F1h do anything, so the write is lost.
 */
#define DEBUG_EXIT_PORT 0xF4

struct e820_map pcbios_memory_map;

/*
 * The 32-bit sum of the loaded image [__body_start, __load_end), which the
 * build makes zero through the .sum word: a sector the boot medium gave
 * wrongly, or one the prefix put in the wrong place, shows here.  Valid only
 * before the first bios_call, which writes the thunk's variables.
 */
static uint32_t image_sum(void)
{
	uint32_t sum = 0;

	for (const uint32_t *p = (const uint32_t *)__body_start;
	     p < (const uint32_t *)__load_end; p++)
		sum += *p;
	return sum;
}

_Noreturn void pcbios_exit(uint8_t code)
{
	struct bios_regs r = { 0 };

	io_write8(DEBUG_EXIT_PORT, code);
	/* INT 18h: boot failure, the BIOS tries its next boot device (BIOS
	 * Boot Specification 1.01; Ralf Brown's list, INT 18h). */
	con_printf("netboot: returning to the BIOS (INT 18h)\n");
	bios_call(0x18, &r);
	con_printf("netboot: the BIOS came back from INT 18h; halted\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}

static void check(int err)
{
	if (err)
		pcbios_exit(PCBIOS_EXIT_FAILURE);
}

_Noreturn void pcbios_main(void)
{
	size_t heap_size = (size_t)(__heap_end - __heap_start);
	uint32_t sum = image_sum();

	serial_init();
	con_printf("\nnetboot pcbios: x86 BIOS platform, booted from drive %02x, console on screen%s\n",
		   pcbios_boot_drive, serial_present() ? " and COM1 (115200 8N1)" : "");
	if (sum) {
		con_printf("image: the loaded body is damaged (checksum %08lx, not 0); boot medium error?\n",
			   (unsigned long)sum);
		pcbios_exit(PCBIOS_EXIT_FAILURE);
	}
	con_printf("image: %lu bytes loaded at %p, checksum good\n",
		   (unsigned long)(__load_end - __body_start), (void *)__body_start);

	check(e820_read(&pcbios_memory_map));
	e820_print(&pcbios_memory_map);
	con_printf("memory: body %p-%p, stack top %p, heap %p-%p (%zu KiB)\n",
		   (void *)__body_start, (void *)__bss_end, (void *)__stack_top,
		   (void *)__heap_start, (void *)__heap_end, heap_size / 1024);
	if (!e820_is_ram(&pcbios_memory_map, (uintptr_t)__body_start,
			 (uintptr_t)(__heap_end - __body_start))) {
		con_printf("memory: the body and heap are not all in usable RAM\n");
		pcbios_exit(PCBIOS_EXIT_FAILURE);
	}
	heap_init(__heap_start, heap_size);

	check(clock_init());
	check(clock_selftest());

	check(pcbios_boot());
	pcbios_exit(PCBIOS_EXIT_SUCCESS);
}
