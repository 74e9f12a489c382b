/*
 * A network device as the stack sees it: an Ethernet NIC with a MAC address,
 * driven by polling.  A driver fills in name, ops, priv and mac, then the
 * stack owns the rest.  One frame is built at a time in tx_frame, from the
 * inside out: each layer writes its header in front of its payload, so a
 * packet is assembled without copies.
 */
#ifndef NET_NETDEV_H
#define NET_NETDEV_H

#include "core/compiler.h"
#include "net/arp.h"

#define ETH_ALEN 6
#define ETH_HLEN 14
#define ETH_ZLEN 60		/* shortest frame without the FCS (IEEE 802.3) */
#define ETH_MTU 1500
#define ETH_FRAME_MAX (ETH_HLEN + ETH_MTU)

struct netdev;
struct udp_socket;

struct netdev_ops {
	/* Send one whole Ethernet frame; the buffer is free again on return. */
	int (*transmit)(struct netdev *nd, const void *frame, size_t len);
	/* Pass each frame received since the last call to netdev_receive().
	 * Never blocks. */
	void (*poll)(struct netdev *nd);
	/* Stop the device (and its DMA) for good. */
	void (*close)(struct netdev *nd);
};

/* IPv4 configuration, host byte order; all zero until DHCP binds. */
struct ipv4_config {
	uint32_t addr;
	uint32_t netmask;
	uint32_t gateway;
};

/* Why received frames were dropped; the tests read these. */
struct net_stats {
	uint32_t rx_frames;
	uint32_t rx_runt;
	uint32_t rx_not_for_us;
	uint32_t rx_bad_ip;
	uint32_t rx_bad_checksum;
	uint32_t rx_fragment;
	uint32_t rx_no_socket;
	uint32_t tx_frames;
	uint32_t tx_errors;
	uint32_t tx_unresolved;
};

struct netdev {
	const char *name;
	const struct netdev_ops *ops;
	void *priv;
	uint8_t mac[ETH_ALEN];
	uint16_t mtu;		/* IP MTU: ETH_MTU unless the link says less */

	struct ipv4_config ip;
	struct arp_cache arp;
	struct udp_socket *sockets;
	uint16_t ip_id;
	bool warned_fragment;
	struct net_stats stats;
	uint8_t tx_frame[ETH_FRAME_MAX];
};

/* Reset the stack's state for a device whose driver has filled it in. */
void netdev_init(struct netdev *nd);

/* Let the driver deliver what has arrived; call this in every wait loop. */
void net_poll(struct netdev *nd);

/* Drivers call this from poll() for each frame, FCS stripped. */
void netdev_receive(struct netdev *nd, const uint8_t *frame, size_t len);

void netdev_close(struct netdev *nd);

#endif
