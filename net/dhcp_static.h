/*
 * A configuration given in advance (an image's settings block,
 * core/settings.h) instead of one asked of a DHCP server.  It yields the
 * same struct dhcp_lease as DHCP does, including a BOOTREPLY in lease->raw
 * for the images that read the reply (mknbi's first stages), so everything
 * after the configuration step works alike.
 */
#ifndef NET_DHCP_STATIC_H
#define NET_DHCP_STATIC_H

#include <stdint.h>
#include "net/dhcp_lease.h"
#include "net/netdev.h"

struct dhcp_static_config {
	uint32_t client_ip, netmask, gateway;	/* host order; gateway may be 0 */
	uint32_t next_server;			/* 0: none given */
	const char *bootfile;			/* NULL or "": none given */
};

/* Fill *lease from cfg and give nd the address.  Returns 0, or -E_INVALID
 * (no address, a mask that is not contiguous, a boot file name too long
 * for the reply's file field). */
int dhcp_static(struct netdev *nd, const struct dhcp_static_config *cfg,
		struct dhcp_lease *lease);

#endif
