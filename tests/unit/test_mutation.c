/*
 * Hostile input in bulk: valid packets, corrupted at random (seeded, so a
 * failure repeats), through the parsers and the whole receive path.  Each
 * must be accepted or refused cleanly; AddressSanitizer and UBSan (this
 * program is built with both) turn any read or write out of bounds into a
 * failure.  The counts check that both outcomes really happen.
 */
#include "tests/unit/harness.h"
#include "tests/unit/fakes.h"
#include "net/bootp.h"
#include "net/dhcp_lease.h"
#include "net/tftp_packet.h"
#include "net/udp.h"
#include "core/byteorder.h"
#include "core/checksum.h"
#include "core/errors.h"
#include "core/random.h"
#include <stdlib.h>
#include <string.h>

#define ROUNDS 20000

/* Copy src into a heap buffer of exactly the mutated length, so that
 * ASan sees any read past its end, and corrupt it. */
static uint8_t *mutate(const uint8_t *src, size_t len, size_t *out_len)
{
	size_t n = len;

	switch (random_below(4)) {
	case 0:			/* cut short */
		n = random_below((uint32_t)len + 1);
		break;
	case 1:			/* grow with junk */
		n = len + random_below(64);
		break;
	default:
		break;
	}
	uint8_t *p = malloc(n ? n : 1);
	for (size_t i = 0; i < n; i++)
		p[i] = i < len ? src[i] : (uint8_t)random_u32();
	for (uint32_t flips = random_below(8); n && flips; flips--) {
		size_t at = random_below((uint32_t)n);
		/* Lengths and small numbers are where parsers go wrong. */
		p[at] = random_below(2) ? (uint8_t)random_u32() :
			(uint8_t)(p[at] + 1 - random_below(3));
	}
	*out_len = n;
	return p;
}

static size_t dhcp_ack(uint8_t *m)
{
	static const uint8_t opts[] = {
		99, 130, 83, 99, 53, 1, 5, 54, 4, 10, 0, 0, 1, 1, 4, 255, 255,
		255, 0, 3, 8, 10, 0, 0, 1, 10, 0, 0, 2, 52, 1, 3, 67, 5, 'b',
		'o', 'o', 't', 0, 12, 3, 'p', 'c', '1', 26, 2, 5, 220, 255,
	};

	memset(m, 0, 300);
	m[BOOTP_OP] = BOOTREPLY;
	m[BOOTP_HTYPE] = 1;
	m[BOOTP_HLEN] = 6;
	put_be32(m + BOOTP_YIADDR, 0x0a000005);
	/* Overloaded fields holding options of their own. */
	memcpy(m + BOOTP_FILE, (const uint8_t[]){ 17, 4, '/', 'n', 'f', 's', 255 }, 7);
	memcpy(m + BOOTP_SNAME, (const uint8_t[]){ 66, 8, '1', '0', '.', '0', '.',
						   '0', '.', '9', 255 }, 11);
	memcpy(m + BOOTP_COOKIE, opts, sizeof(opts));
	return BOOTP_COOKIE + sizeof(opts);
}

TEST(mutated_dhcp_replies_are_parsed_or_refused)
{
	static uint8_t ack[400];
	static struct dhcp_lease lease;
	size_t len = dhcp_ack(ack);
	int ok = 0, refused = 0;
	const char *why;

	CHECK_EQ(dhcp_lease_parse(&lease, ack, len, &why), 0);
	CHECK_STR(lease.bootfile, "boot");
	CHECK_STR(lease.root_path, "/nfs");
	for (int i = 0; i < ROUNDS; i++) {
		size_t n;
		uint8_t *p = mutate(ack, len, &n);
		int rc = dhcp_lease_parse(&lease, p, n, &why);
		if (rc == 0) {
			ok++;
			CHECK(strlen(lease.bootfile) < sizeof(lease.bootfile));
			CHECK(strlen(lease.hostname) < sizeof(lease.hostname));
			CHECK(lease.raw_len == n);
		} else {
			refused++;
			CHECK_EQ(rc, -E_BADPKT);
			CHECK(why && *why);
		}
		free(p);
	}
	CHECK(ok > ROUNDS / 10 && refused > ROUNDS / 10);
}

TEST(mutated_oacks_and_errors_are_parsed_or_refused)
{
	static const uint8_t oack[] = "blksize\0" "1468\0" "tsize\0" "99999\0"
				      "windowsize\0" "16";
	static const uint8_t err[] = "\0\5\0\1File not found";
	const struct tftp_ask ask = { .blksize = 1468, .windowsize = 16, .tsize = true };
	int ok = 0, refused = 0;

	for (int i = 0; i < ROUNDS; i++) {
		size_t n;
		struct tftp_grant g;
		const char *why;
		uint8_t *p = mutate(oack, sizeof(oack), &n);
		if (tftp_parse_oack(p, n, &ask, &g, &why) == 0) {
			ok++;
			CHECK(g.blksize <= 1468 && g.windowsize <= 16);
			CHECK(!g.blksize || g.blksize >= 8);
		} else {
			refused++;
		}
		free(p);

		uint16_t code;
		char text[16];
		p = mutate(err, sizeof(err), &n);
		tftp_parse_error(p, n, &code, text, sizeof(text));
		CHECK(strlen(text) < sizeof(text));
		for (const char *c = text; *c; c++)
			CHECK(*c >= 0x20 && *c <= 0x7e);
		free(p);
	}
	CHECK(ok > 0 && refused > ROUNDS / 10);
}

static int delivered;

static void count(void *ctx, const struct udp_meta *from, const uint8_t *data,
		  size_t len)
{
	(void)ctx, (void)from;
	/* Touch every byte handed up: it must all lie inside the frame. */
	volatile uint8_t sum = 0;
	for (size_t i = 0; i < len; i++)
		sum += data[i];
	delivered++;
}

/* A clean Ethernet/IPv4 frame from the server: UDP to port 68, ICMP echo
 * or ARP, with correct checksums. */
static size_t seed_frame(uint8_t *f, const uint8_t *server)
{
	uint8_t *ip = f + 14, *l4 = ip + 20;
	size_t l4_len = 8 + 64;

	memset(f, 0, ETH_FRAME_MAX);
	memcpy(f, fake_mac, 6);
	memcpy(f + 6, server, 6);
	if (random_below(4) == 0) {		/* ARP request for us */
		put_be16(f + 12, 0x0806);
		memcpy(ip, (const uint8_t[]){ 0, 1, 8, 0, 6, 4, 0, 1 }, 8);
		memcpy(ip + 8, server, 6);
		put_be32(ip + 14, 0x0a000009);
		put_be32(ip + 24, 0x0a000005);
		return 60;
	}
	bool udp = random_below(2);
	put_be16(f + 12, 0x0800);
	ip[0] = 0x45;
	put_be16(ip + 2, (uint16_t)(20 + l4_len));
	ip[8] = 64;
	ip[9] = udp ? 17 : 1;
	put_be32(ip + 12, 0x0a000009);
	put_be32(ip + 16, 0x0a000005);
	if (udp) {
		put_be16(l4, 67);
		put_be16(l4 + 2, 68);
		put_be16(l4 + 4, (uint16_t)l4_len);
	} else {
		l4[0] = 8;			/* echo request */
	}
	for (size_t i = 8; i < l4_len; i++)
		l4[i] = (uint8_t)i;
	return 14 + 20 + l4_len;
}

/* Make a mutant's checksums right again (some of the time), so that its
 * hostile lengths and fields reach the parsers behind the checks. */
static void fix_checksums(uint8_t *f, size_t n)
{
	if (n < 34 || get_be16(f + 12) != 0x0800 || random_below(2))
		return;
	size_t ihl = (size_t)(f[14] & 15) * 4;
	if (ihl < 20 || 14 + ihl > n)
		return;
	f[24] = f[25] = 0;
	uint16_t sum = checksum_finish(checksum_add(0, f + 14, ihl));
	memcpy(f + 24, &sum, 2);
	if (f[23] == 17 && 14 + ihl + 8 <= n)
		f[14 + ihl + 6] = f[14 + ihl + 7] = 0;	/* "no checksum" */
}

/* Whole frames through Ethernet, ARP, IPv4, ICMP and UDP. */
TEST(mutated_frames_through_the_stack)
{
	static uint8_t frame[ETH_FRAME_MAX];
	static const uint8_t server[6] = { 2, 0, 0, 0, 0, 9 };
	struct udp_socket sock;

	fake_nd.ip = (struct ipv4_config){ 0x0a000005, 0xffffff00, 0x0a000001 };
	CHECK_EQ(udp_open(&fake_nd, &sock, 68, count, NULL), 0);
	for (int i = 0; i < ROUNDS; i++) {
		size_t n, len = seed_frame(frame, server);
		uint8_t *p = mutate(frame, len, &n);
		fix_checksums(p, n);
		netdev_receive(&fake_nd, p, n);
		free(p);
	}
	/* Replies (ARP, echo) went out, all of sane size; many datagrams got
	 * through; and the checks refused plenty. */
	CHECK(fake_tx_count() > 100);
	for (size_t i = 0; i < fake_tx_count(); i++)
		CHECK(fake_tx(i)->len >= ETH_ZLEN && fake_tx(i)->len <= ETH_FRAME_MAX);
	CHECK(delivered > ROUNDS / 20);
	CHECK(fake_nd.stats.rx_bad_ip > ROUNDS / 20);
	CHECK(fake_nd.stats.rx_bad_checksum > ROUNDS / 20);
	udp_close(&fake_nd, &sock);
}
