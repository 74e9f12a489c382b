/*
 * Unit tests of IPv4 input checks, Ethernet framing and IPv4 output
 * routing, driven through the fake NIC with hand-built frames.
 */
#include "tests/unit/stack_frames.h"
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
