/* Building the client's BOOTP/DHCP requests. */
#ifndef NET_DHCP_REQUEST_H
#define NET_DHCP_REQUEST_H

#include <stdint.h>
#include <stddef.h>

/* Who the client says it is (RFC 4578 and the PXE 2.1 identity). */
/*
 * Our user class (option 77), so a DHCP server can tell this client's
 * requests from those of the PXE ROM that chainloaded it and name a
 * different boot file (dnsmasq: dhcp-userclass=set:netboot,netboot; ISC
 * dhcpd: if exists user-class and option user-class = "netboot").  Sent
 * as plain text, the way iPXE sends its own, not in RFC 3004's
 * length-prefixed form, which ISC dhcpd's string comparison above would
 * not match.
 */
#define DHCP_USER_CLASS "netboot"

struct dhcp_identity {
	uint8_t mac[6];
	uint16_t arch;		/* option 93: RFC 4578 §2.1 architecture type */
	uint8_t uuid[16];	/* option 97 */
	const char *vendor_class;	/* option 60; NULL = the PXE string */
	uint16_t max_msg;	/* option 57: largest reply we can take */
};

struct dhcp_request {
	uint8_t type;		/* DHCPDISCOVER, DHCPREQUEST, or 0 = BOOTP */
	uint32_t xid;
	uint16_t secs;
	uint32_t requested_ip;	/* REQUEST only, host order */
	uint32_t server_id;	/* REQUEST only */
};

/* Write the message into buf (at least BOOTP_MIN_LEN + 200 bytes); returns
 * its length, or 0 if it does not fit. */
size_t dhcp_request_build(uint8_t *buf, size_t max,
			  const struct dhcp_identity *id,
			  const struct dhcp_request *req);

#endif
