/*
 * Reading options from a received BOOTP/DHCP message, treating it as
 * hostile: every length is checked against its area, and option 52 is
 * honoured only in the options field, so fields cannot point at each other.
 */
#ifndef NET_DHCP_OPTIONS_H
#define NET_DHCP_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

struct dhcp_msg {
	const uint8_t *data;
	size_t len;
	uint8_t overload;	/* OVERLOAD_* bits from option 52 */
};

/* Check the areas of msg and record its overload bits: 0, or -E_BADPKT
 * when an option runs past the end of its area. */
int dhcp_msg_open(struct dhcp_msg *msg, const uint8_t *data, size_t len);

/* Copy option code into out: all its instances joined in RFC 3396 order
 * (options field, file, sname).  Returns the length (0 is a valid empty
 * option), -E_NOTFOUND when absent, -E_TOOBIG when it exceeds max. */
int dhcp_option(const struct dhcp_msg *msg, uint8_t code, uint8_t *out,
		size_t max);

/* An option that must be exactly 1, 2 or 4 bytes, big-endian: true and the
 * value, or false when absent or of another length. */
bool dhcp_option_uint(const struct dhcp_msg *msg, uint8_t code, size_t size,
		      uint32_t *value);

/* A text option as a C string in out[max]: true if present, fits and holds
 * no NUL before its end (trailing NULs are tolerated). */
bool dhcp_option_text(const struct dhcp_msg *msg, uint8_t code, char *out,
		      size_t max);

#endif
