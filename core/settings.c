/* The settings block (format and rules in core/settings.h). */
#include "core/settings.h"
#include "core/byteorder.h"
#include "core/crc32.h"
#include "core/errors.h"
#include "core/string.h"
#include <stddef.h>

static uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}

int settings_magic_at(const uint8_t *p)
{
	return get_le32(p) == SETTINGS_MAGIC_LO && get_le32(p + 4) == SETTINGS_MAGIC_HI;
}

uint32_t settings_crc(const uint8_t block[SETTINGS_BLOCK_SIZE])
{
	static const uint8_t zero[4];
	uint32_t crc = crc32_update(0, block, SETTINGS_OFF_CRC);

	crc = crc32_update(crc, zero, sizeof(zero));
	return crc32_update(crc, block + SETTINGS_OFF_CRC + 4,
			    SETTINGS_BLOCK_SIZE - SETTINGS_OFF_CRC - 4);
}

int settings_crc_ok(const uint8_t block[SETTINGS_BLOCK_SIZE])
{
	return get_le32(block + SETTINGS_OFF_CRC) == settings_crc(block);
}

void settings_finish(uint8_t block[SETTINGS_BLOCK_SIZE])
{
	put_le32(block + SETTINGS_OFF_CRC, settings_crc(block));
}

void settings_init(uint8_t block[SETTINGS_BLOCK_SIZE])
{
	memset(block, 0, SETTINGS_BLOCK_SIZE);
	put_le32(block, SETTINGS_MAGIC_LO);
	put_le32(block + 4, SETTINGS_MAGIC_HI);
	block[SETTINGS_OFF_VERSION] = SETTINGS_VERSION;
	settings_finish(block);
}

/* How each known tag's value is checked and where it is decoded to. */
enum value_kind {
	VALUE_STRING = 1,	/* 1..max bytes, none NUL; decoded NUL-terminated */
	VALUE_IPV4,		/* 4 bytes, network order, not 0.0.0.0 */
	VALUE_NETMASK,		/* 4 bytes, contiguous, not 0.0.0.0 */
	VALUE_TIMEOUT,		/* 2 bytes LE, 1..SETTINGS_TIMEOUT_MAX */
};

static const struct {
	uint8_t kind;		/* enum value_kind; 0: unknown tag */
	uint8_t max;		/* VALUE_STRING: longest value */
	uint16_t offset;	/* the field in struct settings */
} values[SETTING_TAG_LAST] = {
	[SETTING_FILENAME] = { VALUE_STRING, SETTINGS_NAME_MAX,
			       offsetof(struct settings, filename) },
	[SETTING_NEXT_SERVER] = { VALUE_IPV4, 0, offsetof(struct settings, next_server) },
	[SETTING_CLIENT_IP] = { VALUE_IPV4, 0, offsetof(struct settings, client_ip) },
	[SETTING_NETMASK] = { VALUE_NETMASK, 0, offsetof(struct settings, netmask) },
	[SETTING_GATEWAY] = { VALUE_IPV4, 0, offsetof(struct settings, gateway) },
	[SETTING_DHCP_TIMEOUT] = { VALUE_TIMEOUT, 0,
				   offsetof(struct settings, dhcp_timeout_s) },
	[SETTING_TFTP_TIMEOUT] = { VALUE_TIMEOUT, 0,
				   offsetof(struct settings, tftp_timeout_s) },
	[SETTING_VENDOR_CLASS] = { VALUE_STRING, SETTINGS_VCI_MAX,
				   offsetof(struct settings, vendor_class) },
	[SETTING_NO_CHAIN] = { VALUE_STRING, SETTINGS_NAME_MAX,
			       offsetof(struct settings, no_chain) },
	[SETTING_INITRD] = { VALUE_STRING, SETTINGS_NAME_MAX, offsetof(struct settings, initrd) },
	[SETTING_CMDLINE] = { VALUE_STRING, SETTINGS_CMDLINE_MAX,
			      offsetof(struct settings, cmdline) },
};

/* The kind of tag's value; 0 for tags this version does not know. */
static unsigned value_kind(unsigned tag)
{
	return tag < SETTING_TAG_LAST ? values[tag].kind : 0;
}

/* Whether value[0..len) is acceptable for tag.  Unknown tags are not
 * checked (the parser skips them); tag 0 is never valid. */
static int check_value(unsigned tag, const uint8_t *v, size_t len)
{
	uint32_t host;

	switch (value_kind(tag)) {
	case VALUE_STRING:
		if (len < 1 || len > values[tag].max ||
		    strnlen((const char *)v, len) != len)	/* a NUL inside */
			return -E_INVALID;
		return 0;
	case VALUE_IPV4:
		return len == 4 && get_be32(v) ? 0 : -E_INVALID;
	case VALUE_NETMASK:
		host = len == 4 ? ~get_be32(v) : 1;
		/* Contiguous and not empty: the host part is 2^k - 1, k < 32. */
		return len == 4 && !(host & (host + 1)) && host != 0xFFFFFFFFu ?
			0 : -E_INVALID;
	case VALUE_TIMEOUT:
		return len == 2 && get_le16(v) >= 1 && get_le16(v) <= SETTINGS_TIMEOUT_MAX ?
			0 : -E_INVALID;
	default:
		return tag ? 0 : -E_INVALID;
	}
}

/* Store an accepted value in its field of s. */
static void decode(unsigned tag, const uint8_t *v, size_t len, struct settings *s)
{
	unsigned kind = value_kind(tag);
	uint8_t *field;
	uint32_t addr;
	uint16_t secs;

	if (!kind)
		return;		/* unknown: skipped */
	field = (uint8_t *)s + values[tag].offset;
	if (kind == VALUE_STRING) {
		memcpy(field, v, len);
		field[len] = '\0';
	} else if (kind == VALUE_TIMEOUT) {
		secs = get_le16(v);
		memcpy(field, &secs, sizeof(secs));
	} else {
		addr = get_be32(v);
		memcpy(field, &addr, sizeof(addr));
	}
	s->present |= SETTING_BIT(tag);
}

/* The header's checks apart from the CRC; *used is the entries' length. */
static int check_header(const uint8_t *block, size_t *used)
{
	if (!settings_magic_at(block))
		return -E_INVALID;
	if (block[SETTINGS_OFF_VERSION] != SETTINGS_VERSION)
		return -E_NOTSUP;
	*used = get_le16(block + SETTINGS_OFF_USED);
	if (block[SETTINGS_OFF_RESERVED] || *used > SETTINGS_AREA_SIZE)
		return -E_INVALID;
	for (size_t i = SETTINGS_HEADER_SIZE + *used; i < SETTINGS_BLOCK_SIZE; i++)
		if (block[i])
			return -E_INVALID;
	return 0;
}

/* Step over one entry at *pos of area[0..used): 1 with its tag, length and
 * value offset, 0 at the end, or -E_INVALID when it overruns. */
static int next_entry(const uint8_t *area, size_t used, size_t *pos,
		      unsigned *tag, size_t *len, size_t *value)
{
	if (*pos == used)
		return 0;
	if (used - *pos < 2)
		return -E_INVALID;
	*tag = area[*pos];
	*len = area[*pos + 1];
	*value = *pos + 2;
	if (*len > used - *value)
		return -E_INVALID;
	*pos = *value + *len;
	return 1;
}

/* Every entry well formed, each value acceptable, no tag twice. */
static int check_entries(const uint8_t *area, size_t used)
{
	uint8_t seen[32] = { 0 };	/* one bit per tag value */
	size_t pos = 0, len, value;
	unsigned tag;
	int r;

	while ((r = next_entry(area, used, &pos, &tag, &len, &value)) > 0) {
		if (seen[tag / 8] & 1u << (tag % 8))
			return -E_INVALID;
		seen[tag / 8] |= (uint8_t)(1u << (tag % 8));
		if (check_value(tag, area + value, len))
			return -E_INVALID;
	}
	return r;
}

static int check_static(const struct settings *s)
{
	uint32_t p = s->present;
	int ip = !!(p & SETTING_BIT(SETTING_CLIENT_IP));

	if (ip != !!(p & SETTING_BIT(SETTING_NETMASK)))
		return -E_INVALID;
	if (!ip && (p & SETTING_BIT(SETTING_GATEWAY)))
		return -E_INVALID;
	return 0;
}

int settings_parse(const uint8_t *block, size_t len, struct settings *out)
{
	size_t used, pos = 0, vlen, value;
	unsigned tag;
	int r;

	memset(out, 0, sizeof(*out));
	if (len < SETTINGS_BLOCK_SIZE)
		return -E_INVALID;
	r = check_header(block, &used);
	if (r)
		return r;
	if (!settings_crc_ok(block))
		return -E_INVALID;
	const uint8_t *area = block + SETTINGS_HEADER_SIZE;
	r = check_entries(area, used);
	if (r)
		return r;
	while (next_entry(area, used, &pos, &tag, &vlen, &value) > 0)
		decode(tag, area + value, vlen, out);
	r = check_static(out);
	if (r)
		memset(out, 0, sizeof(*out));
	return r;
}

int settings_set(uint8_t block[SETTINGS_BLOCK_SIZE], enum settings_tag tag,
		 const void *value, size_t vlen)
{
	uint8_t *area = block + SETTINGS_HEADER_SIZE;
	size_t used, pos = 0, len, at, old_start = 0, old_end = 0;
	unsigned t;
	int r;

	if ((unsigned)tag - 1 >= SETTING_TAG_LAST - 1 ||
	    (vlen && check_value(tag, value, vlen)))
		return -E_INVALID;
	r = check_header(block, &used);
	if (!r)
		r = check_entries(area, used);
	if (r)
		return r;
	while (next_entry(area, used, &pos, &t, &len, &at) > 0) {
		if (t == (unsigned)tag) {
			old_start = at - 2;
			old_end = pos;
		}
	}
	if (vlen && SETTINGS_AREA_SIZE - (used - (old_end - old_start)) < vlen + 2)
		return -E_TOOBIG;
	memmove(area + old_start, area + old_end, used - old_end);
	used -= old_end - old_start;
	if (vlen) {
		area[used] = (uint8_t)tag;
		area[used + 1] = (uint8_t)vlen;
		memcpy(area + used + 2, value, vlen);
		used += vlen + 2;
	}
	memset(area + used, 0, SETTINGS_AREA_SIZE - used);
	put_le16(block + SETTINGS_OFF_USED, (uint16_t)used);
	return 0;
}
