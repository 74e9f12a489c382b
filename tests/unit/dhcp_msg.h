/* Building BOOTREPLYs and reading requests for the DHCP tests, apart from
 * the firmware's own option code (which is what they test). */
#ifndef TESTS_UNIT_DHCP_MSG_H
#define TESTS_UNIT_DHCP_MSG_H

#include "net/dhcp_lease.h"
#include <stddef.h>
#include <stdint.h>

/* A BOOTREPLY to fake_mac: fixed fields, the cookie, then the options
 * field, which grows at len.  One byte more than a client takes, so a
 * test can build a reply that is too long. */
struct msg {
	uint8_t b[DHCP_MSG_MAX + 1];
	size_t len;
};

void msg_init(struct msg *m, uint32_t xid, uint32_t yiaddr, uint32_t siaddr);
void msg_raw(struct msg *m, const void *bytes, size_t n);
void msg_opt(struct msg *m, uint8_t code, const void *val, size_t n);
void msg_opt32(struct msg *m, uint8_t code, uint32_t v);
void msg_text(struct msg *m, uint8_t code, const char *text);
void msg_end(struct msg *m);

/* Option code's value and length in a request, or NULL when absent. */
const uint8_t *req_option(const uint8_t *b, size_t len, uint8_t code,
			  size_t *olen);

#endif
