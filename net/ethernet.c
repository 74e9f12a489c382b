/* Ethernet II: check the destination, dispatch by EtherType, frame output. */
#include "net/ethernet.h"
#include "net/arp.h"
#include "net/ipv4.h"
#include "core/byteorder.h"
#include "core/errors.h"
#include "core/format.h"
#include "core/string.h"

const uint8_t eth_broadcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

int eth_send(struct netdev *nd, const uint8_t *dst, uint16_t type, size_t len)
{
	return eth_send_frame(nd, nd->tx_frame, dst, type, len);
}

int eth_send_frame(struct netdev *nd, uint8_t *f, const uint8_t *dst,
		   uint16_t type, size_t len)
{
	if (len > nd->mtu)
		return -E_TOOBIG;
	memcpy(f, dst, ETH_ALEN);
	memcpy(f + ETH_ALEN, nd->mac, ETH_ALEN);
	put_be16(f + 12, type);
	len += ETH_HLEN;
	if (len < ETH_ZLEN) {
		memset(f + len, 0, ETH_ZLEN - len);
		len = ETH_ZLEN;
	}
	int rc = nd->ops->transmit(nd, f, len);
	if (rc < 0)
		nd->stats.tx_errors++;
	else
		nd->stats.tx_frames++;
	return rc;
}

void eth_receive(struct netdev *nd, const uint8_t *frame, size_t len)
{
	if (len < ETH_HLEN) {
		nd->stats.rx_runt++;
		return;
	}
	/* Accept frames for our MAC and broadcasts; a switch or a TAP may
	 * still hand us others' unicasts, and our own frames echoed back. */
	if (memcmp(frame, nd->mac, ETH_ALEN) != 0 &&
	    memcmp(frame, eth_broadcast, ETH_ALEN) != 0) {
		nd->stats.rx_not_for_us++;
		return;
	}
	const uint8_t *payload = frame + ETH_HLEN;
	size_t plen = len - ETH_HLEN;

	switch (get_be16(frame + 12)) {
	case ETHERTYPE_ARP:
		arp_receive(nd, payload, plen);
		break;
	case ETHERTYPE_IPV4:
		ipv4_receive(nd, payload, plen);
		break;
	default:	/* IPv6, VLAN tags, LLDP...: not ours to answer */
		nd->stats.rx_not_for_us++;
	}
}

struct mac_text mac_text(const uint8_t *m)
{
	struct mac_text t;

	format_buf(t.s, sizeof(t.s), "%02x:%02x:%02x:%02x:%02x:%02x",
		   m[0], m[1], m[2], m[3], m[4], m[5]);
	return t;
}
