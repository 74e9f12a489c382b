/*
 * romtool: the settings block (core/settings.h) inside an image of any
 * kind, found by its magic, shown and edited as KEY=VALUE.
 */
#include "util/romtool.h"
#include "core/errors.h"
#include "core/settings.h"
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { STRING, IPV4, SECONDS };

static const struct key {
	const char *name;
	enum settings_tag tag;
	enum kind kind;
} keys[] = {
	{ "filename", SETTING_FILENAME, STRING },
	{ "next-server", SETTING_NEXT_SERVER, IPV4 },
	{ "ip", SETTING_CLIENT_IP, IPV4 },
	{ "netmask", SETTING_NETMASK, IPV4 },
	{ "gateway", SETTING_GATEWAY, IPV4 },
	{ "dhcp-timeout", SETTING_DHCP_TIMEOUT, SECONDS },
	{ "tftp-timeout", SETTING_TFTP_TIMEOUT, SECONDS },
	{ "vendor-class", SETTING_VENDOR_CLASS, STRING },
	{ "no-chain", SETTING_NO_CHAIN, STRING },
	{ "initrd", SETTING_INITRD, STRING },
	{ "cmdline", SETTING_CMDLINE, STRING },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

int settings_locate(const struct image *im, size_t *at)
{
	size_t magics = 0, sealed = 0, first = 0;

	for (size_t i = 0; i + 8 <= im->size; i++) {
		if (!settings_magic_at(im->data + i))
			continue;
		if (!magics++)
			first = i;
		if (!in_range(i, SETTINGS_BLOCK_SIZE, im->size) ||
		    !settings_crc_ok(im->data + i))
			continue;
		if (sealed++) {
			fprintf(stderr, "romtool: %s: settings blocks at 0x%zx and 0x%zx; "
				"which one is meant is unclear\n", im->path, *at, i);
			return -1;
		}
		*at = i;
	}
	if (sealed)
		return 1;
	if (magics == 1 && in_range(first, SETTINGS_BLOCK_SIZE, im->size)) {
		*at = first;	/* one block, damaged: settings_show says so */
		return 1;
	}
	if (magics)
		fprintf(stderr, "romtool: %s: settings magic at 0x%zx%s, but no block with "
			"a matching CRC\n", im->path, first, magics > 1 ? " and elsewhere" : "");
	return magics ? -1 : 0;
}

/* Value text to bytes: *len 0 for an empty text (remove). */
static int encode(const struct key *k, const char *text, uint8_t *buf, size_t *len)
{
	struct in_addr a;
	char *end;
	unsigned long v;

	*len = 0;
	if (!*text)
		return 0;
	switch (k->kind) {
	case STRING:
		*len = strlen(text);
		if (*len > SETTINGS_NAME_MAX)
			return -1;
		memcpy(buf, text, *len);
		return 0;
	case IPV4:
		if (inet_pton(AF_INET, text, &a) != 1)
			return -1;
		memcpy(buf, &a.s_addr, 4);
		*len = 4;
		return 0;
	case SECONDS:
		v = strtoul(text, &end, 10);
		if (*end || text[0] == '-' || v > 0xFFFF)
			return -1;
		buf[0] = (uint8_t)v;
		buf[1] = (uint8_t)(v >> 8);
		*len = 2;
		return 0;
	}
	return -1;
}

int settings_apply(uint8_t *block, const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	uint8_t value[SETTINGS_NAME_MAX] = { 0 };
	size_t vlen;
	int r;

	for (size_t i = 0; eq && i < NKEYS; i++) {
		const struct key *k = &keys[i];

		if (strlen(k->name) != (size_t)(eq - assignment) ||
		    strncmp(k->name, assignment, (size_t)(eq - assignment)))
			continue;
		if (encode(k, eq + 1, value, &vlen)) {
			fprintf(stderr, "romtool: %s: not a valid %s\n", assignment,
				k->kind == IPV4 ? "IPv4 address" :
				k->kind == SECONDS ? "number of seconds" : "string");
			return -1;
		}
		r = settings_set(block, k->tag, value, vlen);
		if (r) {
			fprintf(stderr, "romtool: %s: refused (%s)\n", assignment,
				r == -E_TOOBIG ? "no room left in the block" :
				r == -E_NOTSUP ? "block of another version" : "value or block invalid");
			return -1;
		}
		if (vlen)
			printf("settings: %s set to \"%s\"\n", k->name, eq + 1);
		else
			printf("settings: %s removed\n", k->name);
		return 0;
	}
	fprintf(stderr, "romtool: %s: not KEY=VALUE with a known KEY\n", assignment);
	return -1;
}

static void show_value(const struct key *k, const struct settings *s)
{
	uint32_t ip = 0;
	unsigned secs = 0;

	switch (k->tag) {
	case SETTING_FILENAME: printf("  %s=%s\n", k->name, s->filename); return;
	case SETTING_VENDOR_CLASS: printf("  %s=%s\n", k->name, s->vendor_class); return;
	case SETTING_NO_CHAIN: printf("  %s=%s\n", k->name, s->no_chain); return;
	case SETTING_INITRD: printf("  %s=%s\n", k->name, s->initrd); return;
	case SETTING_CMDLINE: printf("  %s=%s\n", k->name, s->cmdline); return;
	case SETTING_NEXT_SERVER: ip = s->next_server; break;
	case SETTING_CLIENT_IP: ip = s->client_ip; break;
	case SETTING_NETMASK: ip = s->netmask; break;
	case SETTING_GATEWAY: ip = s->gateway; break;
	case SETTING_DHCP_TIMEOUT: secs = s->dhcp_timeout_s; break;
	case SETTING_TFTP_TIMEOUT: secs = s->tftp_timeout_s; break;
	default: return;
	}
	if (k->kind == IPV4)
		printf("  %s=%u.%u.%u.%u\n", k->name, ip >> 24, ip >> 16 & 255,
		       ip >> 8 & 255, ip & 255);
	else
		printf("  %s=%u\n", k->name, secs);
}

void settings_show(struct check *c, const struct image *im, size_t at)
{
	const uint8_t *b = im->data + at;
	struct settings s;
	int r = settings_parse(b, SETTINGS_BLOCK_SIZE, &s);

	printf("settings: block at 0x%zx, version %u, %u of %u bytes used\n", at,
	       b[SETTINGS_OFF_VERSION], le16(b + SETTINGS_OFF_USED), SETTINGS_AREA_SIZE);
	if (r == -E_NOTSUP) {
		problem(c, "settings block version %u, this tool reads version %u",
			b[SETTINGS_OFF_VERSION], SETTINGS_VERSION);
		return;
	}
	if (r) {
		problem(c, "settings block at 0x%zx is damaged or malformed (CRC %s)", at,
			settings_crc_ok(b) ? "ok, entries invalid" : "wrong");
		return;
	}
	if (!s.present)
		printf("  (empty)\n");
	for (size_t i = 0; i < NKEYS; i++)
		if (s.present & SETTING_BIT(keys[i].tag))
			show_value(&keys[i], &s);
}

int settings_edit(struct image *im, char *const *assignments, size_t n)
{
	struct settings s;
	size_t at;
	int r = settings_locate(im, &at);

	if (r == 0)
		fprintf(stderr, "romtool: %s: no settings block in this image\n", im->path);
	if (r != 1)
		return -1;
	uint8_t *b = im->data + at;
	if (settings_parse(b, SETTINGS_BLOCK_SIZE, &s)) {
		fprintf(stderr, "romtool: %s: the settings block at 0x%zx is damaged; "
			"not rewriting it\n", im->path, at);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (settings_apply(b, assignments[i]))
			return -1;
	settings_finish(b);
	if (settings_parse(b, SETTINGS_BLOCK_SIZE, &s)) {
		fprintf(stderr, "romtool: %s: settings refused together: a client address "
			"needs a netmask, and a netmask or gateway needs a client address\n",
			im->path);
		return -1;
	}
	printf("settings: block at 0x%zx sealed, CRC 0x%08x\n", at, settings_crc(b));
	return 0;
}
