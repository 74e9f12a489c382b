/*
 * The settings block (core/settings.c): writer and parser round trips,
 * every field, the refusals, and seeded random damage that must never
 * make the parser or the writer touch memory outside the block.
 */
#include "tests/unit/harness.h"
#include "core/errors.h"
#include "core/random.h"
#include "core/settings.h"
#include <stdlib.h>
#include <string.h>

#define ROUNDS 20000

static const uint8_t ip_client[4] = { 10, 0, 2, 15 };
static const uint8_t ip_mask[4] = { 255, 255, 255, 0 };
static const uint8_t ip_gw[4] = { 10, 0, 2, 2 };
static const uint8_t ip_server[4] = { 10, 0, 2, 4 };
static const uint8_t secs_dhcp[2] = { 30, 0 };
static const uint8_t secs_tftp[2] = { 0x2C, 0x01 };	/* 300 */

static void set(uint8_t *b, enum settings_tag tag, const void *v, size_t len)
{
	CHECK_EQ(settings_set(b, tag, v, len), 0);
	settings_finish(b);
}

static void set_str(uint8_t *b, enum settings_tag tag, const char *s)
{
	set(b, tag, s, strlen(s));
}

static void full_block(uint8_t *b)
{
	settings_init(b);
	set_str(b, SETTING_FILENAME, "pxe/boot.elf");
	set(b, SETTING_NEXT_SERVER, ip_server, 4);
	set(b, SETTING_CLIENT_IP, ip_client, 4);
	set(b, SETTING_NETMASK, ip_mask, 4);
	set(b, SETTING_GATEWAY, ip_gw, 4);
	set(b, SETTING_DHCP_TIMEOUT, secs_dhcp, 2);
	set(b, SETTING_TFTP_TIMEOUT, secs_tftp, 2);
	set_str(b, SETTING_VENDOR_CLASS, "NetbootTest:Arch:00000");
	set_str(b, SETTING_NO_CHAIN, "undionly.kpxe");
}

/* Append an entry by hand, bypassing settings_set's checks. */
static void raw_entry(uint8_t *b, uint8_t tag, const void *v, uint8_t len)
{
	size_t used = b[SETTINGS_OFF_USED] | b[SETTINGS_OFF_USED + 1] << 8;

	CHECK(used + 2 + len <= SETTINGS_AREA_SIZE);
	b[SETTINGS_HEADER_SIZE + used] = tag;
	b[SETTINGS_HEADER_SIZE + used + 1] = len;
	memcpy(b + SETTINGS_HEADER_SIZE + used + 2, v, len);
	used += 2u + len;
	b[SETTINGS_OFF_USED] = (uint8_t)used;
	b[SETTINGS_OFF_USED + 1] = (uint8_t)(used >> 8);
	settings_finish(b);
}

static int parse(const uint8_t *b)
{
	struct settings s;

	return settings_parse(b, SETTINGS_BLOCK_SIZE, &s);
}

TEST(settings_empty_block)
{
	uint8_t b[SETTINGS_BLOCK_SIZE];
	struct settings s;

	settings_init(b);
	CHECK(settings_magic_at(b));
	CHECK(!memcmp(b, "NBSETTNG", 8));
	CHECK_EQ(settings_parse(b, sizeof(b), &s), 0);
	CHECK_EQ(s.present, 0);
}

TEST(settings_every_field_round_trip)
{
	uint8_t b[SETTINGS_BLOCK_SIZE];
	struct settings s;

	full_block(b);
	CHECK_EQ(settings_parse(b, sizeof(b), &s), 0);
	CHECK_EQ(s.present, 0x3FE);
	CHECK_STR(s.filename, "pxe/boot.elf");
	CHECK_EQ(s.next_server, 0x0A000204);
	CHECK_EQ(s.client_ip, 0x0A00020F);
	CHECK_EQ(s.netmask, 0xFFFFFF00);
	CHECK_EQ(s.gateway, 0x0A000202);
	CHECK_EQ(s.dhcp_timeout_s, 30);
	CHECK_EQ(s.tftp_timeout_s, 300);
	CHECK_STR(s.vendor_class, "NetbootTest:Arch:00000");
	CHECK_STR(s.no_chain, "undionly.kpxe");
}

TEST(settings_replace_and_remove)
{
	uint8_t b[SETTINGS_BLOCK_SIZE];
	struct settings s;

	full_block(b);
	set_str(b, SETTING_FILENAME, "a-much-longer/boot/file/name.nbi");
	set(b, SETTING_NO_CHAIN, NULL, 0);
	set(b, SETTING_DHCP_TIMEOUT, NULL, 0);
	CHECK_EQ(settings_parse(b, sizeof(b), &s), 0);
	CHECK_STR(s.filename, "a-much-longer/boot/file/name.nbi");
	CHECK(!(s.present & SETTING_BIT(SETTING_NO_CHAIN)));
	CHECK(!(s.present & SETTING_BIT(SETTING_DHCP_TIMEOUT)));
	CHECK_EQ(s.tftp_timeout_s, 300);
	CHECK_STR(s.vendor_class, "NetbootTest:Arch:00000");
	/* Removing what is not there changes nothing. */
	uint8_t before[SETTINGS_BLOCK_SIZE];
	memcpy(before, b, sizeof(b));
	set(b, SETTING_NO_CHAIN, NULL, 0);
	CHECK(!memcmp(before, b, sizeof(b)));
}

TEST(settings_longest_values_and_full_area)
{
	uint8_t b[SETTINGS_BLOCK_SIZE];
	char name[SETTINGS_NAME_MAX + 2];
	struct settings s;

	memset(name, 'n', sizeof(name));
	name[SETTINGS_NAME_MAX] = '\0';
	settings_init(b);
	set_str(b, SETTING_FILENAME, name);
	CHECK_EQ(settings_set(b, SETTING_NO_CHAIN, name, SETTINGS_NAME_MAX), -E_TOOBIG);
	CHECK_EQ(settings_set(b, SETTING_VENDOR_CLASS, name, SETTINGS_VCI_MAX + 1), -E_INVALID);
	CHECK_EQ(settings_set(b, SETTING_FILENAME, name, SETTINGS_NAME_MAX + 1), -E_INVALID);
	settings_finish(b);
	CHECK_EQ(settings_parse(b, sizeof(b), &s), 0);
	CHECK_EQ(strlen(s.filename), SETTINGS_NAME_MAX);
}

TEST(settings_writer_refuses_bad_values)
{
	uint8_t b[SETTINGS_BLOCK_SIZE];
	static const uint8_t zero4[4], holes[4] = { 255, 0, 255, 0 };
	static const uint8_t big[2] = { 0x11, 0x0E };	/* 3601 */

	settings_init(b);
	CHECK_EQ(settings_set(b, SETTING_NEXT_SERVER, ip_server, 3), -E_INVALID);
	CHECK_EQ(settings_set(b, SETTING_NEXT_SERVER, zero4, 4), -E_INVALID);
	CHECK_EQ(settings_set(b, SETTING_NETMASK, holes, 4), -E_INVALID);
	CHECK_EQ(settings_set(b, SETTING_NETMASK, zero4, 4), -E_INVALID);
	CHECK_EQ(settings_set(b, SETTING_DHCP_TIMEOUT, big, 2), -E_INVALID);
	CHECK_EQ(settings_set(b, SETTING_DHCP_TIMEOUT, zero4, 2), -E_INVALID);
	CHECK_EQ(settings_set(b, SETTING_FILENAME, "a\0b", 3), -E_INVALID);
	CHECK_EQ(settings_set(b, (enum settings_tag)0, "x", 1), -E_INVALID);
	CHECK_EQ(settings_set(b, SETTING_TAG_LAST, "x", 1), -E_INVALID);
	b[SETTINGS_OFF_VERSION] = 2;
	CHECK_EQ(settings_set(b, SETTING_FILENAME, "x", 1), -E_NOTSUP);
}

TEST(settings_truncated_input_refused)
{
	uint8_t b[SETTINGS_BLOCK_SIZE];
	struct settings s;

	full_block(b);
	for (size_t n = 0; n < SETTINGS_BLOCK_SIZE; n++) {
		uint8_t *p = malloc(n ? n : 1);

		memcpy(p, b, n);
		CHECK_EQ(settings_parse(p, n, &s), -E_INVALID);
		CHECK_EQ(s.present, 0);
		free(p);
	}
}

TEST(settings_truncated_entries_refused)
{
	uint8_t b[SETTINGS_BLOCK_SIZE];
	const uint8_t *area = b + SETTINGS_HEADER_SIZE;
	size_t used, next = 0, start = 0;
	unsigned last_tag = 0;

	full_block(b);
	used = b[SETTINGS_OFF_USED] | b[SETTINGS_OFF_USED + 1] << 8;
	for (size_t k = 0; k < used; k++) {
		uint8_t t[SETTINGS_BLOCK_SIZE];
		struct settings s;
		bool boundary = k == next;

		if (boundary) {		/* the entry that ends here, the next one */
			last_tag = k ? area[start] : 0;
			start = k;
			next = k + 2 + area[k + 1];
		}
		memcpy(t, b, sizeof(t));
		memset(t + SETTINGS_HEADER_SIZE + k, 0, SETTINGS_AREA_SIZE - k);
		t[SETTINGS_OFF_USED] = (uint8_t)k;
		t[SETTINGS_OFF_USED + 1] = (uint8_t)(k >> 8);
		settings_finish(t);
		/* A cut between entries parses, unless it leaves the client
		 * address without its netmask; a cut inside one never does. */
		CHECK_EQ(settings_parse(t, sizeof(t), &s),
			 boundary && last_tag != SETTING_CLIENT_IP ? 0 : -E_INVALID);
	}
}

TEST(settings_damage_detected)
{
	uint8_t b[SETTINGS_BLOCK_SIZE];

	full_block(b);
	for (size_t i = 0; i < sizeof(b); i++) {
		for (unsigned bit = 0; bit < 8; bit++) {
			b[i] ^= (uint8_t)(1u << bit);
			CHECK(parse(b) != 0);
			b[i] ^= (uint8_t)(1u << bit);
		}
	}
	CHECK_EQ(parse(b), 0);
}

TEST(settings_header_rules)
{
	uint8_t b[SETTINGS_BLOCK_SIZE];

	settings_init(b);
	b[SETTINGS_OFF_VERSION] = 2;
	settings_finish(b);
	CHECK_EQ(parse(b), -E_NOTSUP);
	settings_init(b);
	b[SETTINGS_OFF_RESERVED] = 1;
	settings_finish(b);
	CHECK_EQ(parse(b), -E_INVALID);
	settings_init(b);
	b[SETTINGS_OFF_USED] = SETTINGS_AREA_SIZE + 1;
	settings_finish(b);
	CHECK_EQ(parse(b), -E_INVALID);
	settings_init(b);
	b[SETTINGS_BLOCK_SIZE - 1] = 1;		/* junk after the entries */
	settings_finish(b);
	CHECK_EQ(parse(b), -E_INVALID);
	settings_init(b);
	b[0] = 'X';
	settings_finish(b);
	CHECK_EQ(parse(b), -E_INVALID);
}

TEST(settings_entry_rules)
{
	uint8_t b[SETTINGS_BLOCK_SIZE];
	struct settings s;

	settings_init(b);		/* unknown tags are skipped */
	raw_entry(b, 200, "future", 6);
	raw_entry(b, SETTING_FILENAME, "f", 1);
	CHECK_EQ(settings_parse(b, sizeof(b), &s), 0);
	CHECK_EQ(s.present, SETTING_BIT(SETTING_FILENAME));
	CHECK_STR(s.filename, "f");

	settings_init(b);		/* duplicates are refused */
	raw_entry(b, SETTING_FILENAME, "a", 1);
	raw_entry(b, SETTING_FILENAME, "b", 1);
	CHECK_EQ(parse(b), -E_INVALID);
	CHECK_EQ(settings_set(b, SETTING_FILENAME, "c", 1), -E_INVALID);

	settings_init(b);		/* tag 0 */
	raw_entry(b, 0, "a", 1);
	CHECK_EQ(parse(b), -E_INVALID);

	settings_init(b);		/* NUL inside a string */
	raw_entry(b, SETTING_VENDOR_CLASS, "a\0", 2);
	CHECK_EQ(parse(b), -E_INVALID);

	settings_init(b);		/* empty string */
	raw_entry(b, SETTING_FILENAME, "", 0);
	CHECK_EQ(parse(b), -E_INVALID);

	settings_init(b);		/* address of the wrong length */
	raw_entry(b, SETTING_NEXT_SERVER, "\x0a\0\0\x01\0", 5);
	CHECK_EQ(parse(b), -E_INVALID);
}

TEST(settings_static_address_rules)
{
	uint8_t b[SETTINGS_BLOCK_SIZE];

	settings_init(b);
	set(b, SETTING_CLIENT_IP, ip_client, 4);
	CHECK_EQ(parse(b), -E_INVALID);		/* no netmask */
	set(b, SETTING_NETMASK, ip_mask, 4);
	CHECK_EQ(parse(b), 0);
	set(b, SETTING_GATEWAY, ip_gw, 4);
	CHECK_EQ(parse(b), 0);
	set(b, SETTING_CLIENT_IP, NULL, 0);
	CHECK_EQ(parse(b), -E_INVALID);		/* netmask, gateway alone */
	set(b, SETTING_NETMASK, NULL, 0);
	CHECK_EQ(parse(b), -E_INVALID);		/* gateway alone */
	set(b, SETTING_GATEWAY, NULL, 0);
	CHECK_EQ(parse(b), 0);
}

/* Damage a valid block at random; half the time re-seal the CRC so the
 * entry parser sees the damage.  Parser and writer must refuse or accept
 * cleanly; a block the parser accepts must re-parse the same after the
 * writer rewrites one entry of it. */
TEST(settings_random_mutation)
{
	uint8_t good[SETTINGS_BLOCK_SIZE];
	unsigned accepted = 0, refused = 0;

	full_block(good);
	random_seed(0x5E771265);
	for (unsigned round = 0; round < ROUNDS; round++) {
		size_t n = random_below(4) ? SETTINGS_BLOCK_SIZE :
			   random_below(SETTINGS_BLOCK_SIZE + 1);
		uint8_t *p = malloc(SETTINGS_BLOCK_SIZE);
		struct settings s;

		memcpy(p, good, SETTINGS_BLOCK_SIZE);
		for (unsigned flips = 1 + random_below(6); flips; flips--) {
			size_t at = random_below(SETTINGS_BLOCK_SIZE);
			p[at] = random_below(2) ? (uint8_t)random_u32() :
				(uint8_t)(p[at] + 1 - random_below(3));
		}
		if (random_below(2))
			settings_finish(p);
		if (settings_parse(p, n, &s) == 0) {
			accepted++;
			CHECK(strlen(s.filename) <= SETTINGS_NAME_MAX);
			CHECK(strlen(s.vendor_class) <= SETTINGS_VCI_MAX);
			CHECK(strlen(s.no_chain) <= SETTINGS_NAME_MAX);
		} else {
			refused++;
		}
		if (settings_set(p, SETTING_FILENAME, "x", 1) == 0) {
			settings_finish(p);
			if (settings_parse(p, SETTINGS_BLOCK_SIZE, &s) == 0)
				CHECK_STR(s.filename, "x");
		}
		free(p);
	}
	CHECK(accepted > ROUNDS / 20);
	CHECK(refused > ROUNDS / 4);
}

/* Images carry an empty block made by a static initializer with this CRC. */
TEST(empty_block_crc_is_the_published_constant)
{
	uint8_t b[SETTINGS_BLOCK_SIZE];

	settings_init(b);
	settings_finish(b);
	CHECK_EQ(settings_crc(b), SETTINGS_EMPTY_CRC);
	CHECK_EQ(b[SETTINGS_OFF_CRC] | b[SETTINGS_OFF_CRC + 1] << 8 |
		 b[SETTINGS_OFF_CRC + 2] << 16 | (uint32_t)b[SETTINGS_OFF_CRC + 3] << 24,
		 SETTINGS_EMPTY_CRC);
}
