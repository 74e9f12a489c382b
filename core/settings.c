/* The settings block (format and rules in core/settings.h). */
#include "core/settings.h"
#include "core/byteorder.h"
#include "core/crc32.h"
#include "core/errors.h"
#include "core/string.h"

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

/* The bytes of a string value: none may be NUL. */
static int check_string(const uint8_t *v, size_t len, size_t max)
{
	if (len < 1 || len > max)
		return -E_INVALID;
	for (size_t i = 0; i < len; i++)
		if (!v[i])
			return -E_INVALID;
	return 0;
}

/* Whether value[0..len) is acceptable for tag.  Unknown tags are not
 * checked (the parser skips them). */
static int check_value(unsigned tag, const uint8_t *v, size_t len)
{
	switch (tag) {
	case SETTING_FILENAME:
	case SETTING_NO_CHAIN:
	case SETTING_INITRD:
		return check_string(v, len, SETTINGS_NAME_MAX);
	case SETTING_CMDLINE:
		return check_string(v, len, SETTINGS_CMDLINE_MAX);
	case SETTING_VENDOR_CLASS:
		return check_string(v, len, SETTINGS_VCI_MAX);
	case SETTING_NEXT_SERVER:
	case SETTING_CLIENT_IP:
	case SETTING_GATEWAY:
		return len == 4 && get_be32(v) ? 0 : -E_INVALID;
	case SETTING_NETMASK: {
		uint32_t host = len == 4 ? ~get_be32(v) : 1;

		/* Contiguous and not empty: the host part is 2^k - 1, k < 32. */
		return len == 4 && !(host & (host + 1)) && host != 0xFFFFFFFFu ?
			0 : -E_INVALID;
	}
	case SETTING_DHCP_TIMEOUT:
	case SETTING_TFTP_TIMEOUT:
		return len == 2 && get_le16(v) >= 1 && get_le16(v) <= SETTINGS_TIMEOUT_MAX ?
			0 : -E_INVALID;
	default:
		return tag ? 0 : -E_INVALID;
	}
}

static void copy_string(char *dst, const uint8_t *v, size_t len)
{
	memcpy(dst, v, len);
	dst[len] = '\0';
}

static void decode(unsigned tag, const uint8_t *v, size_t len, struct settings *s)
{
	switch (tag) {
	case SETTING_FILENAME: copy_string(s->filename, v, len); break;
	case SETTING_NO_CHAIN: copy_string(s->no_chain, v, len); break;
	case SETTING_VENDOR_CLASS: copy_string(s->vendor_class, v, len); break;
	case SETTING_INITRD: copy_string(s->initrd, v, len); break;
	case SETTING_CMDLINE: copy_string(s->cmdline, v, len); break;
	case SETTING_NEXT_SERVER: s->next_server = get_be32(v); break;
	case SETTING_CLIENT_IP: s->client_ip = get_be32(v); break;
	case SETTING_NETMASK: s->netmask = get_be32(v); break;
	case SETTING_GATEWAY: s->gateway = get_be32(v); break;
	case SETTING_DHCP_TIMEOUT: s->dhcp_timeout_s = get_le16(v); break;
	case SETTING_TFTP_TIMEOUT: s->tftp_timeout_s = get_le16(v); break;
	default: return;	/* unknown: skipped */
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
