/*
 * Unit tests of the TFTP client: whole transfers through tftp_fetch()
 * against a scripted server on the fake wire.
 */
#include "tests/unit/harness.h"
#include "tests/unit/fakes.h"
#include "tests/unit/tftp_server.h"
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

/* A configured limit replaces both defaults. */
TEST(fetch_gives_up_at_the_configured_limit)
{
	struct tftp_settings set = { .quiet = true, .give_up_ms = 5000 };
	uint32_t t0;

	setup(100);
	srv.silent = true;
	t0 = clock_ms();
	CHECK_EQ(tftp_fetch(&fake_nd, SERVER_IP, "boot.img", &set, &sink.sink, &res), -E_TIMEOUT);
	CHECK(clock_ms() - t0 >= 5000 && clock_ms() - t0 < 5000 + TFTP_RTO_MAX_MS);
	CHECK(fake_console_has("TFTP: request: no answer from 192.168.1.2 for 5 s"));
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

/* A server that keeps resending its OACK (our ACK 0 never seems to reach
 * it) makes no progress: the client answers the first repeat, then leaves
 * the rest to its own timer, and gives up TFTP_STALL_GIVE_UP_MS after the
 * OACK like any stalled transfer.  Answering every repeat re-armed the
 * timer each time, so the limit was never checked while the OACKs came. */
TEST(fetch_gives_up_on_a_server_that_repeats_its_oack)
{
	setup(5000);
	srv.think_ms = 1000;	/* a repeat every second */
	srv.repeat_oack = 200;	/* then it would go on with the data */
	uint32_t t0 = clock_ms();
	CHECK_EQ(fetch(512, 4), -E_TIMEOUT);
	CHECK_EQ(sink.received, 0);
	CHECK(clock_ms() - t0 < TFTP_STALL_GIVE_UP_MS + TFTP_RTO_MAX_MS + 2 * 1000);
	CHECK(srv.repeat_oack > 0);
	CHECK(fake_console_has("TFTP: transfer: no answer from 192.168.1.2 for 40 s"));
}

/* When our RRQ was resent, the server may refuse both copies' options
 * (ERROR 8).  The second refusal arrives after the client asked again
 * without options: a request without options cannot be refused for them,
 * so it is a late answer and must not end the transfer. */
TEST(fetch_ignores_a_late_refusal_of_options)
{
	setup(700);
	srv.refuse_options = true;
	srv.refuse_twice = true;
	CHECK_EQ(fetch(0, 0), 0);
	check_file_received();
	CHECK_EQ(srv.rrqs, 2);
	CHECK_EQ(res.blksize, 512);
	CHECK_EQ(srv.nerrors, 0);
}

/* RFC 1350: the answer to a read request is an OACK or DATA block 1.  A
 * DATA of another number from another port of the server (a late resend
 * of an earlier transfer to a reused client port) answers no request of
 * ours, so it must not become the transfer's TID and shut out the real
 * answer. */
TEST(fetch_ignores_a_stray_block_before_the_first_answer)
{
	setup(5000);
	srv.stray_block = 7;
	CHECK_EQ(fetch(512, 4), 0);
	check_file_received();
	CHECK_EQ(srv.rrqs, 1);
	CHECK_EQ(srv.nerrors, 0);
	CHECK_EQ(res.retransmits, 0);
}
