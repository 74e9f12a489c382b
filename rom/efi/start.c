/*
 * What the UEFI client can start, decided by the file's first bytes: an
 * EFI application or an EFI-stub kernel ("MZ", then a PE32+ image the
 * firmware checks itself), or an ELF image (the loaders check it; x86-64
 * only).  NBI images are refused: they run in real mode or under the BIOS,
 * which UEFI does not have.
 */
#include "core/console.h"
#include "core/errors.h"
#include "loaders/nbi_format.h"
#include "rom/efi/start.h"

int efi_start(const struct efi_boot_file *f)
{
	const uint8_t *d = f->data;

	if (f->len >= 2 && d[0] == 'M' && d[1] == 'Z')
		return efi_start_pe(f);
	if (f->len >= 4 && (d[0] | d[1] << 8 | d[2] << 16 | (uint32_t)d[3] << 24) == NBI_MAGIC) {
		con_printf("image: %s is an NBI image, which needs a PC BIOS (real mode); "
			   "boot it with a bin/pcbios image\n", f->name);
		return -E_BADIMAGE;
	}
	if (f->len >= 4 && d[0] == 0x7F && d[1] == 'E' && d[2] == 'L' && d[3] == 'F')
		return efi_start_elf(f);
	con_printf("image: %s is neither an EFI application nor another format we know "
		   "(first bytes %02x %02x %02x %02x)\n", f->name, f->len > 0 ? d[0] : 0,
		   f->len > 1 ? d[1] : 0, f->len > 2 ? d[2] : 0, f->len > 3 ? d[3] : 0);
	return -E_BADIMAGE;
}
