/* DHCP option walking with overload (RFC 2131 §4.1, RFC 2132 §9.3) and
 * concatenation of split options (RFC 3396). */
#include "net/dhcp_options.h"
#include "net/bootp.h"
#include "core/compiler.h"
#include "core/errors.h"
#include "core/string.h"

static const uint8_t cookie[4] = { 99, 130, 83, 99 };

struct area {
	const uint8_t *p;
	size_t len;
};

/* The areas that hold options, in the order RFC 3396 §6 joins them. */
static size_t areas(const struct dhcp_msg *msg, struct area out[3])
{
	size_t n = 0;

	if (msg->len <= BOOTP_OPTIONS ||
	    memcmp(msg->data + BOOTP_COOKIE, cookie, 4) != 0)
		return 0;
	out[n++] = (struct area){ msg->data + BOOTP_OPTIONS, msg->len - BOOTP_OPTIONS };
	if (msg->overload & OVERLOAD_FILE)
		out[n++] = (struct area){ msg->data + BOOTP_FILE, BOOTP_FILE_LEN };
	if (msg->overload & OVERLOAD_SNAME)
		out[n++] = (struct area){ msg->data + BOOTP_SNAME, BOOTP_SNAME_LEN };
	return n;
}

/* Calls visit() for each option in one area; -E_BADPKT if one overruns. */
typedef void (*visit_fn)(void *ctx, uint8_t code, const uint8_t *val, uint8_t len);

static int walk(const struct area *a, visit_fn visit, void *ctx)
{
	size_t i = 0;

	while (i < a->len) {
		uint8_t code = a->p[i];
		if (code == OPT_PAD) {
			i++;
			continue;
		}
		if (code == OPT_END)
			return 0;
		if (i + 2 > a->len || i + 2 + a->p[i + 1] > a->len)
			return -E_BADPKT;
		visit(ctx, code, a->p + i + 2, a->p[i + 1]);
		i += 2 + (size_t)a->p[i + 1];
	}
	return 0;	/* a missing END is tolerated, as most clients do */
}

static void find_overload(void *ctx, uint8_t code, const uint8_t *val, uint8_t len)
{
	if (code == OPT_OVERLOAD && len == 1)
		*(uint8_t *)ctx = val[0] & (OVERLOAD_FILE | OVERLOAD_SNAME);
}

static void ignore(void *ctx, uint8_t code, const uint8_t *val, uint8_t len)
{
	(void)ctx, (void)code, (void)val, (void)len;
}

int dhcp_msg_open(struct dhcp_msg *msg, const uint8_t *data, size_t len)
{
	struct area a[3];

	msg->data = data;
	msg->len = len;
	msg->overload = 0;
	if (len < BOOTP_FIXED_LEN)
		return -E_BADPKT;
	size_t n = areas(msg, a);
	if (!n)
		return 0;
	uint8_t overload = 0;
	int rc = walk(&a[0], find_overload, &overload);
	if (rc < 0)
		return rc;
	msg->overload = overload;
	n = areas(msg, a);
	for (size_t i = 1; i < n; i++)
		if ((rc = walk(&a[i], ignore, NULL)) < 0)
			return rc;
	return 0;
}

struct gather {
	uint8_t code;
	uint8_t *out;
	size_t max;
	size_t len;
	bool found;
	bool overflow;
};

static void gather(void *ctx, uint8_t code, const uint8_t *val, uint8_t len)
{
	struct gather *g = ctx;

	if (code != g->code)
		return;
	g->found = true;
	if (g->len + len > g->max) {
		g->overflow = true;
		return;
	}
	memcpy(g->out + g->len, val, len);
	g->len += len;
}

int dhcp_option(const struct dhcp_msg *msg, uint8_t code, uint8_t *out,
		size_t max)
{
	struct gather g = { code, out, max, 0, false, false };
	struct area a[3];
	size_t n = areas(msg, a);

	for (size_t i = 0; i < n; i++)
		walk(&a[i], gather, &g);	/* checked by dhcp_msg_open() */
	if (!g.found)
		return -E_NOTFOUND;
	return g.overflow ? -E_TOOBIG : (int)g.len;
}

bool dhcp_option_uint(const struct dhcp_msg *msg, uint8_t code, size_t size,
		      uint32_t *value)
{
	uint8_t buf[4];
	uint32_t v = 0;

	if (size > 4 || dhcp_option(msg, code, buf, sizeof(buf)) != (int)size)
		return false;
	for (size_t i = 0; i < size; i++)	/* big-endian */
		v = v << 8 | buf[i];
	*value = v;
	return true;
}

bool dhcp_option_text(const struct dhcp_msg *msg, uint8_t code, char *out,
		      size_t max)
{
	char text[256];

	if (!max)
		return false;
	int len = dhcp_option(msg, code, (uint8_t *)text, sizeof(text));
	if (len < 0)
		return false;
	/* RFC 2132 §2: trailing NULs are not part of the text.  Anything
	 * after an embedded NUL would be silently lost, so refuse that. */
	size_t n = strnlen(text, (size_t)len);
	for (size_t i = n; i < (size_t)len; i++)
		if (text[i])
			return false;
	if (n >= max)
		return false;
	memcpy(out, text, n);
	out[n] = '\0';
	return true;
}
