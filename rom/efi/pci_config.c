/*
 * PCI configuration access on the UEFI platform (drivers/bus/pci.h),
 * through the firmware's PCI I/O protocol (UEFI 2.10 §14.4): one instance
 * per function the firmware enumerated, found by its location
 * (GetLocation).  A bus/device/function the firmware has no instance for
 * reads as all ones, as an empty slot does.  Only PCI segment 0 is seen.
 *
 * Before our driver touches a network card, the firmware's driver must let
 * go of it: efi_pci_claim_nics() opens the PCI I/O of every network-class
 * function with EFI_OPEN_PROTOCOL_EXCLUSIVE, which stops the driver that
 * holds it (§7.3, "OpenProtocol"), and efi_pci_release_nics() gives them
 * back (CloseProtocol, then ConnectController).  A network card whose
 * driver refuses to let go reads as an empty slot from then on, so our
 * drivers never touch a card the firmware still drives.
 */
#include "core/console.h"
#include "drivers/bus/pci.h"
#include "rom/efi/efi_pci.h"

#define MAX_FUNCTIONS 64
#define CLASS_NETWORK 0x02

struct function {
	uint32_t bdf;
	EFI_HANDLE handle;
	EFI_PCI_IO_PROTOCOL *io;
	bool claimed;
	bool kept;		/* a network card the firmware would not give up */
};

static struct function functions[MAX_FUNCTIONS];
static unsigned function_count;
static bool listed;

static void list_functions(void)
{
	EFI_GUID guid = EFI_PCI_IO_PROTOCOL_GUID;
	EFI_HANDLE *handles = NULL;
	UINTN count = 0;

	listed = true;
	if (EFI_ERROR(efi_bs->LocateHandleBuffer(ByProtocol, &guid, NULL, &count, &handles)))
		return;
	for (UINTN i = 0; i < count && function_count < MAX_FUNCTIONS; i++) {
		EFI_PCI_IO_PROTOCOL *io;
		UINTN seg, bus, dev, fn;

		if (EFI_ERROR(efi_bs->HandleProtocol(handles[i], &guid, (void **)&io)) ||
		    EFI_ERROR(io->GetLocation(io, &seg, &bus, &dev, &fn)) || seg != 0)
			continue;
		functions[function_count++] = (struct function){
			.bdf = PCI_BDF(bus, dev, fn), .handle = handles[i], .io = io,
		};
	}
	if (count > MAX_FUNCTIONS)
		con_printf("pci: the firmware lists %lu functions; looking at the first %u\n",
			   (unsigned long)count, MAX_FUNCTIONS);
	efi_bs->FreePool(handles);
}

static struct function *find(uint32_t bdf)
{
	if (!listed)
		list_functions();
	for (unsigned i = 0; i < function_count; i++)
		if (functions[i].bdf == bdf && !functions[i].kept)
			return &functions[i];
	return NULL;
}

uint32_t pci_config_read32(uint32_t bdf, uint8_t reg)
{
	struct function *f = find(bdf);
	UINT32 v = 0xFFFFFFFFu;

	if (f)
		f->io->Pci.Read(f->io, EfiPciIoWidthUint32, reg, 1, &v);
	return v;
}

void pci_config_write32(uint32_t bdf, uint8_t reg, uint32_t v)
{
	struct function *f = find(bdf);
	UINT32 w = v;

	if (f)
		f->io->Pci.Write(f->io, EfiPciIoWidthUint32, reg, 1, &w);
}

void efi_pci_claim_nics(void)
{
	EFI_GUID guid = EFI_PCI_IO_PROTOCOL_GUID;

	if (!listed)
		list_functions();
	for (unsigned i = 0; i < function_count; i++) {
		struct function *f = &functions[i];
		EFI_PCI_IO_PROTOCOL *io;
		EFI_STATUS st;

		if (pci_config_read32(f->bdf, PCI_REVISION) >> 24 != CLASS_NETWORK)
			continue;
		st = efi_bs->OpenProtocol(f->handle, &guid, (void **)&io, efi_image, NULL,
					  EFI_OPEN_PROTOCOL_EXCLUSIVE);
		if (EFI_ERROR(st)) {
			con_printf("pci: %02x:%02x.%x: the firmware's driver keeps it (%s)\n",
				   (unsigned)(f->bdf >> 8), (unsigned)(f->bdf >> 3 & 0x1F),
				   (unsigned)(f->bdf & 7), efi_status_text(st));
			f->kept = true;
			continue;
		}
		f->claimed = true;
	}
}

void efi_pci_release_nics(void)
{
	EFI_GUID guid = EFI_PCI_IO_PROTOCOL_GUID;

	for (unsigned i = 0; i < function_count; i++) {
		if (!functions[i].claimed)
			continue;
		efi_bs->CloseProtocol(functions[i].handle, &guid, efi_image, NULL);
		efi_bs->ConnectController(functions[i].handle, NULL, NULL, TRUE);
		functions[i].claimed = false;
	}
}

EFI_HANDLE efi_pci_handle(uint32_t bdf)
{
	struct function *f = find(bdf);

	return f ? f->handle : NULL;
}
