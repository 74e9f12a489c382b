/*
 * Unit tests of the DHCP client's state machine (dhcp.c) against scripted
 * servers on the fake NIC: what it sends, when, and what it takes.
 */
#include "tests/unit/harness.h"
#include "tests/unit/fakes.h"
#include "tests/unit/dhcp_msg.h"
#include "core/byteorder.h"
#include "core/clock.h"
#include "core/errors.h"
#include "core/heap.h"
#include "net/bootp.h"
#include "net/dhcp.h"
#include "net/ipv4.h"
#include <string.h>

#define IP(a, b, c, d) \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* ---- Replies and requests on the wire -------------------------------- */

/* ---- Scripted servers ----------------------------------------------- */

#define NETMASK IP(255, 255, 255, 0)
#define ROUTER IP(192, 168, 1, 1)
#define DNS IP(192, 168, 1, 2)
#define LEASE_SECS 3600
#define LINK_MTU 1400
#define ROGUE IP(10, 6, 6, 6)

/* A server on the wire.  Each answers from port 67. */
struct server {
	uint32_t ip;		/* its address and option 54 */
	uint32_t yiaddr;	/* the address it offers; 0: a proxyDHCP */
	uint32_t siaddr;	/* the next server it names */
	const char *file;	/* boot file in the file field; NULL: none */
	uint32_t delay_ms;	/* how long its answers take */
	bool bootp_only;	/* RFC 951: ignores messages with option 53 */
	bool ack_without_file;
	bool no_ack;		/* offers, then ignores REQUESTs */
	int naks;		/* REQUESTs to refuse before ACKing */
};

/* What the client sent, as the wire saw it. */
struct sent {
	uint32_t at;		/* fake clock */
	uint8_t type;		/* option 53; DHCP_NONE for BOOTP */
	uint32_t xid;
	uint16_t secs, flags;
	uint32_t requested_ip, server_id;	/* options 50, 54; 0 if absent */
};

/* A reply held back until its time comes. */
struct later {
	uint32_t due, from;
	uint16_t port;
	struct msg m;
};

static struct {
	struct server *servers[4];
	size_t nservers;
	struct sent log[64];
	size_t nlog;
	size_t abort_after;	/* raise the abort flag after this many */
	struct later later[16];
	size_t nlater;
} wire;

static const struct netdev_ops *nic_ops;
static struct netdev_ops wire_ops;

static void server_mac(uint32_t ip, uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x53;
	put_be32(mac + 2, ip);
}

/* Put a reply on the wire, now or delay_ms from now. */
static void reply(uint32_t from, uint16_t port, const struct msg *m, uint32_t delay_ms)
{
	uint8_t mac[6];

	if (delay_ms) {
		CHECK(wire.nlater < sizeof(wire.later) / sizeof(wire.later[0]));
		struct later *l = &wire.later[wire.nlater++];
		l->due = deadline_in(delay_ms);
		l->from = from;
		l->port = port;
		l->m = *m;
		return;
	}
	server_mac(from, mac);
	fake_rx_udp(mac, bcast_mac, from, IPV4_BROADCAST, port, BOOTP_CLIENT_PORT,
		    m->b, m->len);
}

/* The NIC's poll, which first puts due delayed replies on the wire. */
static void wire_poll(struct netdev *nd)
{
	for (size_t i = 0; i < wire.nlater;) {
		struct later *l = &wire.later[i];
		if (!deadline_passed(l->due)) {
			i++;
			continue;
		}
		reply(l->from, l->port, &l->m, 0);
		memmove(l, l + 1, (wire.nlater - i - 1) * sizeof(*l));
		wire.nlater--;
	}
	nic_ops->poll(nd);
}

/* The answer server s gives: type, addresses, its options. */
static void server_reply(struct msg *m, const struct server *s, uint32_t xid,
			 uint8_t type)
{
	bool nak = type == DHCPNAK;

	msg_init(m, xid, nak ? 0 : s->yiaddr, nak ? 0 : s->siaddr);
	if (s->file && !nak && !(type == DHCPACK && s->ack_without_file))
		strcpy((char *)m->b + BOOTP_FILE, s->file);
	if (s->bootp_only) {	/* RFC 951: a zeroed 64-byte vendor area */
		memset(m->b + BOOTP_COOKIE, 0, 4);
		m->len = BOOTP_MIN_LEN;
		return;
	}
	msg_opt(m, OPT_MSG_TYPE, &type, 1);
	msg_opt32(m, OPT_SERVER_ID, s->ip);
	if (!s->yiaddr) {
		msg_text(m, OPT_VENDOR_CLASS, "PXEClient");
	} else if (!nak) {
		msg_opt32(m, OPT_NETMASK, NETMASK);
		msg_opt32(m, OPT_ROUTER, ROUTER);
		msg_opt32(m, OPT_DNS, DNS);
		msg_opt32(m, OPT_LEASE_TIME, LEASE_SECS);
		msg_opt(m, OPT_MTU, (uint8_t[]){ LINK_MTU >> 8, LINK_MTU & 0xff }, 2);
	}
	msg_end(m);
}

static void server_answer(struct server *s, const struct sent *req)
{
	struct msg m;
	uint8_t type;

	if (s->bootp_only != (req->type == DHCP_NONE))
		return;
	if (req->type == DHCP_NONE) {
		type = DHCP_NONE;
	} else if (req->type == DHCPDISCOVER) {
		type = DHCPOFFER;
	} else if (req->type == DHCPREQUEST && req->server_id == s->ip &&
		   s->yiaddr && !s->no_ack) {
		type = DHCPACK;
		if (s->naks > 0) {
			s->naks--;
			type = DHCPNAK;
		}
	} else {
		return;
	}
	server_reply(&m, s, req->xid, type);
	reply(s->ip, BOOTP_SERVER_PORT, &m, s->delay_ms);
}

static uint32_t req_u32(const struct fake_udp *u, uint8_t code)
{
	size_t n;
	const uint8_t *v = req_option(u->data, u->len, code, &n);

	return v && n == 4 ? get_be32(v) : 0;
}

/* The peer: check and log each frame the client sends, let the servers
 * answer. */
static void wire_peer(const uint8_t *frame, size_t len, void *ctx)
{
	struct fake_udp u;
	size_t n;

	(void)ctx;
	CHECK(fake_parse_udp(frame, len, &u));
	/* RFC 2131 §4.1: before it has an address the client broadcasts
	 * from 0.0.0.0, port 68 to port 67. */
	CHECK(memcmp(u.dst_mac, bcast_mac, 6) == 0);
	CHECK_EQ(u.src_ip, 0);
	CHECK_EQ(u.dst_ip, IPV4_BROADCAST);
	CHECK_EQ(u.src_port, BOOTP_CLIENT_PORT);
	CHECK_EQ(u.dst_port, BOOTP_SERVER_PORT);
	CHECK(u.len >= BOOTP_MIN_LEN);
	CHECK_EQ(u.data[BOOTP_OP], BOOTREQUEST);
	CHECK(wire.nlog < sizeof(wire.log) / sizeof(wire.log[0]));
	struct sent *s = &wire.log[wire.nlog++];
	const uint8_t *type = req_option(u.data, u.len, OPT_MSG_TYPE, &n);
	*s = (struct sent){
		.at = clock_ms(),
		.type = type ? *type : DHCP_NONE,
		.xid = get_be32(u.data + BOOTP_XID),
		.secs = get_be16(u.data + BOOTP_SECS),
		.flags = get_be16(u.data + BOOTP_FLAGS),
		.requested_ip = req_u32(&u, OPT_REQUESTED_IP),
		.server_id = req_u32(&u, OPT_SERVER_ID),
	};
	if (wire.nlog == wire.abort_after)
		fake_set_abort(true);
	for (size_t i = 0; i < wire.nservers; i++)
		server_answer(wire.servers[i], s);
}

/* A fresh wire with these servers (a NULL-terminated list) and peer. */
static void wire_start(fake_peer_fn peer, struct server *const *servers)
{
	memset(&wire, 0, sizeof(wire));
	for (; servers[wire.nservers]; wire.nservers++) {
		CHECK(wire.nservers < sizeof(wire.servers) / sizeof(wire.servers[0]));
		wire.servers[wire.nservers] = servers[wire.nservers];
	}
	nic_ops = fake_nd.ops;
	wire_ops = *nic_ops;
	wire_ops.poll = wire_poll;
	fake_nd.ops = &wire_ops;
	fake_set_peer(peer, NULL);
}

#define SERVERS(...) ((struct server *const[]){ __VA_ARGS__, NULL })

static struct dhcp_settings settings = {	/* tests may change it and put it back */
	.uuid = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 },
};
static struct dhcp_lease lease;
static uint32_t started;

/* dhcp_configure(); whatever the outcome, the socket is closed and the
 * session freed. */
static int configure(void)
{
	size_t free_before = heap_free_bytes();

	memset(&lease, 0, sizeof(lease));
	started = clock_ms();
	int rc = dhcp_configure(&fake_nd, &settings, &lease);
	CHECK(fake_nd.sockets == NULL);
	CHECK_EQ(heap_free_bytes(), free_before);
	return rc;
}

static size_t count_sent(uint8_t type)
{
	size_t n = 0;

	for (size_t i = 0; i < wire.nlog; i++)
		n += wire.log[i].type == type;
	return n;
}

/* The nth (from 0) message of this type. */
static const struct sent *nth_sent(uint8_t type, size_t nth)
{
	for (size_t i = 0; i < wire.nlog; i++)
		if (wire.log[i].type == type && nth-- == 0)
			return &wire.log[i];
	test_fail(__FILE__, __LINE__, "message type %u not sent", type);
}

/* b came ms after a, give or take the ±1/8 jitter of RFC 2131 §4.1. */
static void check_gap(uint32_t a, uint32_t b, uint32_t ms)
{
	uint32_t gap = b - a;

	if (gap < ms - ms / 8 || gap > ms + ms / 8)
		test_fail(__FILE__, __LINE__, "gap of %u ms, want %u ms +-1/8", gap, ms);
}

static struct server server_a = {
	.ip = IP(192, 168, 1, 10), .yiaddr = IP(192, 168, 1, 50),
	.siaddr = IP(192, 168, 1, 10), .file = "pxelinux.0",
};

/* RFC 2131 §3.1: DISCOVER, OFFER, REQUEST (same xid, naming the server),
 * ACK; the lease configures the interface. */
TEST(client_binds_after_offer_and_ack)
{
	wire_start(wire_peer, SERVERS(&server_a));
	CHECK_EQ(configure(), 0);
	CHECK_EQ(wire.nlog, 2);
	const struct sent *d = nth_sent(DHCPDISCOVER, 0), *r = nth_sent(DHCPREQUEST, 0);
	CHECK_EQ(d->flags, BOOTP_FLAG_BROADCAST);
	CHECK_EQ(r->xid, d->xid);
	CHECK_EQ(r->requested_ip, server_a.yiaddr);
	CHECK_EQ(r->server_id, server_a.ip);
	CHECK(r->at - d->at <= 2);	/* an offer naming a boot file is taken at once */

	CHECK_EQ(lease.type, DHCPACK);
	CHECK_EQ(lease.xid, d->xid);
	CHECK_EQ(lease.client_ip, server_a.yiaddr);
	CHECK_EQ(lease.server_id, server_a.ip);
	CHECK_EQ(lease.next_server, server_a.siaddr);
	CHECK_EQ(lease.netmask, NETMASK);
	CHECK_EQ(lease.router, ROUTER);
	CHECK_EQ(lease.dns[0], DNS);
	CHECK_EQ(lease.lease_secs, LEASE_SECS);
	CHECK_EQ(lease.mtu, LINK_MTU);
	CHECK_STR(lease.bootfile, "pxelinux.0");
	size_t n;	/* the raw copy is the ACK itself */
	const uint8_t *type = req_option(lease.raw, lease.raw_len, OPT_MSG_TYPE, &n);
	CHECK(type != NULL && n == 1);
	CHECK_EQ(*type, DHCPACK);
	CHECK_EQ(get_be32(lease.raw + BOOTP_YIADDR), server_a.yiaddr);

	CHECK_EQ(fake_nd.ip.addr, server_a.yiaddr);
	CHECK_EQ(fake_nd.ip.netmask, NETMASK);
	CHECK_EQ(fake_nd.ip.gateway, ROUTER);
	CHECK_EQ(fake_nd.mtu, LINK_MTU);
	CHECK(fake_console_has("DHCP: 192.168.1.50/24 gateway 192.168.1.1 lease 3600 s"));
	CHECK(fake_console_has("DHCP: boot file pxelinux.0 on 192.168.1.10"));
}

/* dhcp.h: where the ACK is silent on booting, the offer's file stands. */
TEST(client_keeps_the_offers_boot_file_when_the_ack_has_none)
{
	struct server s = server_a;

	s.ack_without_file = true;
	wire_start(wire_peer, SERVERS(&s));
	CHECK_EQ(configure(), 0);
	CHECK_STR(lease.bootfile, "pxelinux.0");
	CHECK_EQ(lease.next_server, s.siaddr);
}

static struct server server_no_file = {
	.ip = IP(192, 168, 1, 11), .yiaddr = IP(192, 168, 1, 51),
};

/* dhcp.h: an offer without a boot file waits DHCP_OFFER_WAIT_MS for a
 * better one, then is taken as it is. */
TEST(client_takes_a_bare_offer_after_the_wait)
{
	wire_start(wire_peer, SERVERS(&server_no_file));
	CHECK_EQ(configure(), 0);
	const struct sent *d = nth_sent(DHCPDISCOVER, 0), *r = nth_sent(DHCPREQUEST, 0);
	CHECK(r->at - d->at >= DHCP_OFFER_WAIT_MS);
	CHECK(r->at - d->at <= DHCP_OFFER_WAIT_MS + 5);
	CHECK_EQ(r->server_id, server_no_file.ip);
	CHECK_EQ(lease.client_ip, server_no_file.yiaddr);
	CHECK_STR(lease.bootfile, "");
	CHECK(fake_console_has("DHCP: offer of 192.168.1.51 from 192.168.1.11 (no boot file)"));
}

/* RFC 2131 §3.1 step 3: the REQUEST MUST carry the same 'secs' as the
 * DISCOVER, so relay agents forward it to the same servers. */
TEST(client_request_repeats_the_discover_secs)
{
	wire_start(wire_peer, SERVERS(&server_no_file));
	CHECK_EQ(configure(), 0);
	const struct sent *r = nth_sent(DHCPREQUEST, 0), *d = NULL;
	for (const struct sent *p = wire.log; p < r; p++)
		if (p->type == DHCPDISCOVER)
			d = p;
	CHECK(d != NULL);
	CHECK_EQ(r->secs, d->secs);
}

/* dhcp.c rank(): during the wait, a later offer that names a boot file
 * beats the bare one, and is taken as soon as it arrives. */
TEST(client_prefers_a_later_offer_with_a_boot_file)
{
	struct server b = {
		.ip = IP(192, 168, 1, 20), .yiaddr = IP(192, 168, 1, 60),
		.siaddr = IP(192, 168, 1, 20), .file = "b.efi", .delay_ms = 300,
	};

	wire_start(wire_peer, SERVERS(&server_no_file, &b));
	CHECK_EQ(configure(), 0);
	const struct sent *d = nth_sent(DHCPDISCOVER, 0), *r = nth_sent(DHCPREQUEST, 0);
	CHECK(r->at - d->at >= 300 && r->at - d->at < DHCP_OFFER_WAIT_MS);
	CHECK_EQ(r->server_id, b.ip);
	CHECK_EQ(r->requested_ip, b.yiaddr);
	CHECK_EQ(count_sent(DHCPREQUEST), 1);
	CHECK_EQ(lease.client_ip, b.yiaddr);
	CHECK_STR(lease.bootfile, "b.efi");
	CHECK_EQ(fake_nd.ip.addr, b.yiaddr);
}

/* PXE 2.1 §2.2.2: the address comes from the DHCP server, the boot file
 * and its server from the proxyDHCP offer (yiaddr 0, "PXEClient"). */
TEST(client_boots_from_a_proxydhcp_offer)
{
	struct server addr = {
		.ip = IP(192, 168, 1, 10), .yiaddr = IP(192, 168, 1, 50),
		.siaddr = IP(192, 168, 1, 10),
	};
	struct server proxy = {
		.ip = IP(192, 168, 1, 30), .siaddr = IP(192, 168, 1, 31),
		.file = "proxy.efi",
	};

	wire_start(wire_peer, SERVERS(&addr, &proxy));
	CHECK_EQ(configure(), 0);
	CHECK_EQ(count_sent(DHCPREQUEST), 1);
	const struct sent *d = nth_sent(DHCPDISCOVER, 0), *r = nth_sent(DHCPREQUEST, 0);
	CHECK_EQ(r->server_id, addr.ip);
	CHECK(r->at - d->at <= 2);	/* the proxy named a boot file: no wait */
	CHECK_EQ(lease.type, DHCPACK);
	CHECK_EQ(lease.client_ip, addr.yiaddr);
	CHECK_EQ(lease.server_id, addr.ip);
	CHECK_STR(lease.bootfile, "proxy.efi");
	CHECK_EQ(lease.next_server, proxy.siaddr);
	CHECK_EQ(fake_nd.ip.addr, addr.yiaddr);
	CHECK(fake_console_has("DHCP: proxyDHCP answer from 192.168.1.30"));
}

/* RFC 951 / RFC 1534: a BOOTP-only server ignores DHCP messages and
 * answers the plain BOOTREQUEST sent from the second try on; its reply
 * binds at once, with no REQUEST and a classful mask. */
TEST(client_binds_from_a_bootp_only_server)
{
	struct server bootp = {
		.ip = IP(192, 168, 1, 40), .yiaddr = IP(172, 16, 5, 20),
		.siaddr = IP(192, 168, 1, 40), .file = "bootp.img", .bootp_only = true,
	};

	wire_start(wire_peer, SERVERS(&bootp));
	CHECK_EQ(configure(), 0);
	CHECK_EQ(wire.nlog, 3);
	CHECK_EQ(wire.log[0].type, DHCPDISCOVER);
	CHECK_EQ(wire.log[1].type, DHCPDISCOVER);
	CHECK_EQ(wire.log[2].type, DHCP_NONE);
	CHECK_EQ(wire.log[2].at, wire.log[1].at);
	CHECK_EQ(wire.log[2].xid, wire.log[1].xid);
	CHECK_EQ(count_sent(DHCPREQUEST), 0);
	CHECK_EQ(lease.type, DHCP_NONE);
	CHECK_EQ(lease.client_ip, bootp.yiaddr);
	CHECK_EQ(lease.netmask, IP(255, 255, 0, 0));
	CHECK_STR(lease.bootfile, "bootp.img");
	CHECK_EQ(lease.next_server, bootp.siaddr);
	CHECK_EQ(fake_nd.ip.addr, bootp.yiaddr);
	CHECK_EQ(fake_nd.ip.netmask, IP(255, 255, 0, 0));
	CHECK(fake_console_has("DHCP: BOOTP reply of 172.16.5.20"));
}

/* RFC 2131 §3.1 step 5: on a NAK the client restarts discovery, with a
 * new xid. */
TEST(client_restarts_after_a_nak)
{
	struct server s = server_a;

	s.naks = 1;
	wire_start(wire_peer, SERVERS(&s));
	CHECK_EQ(configure(), 0);
	CHECK_EQ(count_sent(DHCPDISCOVER), 2);
	CHECK_EQ(count_sent(DHCPREQUEST), 2);
	uint32_t xid1 = nth_sent(DHCPREQUEST, 0)->xid, xid2 = nth_sent(DHCPREQUEST, 1)->xid;
	CHECK_EQ(nth_sent(DHCPDISCOVER, 0)->xid, xid1);
	CHECK_EQ(nth_sent(DHCPDISCOVER, 1)->xid, xid2);
	CHECK(xid2 != xid1);
	CHECK(nth_sent(DHCPDISCOVER, 1) > nth_sent(DHCPREQUEST, 0));
	CHECK_EQ(lease.type, DHCPACK);
	CHECK_EQ(lease.xid, xid2);
	CHECK_EQ(fake_nd.ip.addr, s.yiaddr);
	CHECK(fake_console_has("DHCP: 192.168.1.10 refused the request (NAK)"));
}

/* dhcp.h: DISCOVER 6 times, 1, 2, 4, 8, 8, 8 s apart (±1/8), a plain
 * BOOTREQUEST with each from the second; then fail, with no second round
 * since there is nothing to request. */
TEST(client_gives_up_without_offers)
{
	static const uint32_t gaps[DHCP_DISCOVER_TRIES] = { 1000, 2000, 4000, 8000, 8000, 8000 };

	wire_start(wire_peer, SERVERS(NULL));
	CHECK_EQ(configure(), -E_TIMEOUT);
	CHECK(fake_console_has("DHCP: no offer after 6 DISCOVERs (35 s)"));
	CHECK_EQ(count_sent(DHCPDISCOVER), DHCP_DISCOVER_TRIES);
	CHECK_EQ(count_sent(DHCP_NONE), DHCP_DISCOVER_TRIES - 1);
	uint32_t low = 0, high = 0;
	bool varied = false;
	for (size_t i = 0; i < DHCP_DISCOVER_TRIES; i++) {
		const struct sent *d = nth_sent(DHCPDISCOVER, i);
		uint32_t next = i + 1 < DHCP_DISCOVER_TRIES ?
				nth_sent(DHCPDISCOVER, i + 1)->at : clock_ms();
		check_gap(d->at, next, gaps[i]);
		varied |= next - d->at != gaps[i];
		CHECK_EQ(d->xid, wire.log[0].xid);
		CHECK_EQ(d->secs, (d->at - started) / 1000);
		low += gaps[i] - gaps[i] / 8;
		high += gaps[i] + gaps[i] / 8;
	}
	CHECK(varied);		/* randomized, not in lockstep with other clients */
	uint32_t elapsed = ms_since(started);
	CHECK(elapsed >= low && elapsed <= high);
	CHECK(elapsed <= DHCP_DISCOVER_LIMIT_S * 1000);
	CHECK_EQ(fake_nd.ip.addr, 0);
}

/* A configured limit ends the exchange early, with a message. */
TEST(client_gives_up_at_the_configured_limit)
{
	wire_start(wire_peer, SERVERS(NULL));
	settings.give_up_ms = 5000;
	CHECK_EQ(configure(), -E_TIMEOUT);
	settings.give_up_ms = 0;
	CHECK(fake_console_has("DHCP: no lease within the configured 5 s"));
	CHECK(ms_since(started) >= 5000 && ms_since(started) < 5100);
	CHECK_EQ(fake_nd.ip.addr, 0);
}

/* dhcp.h: REQUEST 3 times, 1, 2, 4 s apart; no ACK starts discovery
 * again, DHCP_ROUNDS rounds at most. */
TEST(client_gives_up_without_an_ack)
{
	struct server s = server_a;

	s.no_ack = true;
	wire_start(wire_peer, SERVERS(&s));
	CHECK_EQ(configure(), -E_TIMEOUT);
	CHECK_EQ(count_sent(DHCPDISCOVER), DHCP_ROUNDS);
	CHECK_EQ(count_sent(DHCPREQUEST), DHCP_ROUNDS * DHCP_REQUEST_TRIES);
	const struct sent *r = nth_sent(DHCPREQUEST, 0);
	check_gap(r[0].at, r[1].at, 1000);
	check_gap(r[1].at, r[2].at, 2000);
	check_gap(r[2].at, nth_sent(DHCPDISCOVER, 1)->at, 4000);
	CHECK(ms_since(started) <= DHCP_ROUNDS * (DHCP_REQUEST_LIMIT_S * 1000 + 10));
	CHECK(fake_console_has("DHCP: no ACK from 192.168.1.10 after 3 REQUESTs (8 s)"));
	CHECK_EQ(fake_nd.ip.addr, 0);
}

/* A rogue at ROGUE answers each DISCOVER and REQUEST at once with four
 * replies the client must drop: wrong xid, wrong chaddr, wrong source
 * port, truncated options.  Taken, each would show: the offers are of
 * another address with a boot file, the ACKs name another boot file. */
static void hostile_peer(const uint8_t *frame, size_t len, void *ctx)
{
	wire_peer(frame, len, ctx);
	const struct sent *req = &wire.log[wire.nlog - 1];
	bool offer = req->type == DHCPDISCOVER;

	if (!offer && req->type != DHCPREQUEST)
		return;
	for (int variant = 0; variant < 4; variant++) {
		struct msg m;
		msg_init(&m, req->xid, offer ? IP(192, 168, 1, 66) : server_a.yiaddr,
			 server_a.siaddr);
		strcpy((char *)m.b + BOOTP_FILE, "evil.efi");
		msg_opt(&m, OPT_MSG_TYPE, (uint8_t[]){ offer ? DHCPOFFER : DHCPACK }, 1);
		msg_opt32(&m, OPT_SERVER_ID, server_a.ip);
		uint16_t port = BOOTP_SERVER_PORT;
		if (variant == 0)
			put_be32(m.b + BOOTP_XID, req->xid + 1);
		else if (variant == 1)
			m.b[BOOTP_CHADDR + 5] ^= 1;
		else if (variant == 2)
			port = 1067;
		else
			msg_raw(&m, (const uint8_t[]){ OPT_HOSTNAME, 40, 'x' }, 3);
		if (variant != 3)
			msg_end(&m);
		reply(ROGUE, port, &m, 0);
	}
}

/* RFC 2131 §4.1: replies whose xid or chaddr are not ours are another
 * client's; one from a port other than 67 or 4011 is not from a server;
 * malformed ones are dropped with a note. */
TEST(client_ignores_foreign_and_malformed_replies)
{
	struct server s = server_a;

	s.delay_ms = 200;
	wire_start(hostile_peer, SERVERS(&s));
	CHECK_EQ(configure(), 0);
	const struct sent *d = nth_sent(DHCPDISCOVER, 0), *r = nth_sent(DHCPREQUEST, 0);
	CHECK(r->at - d->at >= 200);
	for (size_t i = 0; i < count_sent(DHCPREQUEST); i++)
		CHECK_EQ(nth_sent(DHCPREQUEST, i)->requested_ip, s.yiaddr);
	CHECK_EQ(lease.client_ip, s.yiaddr);
	CHECK_STR(lease.bootfile, "pxelinux.0");
	CHECK(fake_console_has("DHCP: ignoring a bad reply from 10.6.6.6: "
			       "an option runs past the end of its field"));
}

/* The user's abort key ends selection at once. */
TEST(client_aborts_during_selection)
{
	wire_start(wire_peer, SERVERS(NULL));
	wire.abort_after = 2;			/* the second DISCOVER */
	CHECK_EQ(configure(), -E_ABORTED);
	CHECK_EQ(count_sent(DHCPDISCOVER), 2);
	CHECK_EQ(count_sent(DHCPREQUEST), 0);
	CHECK(ms_since(nth_sent(DHCPDISCOVER, 1)->at) <= 2);
	CHECK_EQ(fake_nd.ip.addr, 0);
}

/* An abort while requesting ends the run too: no second round. */
TEST(client_aborts_during_request)
{
	struct server s = server_a;

	s.no_ack = true;
	wire_start(wire_peer, SERVERS(&s));
	wire.abort_after = 2;			/* DISCOVER, REQUEST */
	CHECK_EQ(configure(), -E_ABORTED);
	CHECK_EQ(wire.nlog, 2);
	CHECK_EQ(wire.log[1].type, DHCPREQUEST);
	CHECK_EQ(fake_nd.ip.addr, 0);
}

/* Besides the servers, each REQUEST gets three answers at once that are
 * not for it: a NAK and an ACK of the same address from a rogue server,
 * and an ACK from the chosen server of an address we did not ask for. */
static void wrong_answers_peer(const uint8_t *frame, size_t len, void *ctx)
{
	static const struct server rogue = {
		.ip = ROGUE, .yiaddr = IP(192, 168, 1, 50), .siaddr = ROGUE,
		.file = "rogue.efi",
	};
	struct server other_address = server_a;
	struct msg m;

	wire_peer(frame, len, ctx);
	const struct sent *req = &wire.log[wire.nlog - 1];
	if (req->type != DHCPREQUEST)
		return;
	server_reply(&m, &rogue, req->xid, DHCPNAK);
	reply(ROGUE, BOOTP_SERVER_PORT, &m, 0);
	server_reply(&m, &rogue, req->xid, DHCPACK);
	reply(ROGUE, BOOTP_SERVER_PORT, &m, 0);
	other_address.yiaddr = IP(192, 168, 1, 66);
	server_reply(&m, &other_address, req->xid, DHCPACK);
	reply(server_a.ip, BOOTP_SERVER_PORT, &m, 0);
}

/* RFC 2131 §3.1 steps 3-4: the REQUEST names one server and one address
 * (options 54 and 50); an ACK or NAK under another server id, or an ACK
 * of another address, is not its answer. */
TEST(client_takes_only_the_answer_to_its_request)
{
	struct server s = server_a;

	s.delay_ms = 100;
	wire_start(wrong_answers_peer, SERVERS(&s));
	CHECK_EQ(configure(), 0);
	CHECK_EQ(count_sent(DHCPDISCOVER), 1);
	CHECK_EQ(count_sent(DHCPREQUEST), 1);
	CHECK_EQ(lease.type, DHCPACK);
	CHECK_EQ(lease.server_id, s.ip);
	CHECK_EQ(lease.client_ip, s.yiaddr);
	CHECK_STR(lease.bootfile, "pxelinux.0");
	CHECK_EQ(lease.next_server, s.siaddr);
	CHECK_EQ(fake_nd.ip.addr, s.yiaddr);
	CHECK(!fake_console_has("NAK"));
}
