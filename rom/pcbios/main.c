/*
 * The pcbios body's C entry: platform bring-up in a fixed order, then the
 * boot sequence (boot.c).  relocate.c calls pcbios_main() in flat 32-bit
 * protected mode, in the body's copy at the top of RAM, with the image
 * checked, COM1 set up and the E820 map read.
 */
#include "core/console.h"
#include "core/heap.h"
#include "rom/pcbios/bios.h"
#include "rom/pcbios/pcbios.h"
#include "rom/pcbios/prefix_info.h"
#include "rom/pcbios/x86_io.h"

/*
 * QEMU's isa-debug-exit device (-device isa-debug-exit,iobase=0xf4): a write
 * of v ends QEMU with status (v << 1) | 1.  On a PC the port lies in the
 * range the AT gave the maths coprocessor (F0h-FFh, Ralf Brown's PORTS.LST),
 * where only F0h and F1h do anything, so the write is lost.
 */
#define DEBUG_EXIT_PORT 0xF4

struct e820_map pcbios_memory_map;

_Noreturn void pcbios_exit(uint8_t code)
{
	io_write8(DEBUG_EXIT_PORT, code);
	/* The way out the prefix asked for (prefix.c): INT 18h, boot failure,
	 * when none did, so that the BIOS tries its next boot device (BIOS
	 * Boot Specification 1.01; Ralf Brown's list, INT 18h). */
	con_printf("netboot: %s\n", prefix_leave_text());
	prefix_leave();
	con_printf("netboot: the BIOS came back; halted\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}

static void check(int err)
{
	if (err)
		pcbios_exit(PCBIOS_EXIT_FAILURE);
}

ASM_CALL _Noreturn void pcbios_main(void)
{
	size_t heap_size = (size_t)(__heap_end - __heap_start);

	con_printf("\nnetboot pcbios: x86 BIOS platform, booted from drive %02x, console on screen%s\n",
		   pcbios_boot_drive, serial_present() ? " and COM1 (115200 8N1)" : "");
	con_printf("image: %lu bytes loaded at %p, checksum good\n",
		   (unsigned long)(__load_end - __body_start - pcbios_moved_by),
		   (void *)__body_start);
	prefix_describe();
	e820_print(&pcbios_memory_map);
	con_printf("memory: real-mode part %p-%p stays; moved the rest to %p-%p (top of RAM):\n"
		   "memory: stack top %p, heap %p-%p (%zu KiB)\n",
		   (void *)__body_start, (void *)__text16_end,
		   (void *)__move_start, (void *)__move_end, (void *)__stack_top,
		   (void *)__heap_start, (void *)__heap_end, heap_size / 1024);
	heap_init(__heap_start, heap_size);

	check(clock_init());
	check(clock_selftest());

	check(pcbios_boot());
	pcbios_exit(PCBIOS_EXIT_SUCCESS);
}
