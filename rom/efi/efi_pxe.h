/*
 * The firmware PXE client's cached answers (pxe_cached.c).
 */
#ifndef ROM_EFI_EFI_PXE_H
#define ROM_EFI_EFI_PXE_H

#include "net/dhcp_lease.h"
#include "rom/efi/efi_platform.h"

/* When we were started by the firmware's PXE client: its DHCPACK into
 * *ack (true when it holds an address) and the boot file it fetched us
 * by into self_name; false and an empty name otherwise. */
bool efi_pxe_cached(struct dhcp_lease *ack, char *self_name, size_t name_size);

#endif
