/*
 * boot_find_nic() of bin/pcbios/undi.pxe (boot_nic.h): the UNDI of the PXE
 * ROM that chainloaded the image, which stays loaded; without one there
 * is nothing to drive the NIC with.
 */
#include "core/console.h"
#include "core/errors.h"
#include "drivers/net/undi.h"
#include "rom/pcbios/boot_nic.h"
#include "rom/pcbios/pxe_chain.h"

int boot_find_nic(struct netdev *nd)
{
	if (!pxe_chain_keep()) {
		con_printf("undi: not started by a PXE ROM, so there is no UNDI to drive the NIC\n");
		return -E_NODEV;
	}
	return undi_probe(nd);
}
