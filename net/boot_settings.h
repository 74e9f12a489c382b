/*
 * The configuration step of a network boot with an image's settings block
 * (core/settings.h) applied: a static address instead of DHCP, or DHCP with
 * the block's vendor class and time limit; then the block's boot file and
 * server over what DHCP said, and its guard against chaining to a named
 * file again.  Shared by the platforms, so a block means the same on each.
 */
#ifndef NET_BOOT_SETTINGS_H
#define NET_BOOT_SETTINGS_H

#include <stddef.h>
#include <stdint.h>
#include "core/settings.h"
#include "net/dhcp.h"
#include "net/dhcp_lease.h"
#include "net/netdev.h"
#include "net/tftp.h"

/* Parse the image's block into *s and print what it sets.  A damaged
 * block is reported and ignored (*s empty): the image still boots the way
 * an unconfigured one does. */
void boot_settings_load(struct settings *s, const uint8_t *block, size_t len);

/* Configure nd: statically when s has a client address; else from
 * earlier, an answer the platform already holds (a PXE ROM's cached
 * DHCPACK, or NULL), when s names the boot file (the earlier answer names
 * the image that is running); else by DHCP with *ds (the platform's
 * identity) and s's vendor class and DHCP time limit.
 * Then s's boot file and next server replace DHCP's.  Returns 0 when the
 * lease names a file on a server, -E_NOTFOUND when it does not,
 * -E_BADIMAGE when the file is the one s says never to chain to again,
 * or DHCP's error.  Each outcome is printed. */
int boot_settings_configure(struct netdev *nd, const struct settings *s,
			    struct dhcp_settings *ds, const struct dhcp_lease *earlier,
			    struct dhcp_lease *lease);

/* s's TFTP time limit into *ts. */
void boot_settings_tftp(const struct settings *s, struct tftp_settings *ts);

#endif
