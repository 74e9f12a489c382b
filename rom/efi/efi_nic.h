/*
 * The NIC the UEFI boot sequence (boot.c) uses.  Each UEFI image links one
 * provider: nic_snp.c (bin/efi/netboot.efi, the firmware's Simple Network
 * Protocol) or nic_pci.c (bin/efi/<nic>.efi, a driver of ours through the
 * PCI I/O protocol).
 */
#ifndef ROM_EFI_EFI_NIC_H
#define ROM_EFI_EFI_NIC_H

#include "rom/efi/efi_platform.h"
#include "net/netdev.h"

/* Take the NIC away from the firmware's network stack and fill in nd;
 * 0, or a negative error after saying why. */
int efi_nic_find(struct netdev *nd);

/* The firmware handle of that NIC (its device path names the device an
 * image was loaded from); NULL before efi_nic_find() succeeded. */
EFI_HANDLE efi_nic_handle(void);

/* After netdev_close(): give the NIC back to the firmware's drivers, so
 * that an application we start finds its network as it was. */
void efi_nic_release(void);

#endif
