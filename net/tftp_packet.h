/* TFTP packets (RFC 1350 §5) and option negotiation (RFC 2347). */
#ifndef NET_TFTP_PACKET_H
#define NET_TFTP_PACKET_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define TFTP_PORT 69
#define TFTP_RRQ 1
#define TFTP_DATA 3
#define TFTP_ACK 4
#define TFTP_ERROR 5
#define TFTP_OACK 6		/* RFC 2347 */

/* Error codes, RFC 1350 §5 and RFC 2347 (8). */
#define TFTP_ENOTDEFINED 0
#define TFTP_ENOTFOUND 1
#define TFTP_EACCESS 2
#define TFTP_ENOSPACE 3
#define TFTP_EBADOP 4
#define TFTP_EBADID 5
#define TFTP_EOPTIONS 8

#define TFTP_DEFAULT_BLKSIZE 512	/* RFC 1350 */
#define TFTP_MIN_BLKSIZE 8		/* RFC 2348 */
#define TFTP_MAX_BLKSIZE 65464		/* RFC 2348 */
#define TFTP_MAX_WINDOW 65535		/* RFC 7440 */

/* What we ask for; 0 leaves an option out. */
struct tftp_ask {
	uint16_t blksize;
	uint16_t windowsize;
	bool tsize;
};

/* What the server granted in its OACK. */
struct tftp_grant {
	uint16_t blksize;	/* 0 = not in the OACK */
	uint16_t windowsize;
	bool has_tsize;
	uint32_t tsize;
};

/* Write an RRQ for file in octet mode with the asked options; returns its
 * length, or 0 if the name is empty or it does not fit. */
size_t tftp_build_rrq(uint8_t *buf, size_t max, const char *file,
		      const struct tftp_ask *ask);

/* Parse the option part of an OACK (after the opcode) against what we
 * asked.  0, or -E_BADPKT with *why set. */
int tftp_parse_oack(const uint8_t *opts, size_t len, const struct tftp_ask *ask,
		    struct tftp_grant *grant, const char **why);

/* An ERROR packet's code and text; text is cut at max-1 and at the first
 * byte that is not printable ASCII. */
void tftp_parse_error(const uint8_t *pkt, size_t len, uint16_t *code,
		      char *text, size_t max);

/* Write an ERROR packet; returns its length. */
size_t tftp_build_error(uint8_t *buf, size_t max, uint16_t code, const char *text);

#endif
