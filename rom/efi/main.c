/*
 * The UEFI client's C entry.  gnu-efi's crt0 relocates the image to where
 * the firmware loaded it and calls efi_main() with our image handle and the
 * system table (UEFI 2.10 §4.1, "UEFI Image Entry Point").  Bring-up in a
 * fixed order, then the boot sequence (boot.c).
 */
#include "core/console.h"
#include "core/errors.h"
#include "core/heap.h"
#include "rom/efi/efi_platform.h"
#include "rom/pcbios/x86_io.h"

#define HEAP_BYTES (512u * 1024)

/*
 * QEMU's isa-debug-exit device (-device isa-debug-exit,iobase=0xf4): a
 * write of v ends QEMU with status (v << 1) | 1, which the tests read.  On
 * a PC the port lies in the range the AT gave the maths coprocessor, where
 * the write is lost.  The codes are the BIOS client's (rom/pcbios/pcbios.h).
 */
#define DEBUG_EXIT_PORT 0xF4
#define EXIT_FAILURE_CODE 0x11

EFI_HANDLE efi_image;
EFI_SYSTEM_TABLE *efi_st;
EFI_BOOT_SERVICES *efi_bs;

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	void *heap;
	int rc;

	efi_image = image;
	efi_st = st;
	efi_bs = st->BootServices;
	/* The boot manager arms a 5-minute watchdog before starting a boot
	 * option (UEFI 2.10 §3.1.2); a slow download must not reset the
	 * machine, and every wait of ours has its own limit. */
	efi_bs->SetWatchdogTimer(0, 0, 0, NULL);
	con_printf("\nnetboot efi: x86-64 UEFI application, firmware revision %u.%u, "
		   "UEFI %u.%u\n", (unsigned)(st->FirmwareRevision >> 16),
		   (unsigned)(st->FirmwareRevision & 0xFFFF), (unsigned)(st->Hdr.Revision >> 16),
		   (unsigned)(st->Hdr.Revision & 0xFFFF) / 10);
	heap = efi_pages_alloc(HEAP_BYTES, "the heap");
	if (!heap)
		goto failed;
	heap_init(heap, HEAP_BYTES);
	if (efi_clock_init() < 0)
		goto failed;
	rc = efi_boot();
	if (rc >= 0) {
		efi_console_flush();
		return EFI_SUCCESS;
	}
	con_printf("netboot efi: %s; back to the firmware's boot manager\n", error_text(rc));
failed:
	efi_console_flush();
	io_write8(DEBUG_EXIT_PORT, EXIT_FAILURE_CODE);
	return EFI_LOAD_ERROR;
}
