/*
 * The NIC driver over the UNDI API of the PXE ROM that chainloaded the
 * body (drivers/net/undi.c), for bin/pcbios/undi.pxe.
 */
#ifndef DRIVERS_NET_UNDI_H
#define DRIVERS_NET_UNDI_H

#include "net/netdev.h"

/* Open the UNDI and fill in nd (name, ops, priv, mac, mtu); 0, or a
 * negative error after saying why.  Needs the PXE stack left loaded. */
int undi_probe(struct netdev *nd);

#endif
