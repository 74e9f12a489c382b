/* The --help texts of util/mknbi's entry names. */
#include "util/mknbi/mknbi.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *name, *text; } helps[] = {
	{ "mknbi",
	  "Usage: mknbi TOOL [ARGS...]   (TOOL: linux, elf-linux, rom, info)\n"
	  "       mknbi-linux, mkelf-linux, mknbi-rom, nbiinfo [ARGS...]\n"
	  "\n"
	  "Makes network boot images for the ROM: Net Boot Images (\"tagged\n"
	  "images\") and ELF32 images of Linux kernels, NBIs of option ROMs, and\n"
	  "checks NBIs.  Each tool has --help.\n" },
	{ "mknbi-linux",
	  "Usage: mknbi-linux [--output=FILE] [--append=STR] [--param=STR]\n"
	  "                   [--rootdir=DIR|rom] [--ip=rom|CLIENT:SERVER:GW:NETMASK:HOST]\n"
	  "                   [--rdbase=top|asis|0xADDR] KERNEL [INITRD...]\n"
	  "\n"
	  "  --output=FILE    write the image to FILE (default: standard output)\n"
	  "  --append=STR     add STR to the end of the kernel command line\n"
	  "  --param=STR      start the command line with STR\n"
	  "  --rootdir=DIR    NFS root: root=/dev/nfs nfsroot=DIR (a /dev/ name\n"
	  "                   gives root=DIR); rom: the root path of the DHCP\n"
	  "                   answer (option 17), on the server that sent it\n"
	  "  --ip=rom         pass the ROM's address as\n"
	  "                   ip=CLIENT:SERVER:GATEWAY:NETMASK:HOSTNAME, from the\n"
	  "                   BOOTP/DHCP answer; anything else is passed as ip=STR\n"
	  "  --rdbase=top     initrds at the end of memory (default), asis after\n"
	  "                   the kernel, or at the 4 KiB aligned address 0xADDR\n"
	  "\n"
	  "Makes a Net Boot Image of a Linux x86 zImage or bzImage (boot protocol\n"
	  "2.01 or later) and its initrds, concatenated.  A small first stage\n"
	  "fills the kernel's setup header, writes the command line (the parts\n"
	  "taken from the ROM first, then --param, root, ip and --append) and\n"
	  "starts the kernel's setup code.\n" },
	{ "mkelf-linux",
	  "Usage: mkelf-linux [--output=FILE] [--append=STR] [--param=STR]\n"
	  "                   [--rootdir=DIR|rom] [--ip=rom|CLIENT:SERVER:GW:NETMASK:HOST]\n"
	  "                   [--rdbase=asis|0xADDR] KERNEL [INITRD...]\n"
	  "\n"
	  "  options as mknbi-linux's; an ELF image cannot place initrds by the\n"
	  "  end of memory, so --rdbase=asis is the default\n"
	  "\n"
	  "Makes an ELF32 image of a Linux x86 kernel for ROMs that load ELF: the\n"
	  "same pieces as mknbi-linux, one program header each, entered by a\n"
	  "32-bit stub that copies the DHCP answer below 1 MiB, returns to real\n"
	  "mode and runs mknbi-linux's first stage.\n" },
	{ "mknbi-rom",
	  "Usage: mknbi-rom [--output=FILE] ROMFILE\n"
	  "\n"
	  "  --output=FILE    write the image to FILE (default: standard output)\n"
	  "\n"
	  "Makes a Net Boot Image that loads an x86 option ROM image (55 AA at\n"
	  "offset 0, at most 512 KiB) at 0x10000 and starts it at its legacy\n"
	  "entry, offset 6 (1000:0006), so a ROM can be netbooted for testing.\n" },
	{ "nbiinfo",
	  "Usage: nbiinfo FILE\n"
	  "\n"
	  "Prints a Net Boot Image's header (flags, header location, entry, the\n"
	  "vendor data) and every segment (tag, placement, address, lengths) and\n"
	  "checks it: descriptors inside the header, a last-segment flag, file\n"
	  "lengths within the file, no overlaps, nothing over the loader's low\n"
	  "memory or the BIOS area.  Each problem is an \"error:\" line; the exit\n"
	  "status is 0 only for a valid image.\n" },
};

void usage(const char *name, int status)
{
	for (size_t i = 0; i < sizeof(helps) / sizeof(helps[0]); i++)
		if (strcmp(helps[i].name, name) == 0)
			fputs(helps[i].text, status ? stderr : stdout);
	exit(status);
}
