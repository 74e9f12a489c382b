/*
 * The network boot sequence of the NIC images (bin/pcbios/e1000.dsk):
 * find the NIC (boot_nic.h: a driver of ours on PCI, or in undi.pxe the
 * PXE ROM's UNDI), configure it and fetch the boot file (net/netboot.h,
 * with retries) straight into the image loader's sink (loaders/image.h),
 * which places it in memory as it arrives; then stop the NIC and start
 * the image (start.c).  A machine without a NIC this image drives has
 * nothing to boot from. */
#include "core/console.h"
#include "core/errors.h"
#include "loaders/image.h"
#include "net/boot_settings.h"
#include "net/netboot.h"
#include "rom/pcbios/boot_nic.h"
#include "rom/pcbios/pcbios.h"
#include "rom/pcbios/pxe_chain.h"

/* RFC 4578 §2.1: client system architecture 0, Intel x86PC (BIOS). */
#define ARCH_X86_BIOS 0

/* In .bss, inside the reserved body: the images get pointers to them. */
static struct settings settings;
static struct netboot nb;
static struct image_loader_state loader;
static struct image_target target;

/* Each attempt places the image afresh. */
static struct sink *begin(struct netboot *unused)
{
	(void)unused;
	pcbios_image_target(&target, &pcbios_memory_map);
	return image_sink_init(&loader, &target);
}

int pcbios_boot(void)
{
	static struct netdev nd;
	struct boot_plan plan;
	int rc;

	boot_settings_load(&settings, pcbios_settings_block, sizeof(pcbios_settings_block));
	if (boot_find_nic(&nd) < 0) {
		con_printf("boot: no network card this image can drive; nothing to boot from\n");
		return -E_NODEV;
	}
	netboot_nic_up(&nd);
	nb = (struct netboot){
		.platform = "pcbios", .settings = &settings, .arch = ARCH_X86_BIOS,
		.earlier = pxe_chain_dhcp_ack(), .self_name = pxe_chain_self_name(),
		.begin = begin,
	};
	if (smbios_system_uuid(nb.uuid)) {
		con_printf("boot: UUID from SMBIOS\n");
	} else {
		netboot_uuid_from_mac(nb.uuid, nd.mac);
		con_printf("boot: no SMBIOS UUID; using one made from the MAC\n");
	}
	rc = netboot_fetch(&nd, &nb);
	if (rc >= 0)
		rc = image_finish(&loader, &plan);
	/* Before any start: the NIC's DMA must not reach the image. */
	netdev_close(&nd);
	if (rc < 0)
		return rc;
	pcbios_describe(&plan);
	return pcbios_start(&plan, &pcbios_memory_map, nb.lease.raw, sizeof(nb.lease.raw),
			    nb.lease.bootfile);
}
