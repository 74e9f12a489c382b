/*
 * BOOTP/DHCP client for booting (RFC 951, RFC 2131, PXE 2.1 identity).
 *
 * Timing, all bounded (the error messages quote these figures):
 *  - DISCOVER is sent DHCP_DISCOVER_TRIES times, 1, 2, 4, 8, 8 and 8 s
 *    apart (RFC 2131 §4.1 backoff, capped), each gap varied by up to ±1/8
 *    so clients that power up together spread out: no offer within 35 s is
 *    a failure.  From the second try on, a plain BOOTREQUEST goes out too,
 *    for servers that only speak BOOTP (RFC 951).
 *  - An offer that names a boot file and a server is taken at once.  One
 *    that does not waits DHCP_OFFER_WAIT_MS for a better offer or a
 *    proxyDHCP answer, then is taken as it is.
 *  - REQUEST is sent 3 times, 1, 2 and 4 s apart: no ACK within 8 s, or a
 *    NAK, starts discovery again, DHCP_ROUNDS rounds at most (86 s worst).
 */
#ifndef NET_DHCP_H
#define NET_DHCP_H

#include "net/netdev.h"
#include "net/dhcp_lease.h"
#include "net/dhcp_request.h"

#define DHCP_DISCOVER_TRIES 6
#define DHCP_REQUEST_TRIES 3
#define DHCP_BACKOFF_CAP_MS 8000
#define DHCP_OFFER_WAIT_MS 1000
#define DHCP_ROUNDS 2
#define DHCP_DISCOVER_LIMIT_S 35	/* (1+2+4+8+8+8) s + 1/8 jitter */
#define DHCP_REQUEST_LIMIT_S 8		/* (1+2+4) s + 1/8 jitter */

struct dhcp_settings {
	uint16_t arch;		/* RFC 4578 §2.1 client architecture */
	uint8_t uuid[16];	/* machine UUID for option 97 */
	const char *vendor_class;	/* NULL: "PXEClient:Arch:..." */
	uint32_t offer_wait_ms;	/* 0: DHCP_OFFER_WAIT_MS */
	uint32_t give_up_ms;	/* 0: the retry schedule above decides */
};

/* Configure nd by DHCP (or BOOTP).  On success the lease holds the ACK
 * (boot file and next server filled from a proxyDHCP offer if the ACK had
 * none) and nd's address, netmask, gateway and MTU are set. */
int dhcp_configure(struct netdev *nd, const struct dhcp_settings *settings,
		   struct dhcp_lease *lease);

/* Give nd the lease's address, netmask, gateway and MTU and say so (the
 * lease took ms to get, 0 if it was not asked for); for a lease obtained
 * by other means too. */
void dhcp_bind(struct netdev *nd, const struct dhcp_lease *l, uint32_t ms);

#endif
