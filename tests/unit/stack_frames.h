/*
 * Frames and a socket for the stack tests (test_arp.c, test_ipv4.c,
 * test_udp_icmp.c): our address plan, hand-built Ethernet/IPv4/UDP frames
 * with valid checksums, and an inbox that records what a socket received.
 */
#ifndef TESTS_UNIT_STACK_FRAMES_H
#define TESTS_UNIT_STACK_FRAMES_H

#include "net/netdev.h"
#include "net/udp.h"
#include <stddef.h>
#include <stdint.h>

#define OUR_IP 0x0a000002u	/* 10.0.0.2/24 */
#define NETMASK 0xffffff00u
#define GATEWAY_IP 0x0a000001u
#define PEER_IP 0x0a000005u	/* on our subnet */
#define FAR_IP 0xc0000201u	/* 192.0.2.1, off-link */
#define SUBNET_BCAST 0x0a0000ffu
#define OUR_PORT 5000
#define PEER_PORT 7000

extern const uint8_t peer_mac[6];
extern const uint8_t gateway_mac[6];

/* Configure fake_nd as OUR_IP/NETMASK with GATEWAY_IP. */
void configure(void);
/* Hand the queued frames to the stack. */
void deliver(void);
/* Teach the ARP cache ip's MAC: an ARP reply addressed to us. */
void learn_mac(uint32_t ip, const uint8_t *mac);
/* Recompute the IPv4 header checksum of a frame. */
void ip_fix_checksum(uint8_t *frame);
/* An Ethernet/IPv4 frame from peer_mac to our MAC with a valid header;
 * returns its length. */
size_t ip_frame(uint8_t *f, uint32_t src, uint32_t dst, uint8_t proto,
		const void *payload, size_t len);
/* RFC 768 checksum over the pseudo-header and the UDP datagram. */
uint16_t udp_sum(uint32_t src, uint32_t dst, const uint8_t *udp, size_t len);
/* A frame carrying a UDP datagram with a valid checksum; returns its
 * length.  The UDP header is at f + 34. */
size_t udp_frame(uint8_t *f, uint32_t src, uint32_t dst, uint16_t sport,
		 uint16_t dport, const void *data, size_t len);

/* What a socket received. */
struct inbox {
	int count;
	struct udp_meta from;
	size_t len;
	uint8_t data[ETH_MTU];
};
extern struct udp_socket sock;
extern struct inbox inbox;
/* Bind sock to port, receiving into inbox. */
void listen_on(uint16_t port);

/* The payload most tests send. */
extern const char hello[6];

/* The only frame we sent. */
const uint8_t *only_tx(void);
/* A frame we sent is a valid IPv4 header: version, IHL, checksum. */
void check_ip_header(const uint8_t *f);

#endif
