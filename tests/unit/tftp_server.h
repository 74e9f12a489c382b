/*
 * A scripted TFTP server on the fake wire for test_tftp.c: it answers ARP,
 * RRQs and ACKs as each test configures it (grants, losses, reordering,
 * duplicates, lies, errors, silence) and records what the client did.
 */
#ifndef TESTS_UNIT_TFTP_SERVER_H
#define TESTS_UNIT_TFTP_SERVER_H

#include "tests/unit/fakes.h"
#include "net/tftp.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OUR_IP 0xc0a8010au	/* 192.168.1.10/24 */
#define GATEWAY_IP 0xc0a80101u
#define SERVER_IP 0xc0a80102u
#define OTHER_IP 0xc0a80103u	/* a stranger on the subnet */
#define TID 40000		/* the server's port for the first RRQ */
#define MAX_FILE (65536 * 8 + 4096)
#define MAX_ACKS 8192

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
	bool refuse_twice;		/* ...and a second ERROR 8 from another
					 * TID, as if a resent RRQ was refused too */
	uint16_t error_code;		/* answer every RRQ with this ERROR... */
	const char *error_text;		/* ...when error_text is set */
	const uint8_t *oack;		/* these OACK options instead; then it
					 * serves 512-byte blocks lock-step */
	size_t oack_len;
	uint32_t repeat_oack;		/* ACK 0 is answered by the OACK again,
					 * this many times (our ACKs seem lost) */
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
	uint16_t stray_block;		/* DATA with this number from another
					 * port comes before the first answer */
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
	uint8_t oack_sent[256];		/* the last OACK, for repeat_oack */
	size_t oack_sent_len;
	uint32_t oacks;			/* OACKs sent */
	int nerrors;
	struct sent_error errors[8];
};

extern struct server srv;
extern struct mem_sink sink;
extern struct tftp_result res;
extern uint8_t file_data[MAX_FILE];

/* A fresh server for a file of size bytes, our address configured. */
void setup(uint32_t size);
/* Fetch "boot.img" with these settings (0: the defaults), quietly. */
int fetch(uint16_t blksize, uint16_t windowsize);
/* The sink holds exactly the file. */
void check_file_received(void);
/* The client ACKed exactly these block numbers, in order. */
void check_acks(const uint16_t *want, size_t n);
/* The one ERROR the client sent. */
const struct sent_error *only_error(void);

#endif
