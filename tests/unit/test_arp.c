/*
 * Unit tests of ARP (RFC 826): answers, learning, resolution with backoff,
 * ageing; driven through the fake NIC.
 */
#include "tests/unit/stack_frames.h"
#include "tests/unit/harness.h"
#include "tests/unit/fakes.h"
#include "net/arp.h"
#include "net/ethernet.h"
#include "net/ipv4.h"
#include "net/udp.h"
#include "core/byteorder.h"
#include "core/checksum.h"
#include "core/clock.h"
#include "core/errors.h"
#include "core/random.h"
#include <string.h>

/* ------------------------------------------------------------------ */
/* ARP (RFC 826) */

/* RFC 826: a request for our address is answered to the asker, with our
 * MAC as the sender hardware address and the asker as the target. */
TEST(arp_answers_request_for_our_address)
{
	configure();
	fake_rx_arp(1, peer_mac, PEER_IP, (const uint8_t[6]){ 0 }, OUR_IP);
	deliver();

	const uint8_t *f = only_tx();
	CHECK_EQ(fake_tx(0)->len, ETH_ZLEN);
	CHECK(memcmp(f, peer_mac, 6) == 0);		/* unicast to the asker */
	CHECK(memcmp(f + 6, fake_mac, 6) == 0);
	CHECK_EQ(get_be16(f + 12), ETHERTYPE_ARP);
	const uint8_t *a = f + ETH_HLEN;
	CHECK_EQ(get_be16(a), 1);			/* Ethernet */
	CHECK_EQ(get_be16(a + 2), ETHERTYPE_IPV4);
	CHECK_EQ(a[4], 6);
	CHECK_EQ(a[5], 4);
	CHECK_EQ(get_be16(a + 6), 2);			/* reply */
	CHECK(memcmp(a + 8, fake_mac, 6) == 0);
	CHECK_EQ(get_be32(a + 14), OUR_IP);
	CHECK(memcmp(a + 18, peer_mac, 6) == 0);
	CHECK_EQ(get_be32(a + 24), PEER_IP);
}

/* RFC 5227 §2.1.1: a probe (sender 0.0.0.0) for our address is answered,
 * so the prober sees the address is taken, but not learned from. */
TEST(arp_answers_probe_without_learning)
{
	uint8_t mac[6];

	configure();
	fake_rx_arp(1, peer_mac, 0, (const uint8_t[6]){ 0 }, OUR_IP);
	deliver();
	const uint8_t *f = only_tx();
	CHECK(memcmp(f, peer_mac, 6) == 0);
	const uint8_t *a = f + ETH_HLEN;
	CHECK_EQ(get_be16(a + 6), 2);
	CHECK(memcmp(a + 8, fake_mac, 6) == 0);
	CHECK_EQ(get_be32(a + 14), OUR_IP);
	CHECK(memcmp(a + 18, peer_mac, 6) == 0);
	CHECK_EQ(get_be32(a + 24), 0);
	fake_tx_clear();
	CHECK(!arp_lookup(&fake_nd, 0, mac));
	/* A probe for another address is none of our business. */
	fake_tx_clear();
	fake_rx_arp(1, peer_mac, 0, (const uint8_t[6]){ 0 }, PEER_IP);
	deliver();
	CHECK_EQ(fake_tx_count(), 0);
}

/* RFC 826 "merge": the sender of a request for us is added to the cache,
 * so the answer to it needs no ARP round of its own. */
TEST(arp_learns_the_sender_of_a_request)
{
	uint8_t mac[6];

	configure();
	fake_rx_arp(1, peer_mac, PEER_IP, (const uint8_t[6]){ 0 }, OUR_IP);
	deliver();
	fake_tx_clear();
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK(memcmp(mac, peer_mac, 6) == 0);
	CHECK_EQ(fake_tx_count(), 0);
}

/* RFC 826: a request for another address is neither answered nor, when
 * the sender is unknown, learned from. */
TEST(arp_ignores_requests_for_other_addresses)
{
	uint8_t mac[6];

	configure();
	fake_rx_arp(1, peer_mac, PEER_IP, (const uint8_t[6]){ 0 }, OUR_IP + 1);
	deliver();
	CHECK_EQ(fake_tx_count(), 0);
	CHECK(!arp_lookup(&fake_nd, PEER_IP, mac));
	/* ...and the lookup asked for it: a broadcast request. */
	const uint8_t *f = only_tx();
	CHECK(memcmp(f, eth_broadcast, 6) == 0);
	CHECK_EQ(get_be16(f + ETH_HLEN + 6), 1);
	CHECK_EQ(get_be32(f + ETH_HLEN + 24), PEER_IP);
}

/* Records when each ARP request left, in ms since the test's start. */
static uint32_t arp_t0, arp_times[16];
static size_t arp_count;

static void arp_timer_peer(const uint8_t *f, size_t len, void *ctx)
{
	(void)ctx;
	if (len >= 42 && get_be16(f + 12) == ETHERTYPE_ARP && arp_count < 16)
		arp_times[arp_count++] = clock_ms() - arp_t0;
}

/* arp_resolve asks again after 0.25, 0.5, 1, 2, 2 s... and gives up with
 * -E_TIMEOUT when the timeout it was given runs out. */
TEST(arp_resolve_backs_off_and_times_out)
{
	static const uint32_t expect[] = { 0, 250, 750, 1750, 3750, 5750, 7750 };

	configure();
	arp_count = 0;
	arp_t0 = clock_ms();
	fake_set_peer(arp_timer_peer, NULL);
	CHECK_EQ(arp_resolve(&fake_nd, PEER_IP, 9000), -E_TIMEOUT);
	CHECK_EQ(clock_ms() - arp_t0, 9000);
	CHECK_EQ(arp_count, ARRAY_SIZE(expect));
	for (size_t i = 0; i < ARRAY_SIZE(expect); i++)
		CHECK_EQ(arp_times[i], expect[i]);
	const uint8_t *a = fake_tx(0)->data + ETH_HLEN;
	CHECK_EQ(get_be16(a + 6), 1);
	CHECK_EQ(get_be32(a + 14), OUR_IP);
	CHECK_EQ(get_be32(a + 24), PEER_IP);
}

/* Answers every ARP request for PEER_IP. */
static void arp_answer_peer(const uint8_t *f, size_t len, void *ctx)
{
	(void)ctx;
	if (len >= 42 && get_be16(f + 12) == ETHERTYPE_ARP &&
	    get_be16(f + ETH_HLEN + 6) == 1 && get_be32(f + ETH_HLEN + 24) == PEER_IP)
		fake_rx_arp(2, peer_mac, PEER_IP, fake_mac, OUR_IP);
}

TEST(arp_resolve_returns_when_answered)
{
	uint8_t mac[6];

	configure();
	fake_set_peer(arp_answer_peer, NULL);
	uint32_t t0 = clock_ms();
	CHECK_EQ(arp_resolve(&fake_nd, PEER_IP, 5000), 0);
	CHECK(clock_ms() - t0 < 10);
	CHECK_EQ(fake_tx_count(), 1);
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK(memcmp(mac, peer_mac, 6) == 0);
}

/* Ageing: after ARP_REFRESH_MS an entry is still used but asked again, at
 * most once per ARP_REFRESH_GAP_MS; an answer renews it; without one it is
 * forgotten after ARP_EXPIRE_MS. */
TEST(arp_entries_are_refreshed_then_expire)
{
	static const uint8_t new_mac[6] = { 0x02, 0, 0, 0, 0, 0x55 };
	uint8_t mac[6];

	configure();
	uint32_t t0 = clock_ms();
	learn_mac(PEER_IP, peer_mac);
	fake_clock_set(t0 + ARP_REFRESH_MS - 1);
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK_EQ(fake_tx_count(), 0);

	fake_clock_set(t0 + ARP_REFRESH_MS);
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));	/* still used... */
	CHECK(memcmp(mac, peer_mac, 6) == 0);
	CHECK_EQ(fake_tx_count(), 1);			/* ...and re-asked */
	CHECK_EQ(get_be32(fake_tx(0)->data + ETH_HLEN + 24), PEER_IP);
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK_EQ(fake_tx_count(), 1);			/* not at every lookup */
	fake_clock_advance(ARP_REFRESH_GAP_MS);
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK_EQ(fake_tx_count(), 2);

	/* The answer renews the entry (and may move the address). */
	uint32_t renewed = clock_ms();
	learn_mac(PEER_IP, new_mac);
	fake_clock_set(t0 + ARP_EXPIRE_MS);
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK(memcmp(mac, new_mac, 6) == 0);

	/* Unanswered refreshes: forgotten ARP_EXPIRE_MS after the answer. */
	fake_tx_clear();
	fake_clock_set(renewed + ARP_EXPIRE_MS - 1);
	CHECK(arp_lookup(&fake_nd, PEER_IP, mac));
	fake_clock_set(renewed + ARP_EXPIRE_MS);
	CHECK(!arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK(!arp_lookup(&fake_nd, PEER_IP, mac));
	CHECK_EQ(get_be16(fake_tx(fake_tx_count() - 1)->data + ETH_HLEN + 6), 1);
}
