/* Ethernet II framing (IEEE 802.3 with EtherType, RFC 894 for IPv4). */
#ifndef NET_ETHERNET_H
#define NET_ETHERNET_H

#include "net/netdev.h"

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_ARP 0x0806

extern const uint8_t eth_broadcast[ETH_ALEN];

/* Where a layer above Ethernet writes its packet before eth_send(). */
static inline uint8_t *eth_payload(struct netdev *nd)
{
	return nd->tx_frame + ETH_HLEN;
}

/* Frame the len bytes at eth_payload() and transmit them. */
int eth_send(struct netdev *nd, const uint8_t *dst, uint16_t type, size_t len);

/* The same for a frame built elsewhere: frame has ETH_HLEN bytes of room
 * before the payload and at least ETH_ZLEN bytes in all. */
int eth_send_frame(struct netdev *nd, uint8_t *frame, const uint8_t *dst,
		   uint16_t type, size_t len);

void eth_receive(struct netdev *nd, const uint8_t *frame, size_t len);

/* "52:54:00:12:34:56" for messages. */
struct mac_text {
	char s[18];
};
struct mac_text mac_text(const uint8_t *mac);

#endif
