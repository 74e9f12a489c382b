/*
 * The hosted platform's NICs: a TAP device, or an AF_PACKET socket on an
 * existing interface.  Both fill in a struct netdev for the portable stack.
 */
#ifndef DRIVERS_HOSTED_HOSTNIC_H
#define DRIVERS_HOSTED_HOSTNIC_H

#include "net/netdev.h"

/* mac may be NULL to pick a default.  0, or a negative error after a
 * message saying what the host refused. */
int tap_open(struct netdev *nd, const char *ifname, const uint8_t *mac);
int packet_open(struct netdev *nd, const char *ifname, const uint8_t *mac);

#endif
