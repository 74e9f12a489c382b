/* A NIC for unit tests: keeps what is sent, delivers what is queued. */
#include "tests/unit/fakes.h"
#include "core/byteorder.h"
#include "core/checksum.h"
#include <stdlib.h>
#include <string.h>

struct netdev fake_nd;
const uint8_t fake_mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };

static struct fake_frame *tx;	/* FAKE_MAX_TX frames */
static size_t tx_count;
static struct fake_frame rx[FAKE_MAX_RX];
static size_t rx_head, rx_tail;
static fake_peer_fn peer;
static void *peer_ctx;

static int fake_transmit(struct netdev *nd, const void *frame, size_t len)
{
	(void)nd;
	if (len > ETH_FRAME_MAX)
		abort();	/* the stack must never build such a frame */
	if (tx_count < FAKE_MAX_TX) {
		tx[tx_count].len = len;
		memcpy(tx[tx_count].data, frame, len);
		tx_count++;
	}
	if (peer)
		peer(frame, len, peer_ctx);
	return 0;
}

static void fake_poll(struct netdev *nd)
{
	if (rx_head == rx_tail) {
		fake_clock_advance(FAKE_POLL_STEP_MS);
		return;
	}
	/* Deliver what is queued now; answers the stack provokes wait for
	 * the next poll, as on a real wire. */
	size_t end = rx_tail;
	while (rx_head != end) {
		struct fake_frame *f = &rx[rx_head];
		rx_head = (rx_head + 1) % FAKE_MAX_RX;
		netdev_receive(nd, f->data, f->len);
	}
}

static const struct netdev_ops fake_ops = {
	.transmit = fake_transmit,
	.poll = fake_poll,
};


void fake_nic_reset(void)
{
	if (!tx)
		tx = calloc(FAKE_MAX_TX, sizeof(*tx));
	tx_count = 0;
	rx_head = rx_tail = 0;
	peer = NULL;
	peer_ctx = NULL;
	memset(&fake_nd, 0, sizeof(fake_nd));
	fake_nd.name = "fake0";
	fake_nd.ops = &fake_ops;
	memcpy(fake_nd.mac, fake_mac, 6);
	netdev_init(&fake_nd);
}

size_t fake_tx_count(void) { return tx_count; }
const struct fake_frame *fake_tx(size_t i) { return i < tx_count ? &tx[i] : NULL; }
void fake_tx_clear(void) { tx_count = 0; }

void fake_set_peer(fake_peer_fn fn, void *ctx)
{
	peer = fn;
	peer_ctx = ctx;
}

void fake_rx(const void *frame, size_t len)
{
	size_t next = (rx_tail + 1) % FAKE_MAX_RX;

	if (next == rx_head || len > sizeof(rx[0].data))
		abort();	/* a test queued too much: fix the test */
	memcpy(rx[rx_tail].data, frame, len);
	rx[rx_tail].len = len;
	rx_tail = next;
}

bool fake_parse_udp(const uint8_t *f, size_t len, struct fake_udp *u)
{
	if (len < 14 + 20 + 8 || get_be16(f + 12) != 0x0800 || f[14 + 9] != 17)
		return false;
	size_t ihl = (size_t)(f[14] & 15) * 4;
	const uint8_t *udp = f + 14 + ihl;
	size_t ulen = get_be16(udp + 4);
	if (14 + ihl + ulen > len || ulen < 8)
		return false;
	memcpy(u->dst_mac, f, 6);
	memcpy(u->src_mac, f + 6, 6);
	u->src_ip = get_be32(f + 14 + 12);
	u->dst_ip = get_be32(f + 14 + 16);
	u->src_port = get_be16(udp);
	u->dst_port = get_be16(udp + 2);
	u->data = udp + 8;
	u->len = ulen - 8;
	return true;
}

void fake_rx_udp(const uint8_t *src_mac, const uint8_t *dst_mac,
		 uint32_t src_ip, uint32_t dst_ip, uint16_t src_port,
		 uint16_t dst_port, const void *data, size_t len)
{
	static uint8_t f[ETH_FRAME_MAX];
	uint8_t *ip = f + 14, *udp = ip + 20;

	if (len > ETH_MTU - 28)
		abort();
	memcpy(f, dst_mac, 6);
	memcpy(f + 6, src_mac, 6);
	put_be16(f + 12, 0x0800);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put_be16(ip + 2, (uint16_t)(28 + len));
	ip[8] = 64;
	ip[9] = 17;
	put_be32(ip + 12, src_ip);
	put_be32(ip + 16, dst_ip);
	uint16_t sum = checksum_finish(checksum_add(0, ip, 20));
	memcpy(ip + 10, &sum, 2);
	put_be16(udp, src_port);
	put_be16(udp + 2, dst_port);
	put_be16(udp + 4, (uint16_t)(8 + len));
	udp[6] = udp[7] = 0;
	memcpy(udp + 8, data, len);
	uint8_t pseudo[12];
	put_be32(pseudo, src_ip);
	put_be32(pseudo + 4, dst_ip);
	pseudo[8] = 0;
	pseudo[9] = 17;
	put_be16(pseudo + 10, (uint16_t)(8 + len));
	sum = checksum_finish(checksum_add(checksum_add(0, pseudo, 12), udp, 8 + len));
	if (!sum)
		sum = 0xffff;
	memcpy(udp + 6, &sum, 2);
	fake_rx(f, 14 + 28 + len);
}

void fake_rx_arp(uint16_t op, const uint8_t *sender_mac, uint32_t sender_ip,
		 const uint8_t *target_mac, uint32_t target_ip)
{
	uint8_t f[60] = { 0 };

	memcpy(f, op == 1 ? (const uint8_t[]){ 255, 255, 255, 255, 255, 255 } :
	       target_mac, 6);
	memcpy(f + 6, sender_mac, 6);
	put_be16(f + 12, 0x0806);
	put_be16(f + 14, 1);
	put_be16(f + 16, 0x0800);
	f[18] = 6;
	f[19] = 4;
	put_be16(f + 20, op);
	memcpy(f + 22, sender_mac, 6);
	put_be32(f + 28, sender_ip);
	memcpy(f + 32, target_mac, 6);
	put_be32(f + 38, target_ip);
	fake_rx(f, sizeof(f));
}
