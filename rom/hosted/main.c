/*
 * netboot: the firmware's DHCP and TFTP client as a Linux program.  The
 * protocol code is the same net/ and core/ that the boot ROMs run; only
 * the NIC (TAP or AF_PACKET), clock and console come from the host.
 */
#define _GNU_SOURCE
#include "drivers/hosted/hostnic.h"
#include "net/dhcp.h"
#include "net/ethernet.h"
#include "net/ipv4.h"
#include "net/tftp.h"
#include "net/tftp_packet.h"
#include "rom/hosted/file_sink.h"
#include "rom/hosted/hosted.h"
#include "core/console.h"
#include "core/errors.h"
#include "core/format.h"
#include "core/heap.h"
#include "core/platform.h"
#include "core/random.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct options {
	const char *iface;
	bool tap;
	const char *save;
	const char *file;
	uint32_t server;
	bool have_mac;
	uint8_t mac[6];
	struct tftp_settings tftp;
};

static void usage(FILE *out)
{
	fprintf(out,
"usage: netboot --iface IF [--tap] [--save FILE] [--mac MAC]\n"
"               [--windowsize N] [--blksize N] [--file NAME] [--server IP]\n"
"               [--quiet]\n"
"Get an address by DHCP (or BOOTP) on IF, then fetch the boot file the\n"
"server names by TFTP, as a network boot ROM would.\n"
"  --iface IF       the interface (AF_PACKET), or with --tap a TAP device\n"
"  --tap            IF is a TAP device (created if it does not exist)\n"
"  --save FILE      write the boot file to FILE (default: count bytes only)\n"
"  --mac MAC        the client's MAC (default: IF's own; for a TAP, IF's\n"
"                   with the last bit flipped)\n"
"  --windowsize N   RFC 7440 window to ask for (default %d, 1 = lock-step)\n"
"  --blksize N      RFC 2348 block size (default: the largest that fits)\n"
"  --file NAME      fetch NAME instead of the file DHCP names\n"
"  --server IP      fetch from IP instead of the server DHCP names\n"
"  --quiet          no progress line\n"
"Exit status 0 only when the whole file arrived.\n", TFTP_DEFAULT_WINDOW);
}

static bool parse_mac(const char *s, uint8_t mac[6])
{
	unsigned b[6];
	char end;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &end) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return !(mac[0] & 1);	/* a station address is never multicast */
}

static bool parse_u16(const char *s, unsigned min, unsigned max, uint16_t *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v < min || v > max)
		return false;
	*out = (uint16_t)v;
	return true;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "iface", required_argument, NULL, 'i' },
		{ "tap", no_argument, NULL, 't' },
		{ "save", required_argument, NULL, 's' },
		{ "mac", required_argument, NULL, 'm' },
		{ "windowsize", required_argument, NULL, 'w' },
		{ "blksize", required_argument, NULL, 'b' },
		{ "file", required_argument, NULL, 'f' },
		{ "server", required_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		bool ok = true;
		switch (c) {
		case 'i': o->iface = optarg; break;
		case 't': o->tap = true; break;
		case 's': o->save = optarg; break;
		case 'f': o->file = optarg; break;
		case 'q': o->tftp.quiet = true; break;
		case 'm': ok = o->have_mac = parse_mac(optarg, o->mac); break;
		case 'S': ok = ipv4_parse(optarg, &o->server); break;
		case 'w':
			ok = parse_u16(optarg, 1, TFTP_MAX_WINDOW, &o->tftp.windowsize);
			break;
		case 'b':
			ok = parse_u16(optarg, TFTP_MIN_BLKSIZE, TFTP_MAX_BLKSIZE,
				       &o->tftp.blksize);
			break;
		case 'h': usage(stdout); exit(0);
		default: return -1;
		}
		if (!ok) {
			const struct option *lo = longopts;
			while (lo->val != c)
				lo++;
			fprintf(stderr, "netboot: bad value for --%s: %s\n",
				lo->name, optarg);
			return -1;
		}
	}
	if (!o->iface || optind != argc) {
		fprintf(stderr, "netboot: %s\n", o->iface ? "unexpected argument" :
			"--iface is required");
		return -1;
	}
	return 0;
}

/* RFC 4578 §2.3 wants a machine UUID; a process has none, so make a
 * stable one from the MAC (an RFC 4122 version 1 layout with the MAC as
 * its node and a zero time). */
static void uuid_from_mac(uint8_t uuid[16], const uint8_t mac[6])
{
	memset(uuid, 0, 16);
	uuid[6] = 0x10;		/* version 1 */
	uuid[8] = 0x80;		/* RFC 4122 variant */
	memcpy(uuid + 10, mac, 6);
}

static int fetch(struct netdev *nd, const struct options *o)
{
	static struct dhcp_lease lease;
	struct dhcp_settings ds = { .arch = 0 };	/* RFC 4578: x86 BIOS */

	uuid_from_mac(ds.uuid, nd->mac);
	int rc = dhcp_configure(nd, &ds, &lease);
	if (rc < 0) {
		con_printf("netboot: DHCP failed: %s\n", error_text(rc));
		return rc;
	}
	const char *file = o->file ? o->file : lease.bootfile;
	uint32_t server = o->server ? o->server : lease.next_server;
	if (!file[0] || !server) {
		con_printf("netboot: the DHCP answer names no %s; use %s\n",
			   file[0] ? "server" : "boot file",
			   file[0] ? "--server" : "--file");
		return -E_NOTFOUND;
	}

	struct file_sink fs;
	struct tftp_result res;
	if ((rc = file_sink_open(&fs, o->save)) < 0)
		return rc;
	rc = tftp_fetch(nd, server, file, &o->tftp, &fs.sink, &res);
	int closed = file_sink_close(&fs, res.bytes);
	if (rc < 0) {
		con_printf("netboot: fetching %s failed: %s\n", file, error_text(rc));
		return rc;
	}
	if (closed < 0)
		return closed;
	con_printf("netboot: fetched %s from %s: %u bytes in %s s, %s MB/s\n",
		   file, ipv4_text(server).s, res.bytes, secs_text(res.ms).s,
		   rate_text(res.bytes, res.ms).s);
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t arena[256 << 10];
	static struct netdev nd;
	struct options o = { 0 };

	if (parse_options(argc, argv, &o) < 0) {
		usage(stderr);
		return 2;
	}
	platform_hosted_init();
	heap_init(arena, sizeof(arena));
	int rc = o.tap ? tap_open(&nd, o.iface, o.have_mac ? o.mac : NULL)
		       : packet_open(&nd, o.iface, o.have_mac ? o.mac : NULL);
	if (rc < 0)
		return 1;
	netdev_init(&nd);
	random_seed(platform_entropy() ^ (uint32_t)nd.mac[2] << 24 ^
		    (uint32_t)nd.mac[3] << 16 ^ (uint32_t)nd.mac[4] << 8 ^ nd.mac[5]);
	con_printf("netboot: %s %s, MAC %s\n", o.tap ? "TAP" : "interface",
		   nd.name, mac_text(nd.mac).s);
	rc = fetch(&nd, &o);
	netdev_close(&nd);
	return rc < 0 ? 1 : 0;
}
