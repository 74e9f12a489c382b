/*
 * efi_nic_find() of bin/efi/<nic>.efi: a NIC driver of our own (the
 * image links one, as the BIOS images do) on the first PCI function it
 * claims, reached through the firmware's PCI I/O protocol
 * (pci_config.c).  For firmware without a usable network driver of its
 * own; the firmware's drivers of network cards are stopped first and
 * reconnected after our use.
 */
#include "drivers/bus/pci.h"
#include "rom/efi/efi_nic.h"
#include "rom/efi/efi_pci.h"

static struct pci_device pci;
static EFI_HANDLE nic;

int efi_nic_find(struct netdev *nd)
{
	int rc;

	efi_pci_claim_nics();
	rc = pci_probe_nic(nd, &pci, PCI_NO_BDF);
	if (rc < 0) {
		efi_pci_release_nics();
		return rc;
	}
	nic = efi_pci_handle(pci_bdf(&pci));
	return 0;
}

EFI_HANDLE efi_nic_handle(void)
{
	return nic;
}

void efi_nic_release(void)
{
	efi_pci_release_nics();
}
