/*
 * Fakes for unit tests: a clock that moves only when told (or by
 * FAKE_POLL_STEP_MS on each idle poll, so wait loops make progress), a
 * console that is captured, and a NIC whose transmitted frames are kept
 * and whose "wire" is a peer function that can answer them.
 */
#ifndef TESTS_UNIT_FAKES_H
#define TESTS_UNIT_FAKES_H

#include "net/netdev.h"
#include "net/udp.h"
#include "core/sink.h"

#define FAKE_POLL_STEP_MS 1
#define FAKE_MAX_TX 4096
#define FAKE_MAX_RX 256

/* Clock: starts just below the 2^32 wrap, so every test crosses it. */
#define FAKE_CLOCK_START 0xfffff000u
void fake_clock_set(uint32_t ms);
void fake_clock_advance(uint32_t ms);
void fake_set_abort(bool abort);
/* Called by fake_reset(): a fresh fake_nd, no frames, no peer. */
void fake_nic_reset(void);

/* Console capture. */
const char *fake_console(void);
bool fake_console_has(const char *text);

/* The NIC: fake_nd is ready (MAC 02:00:00:00:00:01) after fake_reset(). */
extern struct netdev fake_nd;
extern const uint8_t fake_mac[6];

struct fake_frame {
	size_t len;
	uint8_t data[ETH_FRAME_MAX];
};

/* Frames we sent, oldest first. */
size_t fake_tx_count(void);
const struct fake_frame *fake_tx(size_t i);
void fake_tx_clear(void);

/* Queue a frame to be received at the next poll. */
void fake_rx(const void *frame, size_t len);

/* The peer sees each frame we send and may fake_rx() answers. */
typedef void (*fake_peer_fn)(const uint8_t *frame, size_t len, void *ctx);
void fake_set_peer(fake_peer_fn peer, void *ctx);

/* A UDP datagram seen on the wire. */
struct fake_udp {
	uint8_t src_mac[6], dst_mac[6];
	uint32_t src_ip, dst_ip;
	uint16_t src_port, dst_port;
	const uint8_t *data;
	size_t len;
};
/* Parse a frame as Ethernet/IPv4/UDP; false if it is something else. */
bool fake_parse_udp(const uint8_t *frame, size_t len, struct fake_udp *out);

/* Build a valid Ethernet/IPv4/UDP frame (checksums filled) and queue it. */
void fake_rx_udp(const uint8_t *src_mac, const uint8_t *dst_mac,
		 uint32_t src_ip, uint32_t dst_ip, uint16_t src_port,
		 uint16_t dst_port, const void *data, size_t len);

/* Build an ARP packet frame and queue it. */
void fake_rx_arp(uint16_t op, const uint8_t *sender_mac, uint32_t sender_ip,
		 const uint8_t *target_mac, uint32_t target_ip);

/* A sink that keeps up to capacity bytes in memory. */
struct mem_sink {
	struct sink sink;
	uint8_t *buf;
	uint32_t capacity;
	uint32_t received;
	uint32_t expected;	/* from expect(); 0 when not announced */
	int writes;
};
void mem_sink_init(struct mem_sink *ms, uint8_t *buf, uint32_t capacity);

#endif
