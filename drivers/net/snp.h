/*
 * The NIC driver over the firmware's Simple Network Protocol (UEFI 2.10
 * §24.1), for the UEFI client's bin/efi/netboot.efi: any NIC the firmware
 * has a driver for.
 */
#ifndef DRIVERS_NET_SNP_H
#define DRIVERS_NET_SNP_H

#include <efi.h>
#include "net/netdev.h"

/* Bring the interface to the initialized state with unicast and
 * broadcast reception, and fill in nd (name, ops, priv, mac, mtu); 0, or
 * a negative error after saying why.  The caller holds snp exclusively. */
int snp_probe(struct netdev *nd, EFI_SIMPLE_NETWORK_PROTOCOL *snp);

#endif
