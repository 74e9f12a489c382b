/*
 * The boot sequence's side of a PXE chainload (pxe_chain.c): take over
 * from the PXE ROM that started the body, and refuse to load this very
 * image again.  Without a PXE prefix both do nothing.
 */
#ifndef ROM_PCBIOS_PXE_CHAIN_H
#define ROM_PCBIOS_PXE_CHAIN_H

#include <stdbool.h>

/* Before the PCI probe: report the PXE ROM and its DHCP answer, remember
 * the boot file it fetched us by, and unload its stack, NIC driver
 * included, so that ours can take the NIC. */
void pxe_chain_take_over(void);

/* The same for bin/pcbios/undi.pxe, whose NIC driver is the PXE ROM's
 * UNDI (drivers/net/undi.c): report and remember, but leave the PXE stack
 * loaded.  False without a PXE prefix. */
bool pxe_chain_keep(void);

/* The PXE ROM's DHCPACK (PXENV_GET_CACHED_INFO), for a second stage that
 * need not ask again; NULL without a PXE prefix or a usable ACK. */
struct dhcp_lease;
const struct dhcp_lease *pxe_chain_dhcp_ack(void);

/* The boot file the PXE ROM fetched this image as (loading it again would
 * start this image again, and again); NULL without a PXE prefix. */
const char *pxe_chain_self_name(void);

#endif
