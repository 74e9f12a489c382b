/*
 * The UEFI platform's PCI side (pci_config.c), beyond drivers/bus/pci.h's
 * configuration access.
 */
#ifndef ROM_EFI_EFI_PCI_H
#define ROM_EFI_EFI_PCI_H

#include "rom/efi/efi_platform.h"

/* Take every network-class function from the firmware's drivers (each
 * one that refuses is reported and left alone). */
void efi_pci_claim_nics(void);

/* Give them back to the firmware's drivers. */
void efi_pci_release_nics(void);

/* The firmware's handle of a function, NULL when it has none. */
EFI_HANDLE efi_pci_handle(uint32_t bdf);

#endif
