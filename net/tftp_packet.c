/* TFTP packet building and hostile-input-safe parsing. */
#include "net/tftp_packet.h"
#include "core/byteorder.h"
#include "core/errors.h"
#include "core/format.h"
#include "core/string.h"

static bool put_text(uint8_t *buf, size_t max, size_t *len, const char *s)
{
	size_t n = strlen(s) + 1;

	if (*len + n > max)
		return false;
	memcpy(buf + *len, s, n);
	*len += n;
	return true;
}

static bool put_option(uint8_t *buf, size_t max, size_t *len,
		       const char *name, unsigned long value)
{
	char text[12];

	format_buf(text, sizeof(text), "%lu", value);
	return put_text(buf, max, len, name) && put_text(buf, max, len, text);
}

size_t tftp_build_rrq(uint8_t *buf, size_t max, const char *file,
		      const struct tftp_ask *ask)
{
	size_t len = 2;

	if (!file[0] || max < 2)
		return 0;
	put_be16(buf, TFTP_RRQ);
	bool ok = put_text(buf, max, &len, file) &&
		  put_text(buf, max, &len, "octet");
	if (ok && ask->blksize)
		ok = put_option(buf, max, &len, "blksize", ask->blksize);
	/* RFC 2349 §3: a client asks for the size by sending tsize 0. */
	if (ok && ask->tsize)
		ok = put_option(buf, max, &len, "tsize", 0);
	if (ok && ask->windowsize)
		ok = put_option(buf, max, &len, "windowsize", ask->windowsize);
	return ok ? len : 0;
}

/* A decimal number with no sign, spaces or overflow past limit. */
static bool parse_decimal(const char *s, uint32_t limit, uint32_t *out)
{
	uint32_t v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		uint32_t d = (uint32_t)(*s - '0');
		if (d > limit || v > (limit - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* The next NUL-terminated string in [*pos, len), or NULL if unterminated. */
static const char *next_string(const uint8_t *p, size_t len, size_t *pos)
{
	if (*pos >= len)
		return NULL;
	const char *s = (const char *)p + *pos;
	size_t n = strnlen(s, len - *pos);
	if (*pos + n >= len)
		return NULL;
	*pos += n + 1;
	return s;
}

int tftp_parse_oack(const uint8_t *p, size_t len, const struct tftp_ask *ask,
		    struct tftp_grant *g, const char **why)
{
	size_t pos = 0;

	memset(g, 0, sizeof(*g));
	while (pos < len) {
		const char *name = next_string(p, len, &pos);
		const char *value = name ? next_string(p, len, &pos) : NULL;
		uint32_t v;
		if (!value) {
			*why = "option without a terminated value";
			return -E_BADPKT;
		}
		/* RFC 2347: option names are case-insensitive.  A server may
		 * only grant what we asked, and never more of it. */
		if (!str_casecmp(name, "blksize") && ask->blksize) {
			if (g->blksize || !parse_decimal(value, ask->blksize, &v) ||
			    v < TFTP_MIN_BLKSIZE) {
				*why = "blksize out of range";
				return -E_BADPKT;
			}
			g->blksize = (uint16_t)v;
		} else if (!str_casecmp(name, "windowsize") && ask->windowsize) {
			if (g->windowsize || !parse_decimal(value, ask->windowsize, &v) ||
			    v < 1) {
				*why = "windowsize out of range";
				return -E_BADPKT;
			}
			g->windowsize = (uint16_t)v;
		} else if (!str_casecmp(name, "tsize") && ask->tsize) {
			if (g->has_tsize || !parse_decimal(value, UINT32_MAX, &g->tsize)) {
				*why = "tsize is not a size below 4 GiB";
				return -E_BADPKT;
			}
			g->has_tsize = true;
		} else {
			*why = "an option we did not ask for";
			return -E_BADPKT;
		}
	}
	return 0;
}

void tftp_parse_error(const uint8_t *p, size_t len, uint16_t *code,
		      char *text, size_t max)
{
	size_t n = 0;

	*code = len >= 4 ? get_be16(p + 2) : TFTP_ENOTDEFINED;
	/* The text should end in a NUL; stop there, at the packet's end, or
	 * at anything that could upset a terminal. */
	for (size_t i = 4; i < len && n + 1 < max; i++) {
		if (p[i] < 0x20 || p[i] > 0x7e)
			break;
		text[n++] = (char)p[i];
	}
	if (max)
		text[n] = '\0';
}

size_t tftp_build_error(uint8_t *buf, size_t max, uint16_t code, const char *text)
{
	size_t len = 4;

	if (max < 5)
		return 0;
	put_be16(buf, TFTP_ERROR);
	put_be16(buf + 2, code);
	if (!put_text(buf, max, &len, text)) {
		buf[4] = '\0';
		len = 5;
	}
	return len;
}
