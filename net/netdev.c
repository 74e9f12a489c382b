/* Glue between a polled driver and the protocol layers. */
#include "net/netdev.h"
#include "net/ethernet.h"
#include "core/string.h"

void netdev_init(struct netdev *nd)
{
	nd->mtu = nd->mtu ? nd->mtu : ETH_MTU;
	memset(&nd->ip, 0, sizeof(nd->ip));
	memset(&nd->stats, 0, sizeof(nd->stats));
	arp_cache_init(&nd->arp);
	nd->sockets = NULL;
	nd->warned_fragment = false;
}

void net_poll(struct netdev *nd)
{
	nd->ops->poll(nd);
}

void netdev_receive(struct netdev *nd, const uint8_t *frame, size_t len)
{
	nd->stats.rx_frames++;
	eth_receive(nd, frame, len);
}

void netdev_close(struct netdev *nd)
{
	if (nd->ops->close)
		nd->ops->close(nd);
}
