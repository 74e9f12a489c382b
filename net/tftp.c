/* TFTP read client: one session, driven by received packets and timeouts. */
#include "net/tftp.h"
#include "net/tftp_packet.h"
#include "net/ipv4.h"
#include "net/udp.h"
#include "core/byteorder.h"
#include "core/clock.h"
#include "core/console.h"
#include "core/errors.h"
#include "core/format.h"
#include "core/string.h"

#define PROGRESS_EVERY_MS 1000

enum state { WAIT_FIRST, RECEIVING, DONE, FAILED };

struct tftp {
	struct netdev *nd;
	uint32_t server;
	struct ipv4_text server_text;	/* for messages */
	const char *file;
	struct sink *sink;
	struct udp_socket sock;
	enum state state;
	int error;
	uint16_t tid;		/* the server's port, 0 until it answers */
	struct tftp_ask ask;	/* what the current RRQ asks for */
	uint16_t blksize, window;
	bool tsize_known;
	uint32_t tsize;
	uint32_t block;		/* blocks received in order */
	uint32_t bytes;
	uint16_t in_window;	/* blocks since our last ACK */
	uint32_t gap_acked;	/* block+1 when we last ACKed a gap */
	uint32_t dup_acked;	/* block+1 when we last ACKed a duplicate */
	uint32_t rto;		/* current retransmission timeout */
	uint32_t srtt8, rttvar4;	/* RFC 6298 state, x8 and x4; 0 = none */
	uint32_t sent_at;	/* when the packet being timed went out */
	bool timing;		/* a round trip is being measured */
	uint32_t progress_at;	/* last request or in-order block */
	uint32_t give_up_ms;	/* tftp_settings.give_up_ms */
	uint32_t deadline;
	uint32_t started;
	uint32_t retransmits;
	bool shown;		/* a progress line is on screen */
};

static void send_to(struct tftp *t, uint32_t ip, uint16_t port, size_t len)
{
	/* -E_AGAIN (next hop's MAC being re-resolved) is covered by our
	 * retransmission timer like a lost packet. */
	udp_send(t->nd, &t->sock, ip, port, len);
}

static void send_error(struct tftp *t, uint32_t ip, uint16_t port,
		       uint16_t code, const char *text)
{
	uint8_t *p = udp_payload(t->nd);

	send_to(t, ip, port, tftp_build_error(p, udp_payload_max(t->nd), code, text));
}

static void fail(struct tftp *t, int err, uint16_t code, const char *peer_text,
		 const char *fmt, ...) PRINTF_LIKE(5, 6);

/* End the transfer with err and say why; unless peer_text is NULL, tell
 * the server too (an ERROR with code and peer_text). */
static void fail(struct tftp *t, int err, uint16_t code, const char *peer_text,
		 const char *fmt, ...)
{
	va_list ap;

	if (peer_text)
		send_error(t, t->server, t->tid ? t->tid : TFTP_PORT, code, peer_text);
	va_start(ap, fmt);
	/* Skipping the "\n" unless a progress line needs ending. */
	con_printf(&"\nTFTP: "[!t->shown]);
	con_vprintf(fmt, ap);
	con_printf("\n");
	va_end(ap);
	t->error = err;
	t->state = FAILED;
}

/* Start the retransmission timer; a first transmission is also timed for
 * the round-trip estimate, a repeat is not (Karn's rule). */
static void arm_timer(struct tftp *t, bool first)
{
	t->deadline = deadline_in(t->rto);
	t->timing = first;
	t->sent_at = clock_ms();
}

/* RFC 6298 §2: SRTT and RTTVAR from a new sample, RTO = SRTT + 4 RTTVAR,
 * kept in fixed point (x8 and x4) to stay in integers. */
static void measure_rtt(struct tftp *t)
{
	uint32_t r = ms_since(t->sent_at);

	t->timing = false;
	if (!t->srtt8) {
		t->srtt8 = r * 8 + 1;
		t->rttvar4 = r * 2;
	} else {
		uint32_t srtt = t->srtt8 / 8;
		uint32_t delta = srtt > r ? srtt - r : r - srtt;
		t->rttvar4 = t->rttvar4 - t->rttvar4 / 4 + delta;
		t->srtt8 = t->srtt8 - t->srtt8 / 8 + r;
	}
	uint32_t rto = t->srtt8 / 8 + MAX(1u, t->rttvar4);
	t->rto = MIN(MAX(rto, (uint32_t)TFTP_RTO_MIN_MS), (uint32_t)TFTP_RTO_MAX_MS);
}

/* What the state calls for: the request until the server answers, then
 * an ACK of the blocks we hold. */
static void send_next(struct tftp *t, bool first)
{
	uint8_t *p = udp_payload(t->nd);
	size_t len = 4;
	uint16_t port = t->tid;

	if (t->state == WAIT_FIRST) {
		len = tftp_build_rrq(p, udp_payload_max(t->nd), t->file, &t->ask);
		port = TFTP_PORT;
	} else {
		put_be16(p, TFTP_ACK);
		put_be16(p + 2, (uint16_t)t->block);	/* RFC 1350: wraps at 65536 */
		t->in_window = 0;
	}
	send_to(t, t->server, port, len);
	arm_timer(t, first);
}

static void on_error(struct tftp *t, const uint8_t *p, size_t len)
{
	uint16_t code;
	char text[80];

	tftp_parse_error(p, len, &code, text, sizeof(text));
	/* RFC 2347 §"Negotiation": a server that will not take our options
	 * answers error 8; some older ones say "illegal operation" (4).  A
	 * request without options cannot be refused for them, so error 8
	 * after we asked again without them answers a resent copy of the
	 * first request, late. */
	if (t->state == WAIT_FIRST && !t->ask.blksize && code == TFTP_EOPTIONS) {
		con_printf("TFTP: ignoring a late refusal of our options "
			   "(error %u: %s)\n", code, text);
		return;
	}
	if (t->state == WAIT_FIRST && t->ask.blksize &&
	    (code == TFTP_EOPTIONS || code == TFTP_EBADOP)) {
		con_printf("TFTP: server refused our options (error %u: %s), "
			   "asking again without them\n", code, text);
		memset(&t->ask, 0, sizeof(t->ask));
		t->progress_at = clock_ms();
		send_next(t, false);
		return;
	}
	int err = code == TFTP_ENOTFOUND ? -E_NOTFOUND :
		  code == TFTP_ENOSPACE ? -E_TOOBIG : -E_REFUSED;
	fail(t, err, 0, NULL, "server %s: error %u: %s", t->server_text.s, code,
	     text[0] ? text : "(no text)");
}

static void on_oack(struct tftp *t, uint16_t port, const uint8_t *p, size_t len)
{
	struct tftp_grant g;
	const char *why;

	if (t->state != WAIT_FIRST || !t->ask.blksize) {
		/* The server repeats its OACK when our ACK 0 is lost.  Answer
		 * once, as a duplicate block is: each answer re-arms our timer,
		 * so answering every repeat would keep the stall limit from
		 * ever being checked.  Our timer resends ACK 0 after that. */
		if (t->state == RECEIVING && t->block == 0 && t->dup_acked != 1) {
			t->dup_acked = 1;
			send_next(t, false);
		}
		return;
	}
	t->tid = port;
	if (tftp_parse_oack(p, len, &t->ask, &g, &why) < 0) {
		fail(t, -E_PROTOCOL, TFTP_EOPTIONS, "Bad OACK",
		     "bad option acknowledgement from %s: %s", t->server_text.s, why);
		return;
	}
	t->blksize = g.blksize ? g.blksize : TFTP_DEFAULT_BLKSIZE;
	t->window = g.windowsize ? g.windowsize : 1;
	if (g.has_tsize) {
		int rc = t->sink->expect(t->sink, g.tsize);
		if (rc < 0) {
			fail(t, rc, TFTP_ENOSPACE, "File too large",
			     "%s is %u bytes; that does not fit here", t->file, g.tsize);
			return;
		}
		t->tsize_known = true;
		t->tsize = g.tsize;
	}
	if (t->timing)
		measure_rtt(t);
	t->state = RECEIVING;
	t->progress_at = clock_ms();
	send_next(t, true);
}

static void store(struct tftp *t, const uint8_t *data, size_t n)
{
	if (n > t->blksize) {
		fail(t, -E_PROTOCOL, TFTP_EBADOP, "Block too large",
		     "block %u is %u bytes, more than the %u granted",
		     t->block + 1, (unsigned)n, t->blksize);
		return;
	}
	if (t->tsize_known && n > t->tsize - t->bytes) {
		fail(t, -E_PROTOCOL, TFTP_EBADOP, "More than tsize",
		     "server sends more than the %u bytes it announced", t->tsize);
		return;
	}
	int rc = t->sink->write(t->sink, t->bytes, data, n);
	if (rc < 0) {
		fail(t, rc, TFTP_ENOSPACE, "Cannot store",
		     "cannot store %s past byte %u: %s", t->file, t->bytes,
		     error_text(rc));
		return;
	}
	if (t->timing)
		measure_rtt(t);
	t->block++;
	t->bytes += (uint32_t)n;
	t->in_window++;
	t->progress_at = clock_ms();
	t->deadline = t->progress_at + t->rto;
	if (n < t->blksize) {	/* RFC 1350 §6: a short block ends it */
		if (t->tsize_known && t->bytes != t->tsize) {
			fail(t, -E_PROTOCOL, 0, NULL,
			     "server announced %u bytes but sent %u", t->tsize, t->bytes);
			return;
		}
		send_next(t, false);
		t->state = DONE;
	} else if (t->in_window >= t->window) {
		send_next(t, true);
	}
}

static void on_data(struct tftp *t, uint16_t port, const uint8_t *p, size_t len)
{
	uint16_t number = get_be16(p + 2);

	if (t->state == WAIT_FIRST) {
		/* Block numbers begin with 1 (RFC 1350 §5), so another one
		 * is left over from an earlier transfer and must not take
		 * the TID from the real answer. */
		if (number != 1)
			return;
		/* DATA instead of an OACK: the server ignores options, so RFC
		 * 1350 rules apply (512-byte blocks, one at a time). */
		t->tid = port;
		t->blksize = TFTP_DEFAULT_BLKSIZE;
		t->window = 1;
		t->state = RECEIVING;
	}
	uint16_t ahead = (uint16_t)(number - (uint16_t)(t->block + 1));

	if (ahead == 0) {
		store(t, p + 4, len - 4);
	} else if (ahead < 0x8000) {
		/* A block went missing: RFC 7440 §4 has the receiver ACK the
		 * last block it holds so the server resends from there.  Once
		 * per gap, or the rest of the window would each trigger it. */
		if (t->gap_acked != t->block + 1) {
			t->gap_acked = t->block + 1;
			send_next(t, true);
		}
	} else if (number == (uint16_t)t->block && t->dup_acked != t->block + 1) {
		/* The server resent our last block, so our ACK was lost.  One
		 * answer per block: ACKing every duplicate would let a server
		 * with the Sorcerer's Apprentice bug (RFC 1123 §4.2.3.1) double
		 * the traffic forever. */
		t->dup_acked = t->block + 1;
		send_next(t, false);
	}
}

static void on_packet(void *ctx, const struct udp_meta *from,
		      const uint8_t *p, size_t len)
{
	struct tftp *t = ctx;

	if (t->state >= DONE)
		return;
	if (len < 4)
		return;
	/* RFC 1350 §4: a packet from a stranger gets error 5 and changes
	 * nothing; the transfer goes on.  An ERROR is never answered (§7), or
	 * two confused peers could bounce errors forever. */
	if (from->src_ip != t->server || (t->tid && from->src_port != t->tid)) {
		if (get_be16(p) != TFTP_ERROR)
			send_error(t, from->src_ip, from->src_port, TFTP_EBADID,
				   "Unknown transfer ID");
		return;
	}
	switch (get_be16(p)) {
	case TFTP_ERROR:
		on_error(t, p, len);
		break;
	case TFTP_OACK:
		on_oack(t, from->src_port, p + 2, len - 2);
		break;
	case TFTP_DATA:
		on_data(t, from->src_port, p, len);
		break;
	default:	/* a stray ACK or request: not ours to act on */
		break;
	}
}

static void on_timeout(struct tftp *t)
{
	bool requesting = t->state == WAIT_FIRST;
	uint32_t limit = t->give_up_ms ? t->give_up_ms :
			 requesting ? TFTP_GIVE_UP_MS : TFTP_STALL_GIVE_UP_MS;

	if (ms_since(t->progress_at) >= limit) {
		fail(t, -E_TIMEOUT, 0, NULL, "%s: no answer from %s for %u s",
		     requesting ? "request" : "transfer", t->server_text.s,
		     limit / 1000);
		return;
	}
	t->retransmits++;
	t->rto = MIN(t->rto * 2, (uint32_t)TFTP_RTO_MAX_MS);
	send_next(t, false);
}

static unsigned percent(uint32_t part, uint32_t whole)
{
	if (!whole)
		return 100;
	return whole > 0xffffff ? part / (whole / 100) : part * 100 / whole;
}

static void show_progress(struct tftp *t)
{
	struct rate_text rate = rate_text(t->bytes, ms_since(t->started));

	t->shown = true;
	if (t->tsize_known)
		con_printf("\rTFTP: %u of %u KiB (%u%%), %s MB/s ", t->bytes >> 10,
			   t->tsize >> 10, percent(t->bytes, t->tsize), rate.s);
	else
		con_printf("\rTFTP: %u KiB, %s MB/s ", t->bytes >> 10, rate.s);
}

uint16_t tftp_blksize_for_mtu(const struct netdev *nd)
{
	return (uint16_t)(udp_payload_max(nd) - 4);	/* 4: opcode, block */
}

static int start(struct tftp *t, const struct tftp_settings *s)
{
	uint16_t fit = tftp_blksize_for_mtu(t->nd);
	uint32_t hop;

	t->server_text = ipv4_text(t->server);
	t->give_up_ms = s->give_up_ms;
	t->ask.blksize = s->blksize ? s->blksize : fit;
	if (t->ask.blksize > fit || t->ask.blksize < TFTP_MIN_BLKSIZE) {
		con_printf("TFTP: block size %u is out of range for MTU %u; "
			   "using %u\n", t->ask.blksize, t->nd->mtu, fit);
		t->ask.blksize = fit;
	}
	uint16_t window = s->windowsize ? s->windowsize : TFTP_DEFAULT_WINDOW;
	t->ask.windowsize = window > 1 ? window : 0;
	t->ask.tsize = true;

	int rc = ipv4_next_hop(t->nd, t->server, &hop);
	if (rc < 0) {
		con_printf("TFTP: no route to %s (no gateway)\n", t->server_text.s);
		return rc;
	}
	rc = arp_resolve(t->nd, hop, TFTP_ARP_TIMEOUT_MS);
	if (rc < 0) {
		con_printf("TFTP: %s%s does not answer ARP within %u s\n",
			   hop == t->server ? "server " : "gateway ",
			   ipv4_text(hop).s, TFTP_ARP_TIMEOUT_MS / 1000);
		return rc;
	}
	if (!tftp_build_rrq(udp_payload(t->nd), udp_payload_max(t->nd), t->file,
			    &t->ask)) {
		con_printf("TFTP: file name \"%s\" is empty or too long for one "
			   "request\n", t->file);
		return -E_INVALID;
	}
	rc = udp_open(t->nd, &t->sock, 0, on_packet, t);
	if (rc < 0)
		return rc;
	con_printf("TFTP: fetching %s from %s (block %u, window %u)\n", t->file,
		   t->server_text.s, t->ask.blksize, window);
	t->rto = TFTP_RTO_MS;
	t->started = t->progress_at = clock_ms();
	send_next(t, true);
	return 0;
}

int tftp_fetch(struct netdev *nd, uint32_t server, const char *file,
	       const struct tftp_settings *s, struct sink *sink,
	       struct tftp_result *result)
{
	struct tftp t = { .nd = nd, .server = server, .file = file, .sink = sink };

	/* Callers read result even when we fail before the first request. */
	*result = (struct tftp_result){ 0 };
	int rc = start(&t, s);
	if (rc < 0)
		return rc;
	uint32_t next_progress = deadline_in(PROGRESS_EVERY_MS);
	while (t.state < DONE) {
		net_poll(nd);
		if (platform_abort_requested()) {
			fail(&t, -E_ABORTED, TFTP_ENOTDEFINED, "Aborted by user",
			     "aborted by the user");
			break;
		}
		if (t.state < DONE && deadline_passed(t.deadline))
			on_timeout(&t);
		if (!s->quiet && deadline_passed(next_progress)) {
			show_progress(&t);
			next_progress = deadline_in(PROGRESS_EVERY_MS);
		}
	}
	udp_close(nd, &t.sock);
	*result = (struct tftp_result){
		.bytes = t.bytes, .ms = ms_since(t.started), .blksize = t.blksize,
		.windowsize = t.window, .tsize_known = t.tsize_known,
		.retransmits = t.retransmits, .rto_ms = t.rto,
	};
	if (t.state == FAILED)
		return t.error;
	if (t.shown)
		con_printf("\n");
	con_printf("TFTP: %s: %u bytes in %s s (%s MB/s), block %u, window %u, "
		   "%u retransmissions\n", file, t.bytes, secs_text(result->ms).s,
		   rate_text(t.bytes, result->ms).s, t.blksize, t.window,
		   t.retransmits);
	return 0;
}
