/*
 * What the UEFI platform's files share: the firmware's tables, kept by
 * main.c, and the small services built on them.  Every firmware call goes
 * through these tables (UEFI 2.10 §4, "EFI System Table"); gnu-efi gives
 * only the type definitions and crt0's self-relocation.
 */
#ifndef ROM_EFI_EFI_PLATFORM_H
#define ROM_EFI_EFI_PLATFORM_H

#include <efi.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern EFI_HANDLE efi_image;
extern EFI_SYSTEM_TABLE *efi_st;
extern EFI_BOOT_SERVICES *efi_bs;

/* EFI status as text, for messages ("EFI_NOT_FOUND"); unknown codes as
 * hexadecimal. */
const char *efi_status_text(EFI_STATUS st);

/* Calibrate the TSC against the firmware's Stall(); 0, or a negative
 * error after saying why. */
int efi_clock_init(void);

/* Pages below 4 GiB for the heap, DMA rings and downloads.  NULL (after
 * saying why) when the firmware has none. */
void *efi_pages_alloc(size_t bytes, const char *what);
void efi_pages_free(void *p, size_t bytes);

/* Send buffered console text to the firmware now (before a long call
 * or a start). */
void efi_console_flush(void);

/* The image's settings block (core/settings.h), in .data. */
extern const uint8_t efi_settings_block[];

/* The boot sequence (boot.c); returns only when nothing was started or
 * the started image came back, with its outcome. */
int efi_boot(void);

#endif
