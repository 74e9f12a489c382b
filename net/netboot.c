/*
 * The network boot sequence shared by the bare-metal platforms
 * (net/netboot.h).
 */
#include "core/clock.h"
#include "core/console.h"
#include "core/crc32.h"
#include "core/errors.h"
#include "core/format.h"
#include "core/platform.h"
#include "core/random.h"
#include "core/string.h"
#include "net/boot_settings.h"
#include "net/ipv4.h"
#include "net/netboot.h"
#include "net/tftp.h"

/* Counts and checksums the bytes on their way to the platform's sink. */
struct check_sink {
	struct sink sink;
	struct sink *next;
	struct netboot *nb;
};

static int check_expect(struct sink *sink, uint32_t size)
{
	struct check_sink *cs = container_of(sink, struct check_sink, sink);

	con_printf("boot: the server says the file has %lu bytes\n", (unsigned long)size);
	return cs->next->expect(cs->next, size);
}

static int check_write(struct sink *sink, uint32_t offset, const void *data, size_t len)
{
	struct check_sink *cs = container_of(sink, struct check_sink, sink);
	struct netboot *nb = cs->nb;

	if (offset != nb->bytes) {
		con_printf("boot: data for offset %lu arrived after %lu bytes\n",
			   (unsigned long)offset, (unsigned long)nb->bytes);
		return -E_PROTOCOL;
	}
	nb->crc = crc32_update(nb->crc, data, len);
	nb->bytes += (uint32_t)len;
	return cs->next->write(cs->next, offset, data, len);
}

void netboot_nic_up(struct netdev *nd)
{
	netdev_init(nd);
	random_seed(platform_entropy() ^ (uint32_t)nd->mac[2] << 24 ^
		    (uint32_t)nd->mac[3] << 16 ^ (uint32_t)nd->mac[4] << 8 ^ nd->mac[5]);
}

void netboot_uuid_from_mac(uint8_t uuid[16], const uint8_t mac[ETH_ALEN])
{
	memset(uuid, 0, 16);
	uuid[6] = 0x10;		/* version 1 */
	uuid[8] = 0x80;		/* RFC 4122 variant */
	memcpy(uuid + 10, mac, ETH_ALEN);
}

/* DHCP (or the settings' static address), unless an earlier attempt got a
 * lease that names a boot file. */
static int configure(struct netdev *nd, struct netboot *nb, bool *have_lease)
{
	struct dhcp_settings ds = { .arch = nb->arch };
	int rc;

	if (*have_lease)
		return 0;
	memcpy(ds.uuid, nb->uuid, sizeof(ds.uuid));
	rc = boot_settings_configure(nd, nb->settings, &ds, nb->earlier, &nb->lease);
	if (rc < 0)
		return rc;
	if (nb->self_name && strcmp(nb->lease.bootfile, nb->self_name) == 0) {
		con_printf("boot: the DHCP server names this very image again (%s); configure a "
			   "different boot file for the second stage\n", nb->self_name);
		return -E_BADIMAGE;
	}
	*have_lease = true;
	return 0;
}

/* One file by TFTP into sink, with the settings' time limit. */
static int fetch_file(struct netdev *nd, struct netboot *nb, const char *name, struct sink *next)
{
	struct tftp_settings ts = { 0 };
	struct check_sink cs = { .sink = { check_expect, check_write }, .next = next, .nb = nb };
	struct tftp_result res;
	int rc;

	nb->bytes = 0;
	nb->crc = 0;
	boot_settings_tftp(nb->settings, &ts);
	rc = tftp_fetch(nd, nb->lease.next_server, name, &ts, &cs.sink, &res);
	if (rc < 0) {
		con_printf("boot: fetching %s failed: %s\n", name, error_text(rc));
		return rc;
	}
	con_printf("%s: fetched %s from %s: %lu bytes in %s s, %s MB/s\n", nb->platform,
		   name, ipv4_text(nb->lease.next_server).s,
		   (unsigned long)res.bytes, secs_text(res.ms).s, rate_text(res.bytes, res.ms).s);
	con_printf("%s: CRC-32 %08lx over %lu bytes\n", nb->platform, (unsigned long)nb->crc,
		   (unsigned long)nb->bytes);
	return 0;
}

/* Waits ms, or less when the user presses the abort key; false then. */
static bool pause_ms(uint32_t ms)
{
	uint32_t deadline = deadline_in(ms);

	while (!deadline_passed(deadline))
		if (platform_abort_requested())
			return false;
	return true;
}

/* Configure (once) and fetch name (the lease's boot file when NULL) into
 * the sink begin() gives, NETBOOT_ATTEMPTS times at most. */
static int with_retries(struct netdev *nd, struct netboot *nb, const char *name,
			struct sink *(*begin)(struct netboot *nb))
{
	bool have_lease = name != NULL;
	uint32_t pause = NETBOOT_FIRST_PAUSE_MS;
	int rc = 0;

	for (unsigned attempt = 1; attempt <= NETBOOT_ATTEMPTS; attempt++) {
		if (attempt > 1) {
			con_printf("boot: attempt %u of %u in %s s (Esc to give up)\n",
				   attempt, NETBOOT_ATTEMPTS, secs_text(pause).s);
			if (!pause_ms(pause))
				return -E_ABORTED;
			pause *= 2;
		}
		struct sink *sink = begin(nb);

		rc = configure(nd, nb, &have_lease);
		if (rc >= 0)
			rc = fetch_file(nd, nb, name ? name : nb->lease.bootfile, sink);
		if (rc >= 0 || rc == -E_BADIMAGE || rc == -E_ABORTED)
			return rc;
	}
	con_printf("boot: giving up after %u attempts\n", NETBOOT_ATTEMPTS);
	return rc;
}

int netboot_fetch(struct netdev *nd, struct netboot *nb)
{
	return with_retries(nd, nb, NULL, nb->begin);
}

int netboot_fetch_more(struct netdev *nd, struct netboot *nb, const char *name,
		       struct sink *(*begin)(struct netboot *nb))
{
	return with_retries(nd, nb, name, begin);
}
