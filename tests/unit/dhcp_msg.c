/* Reply builder and request reader for the DHCP tests (dhcp_msg.h). */
#include "tests/unit/dhcp_msg.h"
#include "tests/unit/fakes.h"
#include "tests/unit/harness.h"
#include "net/bootp.h"
#include "core/byteorder.h"
#include <string.h>

static const uint8_t cookie[4] = { 99, 130, 83, 99 };

void msg_init(struct msg *m, uint32_t xid, uint32_t yiaddr, uint32_t siaddr)
{
	memset(m, 0, sizeof(*m));
	m->b[BOOTP_OP] = BOOTREPLY;
	m->b[BOOTP_HTYPE] = HTYPE_ETHERNET;
	m->b[BOOTP_HLEN] = 6;
	put_be32(m->b + BOOTP_XID, xid);
	put_be32(m->b + BOOTP_YIADDR, yiaddr);
	put_be32(m->b + BOOTP_SIADDR, siaddr);
	memcpy(m->b + BOOTP_CHADDR, fake_mac, 6);
	memcpy(m->b + BOOTP_COOKIE, cookie, 4);
	m->len = BOOTP_OPTIONS;
}

void msg_raw(struct msg *m, const void *bytes, size_t n)
{
	CHECK(m->len + n <= sizeof(m->b));
	memcpy(m->b + m->len, bytes, n);
	m->len += n;
}

void msg_opt(struct msg *m, uint8_t code, const void *val, size_t n)
{
	msg_raw(m, (const uint8_t[]){ code, (uint8_t)n }, 2);
	msg_raw(m, val, n);
}

void msg_opt32(struct msg *m, uint8_t code, uint32_t v)
{
	uint8_t b[4];

	put_be32(b, v);
	msg_opt(m, code, b, 4);
}

void msg_text(struct msg *m, uint8_t code, const char *text)
{
	msg_opt(m, code, text, strlen(text));
}

void msg_end(struct msg *m)
{
	msg_raw(m, (const uint8_t[]){ OPT_END }, 1);
}

const uint8_t *req_option(const uint8_t *b, size_t len, uint8_t code,
			  size_t *olen)
{
	for (size_t i = BOOTP_OPTIONS; i < len && b[i] != OPT_END;) {
		if (b[i] == OPT_PAD) {
			i++;
			continue;
		}
		CHECK(i + 2 <= len && i + 2 + b[i + 1] <= len);
		if (b[i] == code) {
			*olen = b[i + 1];
			return b + i + 2;
		}
		i += 2 + (size_t)b[i + 1];
	}
	return NULL;
}
