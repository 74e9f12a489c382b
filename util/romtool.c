/*
 * romtool: inspect and finish x86 option ROMs, and edit the settings block
 * (core/settings.h) in any boot image (host tool).
 *
 *   romtool info ROM
 *   romtool make IN OUT [--size 8|16|32|64] [--ids VVVV:DDDD]
 *                [--set KEY=VALUE]... [--checksum-at OFFSET]
 *   romtool set IMAGE [--checksum-at OFFSET] KEY=VALUE...
 *
 * Keys: filename, next-server, ip, netmask, gateway, dhcp-timeout,
 * tftp-timeout, vendor-class, no-chain, initrd, cmdline; "KEY=" removes one.
 *
 * Exit status: 0 when everything holds (info) or was done (make, set);
 * 1 on a problem, each printed with what and where; 2 on bad usage.
 */
#include "util/romtool.h"
#include <stdio.h>
#include <string.h>

static int usage(void)
{
	fputs("usage: romtool info ROM\n"
	      "       romtool make IN OUT [--size 8|16|32|64] [--ids VVVV:DDDD]\n"
	      "                    [--set KEY=VALUE]... [--checksum-at OFFSET]\n"
	      "       romtool set IMAGE [--checksum-at OFFSET] KEY=VALUE...\n"
	      "keys: filename next-server ip netmask gateway dhcp-timeout\n"
	      "      tftp-timeout vendor-class no-chain initrd cmdline (KEY= removes)\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return usage();
	if (!strcmp(argv[1], "info"))
		return argc == 3 ? cmd_info(argc - 2, argv + 2) : usage();
	if (!strcmp(argv[1], "make"))
		return cmd_make(argc - 2, argv + 2);
	if (!strcmp(argv[1], "set"))
		return cmd_set(argc - 2, argv + 2);
	return usage();
}
