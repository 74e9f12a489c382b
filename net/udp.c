/* UDP (RFC 768) datagrams and a list of bound sockets. */
#include "net/udp.h"
#include "net/ipv4.h"
#include "core/byteorder.h"
#include "core/checksum.h"
#include "core/errors.h"
#include "core/random.h"
#include "core/string.h"

/* IANA dynamic port range, RFC 6335 §6. */
#define EPHEMERAL_FIRST 49152
#define EPHEMERAL_COUNT 16384

static struct udp_socket *find(struct netdev *nd, uint16_t port)
{
	for (struct udp_socket *s = nd->sockets; s; s = s->next)
		if (s->port == port)
			return s;
	return NULL;
}

int udp_open(struct netdev *nd, struct udp_socket *sock, uint16_t port,
	     udp_receive_fn receive, void *ctx)
{
	if (!port) {
		/* A random start keeps a rebooted client from reusing the
		 * port of its last transfer (RFC 6056 §3.3.1). */
		port = (uint16_t)(EPHEMERAL_FIRST + random_below(EPHEMERAL_COUNT));
		for (int i = 0; find(nd, port) && i < EPHEMERAL_COUNT; i++)
			port = port == 0xffff ? EPHEMERAL_FIRST : port + 1;
	}
	if (find(nd, port))
		return -E_INVALID;
	sock->port = port;
	sock->receive = receive;
	sock->ctx = ctx;
	sock->next = nd->sockets;
	nd->sockets = sock;
	return 0;
}

void udp_close(struct netdev *nd, struct udp_socket *sock)
{
	for (struct udp_socket **p = &nd->sockets; *p; p = &(*p)->next) {
		if (*p == sock) {
			*p = sock->next;
			return;
		}
	}
}

uint8_t *udp_payload(struct netdev *nd)
{
	return ipv4_payload(nd) + UDP_HLEN;
}

size_t udp_payload_max(const struct netdev *nd)
{
	return ipv4_payload_max(nd) - UDP_HLEN;
}

/* RFC 768: the checksum covers a pseudo-header of addresses, protocol and
 * length, then the UDP header and data. */
static uint16_t udp_checksum(uint32_t src, uint32_t dst, const uint8_t *udp,
			     size_t len)
{
	uint8_t pseudo[12];

	put_be32(pseudo, src);
	put_be32(pseudo + 4, dst);
	pseudo[8] = 0;
	pseudo[9] = IP_PROTO_UDP;
	put_be16(pseudo + 10, (uint16_t)len);
	return checksum_finish(checksum_add(checksum_add(0, pseudo, 12), udp, len));
}

int udp_send(struct netdev *nd, const struct udp_socket *sock, uint32_t dst,
	     uint16_t dst_port, size_t len)
{
	if (len > udp_payload_max(nd))
		return -E_TOOBIG;
	uint8_t *u = ipv4_payload(nd);
	size_t total = UDP_HLEN + len;

	put_be16(u, sock->port);
	put_be16(u + 2, dst_port);
	put_be16(u + 4, (uint16_t)total);
	u[6] = u[7] = 0;
	uint16_t sum = udp_checksum(nd->ip.addr, dst, u, total);
	if (!sum)		/* RFC 768: zero means "no checksum" */
		sum = 0xffff;
	memcpy(u + 6, &sum, 2);
	return ipv4_send(nd, dst, IP_PROTO_UDP, total);
}

void udp_receive(struct netdev *nd, uint32_t src, uint32_t dst,
		 const uint8_t *p, size_t len)
{
	if (len < UDP_HLEN) {
		nd->stats.rx_bad_ip++;
		return;
	}
	size_t ulen = get_be16(p + 4);
	if (ulen < UDP_HLEN || ulen > len) {
		nd->stats.rx_bad_ip++;
		return;
	}
	if (get_be16(p + 6) && udp_checksum(src, dst, p, ulen) != 0) {
		nd->stats.rx_bad_checksum++;
		return;
	}
	struct udp_meta meta = {
		.src_ip = src, .dst_ip = dst,
		.src_port = get_be16(p), .dst_port = get_be16(p + 2),
	};
	struct udp_socket *s = find(nd, meta.dst_port);
	if (!s) {
		nd->stats.rx_no_socket++;
		return;
	}
	s->receive(s->ctx, &meta, p + UDP_HLEN, ulen - UDP_HLEN);
}
