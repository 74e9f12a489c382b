/* The scripted TFTP server of the TFTP tests (tftp_server.h). */
#include "tests/unit/tftp_server.h"
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

static const uint8_t server_mac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const uint8_t other_mac[6] = { 0x02, 0, 0, 0, 0, 0x03 };

struct server srv;
uint8_t file_data[MAX_FILE];
static uint8_t sink_buf[MAX_FILE];
struct mem_sink sink;
struct tftp_result res;

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
	if (s->stray_block && s->rrqs == 1) {
		uint8_t d[4 + 512];
		put_be16(d, TFTP_DATA);
		put_be16(d + 2, s->stray_block);
		memset(d + 4, 0xee, 512);
		reply(s, SERVER_IP, TID + 500, d, sizeof(d));
	}
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
		if (s->refuse_twice) {
			static const uint8_t e[] = "\0\5\0\10Options not supported";
			reply(s, SERVER_IP, (uint16_t)(s->tid + 100), e, sizeof(e));
		}
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
	memcpy(s->oack_sent, o, n);
	s->oack_sent_len = n;
	s->oacks++;
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
	if (n == 0 && s->repeat_oack) {
		s->repeat_oack--;
		s->oacks++;
		reply(s, SERVER_IP, s->tid, s->oack_sent, s->oack_sent_len);
		return;
	}
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
void setup(uint32_t size)
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

int fetch(uint16_t blksize, uint16_t windowsize)
{
	struct tftp_settings set = { .blksize = blksize, .windowsize = windowsize,
				     .quiet = true };

	return tftp_fetch(&fake_nd, SERVER_IP, "boot.img", &set, &sink.sink, &res);
}

/* The sink holds exactly the file. */
void check_file_received(void)
{
	CHECK_EQ(sink.received, srv.size);
	CHECK(memcmp(sink_buf, file_data, srv.size) == 0);
	CHECK_EQ(res.bytes, srv.size);
}

void check_acks(const uint16_t *want, size_t n)
{
	CHECK_EQ(srv.nacks, n);
	for (size_t i = 0; i < n; i++)
		CHECK_EQ(srv.acks[i], want[i]);
}

const struct sent_error *only_error(void)
{
	CHECK_EQ(srv.nerrors, 1);
	return &srv.errors[0];
}
