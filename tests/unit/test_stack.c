/*
 * Unit tests of the network stack below TFTP and DHCP: Ethernet, ARP, IPv4,
 * UDP and ICMP, driven through the fake NIC with hand-built frames.
 */
#include "tests/unit/harness.h"
#include "tests/unit/fakes.h"
#include "net/arp.h"
#include "net/ethernet.h"
#include "net/ipv4.h"
#include "net/udp.h"
#include "core/byteorder.h"
#include "core/checksum.h"
#include "core/clock.h"
#include "core/errors.h"
#include "core/random.h"
#include <string.h>

#define OUR_IP 0x0a000002u	/* 10.0.0.2/24 */
#define NETMASK 0xffffff00u
#define GATEWAY_IP 0x0a000001u
#define PEER_IP 0x0a000005u	/* on our subnet */
#define FAR_IP 0xc0000201u	/* 192.0.2.1, off-link */
#define SUBNET_BCAST 0x0a0000ffu
#define OUR_PORT 5000
#define PEER_PORT 7000

static const uint8_t peer_mac[6] = { 0x02, 0, 0, 0, 0, 0x05 };
static const uint8_t gateway_mac[6] = { 0x02, 0, 0, 0, 0, 0x0a };

/* ------------------------------------------------------------------ */
/* Helpers */

static void configure(void)
{
	fake_nd.ip = (struct ipv4_config){ .addr = OUR_IP, .netmask = NETMASK,
					   .gateway = GATEWAY_IP };
}

/* Hand the queued frames to the stack. */
static void deliver(void)
{
	net_poll(&fake_nd);
}

/* Teach the ARP cache ip's MAC: an ARP reply addressed to us. */
static void learn_mac(uint32_t ip, const uint8_t *mac)
{
	fake_rx_arp(2, mac, ip, fake_mac, OUR_IP);
	deliver();
}

static void ip_fix_checksum(uint8_t *frame)
{
	uint8_t *ip = frame + ETH_HLEN;
	size_t hlen = (size_t)(ip[0] & 15) * 4;

	ip[10] = ip[11] = 0;
	uint16_t sum = checksum_finish(checksum_add(0, ip, hlen));
	memcpy(ip + 10, &sum, 2);
}

/* An Ethernet/IPv4 frame from peer_mac to our MAC with a valid header
 * checksum; returns its length. */
static size_t ip_frame(uint8_t *f, uint32_t src, uint32_t dst, uint8_t proto,
		       const void *payload, size_t len)
{
	uint8_t *ip = f + ETH_HLEN;

	memcpy(f, fake_mac, 6);
	memcpy(f + 6, peer_mac, 6);
	put_be16(f + 12, ETHERTYPE_IPV4);
	memset(ip, 0, IPV4_HLEN);
	ip[0] = 0x45;
	put_be16(ip + 2, (uint16_t)(IPV4_HLEN + len));
	ip[8] = 64;
	ip[9] = proto;
	put_be32(ip + 12, src);
	put_be32(ip + 16, dst);
	memcpy(ip + IPV4_HLEN, payload, len);
	ip_fix_checksum(f);
	return ETH_HLEN + IPV4_HLEN + len;
}

/* RFC 768 checksum over the pseudo-header and the UDP datagram. */
static uint16_t udp_sum(uint32_t src, uint32_t dst, const uint8_t *udp, size_t len)
{
	uint8_t pseudo[12];

	put_be32(pseudo, src);
	put_be32(pseudo + 4, dst);
	pseudo[8] = 0;
	pseudo[9] = IP_PROTO_UDP;
	put_be16(pseudo + 10, (uint16_t)len);
	return checksum_finish(checksum_add(checksum_add(0, pseudo, 12), udp, len));
}

/* A frame carrying a UDP datagram with a valid checksum; returns its
 * length.  The UDP header is at f + 34. */
static size_t udp_frame(uint8_t *f, uint32_t src, uint32_t dst, uint16_t sport,
			uint16_t dport, const void *data, size_t len)
{
	uint8_t udp[ETH_MTU];

	put_be16(udp, sport);
	put_be16(udp + 2, dport);
	put_be16(udp + 4, (uint16_t)(UDP_HLEN + len));
	udp[6] = udp[7] = 0;
	memcpy(udp + UDP_HLEN, data, len);
	uint16_t sum = udp_sum(src, dst, udp, UDP_HLEN + len);
	if (!sum)	/* RFC 768: sent as all ones */
		sum = 0xffff;
	memcpy(udp + 6, &sum, 2);
	return ip_frame(f, src, dst, IP_PROTO_UDP, udp, UDP_HLEN + len);
}

/* What a socket received. */
struct inbox {
	int count;
	struct udp_meta from;
	size_t len;
	uint8_t data[ETH_MTU];
};

static struct udp_socket sock;
static struct inbox inbox;

static void inbox_receive(void *ctx, const struct udp_meta *from,
			  const uint8_t *data, size_t len)
{
	struct inbox *in = ctx;

	in->count++;
	in->from = *from;
	in->len = len;
	memcpy(in->data, data, len);
}

static void listen_on(uint16_t port)
{
	memset(&inbox, 0, sizeof(inbox));
	CHECK_EQ(udp_open(&fake_nd, &sock, port, inbox_receive, &inbox), 0);
}

/* The payload most tests send. */
static const char hello[] = "hello";

/* The only frame we sent. */
static const uint8_t *only_tx(void)
{
	CHECK_EQ(fake_tx_count(), 1);
	return fake_tx(0)->data;
}

/* A frame we sent is a valid IPv4 header: version, IHL, checksum. */
static void check_ip_header(const uint8_t *f)
{
	const uint8_t *ip = f + ETH_HLEN;

	CHECK_EQ(get_be16(f + 12), ETHERTYPE_IPV4);
	CHECK_EQ(ip[0], 0x45);
	CHECK_EQ(checksum_finish(checksum_add(0, ip, IPV4_HLEN)), 0);
}

/* ------------------------------------------------------------------ */
/* ARP (RFC 826) */

/* RFC 826: a request for our address is answered to the asker, with our
 * MAC as the sender hardware address and the asker as the target. */
TEST(arp_answers_request_for_our_address)
{
	configure();
	fake_rx_arp(1, peer_mac, PEER_IP, (const uint8_t[6]){ 0 }, OUR_IP);
	deliver();

	const uint8_t *f = only_tx();
	CHECK_EQ(fake_tx(0)->len, ETH_ZLEN);
	CHECK(memcmp(f, peer_mac, 6) == 0);		/* unicast to the asker */
	CHECK(memcmp(f + 6, fake_mac, 6) == 0);
	CHECK_EQ(get_be16(f + 12), ETHERTYPE_ARP);
	const uint8_t *a = f + ETH_HLEN;
	CHECK_EQ(get_be16(a), 1);			/* Ethernet */
	CHECK_EQ(get_be16(a + 2), ETHERTYPE_IPV4);
	CHECK_EQ(a[4], 6);
	CHECK_EQ(a[5], 4);
	CHECK_EQ(get_be16(a + 6), 2);			/* reply */
	CHECK(memcmp(a + 8, fake_mac, 6) == 0);
	CHECK_EQ(get_be32(a + 14), OUR_IP);
	CHECK(memcmp(a + 18, peer_mac, 6) == 0);
	CHECK_EQ(get_be32(a + 24), PEER_IP);
}

/* RFC 5227 §2.1.1: a probe (sender 0.0.0.0) for our address is answered,
 * so the prober sees the address is taken, but not learned from. */
TEST(arp_answers_probe_without_learning)
{
	uint8_t mac[6];

	configure();
	fake_rx_arp(1, peer_mac, 0, (const uint8_t[6]){ 0 }, OUR_IP);
	deliver();
	const uint8_t *f = only_tx();
	CHECK(memcmp(f, peer_mac, 6) == 0);
	const uint8_t *a = f + ETH_HLEN;
	CHECK_EQ(get_be16(a + 6), 2);
	CHECK(memcmp(a + 8, fake_mac, 6) == 0);
	CHECK_EQ(get_be32(a + 14), OUR_IP);
	CHECK(memcmp(a + 18, peer_mac, 6) == 0);
	CHECK_EQ(get_be32(a + 24), 0);
	fake_tx_clear();
	CHECK(!arp_lookup(&fake_nd, 0, mac));
	/* A probe for another address is none of our business. */
	fake_tx_clear();
	fake_rx_arp(1, peer_mac, 0, (const uint8_t[6]){ 0 }, PEER_IP);
	deliver();
	CHECK_EQ(fake_tx_count(), 0);
}

/* RFC 826 "merge": the sender of a request for us is added to the cache,
 * so the answer to it needs no ARP round of its own. */
TEST(arp_learns_the_sender_of_a_request)
{
	uint8_t mac[6];

	configure();
	fake_rx_arp(1, peer_mac, PEER_IP, (const uint8_t[6]){ 0 }, OUR_IP);
	deliver();
	fake_tx_clear();
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK(memcmp(mac, peer_mac, 6) == 0);
	CHECK_EQ(fake_tx_count(), 0);
}

/* RFC 826: a request for another address is neither answered nor, when
 * the sender is unknown, learned from. */
TEST(arp_ignores_requests_for_other_addresses)
{
	uint8_t mac[6];

	configure();
	fake_rx_arp(1, peer_mac, PEER_IP, (const uint8_t[6]){ 0 }, OUR_IP + 1);
	deliver();
	CHECK_EQ(fake_tx_count(), 0);
	CHECK(!arp_lookup(&fake_nd, PEER_IP, mac));
	/* ...and the lookup asked for it: a broadcast request. */
	const uint8_t *f = only_tx();
	CHECK(memcmp(f, eth_broadcast, 6) == 0);
	CHECK_EQ(get_be16(f + ETH_HLEN + 6), 1);
	CHECK_EQ(get_be32(f + ETH_HLEN + 24), PEER_IP);
}

/* Records when each ARP request left, in ms since the test's start. */
static uint32_t arp_t0, arp_times[16];
static size_t arp_count;

static void arp_timer_peer(const uint8_t *f, size_t len, void *ctx)
{
	(void)ctx;
	if (len >= 42 && get_be16(f + 12) == ETHERTYPE_ARP && arp_count < 16)
		arp_times[arp_count++] = clock_ms() - arp_t0;
}

/* arp_resolve asks again after 0.25, 0.5, 1, 2, 2 s... and gives up with
 * -E_TIMEOUT when the timeout it was given runs out. */
TEST(arp_resolve_backs_off_and_times_out)
{
	static const uint32_t expect[] = { 0, 250, 750, 1750, 3750, 5750, 7750 };

	configure();
	arp_count = 0;
	arp_t0 = clock_ms();
	fake_set_peer(arp_timer_peer, NULL);
	CHECK_EQ(arp_resolve(&fake_nd, PEER_IP, 9000), -E_TIMEOUT);
	CHECK_EQ(clock_ms() - arp_t0, 9000);
	CHECK_EQ(arp_count, ARRAY_SIZE(expect));
	for (size_t i = 0; i < ARRAY_SIZE(expect); i++)
		CHECK_EQ(arp_times[i], expect[i]);
	const uint8_t *a = fake_tx(0)->data + ETH_HLEN;
	CHECK_EQ(get_be16(a + 6), 1);
	CHECK_EQ(get_be32(a + 14), OUR_IP);
	CHECK_EQ(get_be32(a + 24), PEER_IP);
}

/* Answers every ARP request for PEER_IP. */
static void arp_answer_peer(const uint8_t *f, size_t len, void *ctx)
{
	(void)ctx;
	if (len >= 42 && get_be16(f + 12) == ETHERTYPE_ARP &&
	    get_be16(f + ETH_HLEN + 6) == 1 && get_be32(f + ETH_HLEN + 24) == PEER_IP)
		fake_rx_arp(2, peer_mac, PEER_IP, fake_mac, OUR_IP);
}

TEST(arp_resolve_returns_when_answered)
{
	uint8_t mac[6];

	configure();
	fake_set_peer(arp_answer_peer, NULL);
	uint32_t t0 = clock_ms();
	CHECK_EQ(arp_resolve(&fake_nd, PEER_IP, 5000), 0);
	CHECK(clock_ms() - t0 < 10);
	CHECK_EQ(fake_tx_count(), 1);
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK(memcmp(mac, peer_mac, 6) == 0);
}

/* Ageing: after ARP_REFRESH_MS an entry is still used but asked again, at
 * most once per ARP_REFRESH_GAP_MS; an answer renews it; without one it is
 * forgotten after ARP_EXPIRE_MS. */
TEST(arp_entries_are_refreshed_then_expire)
{
	static const uint8_t new_mac[6] = { 0x02, 0, 0, 0, 0, 0x55 };
	uint8_t mac[6];

	configure();
	uint32_t t0 = clock_ms();
	learn_mac(PEER_IP, peer_mac);
	fake_clock_set(t0 + ARP_REFRESH_MS - 1);
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK_EQ(fake_tx_count(), 0);

	fake_clock_set(t0 + ARP_REFRESH_MS);
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));	/* still used... */
	CHECK(memcmp(mac, peer_mac, 6) == 0);
	CHECK_EQ(fake_tx_count(), 1);			/* ...and re-asked */
	CHECK_EQ(get_be32(fake_tx(0)->data + ETH_HLEN + 24), PEER_IP);
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK_EQ(fake_tx_count(), 1);			/* not at every lookup */
	fake_clock_advance(ARP_REFRESH_GAP_MS);
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK_EQ(fake_tx_count(), 2);

	/* The answer renews the entry (and may move the address). */
	uint32_t renewed = clock_ms();
	learn_mac(PEER_IP, new_mac);
	fake_clock_set(t0 + ARP_EXPIRE_MS);
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK(memcmp(mac, new_mac, 6) == 0);

	/* Unanswered refreshes: forgotten ARP_EXPIRE_MS after the answer. */
	fake_tx_clear();
	fake_clock_set(renewed + ARP_EXPIRE_MS - 1);
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));
	fake_clock_set(renewed + ARP_EXPIRE_MS);
	CHECK(!arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK(!arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK_EQ(get_be16(fake_tx(fake_tx_count() - 1)->data + ETH_HLEN + 6), 1);
}

/* ------------------------------------------------------------------ */
/* IPv4 input (RFC 791, RFC 1122 §3.2.1) */

/* The happy path the drop tests below start from: "hello" arrives. */
TEST(ipv4_delivers_a_valid_datagram)
{
	uint8_t f[ETH_FRAME_MAX];

	configure();
	listen_on(OUR_PORT);
	fake_rx(f, udp_frame(f, PEER_IP, OUR_IP, PEER_PORT, OUR_PORT, hello, 5));
	deliver();
	CHECK_EQ(inbox.count, 1);
	CHECK_EQ(inbox.len, 5);
	CHECK(memcmp(inbox.data, hello, 5) == 0);
	CHECK_EQ(inbox.from.src_ip, PEER_IP);
	CHECK_EQ(inbox.from.dst_ip, OUR_IP);
	CHECK_EQ(inbox.from.src_port, PEER_PORT);
	CHECK_EQ(inbox.from.dst_port, OUR_PORT);
}

/* Ethernet pads short frames to 60 bytes: the IP total length, not the
 * frame, says where the packet ends. */
TEST(ipv4_ignores_ethernet_padding)
{
	uint8_t f[ETH_FRAME_MAX];

	configure();
	listen_on(OUR_PORT);
	size_t len = udp_frame(f, PEER_IP, OUR_IP, PEER_PORT, OUR_PORT, hello, 5);
	CHECK(len < ETH_ZLEN);
	memset(f + len, 0xee, ETH_ZLEN - len);
	fake_rx(f, ETH_ZLEN);
	deliver();
	CHECK_EQ(inbox.count, 1);
	CHECK_EQ(inbox.len, 5);
}

/* RFC 791: a header whose checksum does not verify is discarded. */
TEST(ipv4_drops_bad_header_checksum)
{
	uint8_t f[ETH_FRAME_MAX];

	configure();
	listen_on(OUR_PORT);
	size_t len = udp_frame(f, PEER_IP, OUR_IP, PEER_PORT, OUR_PORT, hello, 5);
	f[ETH_HLEN + 10] ^= 0x01;
	fake_rx(f, len);
	deliver();
	CHECK_EQ(inbox.count, 0);
	CHECK_EQ(fake_nd.stats.rx_bad_checksum, 1);
}

/* RFC 1122 §3.2.1.1-2: a total length past the frame is a broken packet. */
TEST(ipv4_drops_total_length_past_frame)
{
	uint8_t f[ETH_FRAME_MAX];

	configure();
	listen_on(OUR_PORT);
	size_t len = udp_frame(f, PEER_IP, OUR_IP, PEER_PORT, OUR_PORT, hello, 5);
	put_be16(f + ETH_HLEN + 2, (uint16_t)(len - ETH_HLEN + 1));
	ip_fix_checksum(f);
	fake_rx(f, len);
	deliver();
	CHECK_EQ(inbox.count, 0);
	CHECK_EQ(fake_nd.stats.rx_bad_ip, 1);
}

/* RFC 791: IHL counts 32-bit words and is at least 5; shorter headers
 * are refused before their (shorter) checksum is even looked at. */
TEST(ipv4_drops_header_length_below_5)
{
	uint8_t f[ETH_FRAME_MAX];

	configure();
	listen_on(OUR_PORT);
	size_t len = udp_frame(f, PEER_IP, OUR_IP, PEER_PORT, OUR_PORT, hello, 5);
	for (uint8_t ihl = 0; ihl < 5; ihl++) {
		f[ETH_HLEN] = 0x40 | ihl;
		ip_fix_checksum(f);
		fake_rx(f, len);
	}
	deliver();
	CHECK_EQ(inbox.count, 0);
	CHECK_EQ(fake_nd.stats.rx_bad_ip, 5);
	CHECK_EQ(fake_nd.stats.rx_bad_checksum, 0);
}

/* We do not reassemble: a first fragment (MF) and a later one (offset)
 * are both dropped and counted, with one warning on the console. */
TEST(ipv4_drops_fragments_with_one_warning)
{
	uint8_t f[ETH_FRAME_MAX];

	configure();
	listen_on(OUR_PORT);
	size_t len = udp_frame(f, PEER_IP, OUR_IP, PEER_PORT, OUR_PORT, hello, 5);
	put_be16(f + ETH_HLEN + 6, 0x2000);		/* MF, offset 0 */
	ip_fix_checksum(f);
	fake_rx(f, len);
	put_be16(f + ETH_HLEN + 6, 0x0001);		/* last, offset 8 */
	ip_fix_checksum(f);
	fake_rx(f, len);
	deliver();
	CHECK_EQ(inbox.count, 0);
	CHECK_EQ(fake_nd.stats.rx_fragment, 2);
	const char *first = strstr(fake_console(), "ip: dropping fragmented "
				   "packets from 10.0.0.5");
	CHECK(first != NULL);
	CHECK(strstr(first + 1, "ip: dropping") == NULL);

	/* DF alone is no fragment. */
	put_be16(f + ETH_HLEN + 6, 0x4000);
	ip_fix_checksum(f);
	fake_rx(f, len);
	deliver();
	CHECK_EQ(inbox.count, 1);
}

/* Once configured we take unicasts to our address and broadcasts only;
 * before that (DHCP may unicast the offer) any destination. */
TEST(ipv4_filters_destination_once_configured)
{
	uint8_t f[ETH_FRAME_MAX];

	listen_on(OUR_PORT);
	fake_rx(f, udp_frame(f, PEER_IP, OUR_IP + 7, PEER_PORT, OUR_PORT, hello, 5));
	deliver();
	CHECK_EQ(inbox.count, 1);

	configure();
	fake_rx(f, udp_frame(f, PEER_IP, OUR_IP + 7, PEER_PORT, OUR_PORT, hello, 5));
	deliver();
	CHECK_EQ(inbox.count, 1);
	CHECK_EQ(fake_nd.stats.rx_not_for_us, 1);

	fake_rx(f, udp_frame(f, PEER_IP, IPV4_BROADCAST, PEER_PORT, OUR_PORT, hello, 5));
	fake_rx(f, udp_frame(f, PEER_IP, SUBNET_BCAST, PEER_PORT, OUR_PORT, hello, 5));
	deliver();
	CHECK_EQ(inbox.count, 3);
	CHECK_EQ(inbox.from.dst_ip, SUBNET_BCAST);
}

/* ------------------------------------------------------------------ */
/* Ethernet */

/* Unicasts to another MAC (a hub, a TAP, our own echo) are not ours. */
TEST(eth_drops_frames_for_another_mac)
{
	uint8_t f[ETH_FRAME_MAX];

	configure();
	listen_on(OUR_PORT);
	size_t len = udp_frame(f, PEER_IP, OUR_IP, PEER_PORT, OUR_PORT, hello, 5);
	f[5] ^= 0x40;
	fake_rx(f, len);
	deliver();
	CHECK_EQ(inbox.count, 0);
	CHECK_EQ(fake_nd.stats.rx_not_for_us, 1);

	memcpy(f, eth_broadcast, 6);	/* the same packet broadcast: ours */
	fake_rx(f, len);
	deliver();
	CHECK_EQ(inbox.count, 1);
}

/* Frames shorter than an Ethernet header are counted as runts. */
TEST(eth_counts_runt_frames)
{
	uint8_t f[ETH_HLEN];

	memcpy(f, fake_mac, 6);
	memcpy(f + 6, peer_mac, 6);
	put_be16(f + 12, ETHERTYPE_IPV4);
	fake_rx(f, ETH_HLEN - 1);
	fake_rx(f, 0);
	deliver();
	CHECK_EQ(fake_nd.stats.rx_frames, 2);
	CHECK_EQ(fake_nd.stats.rx_runt, 2);
	/* A bare header is no runt, but carries no IP packet either. */
	fake_rx(f, ETH_HLEN);
	deliver();
	CHECK_EQ(fake_nd.stats.rx_runt, 2);
	CHECK_EQ(fake_nd.stats.rx_bad_ip, 1);
}

/* IEEE 802.3: frames shorter than 60 bytes (without FCS) go out padded
 * with zeros, whatever the buffer held before. */
TEST(eth_pads_short_frames_to_60_bytes)
{
	configure();
	learn_mac(PEER_IP, peer_mac);
	fake_tx_clear();
	memset(fake_nd.tx_frame, 0xaa, sizeof(fake_nd.tx_frame));
	listen_on(OUR_PORT);
	*udp_payload(&fake_nd) = 'x';
	CHECK_EQ(udp_send(&fake_nd, &sock, PEER_IP, PEER_PORT, 1), 0);
	const uint8_t *f = only_tx();
	CHECK_EQ(fake_tx(0)->len, ETH_ZLEN);
	size_t end = ETH_HLEN + IPV4_HLEN + UDP_HLEN + 1;
	CHECK_EQ(f[end - 1], 'x');
	for (size_t i = end; i < ETH_ZLEN; i++)
		CHECK_EQ(f[i], 0);

	/* ARP's 28 bytes too. */
	fake_tx_clear();
	fake_rx_arp(1, peer_mac, PEER_IP, (const uint8_t[6]){ 0 }, OUR_IP);
	deliver();
	f = only_tx();
	CHECK_EQ(fake_tx(0)->len, ETH_ZLEN);
	for (size_t i = ETH_HLEN + 28; i < ETH_ZLEN; i++)
		CHECK_EQ(f[i], 0);
}

/* ------------------------------------------------------------------ */
/* IPv4 output and routing (RFC 1122 §3.3.1) */

/* A datagram we send: our addresses, DF, TTL 64, valid checksums. */
TEST(udp_send_builds_valid_datagram)
{
	configure();
	learn_mac(PEER_IP, peer_mac);
	fake_tx_clear();
	listen_on(OUR_PORT);
	memcpy(udp_payload(&fake_nd), "ping!", 5);
	CHECK_EQ(udp_send(&fake_nd, &sock, PEER_IP, PEER_PORT, 5), 0);

	const uint8_t *f = only_tx();
	check_ip_header(f);
	const uint8_t *ip = f + ETH_HLEN, *udp = ip + IPV4_HLEN;
	CHECK_EQ(get_be16(ip + 2), IPV4_HLEN + UDP_HLEN + 5);
	CHECK_EQ(get_be16(ip + 6), 0x4000);
	CHECK_EQ(ip[8], 64);
	CHECK_EQ(ip[9], IP_PROTO_UDP);
	CHECK_EQ(get_be32(ip + 12), OUR_IP);
	CHECK_EQ(get_be32(ip + 16), PEER_IP);
	CHECK_EQ(get_be16(udp), OUR_PORT);
	CHECK_EQ(get_be16(udp + 2), PEER_PORT);
	CHECK_EQ(get_be16(udp + 4), UDP_HLEN + 5);
	CHECK(get_be16(udp + 6) != 0);
	CHECK_EQ(udp_sum(OUR_IP, PEER_IP, udp, UDP_HLEN + 5), 0);
	CHECK(memcmp(udp + UDP_HLEN, "ping!", 5) == 0);
}

/* On-link destinations get a frame to their own MAC. */
TEST(route_on_link_uses_the_hosts_mac)
{
	configure();
	learn_mac(PEER_IP, peer_mac);
	learn_mac(GATEWAY_IP, gateway_mac);
	fake_tx_clear();
	listen_on(OUR_PORT);
	CHECK_EQ(udp_send(&fake_nd, &sock, PEER_IP, PEER_PORT, 0), 0);
	const uint8_t *f = only_tx();
	CHECK(memcmp(f, peer_mac, 6) == 0);
	CHECK_EQ(get_be32(f + ETH_HLEN + 16), PEER_IP);
}

/* Off-link destinations go to the gateway's MAC, the IP header still
 * naming the final destination. */
TEST(route_off_link_goes_via_the_gateway)
{
	uint32_t hop;

	configure();
	learn_mac(PEER_IP, peer_mac);
	learn_mac(GATEWAY_IP, gateway_mac);
	fake_tx_clear();
	listen_on(OUR_PORT);
	CHECK_EQ(ipv4_next_hop(&fake_nd, FAR_IP, &hop), 0);
	CHECK_EQ(hop, GATEWAY_IP);
	CHECK_EQ(udp_send(&fake_nd, &sock, FAR_IP, PEER_PORT, 0), 0);
	const uint8_t *f = only_tx();
	CHECK(memcmp(f, gateway_mac, 6) == 0);
	CHECK_EQ(get_be32(f + ETH_HLEN + 16), FAR_IP);
}

/* No gateway: off-link is unreachable and nothing is sent (not even ARP);
 * the limited broadcast still goes out, to the broadcast MAC. */
TEST(route_without_gateway_fails)
{
	configure();
	fake_nd.ip.gateway = 0;
	listen_on(OUR_PORT);
	CHECK_EQ(udp_send(&fake_nd, &sock, FAR_IP, PEER_PORT, 0), -E_NOROUTE);
	CHECK_EQ(fake_tx_count(), 0);
	CHECK_EQ(udp_send(&fake_nd, &sock, IPV4_BROADCAST, PEER_PORT, 0), 0);
	CHECK(memcmp(only_tx(), eth_broadcast, 6) == 0);
}

/* An unresolved next hop: an ARP request goes out, the caller gets
 * -E_AGAIN and retries later. */
TEST(route_unresolved_next_hop_asks_arp)
{
	configure();
	listen_on(OUR_PORT);
	CHECK_EQ(udp_send(&fake_nd, &sock, PEER_IP, PEER_PORT, 0), -E_AGAIN);
	const uint8_t *f = only_tx();
	CHECK_EQ(get_be16(f + 12), ETHERTYPE_ARP);
	CHECK_EQ(get_be32(f + ETH_HLEN + 24), PEER_IP);
	CHECK_EQ(fake_nd.stats.tx_unresolved, 1);
}

/* ------------------------------------------------------------------ */
/* UDP input (RFC 768) */

TEST(udp_drops_bad_checksum)
{
	uint8_t f[ETH_FRAME_MAX];

	configure();
	listen_on(OUR_PORT);
	size_t len = udp_frame(f, PEER_IP, OUR_IP, PEER_PORT, OUR_PORT, hello, 5);
	f[len - 1] ^= 0x20;	/* the data, not the checksum */
	fake_rx(f, len);
	deliver();
	CHECK_EQ(inbox.count, 0);
	CHECK_EQ(fake_nd.stats.rx_bad_checksum, 1);
}

/* RFC 768: a zero checksum means the sender computed none. */
TEST(udp_accepts_zero_checksum)
{
	uint8_t f[ETH_FRAME_MAX];

	configure();
	listen_on(OUR_PORT);
	size_t len = udp_frame(f, PEER_IP, OUR_IP, PEER_PORT, OUR_PORT, hello, 5);
	f[ETH_HLEN + IPV4_HLEN + 6] = f[ETH_HLEN + IPV4_HLEN + 7] = 0;
	fake_rx(f, len);
	deliver();
	CHECK_EQ(inbox.count, 1);
	CHECK_EQ(inbox.len, 5);
}

/* The UDP length may not claim more than the IP packet holds, nor less
 * than its own header. */
TEST(udp_drops_bad_length_field)
{
	uint8_t f[ETH_FRAME_MAX];
	uint8_t *ulen = f + ETH_HLEN + IPV4_HLEN + 4;

	configure();
	listen_on(OUR_PORT);
	size_t len = udp_frame(f, PEER_IP, OUR_IP, PEER_PORT, OUR_PORT, hello, 5);
	put_be16(ulen, UDP_HLEN + 6);
	fake_rx(f, len);
	deliver();
	put_be16(ulen, UDP_HLEN - 1);
	fake_rx(f, len);
	deliver();
	CHECK_EQ(inbox.count, 0);
	CHECK_EQ(fake_nd.stats.rx_bad_ip, 2);
}

/* A datagram shorter than the IP payload (trailing bytes) is delivered at
 * the UDP length. */
TEST(udp_length_field_bounds_the_data)
{
	uint8_t f[ETH_FRAME_MAX];

	configure();
	listen_on(OUR_PORT);
	fake_rx(f, udp_frame(f, PEER_IP, OUR_IP, PEER_PORT, OUR_PORT, hello, 5));
	deliver();
	size_t len = udp_frame(f, PEER_IP, OUR_IP, PEER_PORT, OUR_PORT, "hel", 3);
	/* Append two bytes to the IP packet that UDP does not claim. */
	memcpy(f + len, "lo", 2);
	put_be16(f + ETH_HLEN + 2, (uint16_t)(IPV4_HLEN + UDP_HLEN + 5));
	ip_fix_checksum(f);
	fake_rx(f, len + 2);
	deliver();
	CHECK_EQ(inbox.count, 2);
	CHECK_EQ(inbox.len, 3);
	CHECK(memcmp(inbox.data, "hel", 3) == 0);
}

TEST(udp_counts_datagrams_without_socket)
{
	uint8_t f[ETH_FRAME_MAX];

	configure();
	listen_on(OUR_PORT);
	fake_rx(f, udp_frame(f, PEER_IP, OUR_IP, PEER_PORT, OUR_PORT + 1, hello, 5));
	deliver();
	CHECK_EQ(inbox.count, 0);
	CHECK_EQ(fake_nd.stats.rx_no_socket, 1);
	CHECK_EQ(fake_tx_count(), 0);	/* no ICMP port unreachable either */
}

static void ignore(void *ctx, const struct udp_meta *from, const uint8_t *data,
		   size_t len)
{
	(void)ctx, (void)from, (void)data, (void)len;
}

/* RFC 6335 §6: ephemeral ports come from 49152-65535 and are never a
 * port in use, even when the random start lands on one. */
TEST(udp_ephemeral_ports_are_distinct)
{
	struct udp_socket a, b, c;

	random_seed(12345);
	CHECK_EQ(udp_open(&fake_nd, &a, 0, ignore, NULL), 0);
	CHECK_EQ(udp_open(&fake_nd, &b, 0, ignore, NULL), 0);
	CHECK(a.port >= 49152 && b.port >= 49152);
	CHECK(a.port != b.port);
	random_seed(12345);	/* the same random start as a */
	CHECK_EQ(udp_open(&fake_nd, &c, 0, ignore, NULL), 0);
	CHECK(c.port >= 49152);
	CHECK(c.port != a.port && c.port != b.port);
	udp_close(&fake_nd, &a);
	udp_close(&fake_nd, &b);
	udp_close(&fake_nd, &c);
	CHECK(fake_nd.sockets == NULL);
}

TEST(udp_open_of_a_taken_port_fails)
{
	struct udp_socket a, b;

	CHECK_EQ(udp_open(&fake_nd, &a, 68, ignore, NULL), 0);
	CHECK_EQ(udp_open(&fake_nd, &b, 68, ignore, NULL), -E_INVALID);
	udp_close(&fake_nd, &a);
	CHECK_EQ(udp_open(&fake_nd, &b, 68, ignore, NULL), 0);
}

/* ------------------------------------------------------------------ */
/* ICMP (RFC 792, RFC 1122 §3.2.2.6) */

/* An echo request: id 0x1234, seq 7, and an odd number of data bytes so
 * the checksum's odd tail is exercised.  Returns the frame length. */
static size_t echo_frame_from(uint8_t *f, uint32_t src, uint32_t dst)
{
	uint8_t icmp[8 + 13] = { 8, 0, 0, 0, 0x12, 0x34, 0, 7 };

	memcpy(icmp + 8, "abcdefghijklm", 13);
	uint16_t sum = checksum_finish(checksum_add(0, icmp, sizeof(icmp)));
	memcpy(icmp + 2, &sum, 2);
	return ip_frame(f, src, dst, IP_PROTO_ICMP, icmp, sizeof(icmp));
}

static size_t echo_frame(uint8_t *f, uint32_t dst)
{
	return echo_frame_from(f, PEER_IP, dst);
}

/* RFC 792: the reply swaps the addresses, has type 0 and carries the same
 * identifier, sequence number and data, with a valid checksum.  The
 * request comes padded to 60 bytes: the padding is not echoed. */
TEST(icmp_echo_request_gets_reply)
{
	uint8_t f[ETH_FRAME_MAX];

	configure();
	/* As a real pinger does, it ARPs first; we learn it then. */
	fake_rx_arp(1, peer_mac, PEER_IP, (const uint8_t[6]){ 0 }, OUR_IP);
	deliver();
	fake_tx_clear();
	size_t len = echo_frame(f, OUR_IP);
	CHECK(len < ETH_ZLEN);
	memset(f + len, 0xee, ETH_ZLEN - len);
	fake_rx(f, ETH_ZLEN);
	deliver();

	const uint8_t *r = only_tx();
	CHECK(memcmp(r, peer_mac, 6) == 0);
	check_ip_header(r);
	const uint8_t *ip = r + ETH_HLEN, *icmp = ip + IPV4_HLEN;
	size_t icmp_len = len - ETH_HLEN - IPV4_HLEN;
	CHECK_EQ(get_be16(ip + 2), IPV4_HLEN + icmp_len);
	CHECK_EQ(ip[9], IP_PROTO_ICMP);
	CHECK_EQ(get_be32(ip + 12), OUR_IP);
	CHECK_EQ(get_be32(ip + 16), PEER_IP);
	CHECK_EQ(icmp[0], 0);
	CHECK_EQ(icmp[1], 0);
	CHECK_EQ(checksum_finish(checksum_add(0, icmp, icmp_len)), 0);
	CHECK(memcmp(icmp + 4, f + ETH_HLEN + IPV4_HLEN + 4, icmp_len - 4) == 0);
}

/* RFC 1122 §3.2.2.6: an echo to a broadcast address may go unanswered;
 * we stay quiet to add nothing to a broadcast storm. */
TEST(icmp_echo_to_broadcast_is_ignored)
{
	uint8_t f[ETH_FRAME_MAX];

	configure();
	learn_mac(PEER_IP, peer_mac);
	fake_tx_clear();
	fake_rx(f, echo_frame(f, IPV4_BROADCAST));
	fake_rx(f, echo_frame(f, SUBNET_BCAST));
	deliver();
	CHECK_EQ(fake_tx_count(), 0);
}

TEST(icmp_bad_checksum_is_ignored)
{
	uint8_t f[ETH_FRAME_MAX];

	configure();
	learn_mac(PEER_IP, peer_mac);
	fake_tx_clear();
	size_t len = echo_frame(f, OUR_IP);
	f[len - 1] ^= 0x01;
	fake_rx(f, len);
	deliver();
	CHECK_EQ(fake_tx_count(), 0);
	CHECK_EQ(fake_nd.stats.rx_bad_checksum, 1);
}

/* RFC 1122 §3.2.1.3: a host MUST silently discard a datagram whose source
 * is no single host (broadcast, multicast, loopback), so no answer of ours
 * can go to many hosts or out through the gateway. */
TEST(ipv4_drops_datagrams_from_non_host_sources)
{
	static const uint32_t bad[] = { IPV4_BROADCAST, SUBNET_BCAST, 0xe0000001u,
					0x7f000001u, 0xf0000001u };
	uint8_t f[ETH_FRAME_MAX];

	configure();
	learn_mac(GATEWAY_IP, gateway_mac);
	fake_tx_clear();
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		fake_rx(f, echo_frame_from(f, bad[i], OUR_IP));
	deliver();
	CHECK_EQ(fake_tx_count(), 0);
	CHECK_EQ(fake_nd.stats.rx_bad_ip, ARRAY_SIZE(bad));
}
