/*
 * The network boot sequence every bare-metal platform runs once its NIC
 * is up: configure (net/boot_settings.h: static, an answer the platform
 * already holds, or DHCP), fetch the boot file by TFTP into the sink the
 * platform gives for each attempt, and try again after a growing pause
 * when DHCP or TFTP failed (a server may be starting, a file being copied
 * into place).  A refused image, the user's abort key and a boot file that
 * names the running image are not tried again.  The bytes pass through a
 * counter that computes their CRC-32, which the tests compare with the
 * file served.
 */
#ifndef NET_NETBOOT_H
#define NET_NETBOOT_H

#include <stdint.h>
#include "core/settings.h"
#include "core/sink.h"
#include "net/dhcp_lease.h"
#include "net/netdev.h"

#define NETBOOT_ATTEMPTS 3
#define NETBOOT_FIRST_PAUSE_MS 1000	/* doubled after each failed attempt */

struct netboot {
	/* Set by the platform. */
	const char *platform;		/* "pcbios", "efi": message prefix */
	const struct settings *settings;
	uint8_t arch;			/* RFC 4578 §2.1 client architecture */
	uint8_t uuid[16];		/* RFC 4578 §2.5 machine identifier */
	const struct dhcp_lease *earlier;	/* a PXE ROM's DHCPACK, or NULL */
	const char *self_name;		/* the file this image was fetched as,
					 * or NULL: never fetched again */
	/* Called before each attempt; returns where the file goes. */
	struct sink *(*begin)(struct netboot *nb);

	/* Filled in. */
	struct dhcp_lease lease;
	uint32_t bytes, crc;		/* of the file received */
};

/* After the driver filled in nd: the stack's state, and the random
 * generator (DHCP transaction IDs, backoff) seeded from a timer and the
 * MAC, so that machines booting at once differ. */
void netboot_nic_up(struct netdev *nd);

/* Configure nd and fetch the boot file; 0 when the whole file went into
 * the sink, else the last error (each step says what went wrong). */
int netboot_fetch(struct netdev *nd, struct netboot *nb);

/* After netboot_fetch(): another file from the same server (an initrd),
 * into the sink begin() gives, with the same retries. */
int netboot_fetch_more(struct netdev *nd, struct netboot *nb, const char *name,
		       struct sink *(*begin)(struct netboot *nb));

/* Fill uuid with one made from the MAC, for a machine without SMBIOS:
 * an RFC 4122 version 1 layout with the MAC as its node and time 0. */
void netboot_uuid_from_mac(uint8_t uuid[16], const uint8_t mac[ETH_ALEN]);

#endif
