/*
 * The x86 BIOS platform's internal interface: bring-up pieces that
 * pcbios_main() (main.c) calls in order, and what later issues plug into.
 * Memory map and boot phases: rom/pcbios/README.md.
 */
#ifndef ROM_PCBIOS_PCBIOS_H
#define ROM_PCBIOS_PCBIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/settings.h"
#include "rom/pcbios/asm_call.h"

/* Bounds of the body from body.ld.  The real-mode part [__body_start,
 * __text16_end) stays in low memory; [__move_start, __move_end] (code, data,
 * .bss, stack, heap) is moved to the top of RAM by relocate.c. */
extern char __body_start[], __text16_end[], __load_end[], __bss_end[], __stack_top[];
extern char __move_start[], __move_end[], __heap_start[], __heap_end[];

/* relocate.c, called by entry16.asm where the prefix loaded the body:
 * checks it, starts COM1, reads E820, moves the body and continues with
 * pcbios_main() in the copy, which lies pcbios_moved_by bytes higher. */
ASM_CALL _Noreturn void pcbios_relocate(void);
extern uint32_t pcbios_moved_by;
ASM_CALL _Noreturn void pcbios_main(void);

/* COM1 (serial.c): 115200 8N1; quietly off when no UART answers. */
void serial_init(void);
bool serial_present(void);
void serial_putc(char c);

/* Clock (clock.c): TSC calibrated against PIT channel 2. */
int clock_init(void);		/* 0, or E_NOTSUP / E_TIMEOUT */
int clock_selftest(void);	/* times a 200 ms deadline with the PIT */

/* E820 memory map (e820.c). */
#define E820_RAM 1u

struct e820_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;
};

#define E820_MAX 64

struct e820_map {
	unsigned count;
	bool truncated;		/* the BIOS had more than E820_MAX */
	struct e820_entry entry[E820_MAX];
};

/* The map main.c read at bring-up. */
extern struct e820_map pcbios_memory_map;

int e820_read(struct e820_map *map);
void e820_print(const struct e820_map *map);
bool e820_is_ram(const struct e820_map *map, uint64_t base, uint64_t length);

/* The machine's UUID from SMBIOS (smbios.c); false when there is none. */
bool smbios_system_uuid(uint8_t uuid[16]);

/* The image's settings block (settings_block.c, core/settings.h). */
extern const uint8_t pcbios_settings_block[SETTINGS_BLOCK_SIZE];

/* The boot sequence (boot.c, or boot_hello.c in the image without NICs): what the firmware is for, after bring-up. */
int pcbios_boot(void);

/* Starting a loaded image (start.c).  pcbios_image_target fills *t for
 * image_sink_init: usable RAM below 4 GiB from the map, the firmware and
 * the low BIOS areas reserved.  pcbios_start returns only when it cannot
 * start the image, or when an NBI image that may return did (then 0). */
struct image_target;
struct boot_plan;
void pcbios_image_target(struct image_target *t, const struct e820_map *map);
void pcbios_describe(const struct boot_plan *plan);
int pcbios_start(const struct boot_plan *plan, const struct e820_map *map,
		 const uint8_t *dhcp_reply, size_t reply_len, const char *cmdline);

/* x86-64 long mode (long_mode.c, start64.asm).  pcbios_start64 enters an
 * ELF64 image at entry in 64-bit mode with RBX = rbx_value (start64.asm
 * documents the machine state); it returns only when it cannot: no long
 * mode, an entry at or above 4 GiB (-E_NOTSUP), no heap for the page
 * tables (-E_NOMEM). */
bool cpu_has_long_mode(void);
int pcbios_start64(uint64_t entry, uint32_t rbx_value);

/* Leave: through QEMU's isa-debug-exit if present, else the way the prefix
 * asked for (prefix_info.h; INT 18h when none did). */
#define PCBIOS_EXIT_SUCCESS 0x10	/* QEMU exit status (0x10 << 1) | 1 = 33 */
#define PCBIOS_EXIT_FAILURE 0x11	/* status 35 */
_Noreturn void pcbios_exit(uint8_t code);

#endif
