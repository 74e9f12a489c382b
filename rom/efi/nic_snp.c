/*
 * efi_nic_find() of bin/efi/netboot.efi: the firmware's Simple Network
 * Protocol (UEFI 2.10 §24.1) of the NIC we were loaded from, or of the
 * first NIC that has one.
 *
 * The firmware's own network stack (MNP, the PXE and IP drivers) keeps
 * the SNP open and polls it from a timer, which would take frames meant
 * for us.  Opening the SNP with EFI_OPEN_PROTOCOL_EXCLUSIVE makes the
 * firmware stop every driver that holds it BY_DRIVER (§7.3,
 * "OpenProtocol"); closing it and connecting the controller again brings
 * that stack back before an image starts.  The PXE Base Code's cached
 * DHCP answer must therefore be read first (pxe_cached.c).
 */
#include "core/console.h"
#include "core/errors.h"
#include "drivers/net/snp.h"
#include "rom/efi/device_path.h"
#include "rom/efi/efi_nic.h"

#define PATH_TYPE_MESSAGING 3	/* UEFI 2.10 §10.3.4 */
#define PATH_SUBTYPE_MAC 11	/* §10.3.4.11, MAC address */

static EFI_HANDLE nic;

/* The device path of the device we were loaded from, or NULL. */
static EFI_DEVICE_PATH_PROTOCOL *boot_device_path(void)
{
	EFI_GUID loaded_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_GUID path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	EFI_LOADED_IMAGE_PROTOCOL *li;
	EFI_DEVICE_PATH_PROTOCOL *path;

	if (EFI_ERROR(efi_bs->HandleProtocol(efi_image, &loaded_guid, (void **)&li)) ||
	    !li->DeviceHandle ||
	    EFI_ERROR(efi_bs->HandleProtocol(li->DeviceHandle, &path_guid, (void **)&path)))
		return NULL;
	return path;
}

/*
 * The SNP of a NIC: a handle whose device path ends in a MAC address node.
 * The firmware's PXE driver puts a second SNP on the child it loads boot
 * files from (its path goes on with an IPv4 node); that one goes away
 * with the PXE driver, so it is never ours.  The NIC on the path we were
 * loaded from wins; else the first.
 */
static EFI_HANDLE pick_interface(void)
{
	EFI_GUID snp_guid = EFI_SIMPLE_NETWORK_PROTOCOL_GUID;
	EFI_GUID path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	EFI_DEVICE_PATH_PROTOCOL *boot = boot_device_path(), *path;
	EFI_HANDLE *handles = NULL, first = NULL, chosen = NULL;
	UINTN count = 0, nics = 0;

	if (EFI_ERROR(efi_bs->LocateHandleBuffer(ByProtocol, &snp_guid, NULL, &count, &handles)))
		count = 0;
	for (UINTN i = 0; i < count; i++) {
		if (EFI_ERROR(efi_bs->HandleProtocol(handles[i], &path_guid, (void **)&path)) ||
		    !device_path_ends_with(path, PATH_TYPE_MESSAGING, PATH_SUBTYPE_MAC))
			continue;
		nics++;
		if (!first)
			first = handles[i];
		if (!chosen && boot && device_path_starts_with(boot, path))
			chosen = handles[i];
	}
	if (handles)
		efi_bs->FreePool(handles);
	if (chosen)
		con_printf("efi: using the network interface we were loaded from (%lu found)\n",
			   (unsigned long)nics);
	else if (first)
		con_printf("efi: %lu network interface(s); using the first\n", (unsigned long)nics);
	return chosen ? chosen : first;
}

/* Have the firmware connect a driver to every device: a boot manager
 * connects only what its boot options need (OVMF leaves a NIC alone that
 * no boot option names). */
static void connect_everything(void)
{
	EFI_HANDLE *handles = NULL;
	UINTN count = 0;

	con_printf("efi: no network interface yet; asking the firmware to connect every device\n");
	if (EFI_ERROR(efi_bs->LocateHandleBuffer(AllHandles, NULL, NULL, &count, &handles)))
		return;
	for (UINTN i = 0; i < count; i++)
		efi_bs->ConnectController(handles[i], NULL, NULL, TRUE);
	efi_bs->FreePool(handles);
}

int efi_nic_find(struct netdev *nd)
{
	EFI_GUID snp_guid = EFI_SIMPLE_NETWORK_PROTOCOL_GUID;
	EFI_SIMPLE_NETWORK_PROTOCOL *snp;
	EFI_HANDLE h = pick_interface();
	EFI_STATUS st;

	if (!h) {
		connect_everything();
		h = pick_interface();
	}
	if (!h) {
		con_printf("efi: the firmware has no network interface (Simple Network Protocol)\n");
		return -E_NODEV;
	}
	st = efi_bs->OpenProtocol(h, &snp_guid, (void **)&snp, efi_image, NULL,
				  EFI_OPEN_PROTOCOL_EXCLUSIVE);
	if (EFI_ERROR(st)) {
		con_printf("efi: cannot take the network interface from the firmware (%s)\n",
			   efi_status_text(st));
		return -E_NODEV;
	}
	nic = h;
	if (snp_probe(nd, snp) < 0) {
		efi_nic_release();
		return -E_NODEV;
	}
	return 0;
}

EFI_HANDLE efi_nic_handle(void)
{
	return nic;
}

void efi_nic_release(void)
{
	EFI_GUID snp_guid = EFI_SIMPLE_NETWORK_PROTOCOL_GUID;

	if (!nic)
		return;
	efi_bs->CloseProtocol(nic, &snp_guid, efi_image, NULL);
	efi_bs->ConnectController(nic, NULL, NULL, TRUE);
}
