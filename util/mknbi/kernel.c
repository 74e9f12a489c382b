/*
 * Checking a Linux x86 kernel image before mknbi-linux lays it out.  The
 * header fields, their protocol versions and the defaults for older
 * kernels are from Documentation/x86/boot.rst.
 */
#include "util/mknbi/kernel.h"
#include "util/mknbi/linux_layout.h"
#include <string.h>

#define OLD_INITRD_MAX 0x37ffffffu	/* boot.rst: before protocol 2.03 */
#define OLD_CMDLINE_MAX 255u		/* boot.rst: before protocol 2.06 */
#define LOADED_HIGH 0x01u

void kernel_read(const char *path, const struct buf *file, struct kernel *k)
{
	const uint8_t *f = file->data;

	if (file->len < 0x400 || get16(f + KH_BOOT_FLAG) != 0xaa55)
		die("%s: not a Linux kernel: no boot sector signature 55 AA at offset 510", path);
	if (memcmp(f + KH_HEADER, "HdrS", 4) != 0)
		die("%s: no \"HdrS\" setup header at 0x202: a kernel older than boot protocol 2.00, or not a kernel; mknbi-linux boots protocol 2.01 and later", path);
	k->version = get16(f + KH_VERSION);
	if (k->version < 0x0201)
		die("%s: boot protocol %u.%02u is older than 2.01, the oldest mknbi-linux boots (it needs heap_end_ptr)",
		    path, k->version >> 8, k->version & 0xff);
	unsigned sects = f[KH_SETUP_SECTS] ? f[KH_SETUP_SECTS] : 4;

	k->setup_len = sects * 512u;
	size_t real = k->setup_len + 512;

	if (real > REAL_MAX)
		die("%s: boot sector and %u setup sectors are %zu bytes, more than the %u the real-mode area holds",
		    path, sects, real, REAL_MAX);
	if (file->len <= real)
		die("%s: the file (%zu bytes) ends within its %u setup sectors: truncated",
		    path, file->len, sects);
	k->real = f;
	k->body = f + real;
	if (file->len - real > 0xffffffffu)
		die("%s: the kernel is too large", path);
	k->body_len = (uint32_t)(file->len - real);
	k->big = (f[KH_LOADFLAGS] & LOADED_HIGH) != 0;
	if (!k->big && k->body_len > ZIMAGE_MAX)
		die("%s: a zImage of %u bytes does not fit below 0x90000 (at most %u); make a bzImage",
		    path, k->body_len, ZIMAGE_MAX);
	k->initrd_max = k->version >= 0x0203 ? get32(f + KH_INITRD_ADDR_MAX) : OLD_INITRD_MAX;
	k->cmdline_max = k->version >= 0x0206 ? get32(f + KH_CMDLINE_SIZE) : OLD_CMDLINE_MAX;
	if (k->cmdline_max > CMDLINE_BUF - 1)
		k->cmdline_max = CMDLINE_BUF - 1;
	k->init_size = k->version >= 0x020a && file->len >= KH_END ? get32(f + KH_INIT_SIZE) : 0;
	k->pref_address = 0;
	if (k->version >= 0x020a && file->len >= KH_END) {
		if (get32(f + KH_PREF_ADDRESS + 4))
			die("%s: the kernel prefers to run above 4 GiB", path);
		k->pref_address = get32(f + KH_PREF_ADDRESS);
	}
}
