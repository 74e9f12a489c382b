/*
 * The settings block: a fixed-size block inside a boot image (option ROM,
 * floppy, PXE or UEFI image) that the host tool util/romtool.c edits after
 * the build and the firmware reads at start-up.  Both sides use this file,
 * so they cannot disagree about the format.
 *
 * Layout (SETTINGS_BLOCK_SIZE = 256 bytes, multi-byte header fields
 * little-endian):
 *   0x00  8  magic "NBSETTNG" (the two 32-bit words below).  Code that
 *            writes or checks the magic may carry these bytes too, so a
 *            tool scanning an image takes a magic for a block only when
 *            the CRC after it matches
 *   0x08  1  version, SETTINGS_VERSION
 *   0x09  1  reserved, 0
 *   0x0A  2  used: bytes of entries that follow, at most SETTINGS_AREA_SIZE
 *   0x0C  4  CRC-32 (core/crc32.h) of all 256 bytes with this field 0
 *   0x10 240 entries, back to back: tag (1 byte), length (1 byte), value;
 *            every byte after the last entry is 0
 *
 * Values: IPv4 addresses are 4 bytes in network order; timeouts are
 * 2 bytes little-endian, 1..SETTINGS_TIMEOUT_MAX seconds; strings are
 * 1..max bytes without a NUL (the parser terminates them).
 *
 * Parsing rules: unknown tags are skipped (a block written by a newer tool
 * still works); a tag seen twice is an error, not "last wins", so a block
 * never means two things; a client address needs a netmask (contiguous),
 * and a netmask or gateway needs a client address.
 */
#ifndef CORE_SETTINGS_H
#define CORE_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

#define SETTINGS_BLOCK_SIZE 256
#define SETTINGS_HEADER_SIZE 16
#define SETTINGS_AREA_SIZE (SETTINGS_BLOCK_SIZE - SETTINGS_HEADER_SIZE)
/* "NBSE" and "TTNG" as little-endian words. */
#define SETTINGS_MAGIC_LO 0x4553424Eu
#define SETTINGS_MAGIC_HI 0x474E5454u
#define SETTINGS_VERSION 1
#define SETTINGS_OFF_VERSION 8
#define SETTINGS_OFF_RESERVED 9
#define SETTINGS_OFF_USED 10
#define SETTINGS_OFF_CRC 12
/* The CRC of a block without entries, for blocks built into images by a
 * static initializer (tests/unit/test_settings.c checks it). */
#define SETTINGS_EMPTY_CRC 0x60447F14u

#define SETTINGS_NAME_MAX 127		/* boot file and guard names */
#define SETTINGS_VCI_MAX 64		/* DHCP option 60 */
#define SETTINGS_CMDLINE_MAX 200
#define SETTINGS_TIMEOUT_MAX 3600

enum settings_tag {
	SETTING_FILENAME = 1,		/* boot file name */
	SETTING_NEXT_SERVER = 2,	/* TFTP server, IPv4 */
	SETTING_CLIENT_IP = 3,		/* static address: DHCP is skipped */
	SETTING_NETMASK = 4,
	SETTING_GATEWAY = 5,
	SETTING_DHCP_TIMEOUT = 6,	/* seconds */
	SETTING_TFTP_TIMEOUT = 7,	/* seconds */
	SETTING_VENDOR_CLASS = 8,	/* replaces our DHCP option 60 */
	SETTING_NO_CHAIN = 9,		/* never chain to a file of this name again */
	SETTING_INITRD = 10,		/* initial ramdisk for an EFI-stub kernel */
	SETTING_CMDLINE = 11,		/* command line / EFI load options */
	SETTING_TAG_LAST
};

#define SETTING_BIT(tag) (1u << (tag))

/* What a block says; a field counts only when its bit is in present.
 * Addresses are in host order, as in net/. */
struct settings {
	uint32_t present;
	char filename[SETTINGS_NAME_MAX + 1];
	uint32_t next_server;
	uint32_t client_ip;
	uint32_t netmask;
	uint32_t gateway;
	uint16_t dhcp_timeout_s;
	uint16_t tftp_timeout_s;
	char vendor_class[SETTINGS_VCI_MAX + 1];
	char no_chain[SETTINGS_NAME_MAX + 1];
	char initrd[SETTINGS_NAME_MAX + 1];
	char cmdline[SETTINGS_CMDLINE_MAX + 1];
};

/* True when the 8 bytes at p are the magic (p must have 8 readable bytes). */
int settings_magic_at(const uint8_t *p);

/* Check and decode the block at block[0..len).  Returns 0, or -E_INVALID
 * (bad magic, too short, damaged CRC, malformed or contradictory entries)
 * or -E_NOTSUP (another version).  out is cleared first, also on error. */
int settings_parse(const uint8_t *block, size_t len, struct settings *out);

/* Writer, for the host tool and for tests. */

/* An empty, valid block. */
void settings_init(uint8_t block[SETTINGS_BLOCK_SIZE]);

/* Replace the entry of tag with value[0..vlen), or remove it when vlen is
 * 0.  The block must parse structurally (settings_parse's rules apart from
 * the CRC).  Checks the value as the parser would.  Returns 0, -E_INVALID
 * or -E_TOOBIG (no room).  Call settings_finish() afterwards. */
int settings_set(uint8_t block[SETTINGS_BLOCK_SIZE], enum settings_tag tag,
		 const void *value, size_t vlen);

/* Store the CRC-32 of the block. */
void settings_finish(uint8_t block[SETTINGS_BLOCK_SIZE]);

/* The CRC the block should carry (its CRC field counted as 0), and
 * whether it carries it. */
uint32_t settings_crc(const uint8_t block[SETTINGS_BLOCK_SIZE]);
int settings_crc_ok(const uint8_t block[SETTINGS_BLOCK_SIZE]);

#endif
