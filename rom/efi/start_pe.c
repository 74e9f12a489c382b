/*
 * Starting an EFI application from memory (UEFI 2.10 §7.4): LoadImage()
 * with the buffer and a device path (the NIC's path and a file node with
 * the boot file's name, so the application can tell where it came from),
 * the command line as its load options (UCS-2, NUL-terminated, as the UEFI
 * shell passes them), then StartImage().  Debian's vmlinuz is such an
 * application (the kernel's EFI stub).  The firmware checks the PE32+ image
 * itself and says why when it refuses one.  An initrd is offered the way
 * EFI-stub kernels look for it (initrd.c).
 */
#include "core/console.h"
#include "core/errors.h"
#include "core/string.h"
#include "rom/efi/device_path.h"
#include "rom/efi/efi_nic.h"
#include "rom/efi/initrd.h"
#include "rom/efi/start.h"

#define CMDLINE_MAX 1024

/* The boot manager's watchdog for a started boot option (UEFI 2.10 §3.1.2),
 * re-armed for the application: main.c switched it off for our own run. */
#define WATCHDOG_S 300

int efi_start_pe(const struct efi_boot_file *f)
{
	EFI_GUID loaded_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_DEVICE_PATH_PROTOCOL *path;
	EFI_LOADED_IMAGE_PROTOCOL *li;
	EFI_HANDLE child = NULL;
	size_t n = strlen(f->cmdline);
	UINTN exit_len = 0;
	CHAR16 *exit_data = NULL, *options;
	EFI_STATUS st;

	if (n > CMDLINE_MAX) {
		con_printf("image: the command line has %zu characters; at most %u fit\n", n,
			   CMDLINE_MAX);
		return -E_TOOBIG;
	}
	path = device_path_for_file(efi_nic_handle(), f->name);
	if (!path)
		return -E_TOOBIG;
	st = efi_bs->LoadImage(FALSE, efi_image, path, (void *)f->data, f->len, &child);
	efi_bs->FreePool(path);
	if (EFI_ERROR(st)) {
		con_printf("image: the firmware refused to load %s as an EFI application (%s)\n",
			   f->name, efi_status_text(st));
		/* A refusal for security reasons still made an image (§7.4). */
		if (child)
			efi_bs->UnloadImage(child);
		return -E_BADIMAGE;
	}
	/* Pool memory: an application that stays resident (a driver) keeps
	 * pointing at its load options after we are gone. */
	if (EFI_ERROR(efi_bs->AllocatePool(EfiLoaderData, (n + 1) * sizeof(CHAR16),
					   (void **)&options))) {
		con_printf("image: no memory for the load options\n");
		efi_bs->UnloadImage(child);
		return -E_TOOBIG;
	}
	for (size_t i = 0; i <= n; i++)
		options[i] = (CHAR16)(uint8_t)f->cmdline[i];
	if (!EFI_ERROR(efi_bs->HandleProtocol(child, &loaded_guid, (void **)&li))) {
		li->LoadOptions = options;
		li->LoadOptionsSize = (UINT32)((n + 1) * sizeof(CHAR16));
	}
	if (f->initrd && efi_initrd_offer(f->initrd, f->initrd_len) == 0)
		con_printf("efi: initrd of %zu bytes offered through LoadFile2\n", f->initrd_len);
	con_printf("efi: starting %s (%zu bytes) with load options \"%s\"\n", f->name, f->len,
		   f->cmdline);
	efi_console_flush();
	efi_bs->SetWatchdogTimer(WATCHDOG_S, 0, 0, NULL);
	st = efi_bs->StartImage(child, &exit_len, &exit_data);
	efi_bs->SetWatchdogTimer(0, 0, 0, NULL);
	efi_initrd_withdraw();
	con_printf("efi: %s returned %s\n", f->name, efi_status_text(st));
	if (exit_data)
		efi_bs->FreePool(exit_data);
	return EFI_ERROR(st) ? -E_BADIMAGE : 0;
}
