/* IPv4 (RFC 791): header checks on input, routing and framing on output. */
#ifndef NET_IPV4_H
#define NET_IPV4_H

#include "net/netdev.h"

#define IPV4_HLEN 20		/* we never send options */
#define IP_PROTO_ICMP 1
#define IP_PROTO_UDP 17
#define IPV4_BROADCAST 0xffffffffu

/* Where the layer above IPv4 writes its packet before ipv4_send(). */
static inline uint8_t *ipv4_payload(struct netdev *nd)
{
	return nd->tx_frame + ETH_HLEN + IPV4_HLEN;
}

/* Largest payload one unfragmented IPv4 packet can carry on nd. */
static inline size_t ipv4_payload_max(const struct netdev *nd)
{
	return nd->mtu - IPV4_HLEN;
}

/* Send len bytes at ipv4_payload() to dst (host order).  Returns 0, or
 * -E_NOROUTE (off-subnet with no gateway), or -E_AGAIN when the next hop's
 * MAC is not known yet: an ARP request has gone out, and the caller's own
 * retransmission will find the answer. */
int ipv4_send(struct netdev *nd, uint32_t dst, uint8_t proto, size_t len);

/* The address packets to dst go to first: dst itself, or the gateway. */
int ipv4_next_hop(const struct netdev *nd, uint32_t dst, uint32_t *hop);

void ipv4_receive(struct netdev *nd, const uint8_t *pkt, size_t len);

/* Dotted-quad text for messages: con_printf("%s", ipv4_text(a).s). */
struct ipv4_text {
	char s[16];
};
struct ipv4_text ipv4_text(uint32_t addr);

/* Parse dotted-quad text; false if it is not exactly a.b.c.d. */
bool ipv4_parse(const char *text, uint32_t *addr);

#endif
