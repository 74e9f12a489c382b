/*
 * Unit tests of the TFTP client: whole transfers through tftp_fetch()
 * against a scripted server on the fake wire.
 */
#include "tests/unit/harness.h"
#include "tests/unit/fakes.h"
#include "net/tftp.h"
#include "net/tftp_packet.h"
#include "net/ethernet.h"
#include "core/byteorder.h"
#include "core/clock.h"
#include "core/errors.h"
#include "core/string.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* A scripted TFTP server on the fake wire */

#define OUR_IP 0xc0a8010au	/* 192.168.1.10/24 */
#define GATEWAY_IP 0xc0a80101u
#define SERVER_IP 0xc0a80102u
#define OTHER_IP 0xc0a80103u	/* a stranger on the subnet */
#define TID 40000		/* the server's port for the first RRQ */
#define MAX_FILE (65536 * 8 + 4096)
#define MAX_ACKS 8192

static const uint8_t server_mac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const uint8_t other_mac[6] = { 0x02, 0, 0, 0, 0, 0x03 };

/* An ERROR packet the client sent, and where to. */
struct sent_error {
	uint32_t ip;
	uint16_t port;
	uint16_t code;
	char text[64];
};

struct server {
	/* Behaviour, set by each test; all zero is a server that grants
	 * what is asked and loses nothing. */
	uint32_t size;			/* of the file it serves */
	uint16_t max_blksize;		/* grant at most this (0: no cap) */
	uint16_t max_window;
	bool silent;			/* answers ARP only */
	uint32_t silent_after;		/* goes silent after this ACK */
	uint32_t think_ms;		/* the fake clock runs on this long
					 * before each packet it sends */
	bool ignore_options;		/* RFC 1350: DATA 1 of 512 bytes at once */
	bool refuse_options;		/* ERROR 8 to an RRQ with options */
	uint16_t error_code;		/* answer every RRQ with this ERROR... */
	const char *error_text;		/* ...when error_text is set */
	const uint8_t *oack;		/* these OACK options instead; then it
					 * serves 512-byte blocks lock-step */
	size_t oack_len;
	int32_t tsize_lie;		/* announce size + this */
	uint32_t drop[4];		/* blocks lost once, the first time sent */
	uint32_t lose_ack;		/* this ACK is lost once (not 0) */
	uint32_t reorder;		/* this block comes after the next, once */
	uint32_t duplicate;		/* this block comes again... */
	int copies;			/* ...this many more times, once */
	uint32_t oversize;		/* this block carries one byte too many */
	uint32_t stale_after;		/* at this ACK, a stranger's DATA... */
	uint32_t stale_ip;		/* ...from here */
	uint16_t stale_port;
	bool stale_is_error;		/* ...or ERROR 5 instead of DATA */
	uint32_t abort_after;		/* at this ACK the user presses abort */

	/* What happened. */
	int rrqs;
	uint32_t rrq_at[16];		/* clock_ms() of each RRQ */
	uint8_t rrq[600];		/* the last RRQ */
	size_t rrq_len;
	uint16_t client_port;
	uint16_t tid, blksize, window;
	uint32_t blocks;		/* in the file: the last one is short */
	uint32_t sent_max;		/* the highest block sent */
	uint32_t data_sent;		/* DATA packets */
	uint32_t last_data_at;		/* clock_ms() of the last one */
	uint32_t nacks;
	uint16_t acks[MAX_ACKS];	/* the block numbers the client ACKed */
	int nerrors;
	struct sent_error errors[8];
};

static struct server srv;
static uint8_t file_data[MAX_FILE];
static uint8_t sink_buf[MAX_FILE];
static struct mem_sink sink;
static struct tftp_result res;

static void reply(struct server *s, uint32_t ip, uint16_t port, const void *p,
		  size_t len)
{
	fake_clock_advance(s->think_ms);
	fake_rx_udp(ip == SERVER_IP ? server_mac : other_mac, fake_mac, ip, OUR_IP,
		    port, s->client_port, p, len);
}

static void reply_error(struct server *s, uint16_t code, const char *text)
{
	uint8_t p[128];

	reply(s, SERVER_IP, s->tid, p, tftp_build_error(p, sizeof(p), code, text));
}

static void send_block(struct server *s, uint32_t n)
{
	static uint8_t p[4 + ETH_MTU];
	uint32_t offset = (n - 1) * s->blksize;
	size_t len = MIN((uint32_t)s->blksize, s->size - offset);

	if (n == s->oversize)
		len = s->blksize + 1u;
	put_be16(p, TFTP_DATA);
	put_be16(p + 2, (uint16_t)n);	/* RFC 1350: wraps */
	memcpy(p + 4, file_data + offset, len);
	reply(s, SERVER_IP, s->tid, p, 4 + len);
	s->data_sent++;
	s->last_data_at = clock_ms();
	s->sent_max = MAX(s->sent_max, n);
}

static bool lose_once(struct server *s, uint32_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(s->drop); i++) {
		if (s->drop[i] == n) {
			s->drop[i] = 0;
			return true;
		}
	}
	return false;
}

/* RFC 7440: a window of blocks from first on, then wait for an ACK. */
static void send_window(struct server *s, uint32_t first)
{
	uint32_t end = MIN(first + s->window - 1, s->blocks);

	for (uint32_t n = first; n <= end; n++) {
		if (lose_once(s, n)) {
			s->sent_max = MAX(s->sent_max, n);
			continue;
		}
		if (n == s->reorder && n < end) {
			s->reorder = 0;
			send_block(s, n + 1);
			send_block(s, n);
			n++;
			continue;
		}
		send_block(s, n);
		if (n == s->duplicate) {
			s->duplicate = 0;
			for (int i = 0; i < s->copies; i++)
				send_block(s, n);
		}
	}
}

/* Finds a TFTP option in an RRQ's option part. */
static bool rrq_option(const uint8_t *p, size_t len, const char *name,
		       uint32_t *value)
{
	size_t pos = 0;

	while (pos < len) {
		const char *n = (const char *)p + pos;
		pos += strnlen(n, len - pos) + 1;
		const char *v = (const char *)p + pos;
		pos += strnlen(v, len - pos) + 1;
		if (pos <= len && strcmp(n, name) == 0) {
			*value = (uint32_t)strtoul(v, NULL, 10);
			return true;
		}
	}
	return false;
}

static void put_option(uint8_t *p, size_t *len, const char *name, long value)
{
	*len += (size_t)snprintf((char *)p + *len, 32, "%s", name) + 1;
	*len += (size_t)snprintf((char *)p + *len, 32, "%ld", value) + 1;
}

static void on_rrq(struct server *s, const uint8_t *p, size_t len)
{
	if (s->rrqs < (int)ARRAY_SIZE(s->rrq_at))
		s->rrq_at[s->rrqs] = clock_ms();
	s->rrqs++;
	s->rrq_len = MIN(len, sizeof(s->rrq));
	memcpy(s->rrq, p, s->rrq_len);
	if (s->silent)
		return;
	s->tid = (uint16_t)(TID + s->rrqs - 1);	/* a new TID per request */
	s->sent_max = 0;

	/* After opcode, name and mode come the options. */
	size_t pos = 2 + strnlen((const char *)p + 2, len - 2) + 1;
	pos += strnlen((const char *)p + pos, len - pos) + 1;
	const uint8_t *opts = p + pos;
	size_t olen = len - MIN(pos, len);
	uint32_t blksize, window, tsize;
	bool has_blksize = rrq_option(opts, olen, "blksize", &blksize);
	bool has_window = rrq_option(opts, olen, "windowsize", &window);
	bool has_tsize = rrq_option(opts, olen, "tsize", &tsize);

	if (s->error_text) {
		reply_error(s, s->error_code, s->error_text);
		return;
	}
	if (olen && s->refuse_options) {
		reply_error(s, TFTP_EOPTIONS, "Options not supported");
		return;
	}
	s->blksize = TFTP_DEFAULT_BLKSIZE;
	s->window = 1;
	if (!olen || s->ignore_options) {
		s->blocks = s->size / s->blksize + 1;
		send_window(s, 1);
		return;
	}
	/* RFC 2347: OACK what we take, at most what was asked. */
	uint8_t o[256];
	size_t n = 2;
	put_be16(o, TFTP_OACK);
	if (has_blksize) {
		s->blksize = (uint16_t)(s->max_blksize ? MIN(blksize, s->max_blksize) : blksize);
		put_option(o, &n, "blksize", s->blksize);
	}
	if (has_tsize)
		put_option(o, &n, "tsize", (long)s->size + s->tsize_lie);
	if (has_window) {
		s->window = (uint16_t)(s->max_window ? MIN(window, s->max_window) : window);
		put_option(o, &n, "windowsize", s->window);
	}
	if (s->oack) {
		memcpy(o + 2, s->oack, s->oack_len);
		n = 2 + s->oack_len;
		s->blksize = TFTP_DEFAULT_BLKSIZE;
		s->window = 1;
	}
	s->blocks = s->size / s->blksize + 1;
	reply(s, SERVER_IP, s->tid, o, n);
}

static void on_ack(struct server *s, uint16_t number)
{
	/* The block this ACK names: the nearest at or below the highest sent. */
	uint32_t n = s->sent_max - (uint16_t)((uint16_t)s->sent_max - number);

	if (s->nacks < MAX_ACKS)
		s->acks[s->nacks++] = number;
	if (s->lose_ack && n == s->lose_ack) {
		s->lose_ack = 0;
		return;
	}
	if (s->silent_after && n >= s->silent_after)
		return;
	if (s->abort_after && n == s->abort_after)
		fake_set_abort(true);
	if (s->stale_after && n == s->stale_after && s->stale_is_error) {
		static const uint8_t p[] = "\0\5\0\5Unknown transfer ID";
		reply(s, s->stale_ip, s->stale_port, p, sizeof(p));
	} else if (s->stale_after && n == s->stale_after) {
		uint8_t p[4 + 512];
		put_be16(p, TFTP_DATA);
		put_be16(p + 2, (uint16_t)(n + 1));
		memset(p + 4, 0xee, 512);
		reply(s, s->stale_ip, s->stale_port, p, sizeof(p));
	}
	if (n < s->blocks)
		send_window(s, n + 1);
}

/* Sees every frame the client sends: answers ARP for the server and the
 * stranger, RRQs and ACKs, and notes the ERRORs. */
static void server_peer(const uint8_t *f, size_t len, void *ctx)
{
	struct server *s = ctx;
	struct fake_udp u;

	if (len >= 42 && get_be16(f + 12) == ETHERTYPE_ARP &&
	    get_be16(f + ETH_HLEN + 6) == 1) {
		uint32_t ip = get_be32(f + ETH_HLEN + 24);
		if (ip == SERVER_IP || ip == OTHER_IP)
			fake_rx_arp(2, ip == SERVER_IP ? server_mac : other_mac, ip,
				    fake_mac, OUR_IP);
		return;
	}
	if (!fake_parse_udp(f, len, &u) || u.len < 2)
		return;
	uint16_t op = get_be16(u.data);
	if (op == TFTP_ERROR) {
		if (s->nerrors < (int)ARRAY_SIZE(s->errors)) {
			struct sent_error *e = &s->errors[s->nerrors++];
			e->ip = u.dst_ip;
			e->port = u.dst_port;
			tftp_parse_error(u.data, u.len, &e->code, e->text, sizeof(e->text));
		}
		return;
	}
	if (u.dst_ip != SERVER_IP)
		return;
	s->client_port = u.src_port;
	if (u.dst_port == TFTP_PORT && op == TFTP_RRQ)
		on_rrq(s, u.data, u.len);
	else if (u.dst_port == s->tid && op == TFTP_ACK && u.len >= 4)
		on_ack(s, get_be16(u.data + 2));
}

/* A fresh server for a file of size bytes, our address configured. */
static void setup(uint32_t size)
{
	fake_nd.ip = (struct ipv4_config){ .addr = OUR_IP, .netmask = 0xffffff00u,
					   .gateway = GATEWAY_IP };
	memset(&srv, 0, sizeof(srv));
	srv.size = size;
	/* A pattern that differs between blocks 65536 apart. */
	for (uint32_t i = 0; i < MAX_FILE; i++)
		file_data[i] = (uint8_t)((i * 2654435761u) >> 24 ^ i >> 16);
	memset(sink_buf, 0, sizeof(sink_buf));
	mem_sink_init(&sink, sink_buf, sizeof(sink_buf));
	memset(&res, 0xff, sizeof(res));
	fake_set_peer(server_peer, &srv);
}

static int fetch(uint16_t blksize, uint16_t windowsize)
{
	struct tftp_settings set = { .blksize = blksize, .windowsize = windowsize,
				     .quiet = true };

	return tftp_fetch(&fake_nd, SERVER_IP, "boot.img", &set, &sink.sink, &res);
}

/* The sink holds exactly the file. */
static void check_file_received(void)
{
	CHECK_EQ(sink.received, srv.size);
	CHECK(memcmp(sink_buf, file_data, srv.size) == 0);
	CHECK_EQ(res.bytes, srv.size);
}

static void check_acks(const uint16_t *want, size_t n)
{
	CHECK_EQ(srv.nacks, n);
	for (size_t i = 0; i < n; i++)
		CHECK_EQ(srv.acks[i], want[i]);
}

static const struct sent_error *only_error(void)
{
	CHECK_EQ(srv.nerrors, 1);
	return &srv.errors[0];
}

/* ------------------------------------------------------------------ */
/* Transfers */

/* Defaults: blksize for the MTU (1500 - 20 - 8 - 4 = 1468, RFC 2348),
 * window TFTP_DEFAULT_WINDOW (RFC 7440) and tsize (RFC 2349) asked;
 * one ACK per window, the last for the short block. */
TEST(fetch_negotiates_blksize_window_and_tsize)
{
	static const char want_rrq[] = "\0\1" "boot.img\0" "octet\0" "blksize\0"
				       "1468\0" "tsize\0" "0\0" "windowsize\0" "16\0";

	setup(100000);		/* 68 blocks of 1468, then 176 bytes */
	CHECK_EQ(fetch(0, 0), 0);
	CHECK_EQ(srv.rrqs, 1);
	CHECK_EQ(srv.rrq_len, sizeof(want_rrq) - 1);
	CHECK(memcmp(srv.rrq, want_rrq, srv.rrq_len) == 0);
	check_file_received();
	CHECK_EQ(res.blksize, 1468);
	CHECK_EQ(res.windowsize, TFTP_DEFAULT_WINDOW);
	CHECK(res.tsize_known);
	CHECK_EQ(sink.expected, 100000);
	CHECK_EQ(res.retransmits, 0);
	static const uint16_t want_acks[] = { 0, 16, 32, 48, 64, 69 };
	check_acks(want_acks, ARRAY_SIZE(want_acks));
	CHECK_EQ(srv.data_sent, 69);
	CHECK_EQ(tftp_blksize_for_mtu(&fake_nd), 1468);
	CHECK(fake_console_has("TFTP: boot.img: 100000 bytes in "));
}

/* RFC 2348/7440: the server may grant less than asked; the client uses
 * the grant. */
TEST(fetch_uses_smaller_grant)
{
	setup(10000);
	srv.max_blksize = 1000;
	srv.max_window = 3;
	CHECK_EQ(fetch(0, 0), 0);
	check_file_received();
	CHECK_EQ(res.blksize, 1000);
	CHECK_EQ(res.windowsize, 3);
	static const uint16_t want_acks[] = { 0, 3, 6, 9, 11 };
	check_acks(want_acks, ARRAY_SIZE(want_acks));
}

/* RFC 2347: an option left out of the OACK is not in effect: 512-byte
 * blocks, lock-step. */
TEST(fetch_uses_defaults_for_options_left_out_of_oack)
{
	static const char only_tsize[] = "tsize\0" "1300\0";

	setup(1300);
	srv.oack = (const uint8_t *)only_tsize;
	srv.oack_len = sizeof(only_tsize) - 1;
	CHECK_EQ(fetch(0, 0), 0);
	check_file_received();
	CHECK_EQ(res.blksize, 512);
	CHECK_EQ(res.windowsize, 1);
	CHECK(res.tsize_known);
	static const uint16_t want_acks[] = { 0, 1, 2, 3 };
	check_acks(want_acks, ARRAY_SIZE(want_acks));
}

/* RFC 1350 §6: a file that is a multiple of the block size ends with an
 * empty block, which is ACKed too. */
TEST(fetch_exact_multiple_ends_with_empty_block)
{
	setup(3 * 512);
	CHECK_EQ(fetch(512, 1), 0);
	check_file_received();
	static const uint16_t want_acks[] = { 0, 1, 2, 3, 4 };
	check_acks(want_acks, ARRAY_SIZE(want_acks));
	CHECK_EQ(srv.data_sent, 4);
}

TEST(fetch_one_byte)
{
	setup(1);
	CHECK_EQ(fetch(0, 0), 0);
	check_file_received();
	static const uint16_t want_acks[] = { 0, 1 };
	check_acks(want_acks, ARRAY_SIZE(want_acks));
}

TEST(fetch_empty_file)
{
	setup(0);
	CHECK_EQ(fetch(0, 0), 0);
	CHECK_EQ(sink.received, 0);
	CHECK_EQ(res.bytes, 0);
	CHECK(res.tsize_known);
	static const uint16_t want_acks[] = { 0, 1 };
	check_acks(want_acks, ARRAY_SIZE(want_acks));
}

/* RFC 2347: a server that ignores options answers with DATA 1; RFC 1350
 * then rules: 512-byte blocks, lock-step, no tsize. */
TEST(fetch_from_server_ignoring_options)
{
	setup(1500);
	srv.ignore_options = true;
	CHECK_EQ(fetch(0, 0), 0);
	check_file_received();
	CHECK_EQ(res.blksize, 512);
	CHECK_EQ(res.windowsize, 1);
	CHECK(!res.tsize_known);
	static const uint16_t want_acks[] = { 1, 2, 3 };
	check_acks(want_acks, ARRAY_SIZE(want_acks));
	CHECK_EQ(srv.nerrors, 0);
}

/* RFC 2347: ERROR 8 refuses the options; the client asks again without
 * any and gets the file from the new TID. */
TEST(fetch_retries_without_options_after_error_8)
{
	static const char want_rrq[] = "\0\1" "boot.img\0" "octet\0";

	setup(700);
	srv.refuse_options = true;
	CHECK_EQ(fetch(0, 0), 0);
	check_file_received();
	CHECK_EQ(srv.rrqs, 2);
	CHECK_EQ(srv.rrq_len, sizeof(want_rrq) - 1);
	CHECK(memcmp(srv.rrq, want_rrq, srv.rrq_len) == 0);
	CHECK_EQ(srv.tid, TID + 1);
	CHECK_EQ(res.blksize, 512);
	CHECK_EQ(srv.nerrors, 0);
	CHECK(fake_console_has("server refused our options (error 8: "
			       "Options not supported)"));
}

/* RFC 2347: an OACK the client cannot accept is answered with ERROR 8
 * and the transfer ends. */
TEST(fetch_rejects_garbage_oack)
{
	static const char garbage[] = "blksize\0" "12ab\0";

	setup(5000);
	srv.oack = (const uint8_t *)garbage;
	srv.oack_len = sizeof(garbage) - 1;
	CHECK_EQ(fetch(0, 0), -E_PROTOCOL);
	const struct sent_error *e = only_error();
	CHECK_EQ(e->code, TFTP_EOPTIONS);
	CHECK_EQ(e->ip, SERVER_IP);
	CHECK_EQ(e->port, TID);
	CHECK_EQ(srv.nacks, 0);
	CHECK_EQ(sink.received, 0);
	CHECK(fake_console_has("TFTP: bad option acknowledgement from 192.168.1.2: "
			       "blksize out of range"));
}

/* RFC 2349: a tsize that cannot fit is refused with ERROR 3 before any
 * data is sent. */
TEST(fetch_refuses_file_larger_than_sink)
{
	setup(5000);
	sink.capacity = 1000;
	CHECK_EQ(fetch(0, 0), -E_TOOBIG);
	const struct sent_error *e = only_error();
	CHECK_EQ(e->code, TFTP_ENOSPACE);
	CHECK_EQ(e->port, TID);
	CHECK_EQ(srv.nacks, 0);
	CHECK_EQ(srv.data_sent, 0);
	CHECK_EQ(sink.received, 0);
	CHECK_EQ(sink.expected, 5000);
	CHECK(fake_console_has("boot.img is 5000 bytes; that does not fit here"));
}

/* A server that sends past the tsize it announced breaks its word: the
 * client stops before storing a byte beyond it. */
TEST(fetch_fails_on_more_than_tsize)
{
	setup(2000);		/* 512, 512, 512, 464 */
	srv.tsize_lie = -10;
	CHECK_EQ(fetch(512, 4), -E_PROTOCOL);
	CHECK_EQ(sink.received, 1536);
	const struct sent_error *e = only_error();
	CHECK_EQ(e->code, TFTP_EBADOP);
	CHECK_EQ(e->port, TID);
	CHECK(fake_console_has("server sends more than the 1990 bytes it announced"));
}

TEST(fetch_fails_on_less_than_tsize)
{
	setup(2000);
	srv.tsize_lie = 10;
	CHECK_EQ(fetch(512, 4), -E_PROTOCOL);
	CHECK(fake_console_has("server announced 2010 bytes but sent 2000"));
}

/* RFC 1350 block numbers are 16 bits: past 65535 they wrap to 0 and the
 * transfer goes on (as tftp-hpa and most servers do). */
TEST(fetch_past_65535_blocks_wraps_block_numbers)
{
	setup(65536 * 8 + 100);		/* 65548 blocks of 8, then 4 bytes */
	CHECK_EQ(fetch(8, 16), 0);
	check_file_received();
	CHECK_EQ(res.blksize, 8);
	CHECK_EQ(srv.blocks, 65549);
	/* ACK 0 for the OACK, 4096 full windows, the last one short. */
	CHECK_EQ(srv.nacks, 1 + 4096 + 1);
	CHECK_EQ(srv.acks[4095], 65520);
	CHECK_EQ(srv.acks[4096], 0);		/* block 65536 */
	CHECK_EQ(srv.acks[4097], 65549 - 65536);
}

/* RFC 7440 §4: when a block of the window is missing, the client ACKs the
 * last block it has in order at once (no timeout) and the server goes on
 * from there. */
TEST(fetch_recovers_lost_block_in_window)
{
	setup(20 * 512 + 10);	/* 21 blocks */
	srv.drop[0] = 6;
	CHECK_EQ(fetch(512, 4), 0);
	check_file_received();
	CHECK_EQ(res.retransmits, 0);
	static const uint16_t want_acks[] = { 0, 4, 5, 9, 13, 17, 21 };
	check_acks(want_acks, ARRAY_SIZE(want_acks));
}

/* The first block of a window lost: the ACK repeats the previous window's. */
TEST(fetch_recovers_lost_first_block_of_window)
{
	setup(20 * 512 + 10);
	srv.drop[0] = 5;
	srv.drop[1] = 14;
	CHECK_EQ(fetch(512, 4), 0);
	check_file_received();
	CHECK_EQ(res.retransmits, 0);
	static const uint16_t want_acks[] = { 0, 4, 4, 8, 12, 13, 17, 21 };
	check_acks(want_acks, ARRAY_SIZE(want_acks));
}

/* The last block of a window lost: nothing follows to show the gap, so
 * the client's timeout re-ACKs what it has. */
TEST(fetch_recovers_lost_last_block_of_window_by_timeout)
{
	setup(20 * 512 + 10);
	srv.drop[0] = 8;
	CHECK_EQ(fetch(512, 4), 0);
	check_file_received();
	CHECK_EQ(res.retransmits, 1);
	CHECK(res.ms >= TFTP_RTO_MIN_MS);
	static const uint16_t want_acks[] = { 0, 4, 7, 11, 15, 19, 21 };
	check_acks(want_acks, ARRAY_SIZE(want_acks));
}

/* Reordered blocks: the early one shows a gap (ACK of the last in order),
 * the content still comes out in order. */
TEST(fetch_survives_reordered_blocks)
{
	setup(20 * 512 + 10);
	srv.reorder = 2;	/* 1, 3, 2, 4 */
	CHECK_EQ(fetch(512, 4), 0);
	check_file_received();
	CHECK_EQ(srv.acks[0], 0);
	CHECK_EQ(srv.acks[1], 1);
	CHECK_EQ(srv.acks[srv.nacks - 1], 21);
	CHECK_EQ(res.retransmits, 0);
}

/* A duplicated block is stored once. */
TEST(fetch_survives_duplicated_blocks)
{
	setup(20 * 512 + 10);
	srv.duplicate = 3;
	srv.copies = 1;
	CHECK_EQ(fetch(512, 4), 0);
	check_file_received();
	CHECK_EQ(sink.writes, 21);
	CHECK_EQ(srv.acks[srv.nacks - 1], 21);
}

/* This server answers every ACK, duplicates included (the Sorcerer's
 * Apprentice bug, RFC 1123 §4.2.3.1), so a block sent three times echoes on
 * to the end.  The client answers a duplicate once per block, which keeps
 * the echo at two copies of each block instead of three. */
TEST(fetch_acks_a_duplicate_once_per_block)
{
	setup(5 * 512 + 1);
	srv.duplicate = 3;
	srv.copies = 2;
	CHECK_EQ(fetch(512, 1), 0);
	check_file_received();
	static const uint16_t want_acks[] = { 0, 1, 2, 3, 3, 4, 4, 5, 5, 6 };
	check_acks(want_acks, ARRAY_SIZE(want_acks));
}

/* Lock-step (RFC 1350): a lost DATA is recovered by our timeout, which
 * resends the last ACK.  The timeout follows the measured round trip
 * (RFC 6298); on this wire without delay that is its floor,
 * TFTP_RTO_MIN_MS, not the initial TFTP_RTO_MS. */
TEST(fetch_lockstep_recovers_lost_data_by_timeout)
{
	setup(5 * 512 + 1);
	srv.drop[0] = 3;
	CHECK_EQ(fetch(512, 1), 0);
	check_file_received();
	CHECK_EQ(res.retransmits, 1);
	CHECK(res.ms >= TFTP_RTO_MIN_MS && res.ms < TFTP_RTO_MIN_MS + 10);
	CHECK_EQ(res.rto_ms, TFTP_RTO_MIN_MS);
	static const uint16_t want_acks[] = { 0, 1, 2, 2, 3, 4, 5, 6 };
	check_acks(want_acks, ARRAY_SIZE(want_acks));
}

/* Lock-step: our lost ACK is likewise resent after TFTP_RTO_MS. */
TEST(fetch_lockstep_recovers_lost_ack_by_timeout)
{
	setup(5 * 512 + 1);
	srv.lose_ack = 4;
	CHECK_EQ(fetch(512, 1), 0);
	check_file_received();
	CHECK_EQ(res.retransmits, 1);
	static const uint16_t want_acks[] = { 0, 1, 2, 3, 4, 4, 5, 6 };
	check_acks(want_acks, ARRAY_SIZE(want_acks));
}

/* RFC 1350 §4: a packet from another port is answered with ERROR 5 to
 * that port, and the transfer goes on undisturbed. */
TEST(fetch_answers_stranger_port_with_error_5)
{
	setup(20 * 512 + 10);
	srv.stale_after = 4;
	srv.stale_ip = SERVER_IP;
	srv.stale_port = 40999;
	CHECK_EQ(fetch(512, 4), 0);
	check_file_received();
	const struct sent_error *e = only_error();
	CHECK_EQ(e->ip, SERVER_IP);
	CHECK_EQ(e->port, 40999);
	CHECK_EQ(e->code, TFTP_EBADID);
	CHECK_STR(e->text, "Unknown transfer ID");
}

/* Likewise from another host, even from the server's port number. */
TEST(fetch_answers_stranger_host_with_error_5)
{
	setup(20 * 512 + 10);
	srv.stale_after = 4;
	srv.stale_ip = OTHER_IP;
	srv.stale_port = TID;
	CHECK_EQ(arp_resolve(&fake_nd, OTHER_IP, 1000), 0);
	CHECK_EQ(fetch(512, 4), 0);
	check_file_received();
	const struct sent_error *e = only_error();
	CHECK_EQ(e->ip, OTHER_IP);
	CHECK_EQ(e->port, TID);
	CHECK_EQ(e->code, TFTP_EBADID);
}

/* RFC 1350 §7: an ERROR is never answered, not even a stranger's, or two
 * confused peers could bounce errors forever; the transfer goes on. */
TEST(fetch_does_not_answer_a_strangers_error)
{
	setup(20 * 512 + 10);
	srv.stale_after = 4;
	srv.stale_ip = SERVER_IP;
	srv.stale_port = 40999;
	srv.stale_is_error = true;
	CHECK_EQ(fetch(512, 4), 0);
	check_file_received();
	CHECK_EQ(srv.nerrors, 0);
}

/* RFC 1350 ERROR 1: the server's code and text reach the console. */
TEST(fetch_reports_file_not_found)
{
	setup(100);
	srv.error_code = TFTP_ENOTFOUND;
	srv.error_text = "File not found";
	CHECK_EQ(fetch(0, 0), -E_NOTFOUND);
	CHECK_EQ(srv.rrqs, 1);
	CHECK_EQ(srv.nerrors, 0);		/* ERRORs are not answered */
	CHECK(fake_console_has("TFTP: server 192.168.1.2: error 1: File not found"));
}

/* Other codes: -E_REFUSED, the server's text shown. */
TEST(fetch_reports_access_violation)
{
	setup(100);
	srv.error_code = TFTP_EACCESS;
	srv.error_text = "Permission denied";
	CHECK_EQ(fetch(0, 0), -E_REFUSED);
	CHECK(fake_console_has("error 2: Permission denied"));
}

/* A silent server: the RRQ is repeated with the timeout doubling from
 * TFTP_RTO_MS (no round trip measured yet) up to TFTP_RTO_MAX_MS (RFC 6298
 * §5.5), and the client gives up with -E_TIMEOUT at the first expiry once
 * TFTP_GIVE_UP_MS have passed without an answer. */
TEST(fetch_times_out_on_silent_server)
{
	setup(100);
	srv.silent = true;
	uint32_t t0 = clock_ms();
	CHECK_EQ(fetch(0, 0), -E_TIMEOUT);
	uint32_t at = 0, rto = TFTP_RTO_MS;
	int n = 0;
	for (; at < TFTP_GIVE_UP_MS; n++) {
		CHECK_EQ(srv.rrq_at[n] - t0, at);
		at += rto;
		rto = MIN(rto * 2, (uint32_t)TFTP_RTO_MAX_MS);
	}
	CHECK_EQ(srv.rrqs, n);
	CHECK_EQ(clock_ms() - t0, at);
	CHECK(at < TFTP_GIVE_UP_MS + TFTP_RTO_MAX_MS);
	CHECK_EQ(res.retransmits, n - 1);
	CHECK(fake_console_has("TFTP: request: no answer from 192.168.1.2 for 15 s"));
}

/* A transfer that stops making progress fails TFTP_STALL_GIVE_UP_MS after the
 * last block, however long it had been running before. */
TEST(fetch_times_out_when_transfer_stalls)
{
	setup(10 * 512);
	srv.think_ms = 1000;	/* the first 5 blocks take 6 s */
	srv.silent_after = 5;
	CHECK_EQ(fetch(512, 1), -E_TIMEOUT);
	CHECK_EQ(sink.received, 5 * 512);
	uint32_t stalled = clock_ms() - srv.last_data_at;
	CHECK(stalled >= TFTP_STALL_GIVE_UP_MS &&
	      stalled < TFTP_STALL_GIVE_UP_MS + TFTP_RTO_MAX_MS);
	CHECK(res.retransmits > 0);
	CHECK(fake_console_has("TFTP: transfer: no answer from 192.168.1.2 for 40 s"));
}

/* The user's abort ends the transfer, and the server is told so. */
TEST(fetch_aborts_when_asked)
{
	setup(10 * 512);
	srv.abort_after = 2;
	CHECK_EQ(fetch(512, 1), -E_ABORTED);
	CHECK_EQ(sink.received, 1024);
	const struct sent_error *e = only_error();
	CHECK_EQ(e->port, TID);
	CHECK_EQ(e->code, TFTP_ENOTDEFINED);
	CHECK_STR(e->text, "Aborted by user");
	CHECK(fake_console_has("TFTP: aborted by the user"));
}

/* RFC 2348: no block may exceed the granted blksize. */
TEST(fetch_rejects_block_larger_than_granted)
{
	setup(10 * 512);
	srv.oversize = 2;
	CHECK_EQ(fetch(512, 1), -E_PROTOCOL);
	CHECK_EQ(sink.received, 512);
	const struct sent_error *e = only_error();
	CHECK_EQ(e->code, TFTP_EBADOP);
	CHECK_EQ(e->port, TID);
	CHECK(fake_console_has("block 2 is 513 bytes, more than the 512 granted"));
}

/* Off-link with no gateway: nothing is sent, and the result is defined. */
TEST(fetch_without_route_fails_cleanly)
{
	setup(100);
	fake_nd.ip.gateway = 0;
	CHECK_EQ(tftp_fetch(&fake_nd, 0x0a000001u, "boot.img",
			    &(struct tftp_settings){ .quiet = true }, &sink.sink, &res),
		 -E_NOROUTE);
	CHECK_EQ(fake_tx_count(), 0);
	CHECK_EQ(res.bytes, 0);
	CHECK_EQ(res.retransmits, 0);
	CHECK(fake_console_has("TFTP: no route to 10.0.0.1 (no gateway)"));
}

/* A name that cannot fit one request fails at once, nothing sent. */
TEST(fetch_refuses_a_name_too_long_for_one_packet)
{
	static char name[1600];

	setup(100);
	memset(name, 'a', sizeof(name) - 1);
	CHECK_EQ(tftp_fetch(&fake_nd, SERVER_IP, name,
			    &(struct tftp_settings){ .quiet = true }, &sink.sink, &res),
		 -E_INVALID);
	CHECK_EQ(srv.rrqs, 0);
	CHECK(fake_console_has("is empty or too long for one request"));
}
