/* IPv4 input checks and output routing (RFC 791, RFC 1122 §3.2.1). */
#include "net/ipv4.h"
#include "net/ethernet.h"
#include "net/icmp.h"
#include "net/udp.h"
#include "core/byteorder.h"
#include "core/checksum.h"
#include "core/console.h"
#include "core/errors.h"
#include "core/format.h"
#include "core/string.h"

#define IP_TTL 64
#define IP_FLAG_DF 0x4000	/* flags/fragment word: don't fragment */
#define IP_FLAG_MF 0x2000	/* more fragments */
#define IP_OFFSET_MASK 0x1fff

int ipv4_next_hop(const struct netdev *nd, uint32_t dst, uint32_t *hop)
{
	const struct ipv4_config *ip = &nd->ip;

	if (dst == IPV4_BROADCAST ||
	    (ip->netmask && (dst & ip->netmask) == (ip->addr & ip->netmask))) {
		*hop = dst;
		return 0;
	}
	if (!ip->gateway)
		return -E_NOROUTE;
	*hop = ip->gateway;
	return 0;
}

static bool is_subnet_broadcast(const struct netdev *nd, uint32_t dst)
{
	uint32_t mask = nd->ip.netmask;

	return mask && mask != IPV4_BROADCAST &&
	       (dst & mask) == (nd->ip.addr & mask) && (dst | mask) == IPV4_BROADCAST;
}

int ipv4_send(struct netdev *nd, uint32_t dst, uint8_t proto, size_t len)
{
	uint8_t mac[ETH_ALEN];
	uint32_t hop;
	int rc = ipv4_next_hop(nd, dst, &hop);

	if (rc < 0)
		return rc;
	if (len > ipv4_payload_max(nd))
		return -E_TOOBIG;
	if (hop == IPV4_BROADCAST || is_subnet_broadcast(nd, hop)) {
		memcpy(mac, eth_broadcast, ETH_ALEN);
	} else if (!arp_lookup(nd, hop, mac)) {
		nd->stats.tx_unresolved++;
		return -E_AGAIN;
	}
	uint8_t *h = eth_payload(nd);
	h[0] = 0x45;		/* version 4, header length 5 words */
	h[1] = 0;
	put_be16(h + 2, (uint16_t)(IPV4_HLEN + len));
	put_be16(h + 4, nd->ip_id++);
	put_be16(h + 6, IP_FLAG_DF);
	h[8] = IP_TTL;
	h[9] = proto;
	h[10] = h[11] = 0;
	put_be32(h + 12, nd->ip.addr);
	put_be32(h + 16, dst);
	uint16_t sum = checksum_finish(checksum_add(0, h, IPV4_HLEN));
	memcpy(h + 10, &sum, 2);
	return eth_send(nd, mac, ETHERTYPE_IPV4, IPV4_HLEN + len);
}

/* RFC 1122 §3.2.1.3: broadcast, multicast (and class E) and loopback
 * addresses name no single host, so they are never a valid source. */
static bool valid_source(const struct netdev *nd, uint32_t src)
{
	return src != IPV4_BROADCAST && src >> 28 < 0xe && src >> 24 != 127 &&
	       !is_subnet_broadcast(nd, src);
}

static bool accepts(const struct netdev *nd, uint32_t dst)
{
	/* Before DHCP binds, a server may unicast the offer to the address it
	 * offers (RFC 2131 §4.1), so take any destination until then. */
	return !nd->ip.addr || dst == nd->ip.addr || dst == IPV4_BROADCAST ||
	       is_subnet_broadcast(nd, dst);
}

void ipv4_receive(struct netdev *nd, const uint8_t *p, size_t len)
{
	if (len < IPV4_HLEN || p[0] >> 4 != 4) {
		nd->stats.rx_bad_ip++;
		return;
	}
	size_t hlen = (size_t)(p[0] & 0x0f) * 4;
	size_t total = get_be16(p + 2);
	/* The frame may carry Ethernet padding after the packet, never less
	 * than the header claims. */
	if (hlen < IPV4_HLEN || total < hlen || total > len) {
		nd->stats.rx_bad_ip++;
		return;
	}
	if (checksum_finish(checksum_add(0, p, hlen)) != 0) {
		nd->stats.rx_bad_checksum++;
		return;
	}
	/* We never reassemble: a boot ROM has no memory to spare for it, and
	 * we ask for block sizes that fit the MTU so servers need not
	 * fragment. */
	uint16_t frag = get_be16(p + 6);
	if (frag & (IP_FLAG_MF | IP_OFFSET_MASK)) {
		nd->stats.rx_fragment++;
		if (!nd->warned_fragment) {
			nd->warned_fragment = true;
			con_printf("ip: dropping fragmented packets from %s; "
				   "lower the server's block size or MTU\n",
				   ipv4_text(get_be32(p + 12)).s);
		}
		return;
	}
	uint32_t src = get_be32(p + 12), dst = get_be32(p + 16);
	if (!valid_source(nd, src)) {	/* silently, so nothing answers it */
		nd->stats.rx_bad_ip++;
		return;
	}
	if (!accepts(nd, dst)) {
		nd->stats.rx_not_for_us++;
		return;
	}
	const uint8_t *payload = p + hlen;
	size_t plen = total - hlen;

	switch (p[9]) {
	case IP_PROTO_ICMP:
		icmp_receive(nd, src, dst, payload, plen);
		break;
	case IP_PROTO_UDP:
		udp_receive(nd, src, dst, payload, plen);
		break;
	default:
		nd->stats.rx_not_for_us++;
	}
}

struct ipv4_text ipv4_text(uint32_t a)
{
	struct ipv4_text t;

	format_buf(t.s, sizeof(t.s), "%u.%u.%u.%u", (unsigned)(a >> 24),
		   (unsigned)(a >> 16 & 0xff), (unsigned)(a >> 8 & 0xff),
		   (unsigned)(a & 0xff));
	return t;
}

bool ipv4_parse(const char *text, uint32_t *addr)
{
	uint32_t value = 0;
	const char *p = text;

	for (int part = 0; part < 4; part++) {
		unsigned n = 0, digits = 0;
		while (*p >= '0' && *p <= '9' && digits < 4) {
			n = n * 10 + (unsigned)(*p++ - '0');
			digits++;
		}
		if (!digits || n > 255 || *p != (part < 3 ? '.' : '\0'))
			return false;
		if (part < 3)
			p++;
		value = value << 8 | n;
	}
	*addr = value;
	return true;
}
