/*
 * After a firmware network boot: the DHCP answer the firmware's PXE client
 * already holds (the PXE Base Code protocol's Mode, UEFI 2.10 §24.3:
 * DhcpAck, and ProxyOffer for a proxyDHCP setup), so a second stage named
 * by the settings block need not ask DHCP again, and the name of the file
 * that loaded us, so we never fetch ourselves again.
 */
#include "core/console.h"
#include "core/string.h"
#include "net/ipv4.h"
#include "rom/efi/efi_pxe.h"

/* The PXE Base Code protocol on the path of the device we came from. */
static EFI_PXE_BASE_CODE_PROTOCOL *boot_device_pxe(void)
{
	EFI_GUID loaded_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_GUID path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	EFI_GUID pxe_guid = EFI_PXE_BASE_CODE_PROTOCOL_GUID;
	EFI_LOADED_IMAGE_PROTOCOL *li;
	EFI_DEVICE_PATH_PROTOCOL *path;
	EFI_PXE_BASE_CODE_PROTOCOL *pxe;
	EFI_HANDLE h;

	if (EFI_ERROR(efi_bs->HandleProtocol(efi_image, &loaded_guid, (void **)&li)) ||
	    !li->DeviceHandle ||
	    EFI_ERROR(efi_bs->HandleProtocol(li->DeviceHandle, &path_guid, (void **)&path)) ||
	    EFI_ERROR(efi_bs->LocateDevicePath(&pxe_guid, &path, &h)) ||
	    EFI_ERROR(efi_bs->HandleProtocol(h, &pxe_guid, (void **)&pxe)))
		return NULL;
	return pxe;
}

/* One cached packet, parsed; false (after saying why) when unusable. */
static bool parse(struct dhcp_lease *l, const EFI_PXE_BASE_CODE_PACKET *p, const char *what)
{
	const char *why = "";

	if (dhcp_lease_parse(l, (const uint8_t *)p, sizeof(*p), &why) < 0) {
		con_printf("efi: the firmware's cached %s is unusable: %s\n", what, why);
		return false;
	}
	return true;
}

bool efi_pxe_cached(struct dhcp_lease *ack, char *self_name, size_t name_size)
{
	static struct dhcp_lease proxy;
	EFI_PXE_BASE_CODE_PROTOCOL *pxe = boot_device_pxe();
	EFI_PXE_BASE_CODE_MODE *m;
	bool have_ack = false;

	self_name[0] = 0;
	if (!pxe || !pxe->Mode || !pxe->Mode->Started)
		return false;
	m = pxe->Mode;
	con_printf("efi: started by the firmware's PXE client\n");
	if (m->UsingIpv6) {
		con_printf("efi: its answers are DHCPv6, which this client does not speak; asking DHCP\n");
		return false;
	}
	if (m->DhcpAckReceived && parse(ack, &m->DhcpAck, "DHCPACK")) {
		con_printf("efi: the firmware's DHCP answer: address %s, boot file %s\n",
			   ipv4_text(ack->client_ip).s, ack->bootfile[0] ? ack->bootfile : "(none)");
		str_copy(self_name, ack->bootfile, name_size);
		have_ack = ack->client_ip != 0;
	}
	/* A proxyDHCP server names the file when the ACK does not (PXE 2.1,
	 * the client's boot sequence). */
	if (m->ProxyOfferReceived && parse(&proxy, &m->ProxyOffer, "proxyDHCP offer") &&
	    proxy.bootfile[0]) {
		con_printf("efi: the firmware's proxyDHCP answer names %s\n", proxy.bootfile);
		str_copy(self_name, proxy.bootfile, name_size);
	}
	return have_ack;
}
