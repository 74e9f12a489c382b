/*
 * Unit tests of UDP sockets and checksums, ICMP echo, and the RFC 1122
 * source-address filter, driven through the fake NIC.
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
