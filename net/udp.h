/*
 * UDP (RFC 768): sockets are bound to a local port and receive through a
 * callback while the device is polled.  A callback may send (the frame it
 * is given lies in the driver's buffer, apart from tx_frame), but must not
 * poll or wait.
 */
#ifndef NET_UDP_H
#define NET_UDP_H

#include "net/netdev.h"

#define UDP_HLEN 8

struct udp_meta {
	uint32_t src_ip, dst_ip;	/* host order */
	uint16_t src_port, dst_port;
};

typedef void (*udp_receive_fn)(void *ctx, const struct udp_meta *from,
			       const uint8_t *data, size_t len);

struct udp_socket {
	struct udp_socket *next;
	uint16_t port;
	udp_receive_fn receive;
	void *ctx;
};

/* Bind sock to port (0 picks a free ephemeral port); -E_INVALID if taken. */
int udp_open(struct netdev *nd, struct udp_socket *sock, uint16_t port,
	     udp_receive_fn receive, void *ctx);
void udp_close(struct netdev *nd, struct udp_socket *sock);

/* Where to write a datagram's payload before udp_send(). */
uint8_t *udp_payload(struct netdev *nd);
size_t udp_payload_max(const struct netdev *nd);

/* Send len bytes from udp_payload(); errors as ipv4_send(). */
int udp_send(struct netdev *nd, const struct udp_socket *sock, uint32_t dst,
	     uint16_t dst_port, size_t len);

void udp_receive(struct netdev *nd, uint32_t src, uint32_t dst,
		 const uint8_t *pkt, size_t len);

#endif
