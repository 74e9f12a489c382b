/*
 * The boot sequence, run once the platform is up.  This is where the network
 * boot goes: probe the NICs (PCI), DHCP, TFTP, load the image, shut the NIC
 * down, start the image; failures retry with backoff and finally return 0
 * or an error to pcbios_main, which hands back to the BIOS.  Today there are
 * no drivers in the image, so it only says so.
 */
#include "core/console.h"
#include "rom/pcbios/pcbios.h"

int pcbios_boot(void)
{
	con_printf("boot: no network drivers in this image yet; nothing to boot\n");
	return 0;
}
