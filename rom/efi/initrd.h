/*
 * The initrd of an EFI-stub kernel, offered through LoadFile2 (initrd.c).
 */
#ifndef ROM_EFI_INITRD_H
#define ROM_EFI_INITRD_H

#include <stddef.h>
#include <stdint.h>
#include "rom/efi/efi_platform.h"

/* Offer data[0..len) until efi_initrd_withdraw(); 0, or -1 after saying
 * why (the kernel then boots without it). */
int efi_initrd_offer(const uint8_t *data, size_t len);
void efi_initrd_withdraw(void);

#endif
