/*
 * The network boot sequence of the NIC images (bin/pcbios/e1000.dsk):
 * find the NIC (boot_nic.h: a driver of ours on PCI, or in undi.pxe the
 * PXE ROM's UNDI), configure it by DHCP (or as the image's settings
 * block says, net/boot_settings.h), fetch the boot file by TFTP, stop the
 * NIC, start the image (start.c).  A failed DHCP or TFTP is tried
 * again, BOOT_ATTEMPTS times in all, after a growing pause (a server may be
 * starting, a file being copied into place); a refused image, a format that
 * cannot start and the user's abort key are not, and neither is a machine
 * without a NIC this image drives.  The file streams through a
 * sink that counts its bytes and computes their CRC-32 (which the QEMU
 * tests compare with the file served) into the image loader's sink
 * (loaders/image.h), which places it in memory as it arrives.
 */
#include "core/clock.h"
#include "core/console.h"
#include "core/crc32.h"
#include "core/errors.h"
#include "core/format.h"
#include "core/platform.h"
#include "core/random.h"
#include "core/string.h"
#include "loaders/image.h"
#include "net/boot_settings.h"
#include "net/dhcp.h"
#include "net/ethernet.h"
#include "net/ipv4.h"
#include "net/tftp.h"
#include "rom/pcbios/boot_nic.h"
#include "rom/pcbios/pcbios.h"
#include "rom/pcbios/pxe_chain.h"

/* RFC 4578 §2.1: client system architecture 0, Intel x86PC (BIOS). */
#define ARCH_X86_BIOS 0

#define BOOT_ATTEMPTS 3
#define FIRST_PAUSE_MS 1000	/* doubled after each failed attempt */

struct check_sink {
	struct sink sink;
	struct sink *next;	/* the image loader */
	uint32_t bytes;
	uint32_t crc;
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

	if (offset != cs->bytes) {
		con_printf("boot: data for offset %lu arrived after %lu bytes\n",
			   (unsigned long)offset, (unsigned long)cs->bytes);
		return -E_PROTOCOL;
	}
	cs->crc = crc32_update(cs->crc, data, len);
	cs->bytes += (uint32_t)len;
	return cs->next->write(cs->next, offset, data, len);
}

/* Without an SMBIOS UUID, a stable one from the MAC: an RFC 4122
 * version 1 layout with the MAC as its node and a zero time. */
static void machine_uuid(uint8_t uuid[16], const uint8_t mac[ETH_ALEN])
{
	if (smbios_system_uuid(uuid)) {
		con_printf("boot: UUID from SMBIOS\n");
		return;
	}
	memset(uuid, 0, 16);
	uuid[6] = 0x10;		/* version 1 */
	uuid[8] = 0x80;		/* RFC 4122 variant */
	memcpy(uuid + 10, mac, ETH_ALEN);
	con_printf("boot: no SMBIOS UUID; using one made from the MAC\n");
}

/* In .bss, inside the reserved body: the images get pointers to them. */
static struct settings settings;
static struct dhcp_lease lease;
static struct image_loader_state loader;
static struct image_target target;

/* DHCP (or the settings' static address), unless an earlier attempt got a
 * lease that names a boot file. */
static int configure(struct netdev *nd, bool *have_lease)
{
	struct dhcp_settings ds = { .arch = ARCH_X86_BIOS };
	int rc;

	if (*have_lease)
		return 0;
	machine_uuid(ds.uuid, nd->mac);
	rc = boot_settings_configure(nd, &settings, &ds, pxe_chain_dhcp_ack(), &lease);
	if (rc < 0)
		return rc;
	if (pxe_chain_names_self(lease.bootfile))
		return -E_BADIMAGE;
	*have_lease = true;
	return 0;
}

static int fetch(struct netdev *nd, bool *have_lease, struct boot_plan *plan)
{
	struct tftp_settings ts = { 0 };
	struct check_sink cs = { .sink = { check_expect, check_write } };
	struct tftp_result res;
	int rc;

	pcbios_image_target(&target, &pcbios_memory_map);
	cs.next = image_sink_init(&loader, &target);
	rc = configure(nd, have_lease);
	if (rc < 0)
		return rc;
	boot_settings_tftp(&settings, &ts);
	rc = tftp_fetch(nd, lease.next_server, lease.bootfile, &ts, &cs.sink, &res);
	if (rc < 0) {
		con_printf("boot: fetching %s failed: %s\n", lease.bootfile, error_text(rc));
		return rc;
	}
	con_printf("pcbios: fetched %s from %s: %lu bytes in %s s, %s MB/s\n",
		   lease.bootfile, ipv4_text(lease.next_server).s,
		   (unsigned long)res.bytes, secs_text(res.ms).s,
		   rate_text(res.bytes, res.ms).s);
	con_printf("pcbios: CRC-32 %08lx over %lu bytes\n", (unsigned long)cs.crc,
		   (unsigned long)cs.bytes);
	return image_finish(&loader, plan);
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

static int fetch_with_retries(struct netdev *nd, struct boot_plan *plan)
{
	bool have_lease = false;
	uint32_t pause = FIRST_PAUSE_MS;
	int rc = 0;

	for (unsigned attempt = 1; attempt <= BOOT_ATTEMPTS; attempt++) {
		if (attempt > 1) {
			con_printf("boot: attempt %u of %u in %s s (Esc to give up)\n",
				   attempt, BOOT_ATTEMPTS, secs_text(pause).s);
			if (!pause_ms(pause))
				return -E_ABORTED;
			pause *= 2;
		}
		rc = fetch(nd, &have_lease, plan);
		if (rc >= 0 || rc == -E_BADIMAGE || rc == -E_ABORTED)
			return rc;
	}
	con_printf("boot: giving up after %u attempts\n", BOOT_ATTEMPTS);
	return rc;
}

int pcbios_boot(void)
{
	static struct netdev nd;
	struct boot_plan plan;
	int rc;

	boot_settings_load(&settings, pcbios_settings_block, sizeof(pcbios_settings_block));
	if (boot_find_nic(&nd) < 0) {
		con_printf("boot: no network card this image can drive; nothing to boot from\n");
		return -E_NODEV;
	}
	netdev_init(&nd);
	random_seed(platform_entropy() ^ (uint32_t)nd.mac[2] << 24 ^
		    (uint32_t)nd.mac[3] << 16 ^ (uint32_t)nd.mac[4] << 8 ^ nd.mac[5]);
	rc = fetch_with_retries(&nd, &plan);
	/* Before any start: the NIC's DMA must not reach the image. */
	netdev_close(&nd);
	if (rc < 0)
		return rc;
	pcbios_describe(&plan);
	return pcbios_start(&plan, &pcbios_memory_map, lease.raw, sizeof(lease.raw),
			    lease.bootfile);
}
