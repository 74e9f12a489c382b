/* Frames and a socket for the stack tests (stack_frames.h). */
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

const uint8_t peer_mac[6] = { 0x02, 0, 0, 0, 0, 0x05 };
const uint8_t gateway_mac[6] = { 0x02, 0, 0, 0, 0, 0x0a };

void configure(void)
{
	fake_nd.ip = (struct ipv4_config){ .addr = OUR_IP, .netmask = NETMASK,
					   .gateway = GATEWAY_IP };
}

/* Hand the queued frames to the stack. */
void deliver(void)
{
	net_poll(&fake_nd);
}

/* Teach the ARP cache ip's MAC: an ARP reply addressed to us. */
void learn_mac(uint32_t ip, const uint8_t *mac)
{
	fake_rx_arp(2, mac, ip, fake_mac, OUR_IP);
	deliver();
}

void ip_fix_checksum(uint8_t *frame)
{
	uint8_t *ip = frame + ETH_HLEN;
	size_t hlen = (size_t)(ip[0] & 15) * 4;

	ip[10] = ip[11] = 0;
	uint16_t sum = checksum_finish(checksum_add(0, ip, hlen));
	memcpy(ip + 10, &sum, 2);
}

/* An Ethernet/IPv4 frame from peer_mac to our MAC with a valid header
 * checksum; returns its length. */
size_t ip_frame(uint8_t *f, uint32_t src, uint32_t dst, uint8_t proto,
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
uint16_t udp_sum(uint32_t src, uint32_t dst, const uint8_t *udp, size_t len)
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
size_t udp_frame(uint8_t *f, uint32_t src, uint32_t dst, uint16_t sport,
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

struct udp_socket sock;
struct inbox inbox;

static void inbox_receive(void *ctx, const struct udp_meta *from,
			  const uint8_t *data, size_t len)
{
	struct inbox *in = ctx;

	in->count++;
	in->from = *from;
	in->len = len;
	memcpy(in->data, data, len);
}

void listen_on(uint16_t port)
{
	memset(&inbox, 0, sizeof(inbox));
	CHECK_EQ(udp_open(&fake_nd, &sock, port, inbox_receive, &inbox), 0);
}

/* The payload most tests send. */
const char hello[6] = "hello";

/* The only frame we sent. */
const uint8_t *only_tx(void)
{
	CHECK_EQ(fake_tx_count(), 1);
	return fake_tx(0)->data;
}

/* A frame we sent is a valid IPv4 header: version, IHL, checksum. */
void check_ip_header(const uint8_t *f)
{
	const uint8_t *ip = f + ETH_HLEN;

	CHECK_EQ(get_be16(f + 12), ETHERTYPE_IPV4);
	CHECK_EQ(ip[0], 0x45);
	CHECK_EQ(checksum_finish(checksum_add(0, ip, IPV4_HLEN)), 0);
}
