/*
 * TFTP client for reading one file (RFC 1350) with option negotiation
 * (RFC 2347), blksize (RFC 2348), tsize (RFC 2349) and windowsize
 * (RFC 7440).  Blocks go to a sink in order as they arrive.
 *
 * Retransmission: the timeout follows the measured round-trip time as TCP's
 * does (RFC 6298 smoothing, Karn's rule), never below TFTP_RTO_MIN_MS, and
 * doubles on each expiry up to TFTP_RTO_MAX_MS.  Worst case: a request no
 * server answers fails after TFTP_GIVE_UP_MS; a transfer that stops making
 * progress fails after TFTP_STALL_GIVE_UP_MS.  The second is longer because
 * the server is known to be alive, and servers retry lost blocks on their
 * own schedule (dnsmasq for 38 s, ignoring repeated ACKs), so on a lossy
 * link we must not give up while the server still tries.
 */
#ifndef NET_TFTP_H
#define NET_TFTP_H

#include "net/netdev.h"
#include "core/sink.h"

#define TFTP_RTO_MS 400		/* before the first round trip is measured */
#define TFTP_RTO_MIN_MS 50
#define TFTP_RTO_MAX_MS 3200
#define TFTP_GIVE_UP_MS 15000
#define TFTP_STALL_GIVE_UP_MS 40000
#define TFTP_DEFAULT_WINDOW 16
/* How long to wait for the server's MAC before the first request. */
#define TFTP_ARP_TIMEOUT_MS 4000

struct tftp_settings {
	uint16_t blksize;	/* 0 = the largest that fits the MTU */
	uint16_t windowsize;	/* 0 = TFTP_DEFAULT_WINDOW; 1 = lock-step */
	bool quiet;		/* no progress line */
	/* 0: TFTP_GIVE_UP_MS for an unanswered request and
	 * TFTP_STALL_GIVE_UP_MS for a stalled transfer; else both. */
	uint32_t give_up_ms;
};

struct tftp_result {
	uint32_t bytes;
	uint32_t ms;		/* from the request to the last block */
	uint16_t blksize;	/* what the server granted */
	uint16_t windowsize;
	bool tsize_known;
	uint32_t retransmits;	/* our timeouts */
	uint32_t rto_ms;	/* the timeout at the end */
};

/* Fetch file from server (host order) into sink.  0, or a negative error
 * after printing why (the server's own error text included). */
int tftp_fetch(struct netdev *nd, uint32_t server, const char *file,
	       const struct tftp_settings *settings, struct sink *sink,
	       struct tftp_result *result);

/* The largest block that fits one unfragmented IP packet on nd. */
uint16_t tftp_blksize_for_mtu(const struct netdev *nd);

#endif
