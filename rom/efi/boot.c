/*
 * The network boot sequence of the UEFI client: the settings block, the
 * firmware PXE client's cached answer (when it started us), the NIC
 * (efi_nic.h), configuration and download (net/netboot.h, with retries)
 * into memory, with the initrd the settings name after it, then the NIC
 * goes back to the firmware and the file starts by its format (start.c)
 * with "<boot file> <the settings' command line>" as its load options.
 */
#include "core/console.h"
#include "core/errors.h"
#include "core/format.h"
#include "net/boot_settings.h"
#include "net/netboot.h"
#include "rom/efi/download.h"
#include "rom/efi/efi_nic.h"
#include "rom/efi/efi_pxe.h"
#include "rom/efi/start.h"

/* IANA "Processor Architecture Types" (RFC 4578 §2.1 as corrected by the
 * registry): 7, x64 UEFI. */
#define ARCH_X64_UEFI 7

static struct settings settings;
static struct netboot nb;
static struct download boot_file, initrd;
static struct dhcp_lease pxe_ack;
#define BOOTFILE_SIZE sizeof(((struct dhcp_lease *)0)->bootfile)
static char self_name[BOOTFILE_SIZE];
/* "<file> <command line>", the way the UEFI shell passes load options. */
static char options[BOOTFILE_SIZE + 1 + SETTINGS_CMDLINE_MAX];

static struct sink *begin(struct netboot *unused)
{
	(void)unused;
	return download_begin(&boot_file, "the boot file");
}

static struct sink *begin_initrd(struct netboot *unused)
{
	(void)unused;
	return download_begin(&initrd, "the initrd");
}

int efi_boot(void)
{
	static struct netdev nd;
	struct efi_boot_file f = { 0 };
	bool have_ack;
	int rc;

	boot_settings_load(&settings, efi_settings_block, SETTINGS_BLOCK_SIZE);
	have_ack = efi_pxe_cached(&pxe_ack, self_name, sizeof(self_name));
	if (efi_nic_find(&nd) < 0) {
		con_printf("boot: no network interface to boot from\n");
		return -E_NODEV;
	}
	netboot_nic_up(&nd);
	nb = (struct netboot){
		.platform = "efi", .settings = &settings, .arch = ARCH_X64_UEFI,
		.earlier = have_ack ? &pxe_ack : NULL,
		.self_name = self_name[0] ? self_name : NULL, .begin = begin,
	};
	netboot_uuid_from_mac(nb.uuid, nd.mac);
	rc = netboot_fetch(&nd, &nb);
	if (rc >= 0 && settings.present & SETTING_BIT(SETTING_INITRD))
		rc = netboot_fetch_more(&nd, &nb, settings.initrd, begin_initrd);
	/* Before any start: our use of the NIC ends here. */
	netdev_close(&nd);
	efi_nic_release();
	if (rc < 0)
		return rc;
	f.data = boot_file.data;
	f.len = boot_file.len;
	f.name = nb.lease.bootfile;
	format_buf(options, sizeof(options), "%s%s%s", nb.lease.bootfile,
		   settings.cmdline[0] ? " " : "", settings.cmdline);
	f.cmdline = options;
	f.dhcp = nb.lease.raw;
	f.dhcp_len = nb.lease.raw_len;
	if (settings.present & SETTING_BIT(SETTING_INITRD)) {
		f.initrd = initrd.data;
		f.initrd_len = initrd.len;
	}
	return efi_start(&f);
}
