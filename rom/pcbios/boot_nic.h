/*
 * The NIC the network boot sequence (boot.c) uses.  Each network image
 * links exactly one provider: boot_nic_pci.c (a driver of our own found on
 * PCI, after unloading a PXE stack that chainloaded us) or boot_nic_undi.c
 * (bin/pcbios/undi.pxe: the chainloading PXE ROM's UNDI).
 */
#ifndef ROM_PCBIOS_BOOT_NIC_H
#define ROM_PCBIOS_BOOT_NIC_H

#include "net/netdev.h"

/* Fill in nd's driver part (name, ops, priv, mac, mtu); 0, or a negative
 * error after saying why. */
int boot_find_nic(struct netdev *nd);

#endif
