/*
 * Unit tests of the BOOTP/DHCP wire format: reading hostile replies
 * (dhcp_options.c, dhcp_lease.c) and building requests (dhcp_request.c).
 */
#include "tests/unit/harness.h"
#include "tests/unit/fakes.h"
#include "tests/unit/dhcp_msg.h"
#include "core/byteorder.h"
#include "core/errors.h"
#include "net/bootp.h"
#include "net/dhcp_lease.h"
#include "net/dhcp_options.h"
#include "net/dhcp_request.h"
#include <stdlib.h>
#include <string.h>

#define IP(a, b, c, d) \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))


/* Copy a list of bytes to dst: PUT(p, OPT_PAD, OPT_END). */
#define PUT(dst, ...) \
	memcpy(dst, (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }))

/* ---- Building replies ------------------------------------------------ */

/* Write option code holding text into a fixed field at p; returns the
 * byte after it. */
static uint8_t *put_text(uint8_t *p, uint8_t code, const char *text)
{
	size_t n = strlen(text);

	p[0] = code;
	p[1] = (uint8_t)n;
	memcpy(p + 2, text, n);
	return p + 2 + n;
}

/* ---- Parsing hostile replies --------------------------------------- */

static struct dhcp_lease lease;	/* too big for a comfortable stack */

/* The message in a buffer of exactly its length, so that AddressSanitizer
 * catches any read past its end; valid until the next call. */
static const uint8_t *exact(const struct msg *m)
{
	static uint8_t *copy;

	free(copy);
	copy = malloc(m->len);
	CHECK(copy != NULL);
	memcpy(copy, m->b, m->len);
	return copy;
}

static int open_msg(struct dhcp_msg *dm, const struct msg *m)
{
	return dhcp_msg_open(dm, exact(m), m->len);
}

static int parse(const struct msg *m, const char **why)
{
	*why = "(not set)";
	return dhcp_lease_parse(&lease, exact(m), m->len, why);
}

/* dhcp_option() on a message that must open cleanly. */
static int option(const struct msg *m, uint8_t code, uint8_t *out, size_t max)
{
	struct dhcp_msg dm;

	CHECK_EQ(open_msg(&dm, m), 0);
	return dhcp_option(&dm, code, out, max);
}

static bool text_option(const struct msg *m, uint8_t code, char *out, size_t max)
{
	struct dhcp_msg dm;

	CHECK_EQ(open_msg(&dm, m), 0);
	return dhcp_option_text(&dm, code, out, max);
}

/* RFC 2131 §2: the fixed header is 236 bytes; less is not a message. */
TEST(header_shorter_than_236_is_refused)
{
	struct msg m;
	struct dhcp_msg dm;
	const char *why;

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	m.len = BOOTP_FIXED_LEN - 1;
	CHECK_EQ(open_msg(&dm, &m), -E_BADPKT);
	CHECK_EQ(parse(&m, &why), -E_BADPKT);
	CHECK_STR(why, "truncated header");
	/* The bare header, without even a cookie, is a BOOTP reply. */
	m.len = BOOTP_FIXED_LEN;
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_EQ(lease.client_ip, IP(10, 0, 0, 5));
	CHECK_EQ(lease.type, DHCP_NONE);
}

/* RFC 2131 §3: options follow only the magic cookie; without it the
 * fixed fields still make an RFC 951 reply. */
TEST(wrong_cookie_hides_options_but_fixed_fields_count)
{
	struct msg m;
	uint8_t out[8];
	const char *why;

	msg_init(&m, 0x11223344, IP(10, 1, 2, 3), IP(10, 0, 0, 1));
	m.b[BOOTP_COOKIE + 3] = 98;
	put_be32(m.b + BOOTP_GIADDR, IP(10, 9, 9, 9));
	strcpy((char *)m.b + BOOTP_FILE, "boot/x86.img");
	strcpy((char *)m.b + BOOTP_SNAME, "bootsrv");
	msg_opt(&m, OPT_MSG_TYPE, (uint8_t[]){ DHCPACK }, 1);
	msg_opt32(&m, OPT_NETMASK, IP(255, 255, 255, 0));
	msg_end(&m);
	CHECK_EQ(option(&m, OPT_MSG_TYPE, out, sizeof(out)), -E_NOTFOUND);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_EQ(lease.type, DHCP_NONE);
	CHECK_EQ(lease.xid, 0x11223344);
	CHECK_EQ(lease.client_ip, IP(10, 1, 2, 3));
	CHECK_EQ(lease.next_server, IP(10, 0, 0, 1));
	CHECK_EQ(lease.relay, IP(10, 9, 9, 9));
	CHECK_EQ(lease.netmask, IP(255, 0, 0, 0));	/* class A, not option 1 */
	CHECK_STR(lease.bootfile, "boot/x86.img");
	CHECK_STR(lease.server_name, "bootsrv");
}

/* An option whose length runs past its area is hostile: the whole
 * message is refused, in the options field and in an overloaded field. */
TEST(option_running_past_its_area_is_refused)
{
	struct msg m;
	struct dhcp_msg dm;
	const char *why;

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_MSG_TYPE, (uint8_t[]){ DHCPOFFER }, 1);
	msg_raw(&m, (const uint8_t[]){ OPT_HOSTNAME, 10, 'a', 'b', 'c' }, 5);
	CHECK_EQ(open_msg(&dm, &m), -E_BADPKT);
	CHECK_EQ(parse(&m, &why), -E_BADPKT);
	CHECK_STR(why, "an option runs past the end of its field");

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_OVERLOAD, (uint8_t[]){ OVERLOAD_FILE }, 1);
	msg_end(&m);
	PUT(m.b + BOOTP_FILE + BOOTP_FILE_LEN - 3, OPT_HOSTNAME, 2, 'h');
	CHECK_EQ(open_msg(&dm, &m), -E_BADPKT);
	CHECK_EQ(parse(&m, &why), -E_BADPKT);

	/* The same bytes in a file field that holds text are harmless. */
	m.b[BOOTP_OPTIONS + 2] = 0;
	CHECK_EQ(open_msg(&dm, &m), 0);
}

/* An option code in the very last byte has no length byte: malformed.
 * A PAD there is fine (RFC 2132 §3.1: PAD has no length). */
TEST(option_code_in_the_last_byte_is_refused)
{
	struct msg m;
	struct dhcp_msg dm;

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_MSG_TYPE, (uint8_t[]){ DHCPOFFER }, 1);
	msg_raw(&m, (const uint8_t[]){ OPT_HOSTNAME }, 1);
	CHECK_EQ(open_msg(&dm, &m), -E_BADPKT);
	m.b[m.len - 1] = OPT_PAD;
	CHECK_EQ(open_msg(&dm, &m), 0);
}

/* RFC 2132 §3.1: PAD may appear any number of times; a zero-length
 * option is present, with an empty value.  A missing END is tolerated. */
TEST(pad_runs_zero_length_options_and_missing_end)
{
	struct msg m;
	uint8_t out[16];
	char text[16] = "unchanged";
	uint32_t v = 7;
	const char *why;

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_HOSTNAME, "", 0);
	m.len += 40;				/* PADs */
	msg_text(&m, OPT_DOMAIN, "lab");
	msg_raw(&m, (const uint8_t[]){ OPT_PAD, OPT_PAD }, 2);
	msg_opt(&m, OPT_MTU, (uint8_t[]){ 0x05, 0xdc }, 2);	/* no END */
	CHECK_EQ(option(&m, OPT_HOSTNAME, out, sizeof(out)), 0);
	CHECK(text_option(&m, OPT_HOSTNAME, text, sizeof(text)));
	CHECK_STR(text, "");
	struct dhcp_msg dm;
	CHECK_EQ(open_msg(&dm, &m), 0);
	CHECK(!dhcp_option_uint(&dm, OPT_HOSTNAME, 1, &v));
	CHECK_EQ(v, 7);
	CHECK(dhcp_option_uint(&dm, OPT_MTU, 2, &v));
	CHECK_EQ(v, 1500);
	CHECK_EQ(option(&m, OPT_ROUTER, out, sizeof(out)), -E_NOTFOUND);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_STR(lease.domain, "lab");
	CHECK_EQ(lease.mtu, 1500);
}

/* RFC 2132 §3.2: END closes its area; what follows is padding, whatever
 * it holds, in the options field and in an overloaded field alike. */
TEST(bytes_after_end_are_ignored)
{
	struct msg m;
	uint8_t out[16];
	const char *why;

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_OVERLOAD, (uint8_t[]){ OVERLOAD_FILE }, 1);
	msg_text(&m, OPT_HOSTNAME, "real");
	msg_end(&m);
	msg_text(&m, OPT_DOMAIN, "evil");
	msg_raw(&m, (const uint8_t[]){ OPT_HOSTNAME, 200 }, 2);	/* would overrun */
	*put_text(m.b + BOOTP_FILE + 1, OPT_ROOT_PATH, "/evil") = OPT_END;
	m.b[BOOTP_FILE] = OPT_END;
	CHECK_EQ(option(&m, OPT_DOMAIN, out, sizeof(out)), -E_NOTFOUND);
	CHECK_EQ(option(&m, OPT_ROOT_PATH, out, sizeof(out)), -E_NOTFOUND);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_STR(lease.hostname, "real");
	CHECK_STR(lease.domain, "");
}

/* RFC 2132 §9.3: option 52 moves options into file (1), sname (2) or
 * both (3); an overloaded field is then not text. */
TEST(overload_moves_options_into_file_and_sname)
{
	struct msg m;
	const char *why;

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_OVERLOAD, (uint8_t[]){ OVERLOAD_FILE }, 1);
	msg_end(&m);
	*put_text(m.b + BOOTP_FILE, OPT_BOOTFILE, "efi/boot.efi") = OPT_END;
	strcpy((char *)m.b + BOOTP_SNAME, "tftp.lab");
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_STR(lease.bootfile, "efi/boot.efi");
	CHECK_STR(lease.server_name, "tftp.lab");

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_OVERLOAD, (uint8_t[]){ OVERLOAD_SNAME }, 1);
	msg_end(&m);
	*put_text(m.b + BOOTP_SNAME, OPT_HOSTNAME, "client7") = OPT_END;
	strcpy((char *)m.b + BOOTP_FILE, "plain.efi");
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_STR(lease.hostname, "client7");
	CHECK_STR(lease.bootfile, "plain.efi");
	CHECK_STR(lease.server_name, "");

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_OVERLOAD, (uint8_t[]){ OVERLOAD_FILE | OVERLOAD_SNAME }, 1);
	msg_end(&m);
	*put_text(m.b + BOOTP_FILE, OPT_HOSTNAME, "host") = OPT_END;
	*put_text(m.b + BOOTP_SNAME, OPT_DOMAIN, "lab.example") = OPT_END;
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_STR(lease.hostname, "host");
	CHECK_STR(lease.domain, "lab.example");
	CHECK_STR(lease.bootfile, "");		/* the option bytes are not a name */
	CHECK_STR(lease.server_name, "");
}

/* Option 52 counts only in the options field: one inside file or sname
 * must not switch on another field (no loops, no field pointing at
 * another). */
TEST(overload_inside_file_or_sname_is_ignored)
{
	struct msg m;
	struct dhcp_msg dm;
	const char *why;

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_OVERLOAD, (uint8_t[]){ OVERLOAD_FILE }, 1);
	msg_end(&m);
	PUT(m.b + BOOTP_FILE, OPT_OVERLOAD, 1, OVERLOAD_FILE | OVERLOAD_SNAME,
	    OPT_HOSTNAME, 2, 'h', 'i', OPT_END);
	strcpy((char *)m.b + BOOTP_SNAME, "srv.example");	/* not options */
	CHECK_EQ(open_msg(&dm, &m), 0);
	CHECK_EQ(dm.overload, OVERLOAD_FILE);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_STR(lease.hostname, "hi");
	CHECK_STR(lease.server_name, "srv.example");

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_OVERLOAD, (uint8_t[]){ OVERLOAD_SNAME }, 1);
	msg_end(&m);
	PUT(m.b + BOOTP_SNAME, OPT_OVERLOAD, 1, OVERLOAD_FILE, OPT_END);
	strcpy((char *)m.b + BOOTP_FILE, "boot.efi");
	CHECK_EQ(open_msg(&dm, &m), 0);
	CHECK_EQ(dm.overload, OVERLOAD_SNAME);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_STR(lease.bootfile, "boot.efi");
}

/* RFC 3396 §6-7: the instances of an option are joined in the order
 * options field, file, sname. */
TEST(split_option_is_concatenated_across_areas)
{
	struct msg m;
	uint8_t out[32];
	const char *why;

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_OVERLOAD, (uint8_t[]){ OVERLOAD_FILE | OVERLOAD_SNAME }, 1);
	msg_text(&m, OPT_BOOTFILE, "pxe/");
	msg_end(&m);
	*put_text(m.b + BOOTP_SNAME, OPT_BOOTFILE, ".0") = OPT_END;
	*put_text(m.b + BOOTP_FILE, OPT_BOOTFILE, "linux") = OPT_END;
	CHECK_EQ(option(&m, OPT_BOOTFILE, out, sizeof(out)), 11);
	CHECK(memcmp(out, "pxe/linux.0", 11) == 0);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_STR(lease.bootfile, "pxe/linux.0");

	/* Two instances in the options field join too. */
	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_text(&m, OPT_HOSTNAME, "ab");
	msg_text(&m, OPT_DOMAIN, "x");
	msg_text(&m, OPT_HOSTNAME, "cd");
	msg_end(&m);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_STR(lease.hostname, "abcd");
}

/* dhcp_option() never writes past max, also when the parts of a split
 * option only overflow together. */
TEST(option_longer_than_the_buffer_is_too_big)
{
	struct msg m;
	uint8_t out[8];

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_text(&m, OPT_HOSTNAME, "abcdef");
	msg_text(&m, OPT_DOMAIN, "abc");
	msg_text(&m, OPT_DOMAIN, "def");
	msg_end(&m);
	memset(out, 0x5a, sizeof(out));
	CHECK_EQ(option(&m, OPT_HOSTNAME, out, 5), -E_TOOBIG);
	CHECK_EQ(out[5], 0x5a);
	CHECK_EQ(option(&m, OPT_HOSTNAME, out, 6), 6);
	memset(out, 0x5a, sizeof(out));
	CHECK_EQ(option(&m, OPT_DOMAIN, out, 5), -E_TOOBIG);
	CHECK_EQ(out[5], 0x5a);
}

/* RFC 2132 §2: a receiver must delete trailing NULs from text options.
 * An embedded NUL would hide the rest of the text, so that is refused. */
TEST(text_options_trailing_nul_accepted_embedded_nul_refused)
{
	struct msg m;
	char out[8];

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_HOSTNAME, "abc\0\0", 5);
	msg_opt(&m, OPT_DOMAIN, "ab\0cd", 5);
	msg_opt(&m, OPT_ROOT_PATH, "/srv\0", 5);
	msg_end(&m);
	CHECK(text_option(&m, OPT_HOSTNAME, out, sizeof(out)));
	CHECK_STR(out, "abc");
	strcpy(out, "old");
	CHECK(!text_option(&m, OPT_DOMAIN, out, sizeof(out)));
	CHECK_STR(out, "old");
	/* "/srv" fits in 5 bytes; the NUL the server counted does not
	 * make it too long. */
	CHECK(text_option(&m, OPT_ROOT_PATH, out, 5));
	CHECK_STR(out, "/srv");
	CHECK(!text_option(&m, OPT_ROOT_PATH, out, 4));
}

/* RFC 2132 §3.3, §9.7: fixed-size options of the wrong size are ignored;
 * RFC 1122 §3.3.1.1: no usable mask means the classful one. */
TEST(wrong_length_fixed_options_are_ignored)
{
	static const struct {
		uint32_t ip, mask;
	} classes[] = {
		{ IP(10, 1, 2, 3), IP(255, 0, 0, 0) },
		{ IP(172, 16, 5, 20), IP(255, 255, 0, 0) },
		{ IP(192, 168, 1, 50), IP(255, 255, 255, 0) },
	};
	struct msg m;
	const char *why;

	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		msg_init(&m, 1, classes[i].ip, 0);
		msg_opt(&m, OPT_NETMASK, (uint8_t[]){ 255, 255, 255 }, 3);
		msg_opt(&m, OPT_SERVER_ID, (uint8_t[]){ 10, 0, 0 }, 3);
		msg_opt(&m, OPT_LEASE_TIME, (uint8_t[]){ 1, 0 }, 2);
		msg_opt(&m, OPT_MTU, (uint8_t[]){ 5, 0xdc, 0 }, 3);
		msg_opt(&m, OPT_MSG_TYPE, (uint8_t[]){ 0, DHCPACK }, 2);
		msg_end(&m);
		CHECK_EQ(parse(&m, &why), 0);
		CHECK_EQ(lease.netmask, classes[i].mask);
		CHECK_EQ(lease.server_id, 0);
		CHECK_EQ(lease.lease_secs, 0);
		CHECK_EQ(lease.mtu, 0);
		CHECK_EQ(lease.type, DHCP_NONE);
	}
}

/* RFC 2132 §3.5, §3.8: router and DNS options are lists of addresses in
 * order of preference; any multiple of 4 is legal. */
TEST(address_lists_take_the_first_entries)
{
	struct msg m;
	uint8_t routers[4 * 9];
	const char *why;

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_ROUTER, (uint8_t[]){ 10, 0, 0, 1, 10, 0, 0, 2 }, 8);
	msg_opt(&m, OPT_DNS, (uint8_t[]){ 10, 0, 0, 53, 10, 0, 0, 54, 10, 0, 0, 55 }, 12);
	msg_end(&m);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_EQ(lease.router, IP(10, 0, 0, 1));
	CHECK_EQ(lease.dns[0], IP(10, 0, 0, 53));
	CHECK_EQ(lease.dns[1], IP(10, 0, 0, 54));

	/* Nine routers are as legal as two; one DNS server leaves no second. */
	for (int i = 0; i < 9; i++)
		put_be32(routers + 4 * i, IP(10, 0, 0, 1 + i));
	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_ROUTER, routers, sizeof(routers));
	msg_opt32(&m, OPT_DNS, IP(10, 0, 0, 99));
	msg_end(&m);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_EQ(lease.router, IP(10, 0, 0, 1));
	CHECK_EQ(lease.dns[0], IP(10, 0, 0, 99));
	CHECK_EQ(lease.dns[1], 0);
}

/* RFC 2132 §5.1: the MTU option's minimum legal value is 68. */
TEST(mtu_below_68_is_ignored)
{
	struct msg m;
	const char *why;

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_MTU, (uint8_t[]){ 0, 67 }, 2);
	msg_end(&m);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_EQ(lease.mtu, 0);
	m.b[BOOTP_OPTIONS + 3] = 68;
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_EQ(lease.mtu, 68);
}

/* Our option 57 asks for at most DHCP_MSG_MAX bytes (RFC 2132 §9.10). */
TEST(reply_longer_than_we_asked_for_is_refused)
{
	struct msg m;
	const char *why;

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_opt(&m, OPT_MSG_TYPE, (uint8_t[]){ DHCPACK }, 1);
	m.len = DHCP_MSG_MAX + 1;		/* PADs to the end */
	CHECK_EQ(parse(&m, &why), -E_BADPKT);
	CHECK_STR(why, "longer than the 1472 bytes we asked for");
	m.len = DHCP_MSG_MAX;
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_EQ(lease.type, DHCPACK);
	CHECK_EQ(lease.raw_len, DHCP_MSG_MAX);
	CHECK(memcmp(lease.raw, m.b, DHCP_MSG_MAX) == 0);
}

/* RFC 951 §3: a client takes only BOOTREPLYs; ours are for Ethernet. */
TEST(only_bootreplies_for_ethernet_are_taken)
{
	struct msg m;
	const char *why;

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_end(&m);
	m.b[BOOTP_OP] = BOOTREQUEST;
	CHECK_EQ(parse(&m, &why), -E_BADPKT);
	CHECK_STR(why, "not a BOOTREPLY for Ethernet");
	m.b[BOOTP_OP] = BOOTREPLY;
	m.b[BOOTP_HTYPE] = 6;			/* IEEE 802 */
	CHECK_EQ(parse(&m, &why), -E_BADPKT);
	m.b[BOOTP_HTYPE] = HTYPE_ETHERNET;
	m.b[BOOTP_HLEN] = 16;
	CHECK_EQ(parse(&m, &why), -E_BADPKT);
	m.b[BOOTP_HLEN] = 6;
	CHECK_EQ(parse(&m, &why), 0);
}

/* PXE 2.1 §2.2.2: a proxyDHCP offer has yiaddr 0 and option 60
 * "PXEClient"; both are needed. */
TEST(proxydhcp_offer_is_recognised)
{
	struct msg m;
	const char *why;

	msg_init(&m, 1, 0, IP(10, 0, 0, 2));
	msg_text(&m, OPT_VENDOR_CLASS, "PXEClient");
	msg_end(&m);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK(lease.pxe_proxy);
	put_be32(m.b + BOOTP_YIADDR, IP(10, 0, 0, 5));
	CHECK_EQ(parse(&m, &why), 0);
	CHECK(!lease.pxe_proxy);

	msg_init(&m, 1, 0, IP(10, 0, 0, 2));
	msg_text(&m, OPT_VENDOR_CLASS, "MSFT 5.0");
	msg_end(&m);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK(!lease.pxe_proxy);
}

/* RFC 2131 §2: the next server is siaddr; RFC 2132 §9.4: else option 66,
 * which names it (an address only if it is a dotted quad). */
TEST(next_server_from_siaddr_else_option_66)
{
	struct msg m;
	const char *why;

	msg_init(&m, 1, IP(10, 0, 0, 5), IP(10, 0, 0, 2));
	msg_text(&m, OPT_TFTP_SERVER, "10.0.0.66");
	msg_end(&m);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_EQ(lease.next_server, IP(10, 0, 0, 2));
	CHECK_STR(lease.server_name, "10.0.0.66");

	put_be32(m.b + BOOTP_SIADDR, 0);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_EQ(lease.next_server, IP(10, 0, 0, 66));

	msg_init(&m, 1, IP(10, 0, 0, 5), 0);
	msg_text(&m, OPT_TFTP_SERVER, "tftp.lab");
	msg_end(&m);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_EQ(lease.next_server, 0);
	CHECK_STR(lease.server_name, "tftp.lab");
	CHECK(!dhcp_lease_names_boot(&lease));
}

/* RFC 2132 §9.5: option 67 stands in for the file field, so the field
 * wins when it holds a name. */
TEST(bootfile_from_file_field_else_option_67)
{
	struct msg m;
	const char *why;

	msg_init(&m, 1, IP(10, 0, 0, 5), IP(10, 0, 0, 2));
	strcpy((char *)m.b + BOOTP_FILE, "field.efi");
	msg_text(&m, OPT_BOOTFILE, "option.efi");
	msg_end(&m);
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_STR(lease.bootfile, "field.efi");
	CHECK(dhcp_lease_names_boot(&lease));
	m.b[BOOTP_FILE] = 0;
	CHECK_EQ(parse(&m, &why), 0);
	CHECK_STR(lease.bootfile, "option.efi");
}

/* ---- Building requests --------------------------------------------- */

/* option code must be there with exactly these bytes. */
static void check_option(const uint8_t *b, size_t len, uint8_t code,
			 const void *want, size_t want_len)
{
	size_t n;
	const uint8_t *v = req_option(b, len, code, &n);

	if (!v)
		test_fail(__FILE__, __LINE__, "option %u missing", code);
	if (n != want_len || memcmp(v, want, n) != 0)
		test_fail(__FILE__, __LINE__, "option %u differs (length %zu)", code, n);
}

static const struct dhcp_identity ident = {
	.mac = { 0x02, 0, 0, 0, 0, 0x01 },
	.uuid = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 },
	.max_msg = 1472,
};

/* RFC 2131 §4.1 and table 5, RFC 4578 §2 and PXE 2.1 §2.2.1: what a
 * PXE client's DHCPDISCOVER holds. */
TEST(discover_layout)
{
	uint8_t b[1500];
	struct dhcp_request req = { .type = DHCPDISCOVER, .xid = 0xdeadbeef, .secs = 3 };
	size_t len = dhcp_request_build(b, sizeof(b), &ident, &req);
	size_t n;

	CHECK(len >= BOOTP_MIN_LEN);
	CHECK_EQ(b[BOOTP_OP], BOOTREQUEST);
	CHECK_EQ(b[BOOTP_HTYPE], HTYPE_ETHERNET);
	CHECK_EQ(b[BOOTP_HLEN], 6);
	CHECK_EQ(get_be32(b + BOOTP_XID), 0xdeadbeef);
	CHECK_EQ(get_be16(b + BOOTP_SECS), 3);
	CHECK_EQ(get_be16(b + BOOTP_FLAGS), BOOTP_FLAG_BROADCAST);
	CHECK_EQ(get_be32(b + BOOTP_CIADDR), 0);
	CHECK(memcmp(b + BOOTP_CHADDR, fake_mac, 6) == 0);
	CHECK(memcmp(b + BOOTP_COOKIE, (const uint8_t[]){ 99, 130, 83, 99 }, 4) == 0);
	/* The message type comes first (RFC 2131 §4.1 asks for it early). */
	CHECK(memcmp(b + BOOTP_OPTIONS, (uint8_t[]){ OPT_MSG_TYPE, 1, DHCPDISCOVER }, 3) == 0);
	check_option(b, len, OPT_MAX_SIZE, (uint8_t[]){ 1472 >> 8, 1472 & 0xff }, 2);
	check_option(b, len, OPT_CLIENT_ID, (uint8_t[]){ 1, 2, 0, 0, 0, 0, 1 }, 7);
	const uint8_t *list = req_option(b, len, OPT_PARAM_LIST, &n);
	CHECK(list != NULL);
	CHECK(memchr(list, OPT_NETMASK, n) && memchr(list, OPT_ROUTER, n) &&
	      memchr(list, OPT_BOOTFILE, n) && memchr(list, OPT_TFTP_SERVER, n));
	check_option(b, len, OPT_VENDOR_CLASS, "PXEClient:Arch:00000:UNDI:002001", 32);
	check_option(b, len, OPT_USER_CLASS, "netboot", 7);
	check_option(b, len, OPT_CLIENT_ARCH, (uint8_t[]){ 0, 0 }, 2);
	check_option(b, len, OPT_CLIENT_NDI, (uint8_t[]){ 1, 2, 1 }, 3);
	uint8_t uuid[17] = { 0 };
	memcpy(uuid + 1, ident.uuid, 16);
	check_option(b, len, OPT_CLIENT_UUID, uuid, 17);
	CHECK(req_option(b, len, OPT_REQUESTED_IP, &n) == NULL);
	CHECK(req_option(b, len, OPT_SERVER_ID, &n) == NULL);
	/* An END, and only zeros after it. */
	const uint8_t *end = memchr(b + BOOTP_OPTIONS, OPT_END, len - BOOTP_OPTIONS);
	CHECK(end != NULL);
	for (const uint8_t *p = end + 1; p < b + len; p++)
		CHECK_EQ(*p, 0);
}

/* RFC 4578 §2.1: option 93 and the class identifier carry the
 * architecture; a configured vendor class replaces the PXE string. */
TEST(identity_options_follow_the_settings)
{
	uint8_t b[1500];
	struct dhcp_identity id = ident;
	struct dhcp_request req = { .type = DHCPDISCOVER, .xid = 1 };
	size_t len;

	id.arch = 7;
	id.max_msg = 576;
	len = dhcp_request_build(b, sizeof(b), &id, &req);
	check_option(b, len, OPT_VENDOR_CLASS, "PXEClient:Arch:00007:UNDI:002001", 32);
	check_option(b, len, OPT_CLIENT_ARCH, (uint8_t[]){ 0, 7 }, 2);
	check_option(b, len, OPT_MAX_SIZE, (uint8_t[]){ 576 >> 8, 576 & 0xff }, 2);
	id.vendor_class = "MyROM";
	len = dhcp_request_build(b, sizeof(b), &id, &req);
	check_option(b, len, OPT_VENDOR_CLASS, "MyROM", 5);
}

/* RFC 2131 §4.3.2 and table 5: a REQUEST in SELECTING names the offered
 * address (50) and the chosen server (54), with ciaddr 0. */
TEST(request_names_address_and_server)
{
	uint8_t b[1500];
	struct dhcp_request req = {
		.type = DHCPREQUEST, .xid = 42,
		.requested_ip = IP(192, 168, 1, 50), .server_id = IP(192, 168, 1, 10),
	};
	size_t len = dhcp_request_build(b, sizeof(b), &ident, &req);

	CHECK(len >= BOOTP_MIN_LEN);
	CHECK_EQ(get_be32(b + BOOTP_XID), 42);
	CHECK_EQ(get_be32(b + BOOTP_CIADDR), 0);
	check_option(b, len, OPT_MSG_TYPE, (uint8_t[]){ DHCPREQUEST }, 1);
	check_option(b, len, OPT_REQUESTED_IP, (uint8_t[]){ 192, 168, 1, 50 }, 4);
	check_option(b, len, OPT_SERVER_ID, (uint8_t[]){ 192, 168, 1, 10 }, 4);
	check_option(b, len, OPT_CLIENT_ID, (uint8_t[]){ 1, 2, 0, 0, 0, 0, 1 }, 7);
}

/* RFC 1534 §2: a BOOTP server tells DHCP from BOOTP by option 53, so a
 * plain BOOTREQUEST must not carry it. */
TEST(bootp_request_has_no_message_type)
{
	uint8_t b[1500];
	struct dhcp_request req = { .type = DHCP_NONE, .xid = 9 };
	size_t len = dhcp_request_build(b, sizeof(b), &ident, &req);
	size_t n;

	CHECK(len >= BOOTP_MIN_LEN);
	CHECK_EQ(b[BOOTP_OP], BOOTREQUEST);
	CHECK(req_option(b, len, OPT_MSG_TYPE, &n) == NULL);
}

/* The builder never writes a truncated message: 0 when it does not fit. */
TEST(request_build_refuses_a_small_buffer)
{
	uint8_t b[1500];
	struct dhcp_request req = { .type = DHCPREQUEST, .xid = 1,
				    .requested_ip = 1, .server_id = 2 };
	size_t need = dhcp_request_build(b, sizeof(b), &ident, &req);

	CHECK(need > BOOTP_MIN_LEN);
	CHECK_EQ(dhcp_request_build(b, need, &ident, &req), need);
	CHECK_EQ(dhcp_request_build(b, need - 1, &ident, &req), 0);
	CHECK_EQ(dhcp_request_build(b, BOOTP_MIN_LEN - 1, &ident, &req), 0);
}
