/*
 * ARP for IPv4 over Ethernet (RFC 826): a small cache with ageing, answers
 * for our own address, and resolution of the next hop.
 */
#ifndef NET_ARP_H
#define NET_ARP_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#define ARP_CACHE_SIZE 8
/* After this long an entry is re-asked, but still used until the answer
 * comes: a long transfer never stalls on ageing. */
#define ARP_REFRESH_MS 60000
/* After this long without a refresh an entry is forgotten. */
#define ARP_EXPIRE_MS 300000
/* Gap between two refresh requests for the same entry. */
#define ARP_REFRESH_GAP_MS 1000

struct netdev;

struct arp_entry {
	uint32_t ip;		/* host order; 0 = unused slot */
	uint8_t mac[6];
	uint32_t learned;	/* clock_ms() of the last answer */
	uint32_t asked;		/* clock_ms() of the last refresh request */
};

struct arp_cache {
	struct arp_entry entry[ARP_CACHE_SIZE];
};

void arp_cache_init(struct arp_cache *cache);

/* The MAC for ip, or false (and a request sent) if it is not known. */
bool arp_lookup(struct netdev *nd, uint32_t ip, uint8_t *mac);

/* Wait up to timeout_ms for ip's MAC, asking with backoff; 0, -E_TIMEOUT
 * or -E_ABORTED.  Foreground only: it polls the device. */
int arp_resolve(struct netdev *nd, uint32_t ip, uint32_t timeout_ms);

void arp_receive(struct netdev *nd, const uint8_t *pkt, size_t len);

#endif
