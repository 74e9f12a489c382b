/*
 * Handing an initrd to an EFI-stub Linux kernel the way kernels since 5.8
 * look for it: a handle whose device path is a single vendor media node
 * with LINUX_EFI_INITRD_MEDIA_GUID, carrying the LoadFile2 protocol
 * (UEFI 2.10 §13.2) that copies the initrd into the buffer the kernel
 * offers.  The kernel asks once with no buffer to learn the size
 * (EFI_BUFFER_TOO_SMALL), then again.  The handle exists only while the
 * kernel's StartImage() runs, so a kernel that returns leaves none behind.
 */
#include "core/console.h"
#include "core/string.h"
#include "rom/efi/initrd.h"

/* The GUIDs as the kernel's EFI stub and the UEFI spec define them. */
#define LINUX_INITRD_MEDIA_GUID \
	{ 0x5568e427, 0x68fc, 0x4f3d, { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } }
#define LOAD_FILE2_GUID \
	{ 0x4006c0c1, 0xfcb3, 0x403e, { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d } }

#define TYPE_MEDIA 4
#define SUBTYPE_VENDOR 3		/* §10.3.5.6, vendor-defined media */
#define TYPE_END 0x7F
#define SUBTYPE_END_ENTIRE 0xFF

struct load_file2 {
	EFI_STATUS (EFIAPI *load_file)(struct load_file2 *self, EFI_DEVICE_PATH_PROTOCOL *path,
				       BOOLEAN boot_policy, UINTN *size, void *buffer);
};

struct initrd_path {
	EFI_DEVICE_PATH_PROTOCOL vendor;
	EFI_GUID guid;
	EFI_DEVICE_PATH_PROTOCOL end;
} __attribute__((packed));

static const uint8_t *initrd_data;
static size_t initrd_len;
static EFI_HANDLE initrd_handle;

static EFI_STATUS EFIAPI load_file(struct load_file2 *self, EFI_DEVICE_PATH_PROTOCOL *path,
				   BOOLEAN boot_policy, UINTN *size, void *buffer)
{
	(void)self;
	(void)path;
	if (boot_policy)
		return EFI_UNSUPPORTED;	/* LoadFile2 never boots (§13.2) */
	if (!size)
		return EFI_INVALID_PARAMETER;
	if (!buffer || *size < initrd_len) {
		*size = initrd_len;
		return EFI_BUFFER_TOO_SMALL;
	}
	memcpy(buffer, initrd_data, initrd_len);
	*size = initrd_len;
	con_printf("efi: the kernel took the initrd (%zu bytes)\n", initrd_len);
	return EFI_SUCCESS;
}

static struct load_file2 protocol = { load_file };

static struct initrd_path path = {
	.vendor = { TYPE_MEDIA, SUBTYPE_VENDOR, { sizeof(EFI_DEVICE_PATH_PROTOCOL) + sizeof(EFI_GUID), 0 } },
	.guid = LINUX_INITRD_MEDIA_GUID,
	.end = { TYPE_END, SUBTYPE_END_ENTIRE, { sizeof(EFI_DEVICE_PATH_PROTOCOL), 0 } },
};

int efi_initrd_offer(const uint8_t *data, size_t len)
{
	EFI_GUID path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	EFI_GUID lf2_guid = LOAD_FILE2_GUID;
	EFI_STATUS st;

	initrd_data = data;
	initrd_len = len;
	initrd_handle = NULL;
	/* Both at once: this call refuses a device path that some handle
	 * already has (§7.3, EFI_ALREADY_STARTED), i.e. an initrd another
	 * loader still offers, where two would leave the kernel a choice. */
	st = efi_bs->InstallMultipleProtocolInterfaces(&initrd_handle, &path_guid, &path,
						       &lf2_guid, &protocol, NULL);
	if (EFI_ERROR(st)) {
		con_printf("efi: cannot offer the initrd to the kernel (%s)\n", efi_status_text(st));
		initrd_handle = NULL;
		return -1;
	}
	return 0;
}

void efi_initrd_withdraw(void)
{
	EFI_GUID path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	EFI_GUID lf2_guid = LOAD_FILE2_GUID;

	if (!initrd_handle)
		return;
	efi_bs->UninstallMultipleProtocolInterfaces(initrd_handle, &path_guid, &path, &lf2_guid,
						    &protocol, NULL);
	initrd_handle = NULL;
}
