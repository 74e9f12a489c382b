/*
 * The boot sequence of bin/pcbios/hello.dsk, the platform-only image: no
 * drivers are linked in, so it only says so; the network images link
 * boot.c instead.
 */
#include "core/console.h"
#include "rom/pcbios/pcbios.h"

int pcbios_boot(void)
{
	con_printf("boot: no network drivers in this image; nothing to boot\n");
	return 0;
}
