/*
 * Starting what the UEFI client fetched (start.c and the start_*.c files).
 */
#ifndef ROM_EFI_START_H
#define ROM_EFI_START_H

#include <stddef.h>
#include <stdint.h>
#include "rom/efi/efi_platform.h"

struct efi_boot_file {
	const uint8_t *data;
	size_t len;
	const char *name;		/* as fetched, for messages and paths */
	const char *cmdline;		/* load options / kernel command line */
	const uint8_t *initrd;		/* NULL when none was fetched */
	size_t initrd_len;
	const uint8_t *dhcp;		/* the DHCP reply, for ELF64 images */
	size_t dhcp_len;
};

/* Start f by its format (never by its name): an EFI application (PE32+)
 * through the firmware, an x86-64 ELF64 image after leaving boot services
 * (efi_handoff.h); other formats are refused with a message saying why.
 * Returns when nothing started (a negative error) or the started
 * application returned (0, or -E_BADIMAGE for its error status). */
int efi_start(const struct efi_boot_file *f);

int efi_start_pe(const struct efi_boot_file *f);
/* Returns only when the image was refused or boot services could not be
 * left. */
int efi_start_elf(const struct efi_boot_file *f);

#endif
