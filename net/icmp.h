/* ICMP (RFC 792): we answer echo requests, so `ping` finds a booting host. */
#ifndef NET_ICMP_H
#define NET_ICMP_H

#include "net/netdev.h"

void icmp_receive(struct netdev *nd, uint32_t src, uint32_t dst,
		  const uint8_t *pkt, size_t len);

#endif
