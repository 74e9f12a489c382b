/* A TAP device as the NIC: each read() is one frame, each write() sends one
 * (Linux Documentation/networking/tuntap.rst, IFF_TAP | IFF_NO_PI). */
#define _GNU_SOURCE
#include "drivers/hosted/hostnic.h"
#include "drivers/hosted/hostif.h"
#include "core/errors.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Frames handed up per poll, so a flood cannot starve the timers. */
#define POLL_BUDGET 64

struct tap {
	int fd;
	char name[IFNAMSIZ];
	uint8_t frame[65536];
};

static int tap_transmit(struct netdev *nd, const void *frame, size_t len)
{
	struct tap *t = nd->priv;

	return write(t->fd, frame, len) == (ssize_t)len ? 0 : -E_IO;
}

static void tap_poll(struct netdev *nd)
{
	struct tap *t = nd->priv;

	for (int i = 0; i < POLL_BUDGET; i++) {
		ssize_t n = read(t->fd, t->frame, sizeof(t->frame));
		if (n <= 0) {
			if (i == 0)
				hostif_wait_readable(t->fd, 1);
			return;
		}
		netdev_receive(nd, t->frame, (size_t)n);
	}
}

static void tap_close(struct netdev *nd)
{
	struct tap *t = nd->priv;

	close(t->fd);
	free(t);
}

static const struct netdev_ops tap_ops = {
	.transmit = tap_transmit,
	.poll = tap_poll,
	.close = tap_close,
};

int tap_open(struct netdev *nd, const char *ifname, const uint8_t *mac)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	struct tap *t = calloc(1, sizeof(*t));

	if (!t)
		return -E_NOMEM;
	t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0) {
		fprintf(stderr, "netboot: /dev/net/tun: %s\n", strerror(errno));
		free(t);
		return -E_NODEV;
	}
	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	if (ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
		fprintf(stderr, "netboot: cannot attach to TAP device %s: %s\n",
			ifname, strerror(errno));
		close(t->fd);
		free(t);
		return -E_NODEV;
	}
	memcpy(t->name, ifr.ifr_name, IFNAMSIZ);
	t->name[IFNAMSIZ - 1] = '\0';
	if (hostif_up(t->name) < 0)
		fprintf(stderr, "netboot: cannot bring %s up (%s); continuing\n",
			t->name, strerror(errno));
	if (mac) {
		memcpy(nd->mac, mac, 6);
	} else {
		/* We are the machine at the far end of the TAP "cable", so we
		 * need a MAC other than the host side's own: flip its last
		 * bit, which keeps it stable for the life of the device. */
		if (hostif_mac(t->name, nd->mac) < 0)
			memcpy(nd->mac, (uint8_t[]){ 0x52, 0x54, 0, 0x12, 0x34, 0x56 }, 6);
		nd->mac[5] ^= 1;
	}
	nd->name = t->name;
	nd->ops = &tap_ops;
	nd->priv = t;
	nd->mtu = ETH_MTU;
	return 0;
}
