/*
 * boot_find_nic() of the PCI images (boot_nic.h): unload the PXE stack of
 * a chainload, if any, then the PCI function the BIOS ran this ROM's init
 * for, or else the first one a driver in this image claims.
 */
#include "drivers/bus/pci.h"
#include "rom/pcbios/boot_nic.h"
#include "rom/pcbios/prefix_info.h"
#include "rom/pcbios/pxe_chain.h"

int boot_find_nic(struct netdev *nd)
{
	static struct pci_device pci;

	pxe_chain_take_over();
	return pci_probe_nic(nd, &pci, prefix_pci_device());
}
