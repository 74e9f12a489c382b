/* An existing interface as the NIC, through an AF_PACKET raw socket
 * (Linux packet(7)).  The interface should carry no IP address of the
 * host's own, or the host's stack would answer for it too. */
#define _GNU_SOURCE
#include "drivers/hosted/hostnic.h"
#include "drivers/hosted/hostif.h"
#include "core/errors.h"
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define POLL_BUDGET 64
/* Room for a whole TFTP window in the kernel while we are busy. */
#define RCVBUF_BYTES (4 << 20)

struct packet_nic {
	int fd;
	int ifindex;
	char name[IFNAMSIZ];
	uint8_t frame[65536];
};

static int packet_transmit(struct netdev *nd, const void *frame, size_t len)
{
	struct packet_nic *p = nd->priv;

	return send(p->fd, frame, len, 0) == (ssize_t)len ? 0 : -E_IO;
}

/*
 * A frame sent by this same host (a server in another network namespace,
 * over veth) may reach us before its UDP checksum is filled in: the kernel
 * flags that with TP_STATUS_CSUMNOTREADY.  Such a datagram never crossed a
 * wire, so we mark it "no checksum" (zero, RFC 768) rather than let the
 * stack drop it as corrupt.
 */
static void clear_unready_udp_checksum(uint8_t *f, size_t len)
{
	if (len < 14 + 20 || f[12] != 0x08 || f[13] != 0x00 || f[14] >> 4 != 4)
		return;
	size_t udp = 14 + (size_t)(f[14] & 0x0f) * 4;
	if (f[14 + 9] == 17 && udp + 8 <= len)
		f[udp + 6] = f[udp + 7] = 0;
}

static ssize_t receive(struct packet_nic *p)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	} control;
	struct sockaddr_ll from;
	struct iovec iov = { p->frame, sizeof(p->frame) };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = &control, .msg_controllen = sizeof(control),
	};

	for (;;) {
		ssize_t n = recvmsg(p->fd, &msg, 0);
		if (n <= 0)
			return n;
		/* The socket also sees what we send ourselves. */
		if (from.sll_pkttype == PACKET_OUTGOING) {
			msg.msg_controllen = sizeof(control);
			continue;
		}
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
			struct tpacket_auxdata aux;
			if (c->cmsg_level != SOL_PACKET || c->cmsg_type != PACKET_AUXDATA)
				continue;
			memcpy(&aux, CMSG_DATA(c), sizeof(aux));
			if (aux.tp_status & TP_STATUS_CSUMNOTREADY)
				clear_unready_udp_checksum(p->frame, (size_t)n);
		}
		return n;
	}
}

static void packet_poll(struct netdev *nd)
{
	struct packet_nic *p = nd->priv;

	for (int i = 0; i < POLL_BUDGET; i++) {
		ssize_t n = receive(p);
		if (n <= 0) {
			if (i == 0)
				hostif_wait_readable(p->fd, 1);
			return;
		}
		netdev_receive(nd, p->frame, (size_t)n);
	}
}

static void packet_close(struct netdev *nd)
{
	struct packet_nic *p = nd->priv;

	close(p->fd);
	free(p);
}

static const struct netdev_ops packet_ops = {
	.transmit = packet_transmit,
	.poll = packet_poll,
	.close = packet_close,
};

static int fail(struct packet_nic *p, const char *what, const char *ifname)
{
	fprintf(stderr, "netboot: %s %s: %s\n", what, ifname, strerror(errno));
	if (p->fd >= 0)
		close(p->fd);
	free(p);
	return -E_NODEV;
}

int packet_open(struct netdev *nd, const char *ifname, const uint8_t *mac)
{
	struct packet_nic *p = calloc(1, sizeof(*p));

	if (!p)
		return -E_NOMEM;
	strncpy(p->name, ifname, IFNAMSIZ - 1);
	p->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       htons(ETH_P_ALL));
	if (p->fd < 0)
		return fail(p, "cannot open a packet socket for", ifname);
	p->ifindex = (int)if_nametoindex(ifname);
	if (!p->ifindex)
		return fail(p, "no such interface", ifname);
	struct sockaddr_ll addr = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = p->ifindex,
	};
	if (bind(p->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return fail(p, "cannot bind to", ifname);
	int on = 1;
	if (setsockopt(p->fd, SOL_PACKET, PACKET_AUXDATA, &on, sizeof(on)) < 0)
		return fail(p, "cannot ask for packet status on", ifname);
	int size = RCVBUF_BYTES;
	if (setsockopt(p->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(p->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (hostif_up(ifname) < 0)
		fprintf(stderr, "netboot: cannot bring %s up (%s); continuing\n",
			ifname, strerror(errno));
	uint8_t own[6];
	if (hostif_mac(ifname, own) < 0)
		return fail(p, "cannot read the MAC address of", ifname);
	memcpy(nd->mac, mac ? mac : own, 6);
	if (memcmp(nd->mac, own, 6) != 0) {
		/* Frames for a MAC the interface does not own need promiscuous
		 * reception. */
		struct packet_mreq mr = { .mr_ifindex = p->ifindex,
					  .mr_type = PACKET_MR_PROMISC };
		if (setsockopt(p->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr,
			       sizeof(mr)) < 0)
			return fail(p, "cannot make promiscuous", ifname);
	}
	nd->name = p->name;
	nd->ops = &packet_ops;
	nd->priv = p;
	nd->mtu = ETH_MTU;
	return 0;
}
