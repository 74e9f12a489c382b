/* What a BOOTP/DHCP reply tells a booting client, parsed from the wire. */
#ifndef NET_DHCP_LEASE_H
#define NET_DHCP_LEASE_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

/* Our option 57 asks for no more than an Ethernet MTU's worth (RFC 2132
 * §9.10), and the copy kept for the image is that size. */
#define DHCP_MSG_MAX 1472

struct dhcp_lease {
	uint8_t type;			/* enum dhcp_type; DHCP_NONE = BOOTP */
	uint32_t xid;
	uint32_t client_ip;		/* yiaddr; host order like all below */
	uint32_t server_id;		/* option 54 */
	uint32_t next_server;		/* siaddr, else option 66 */
	uint32_t relay;			/* giaddr */
	uint32_t netmask;		/* option 1, else by address class */
	uint32_t router;		/* first of option 3 */
	uint32_t dns[2];		/* option 6 */
	uint32_t lease_secs;		/* option 51; 0 = not given */
	uint16_t mtu;			/* option 26; 0 = not given */
	bool pxe_proxy;			/* proxyDHCP: no address, "PXEClient" */
	char bootfile[256];		/* file field, else option 67 */
	char server_name[64];		/* option 66 or sname */
	char hostname[64];		/* option 12 */
	char domain[64];		/* option 15 */
	char root_path[256];		/* option 17 */
	size_t raw_len;
	uint8_t raw[DHCP_MSG_MAX];	/* the reply itself, for the loaders */
};

/* Parse a reply.  Returns 0, or -E_BADPKT with *why saying what is wrong. */
int dhcp_lease_parse(struct dhcp_lease *lease, const uint8_t *msg, size_t len,
		     const char **why);

/* A boot file and a server to fetch it from. */
static inline bool dhcp_lease_names_boot(const struct dhcp_lease *l)
{
	return l->bootfile[0] && l->next_server;
}

#endif
