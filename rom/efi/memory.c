/*
 * Memory on the UEFI platform: whole pages from AllocatePages() (UEFI
 * 2.10 §7.2), always below 4 GiB so that every NIC can reach them by DMA
 * and a 32-bit address can name them.  UEFI identity-maps memory on
 * x86-64 (§2.3.4), so a pointer is the physical address, and without an
 * IOMMU in the path the bus address too (drivers/io.h's DMA calls are
 * those of rom/pcbios/io.c).
 */
#include "core/console.h"
#include "rom/efi/efi_platform.h"

#define BELOW_4G 0xFFFFFFFFull

static UINTN pages_for(size_t bytes)
{
	return (bytes + EFI_PAGE_SIZE - 1) / EFI_PAGE_SIZE;
}

void *efi_pages_alloc(size_t bytes, const char *what)
{
	EFI_PHYSICAL_ADDRESS addr = BELOW_4G;
	EFI_STATUS st;

	st = efi_bs->AllocatePages(AllocateMaxAddress, EfiLoaderData, pages_for(bytes), &addr);
	if (EFI_ERROR(st)) {
		con_printf("memory: no %lu KiB below 4 GiB for %s (%s)\n",
			   (unsigned long)(bytes / 1024), what, efi_status_text(st));
		return NULL;
	}
	return (void *)(uintptr_t)addr;
}

void efi_pages_free(void *p, size_t bytes)
{
	if (p)
		efi_bs->FreePages((EFI_PHYSICAL_ADDRESS)(uintptr_t)p, pages_for(bytes));
}
