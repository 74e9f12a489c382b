/* ARP (RFC 826) for IPv4 over Ethernet. */
#include "net/arp.h"
#include "net/ethernet.h"
#include "core/byteorder.h"
#include "core/clock.h"
#include "core/errors.h"
#include "core/string.h"

/* RFC 826 packet for Ethernet/IPv4: 28 bytes. */
#define ARP_LEN 28
#define ARP_HTYPE_ETHERNET 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2

void arp_cache_init(struct arp_cache *cache)
{
	memset(cache, 0, sizeof(*cache));
}

static struct arp_entry *find(struct arp_cache *cache, uint32_t ip)
{
	for (size_t i = 0; i < ARP_CACHE_SIZE; i++)
		if (cache->entry[i].ip == ip)
			return &cache->entry[i];
	return NULL;
}

static void learn(struct arp_cache *cache, uint32_t ip, const uint8_t *mac)
{
	struct arp_entry *e = find(cache, ip);

	if (!e) {	/* a free slot, else the one answered longest ago */
		e = &cache->entry[0];
		for (size_t i = 0; i < ARP_CACHE_SIZE; i++) {
			struct arp_entry *c = &cache->entry[i];
			if (!c->ip) {
				e = c;
				break;
			}
			if ((int32_t)(c->learned - e->learned) < 0)
				e = c;
		}
	}
	e->ip = ip;
	memcpy(e->mac, mac, 6);
	e->learned = clock_ms();
	e->asked = e->learned - ARP_REFRESH_GAP_MS;
}

static int send_arp(struct netdev *nd, uint16_t op, const uint8_t *dst_mac,
		    const uint8_t *target_mac, uint32_t target_ip)
{
	/* Built apart from tx_frame: a refresh request may go out while a
	 * packet is half-built there. */
	uint8_t frame[ETH_ZLEN];
	uint8_t *p = frame + ETH_HLEN;

	put_be16(p, ARP_HTYPE_ETHERNET);
	put_be16(p + 2, ETHERTYPE_IPV4);
	p[4] = 6;
	p[5] = 4;
	put_be16(p + 6, op);
	memcpy(p + 8, nd->mac, 6);
	put_be32(p + 14, nd->ip.addr);
	memcpy(p + 18, target_mac, 6);
	put_be32(p + 24, target_ip);
	return eth_send_frame(nd, frame, dst_mac, ETHERTYPE_ARP, ARP_LEN);
}

static void request(struct netdev *nd, uint32_t ip)
{
	static const uint8_t unknown[6];

	send_arp(nd, ARP_OP_REQUEST, eth_broadcast, unknown, ip);
}

bool arp_lookup(struct netdev *nd, uint32_t ip, uint8_t *mac)
{
	struct arp_entry *e = find(&nd->arp, ip);

	if (e && ms_since(e->learned) >= ARP_EXPIRE_MS) {
		e->ip = 0;
		e = NULL;
	}
	if (!e) {
		request(nd, ip);
		return false;
	}
	if (ms_since(e->learned) >= ARP_REFRESH_MS &&
	    ms_since(e->asked) >= ARP_REFRESH_GAP_MS) {
		e->asked = clock_ms();
		request(nd, ip);
	}
	memcpy(mac, e->mac, 6);
	return true;
}

int arp_resolve(struct netdev *nd, uint32_t ip, uint32_t timeout_ms)
{
	uint32_t give_up = deadline_in(timeout_ms);
	uint32_t gap = 250;	/* resend after 0.25, 0.5, 1, 2... s */
	uint8_t mac[6];

	if (arp_lookup(nd, ip, mac))
		return 0;
	uint32_t resend = deadline_in(gap);
	for (;;) {
		net_poll(nd);
		struct arp_entry *e = find(&nd->arp, ip);
		if (e)
			return 0;
		if (platform_abort_requested())
			return -E_ABORTED;
		if (deadline_passed(give_up))
			return -E_TIMEOUT;
		if (deadline_passed(resend)) {
			request(nd, ip);
			gap = MIN(gap * 2, 2000u);
			resend = deadline_in(gap);
		}
	}
}

void arp_receive(struct netdev *nd, const uint8_t *p, size_t len)
{
	if (len < ARP_LEN || get_be16(p) != ARP_HTYPE_ETHERNET ||
	    get_be16(p + 2) != ETHERTYPE_IPV4 || p[4] != 6 || p[5] != 4) {
		nd->stats.rx_bad_ip++;
		return;
	}
	uint16_t op = get_be16(p + 6);
	const uint8_t *sender_mac = p + 8;
	uint32_t sender_ip = get_be32(p + 14);
	uint32_t target_ip = get_be32(p + 24);
	bool for_us = nd->ip.addr && target_ip == nd->ip.addr;

	if (sender_mac[0] & 1)	/* multicast MACs */
		return;
	/* RFC 826 "merge": refresh a known sender; add it if it asks us.  An
	 * RFC 5227 probe (sender 0.0.0.0) is answered below, so the prober
	 * sees the address is taken, but not learned from. */
	if (sender_ip && (find(&nd->arp, sender_ip) || for_us))
		learn(&nd->arp, sender_ip, sender_mac);
	if (for_us && op == ARP_OP_REQUEST)
		send_arp(nd, ARP_OP_REPLY, sender_mac, sender_mac, sender_ip);
}
