/*
 * romtool: the structures an option ROM image carries, decoded, printed
 * and checked against the image's bounds.
 *   PCI Data Structure "PCIR": PCI Firmware Specification 3.0, §5.1.2
 *     (revision 0 is the PCI 2.2 form; revision 3 adds the fields at
 *     0x16..0x1B).
 *   PnP Expansion Header "$PnP": Plug and Play BIOS Specification 1.0A,
 *     §3.2, with the entry vectors of the BIOS Boot Specification 1.01.
 *   EFI image header (code type 3): PCI Firmware Specification 3.0,
 *     §5.1.1 (table 5-2).
 */
#include "util/romtool_structs.h"
#include <stdio.h>
#include <string.h>

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16;
}

static size_t find_struct(const uint8_t *rom, size_t len, size_t ptr_at,
			  const char *sig, size_t size)
{
	size_t p;

	if (!in_range(ptr_at, 2, len))
		return 0;
	p = le16(rom + ptr_at);
	if (!p || !in_range(p, size, len) || memcmp(rom + p, sig, 4))
		return 0;
	return p;
}

size_t rom_pcir(const uint8_t *rom, size_t len)
{
	return find_struct(rom, len, ROM_PCIR_PTR, "PCIR", PCIR_MIN_LENGTH);
}

size_t rom_pnp(const uint8_t *rom, size_t len)
{
	return find_struct(rom, len, ROM_PNP_PTR, "$PnP", PNP_LENGTH);
}

/* A code pointer (offset from the image start; 0 = none) must lie inside. */
static void check_vector(struct check *c, const char *what, size_t at, size_t len)
{
	if (at && at >= len)
		problem(c, "%s 0x%zx lies outside the image (%zu bytes)", what, at, len);
}

static const char *code_type_name(unsigned t)
{
	switch (t) {
	case 0: return "x86 PC-AT";
	case 1: return "Open Firmware";
	case 2: return "HP PA RISC";
	case 3: return "EFI";
	default: return "reserved";
	}
}

/* The revision 3 device list: 16-bit device IDs up to a 0, from PCIR. */
static void show_device_list(struct check *c, const uint8_t *rom, size_t len,
			     size_t pcir, size_t ptr)
{
	size_t at = pcir + ptr;

	printf("  device list at 0x%zx:", at);
	for (unsigned n = 0;; n++, at += 2) {
		if (!in_range(at, 2, len)) {
			printf("\n");
			problem(c, "PCIR device list runs past the image end");
			return;
		}
		if (!le16(rom + at) || n == 64)
			break;
		printf(" %04x", le16(rom + at));
	}
	printf("\n");
}

void show_pcir(struct check *c, const uint8_t *rom, size_t len, size_t p,
	       struct pcir_info *out)
{
	const uint8_t *s = rom + p;
	unsigned slen = le16(s + 0x0A), rev = s[0x0C];

	out->image_len = (size_t)le16(s + 0x10) * ROM_BLOCK;
	out->code_type = s[0x14];
	out->last = s[0x15] & PCIR_LAST_IMAGE;
	printf("PCIR at 0x%zx: vendor %04x device %04x\n", p, le16(s + 4), le16(s + 6));
	printf("  length %u, revision %u, class %02x %02x %02x (base, sub, interface)\n",
	       slen, rev, s[0x0F], s[0x0E], s[0x0D]);
	printf("  image length %zu bytes, code revision 0x%04x, code type %u (%s), %s\n",
	       out->image_len, le16(s + 0x12), out->code_type,
	       code_type_name(out->code_type),
	       out->last ? "last image" : "more images follow");
	if (slen < PCIR_MIN_LENGTH)
		problem(c, "PCIR length %u is less than the %u bytes of the structure",
			slen, PCIR_MIN_LENGTH);
	else if (!in_range(p, slen, len))
		problem(c, "PCIR structure (%u bytes at 0x%zx) runs past the image end", slen, p);
	if (!out->image_len)
		problem(c, "PCIR image length is 0");
	if (rev < 3 || slen < PCIR_REV3_LENGTH || !in_range(p, PCIR_REV3_LENGTH, len)) {
		if (le16(s + 8))
			printf("  VPD pointer 0x%04x\n", le16(s + 8));
		return;
	}
	printf("  max run-time length %u bytes, configuration utility 0x%04x, DMTF CLP entry 0x%04x\n",
	       le16(s + 0x16) * ROM_BLOCK, le16(s + 0x18), le16(s + 0x1A));
	check_vector(c, "configuration utility code header", le16(s + 0x18), len);
	check_vector(c, "DMTF CLP entry point", le16(s + 0x1A), len);
	if (le16(s + 8))
		show_device_list(c, rom, len, p, le16(s + 8));
}

/* A string the $PnP header points at: NUL-terminated inside the image. */
static void show_string(struct check *c, const uint8_t *rom, size_t len,
			const char *what, size_t at)
{
	const uint8_t *end;

	if (!at) {
		printf("  %s: none\n", what);
		return;
	}
	if (at >= len) {
		problem(c, "%s string 0x%zx lies outside the image (%zu bytes)", what, at, len);
		return;
	}
	end = memchr(rom + at, 0, len - at);
	if (!end) {
		problem(c, "%s string at 0x%zx is not terminated inside the image", what, at);
		return;
	}
	printf("  %s at 0x%zx: \"", what, at);
	for (const uint8_t *q = rom + at; q < end && q < rom + at + 80; q++)
		putchar(*q >= 0x20 && *q < 0x7F ? *q : '?');
	printf("\"\n");
}

void show_pnp(struct check *c, const uint8_t *rom, size_t len, size_t p)
{
	const uint8_t *s = rom + p;
	size_t hlen = (size_t)s[5] * 16;
	uint8_t ind = s[0x15];

	printf("$PnP at 0x%zx: revision %u, length %zu bytes, next header 0x%04x, device id 0x%08x\n",
	       p, s[4], hlen, le16(s + 6), le32(s + 0x0A));
	if (!hlen)
		problem(c, "$PnP header length is 0");
	else if (!in_range(p, hlen, len))
		problem(c, "$PnP header (%zu bytes at 0x%zx) runs past the image end", hlen, p);
	else if (sum8(s, hlen))
		problem(c, "$PnP header checksum wrong: its %zu bytes sum to 0x%02x, not 0",
			hlen, sum8(s, hlen));
	else
		printf("  header checksum ok\n");
	if (le16(s + 6) && !in_range(le16(s + 6), PNP_LENGTH, len))
		problem(c, "$PnP next header 0x%04x lies outside the image", le16(s + 6));
	show_string(c, rom, len, "manufacturer", le16(s + 0x0E));
	show_string(c, rom, len, "product", le16(s + 0x10));
	printf("  device type %02x %02x %02x, indicators 0x%02x:%s%s%s%s%s%s%s\n",
	       s[0x12], s[0x13], s[0x14], ind,
	       ind & 0x80 ? " DDIM" : "", ind & 0x40 ? " shadowable" : "",
	       ind & 0x20 ? " cacheable" : "", ind & 0x10 ? " only-if-boot-device" : "",
	       ind & 0x04 ? " IPL" : "", ind & 0x02 ? " input" : "",
	       ind & 0x01 ? " display" : "");
	printf("  BCV 0x%04x, DV 0x%04x, BEV 0x%04x\n",
	       le16(s + 0x16), le16(s + 0x18), le16(s + 0x1A));
	check_vector(c, "BCV", le16(s + 0x16), len);
	check_vector(c, "DV", le16(s + 0x18), len);
	check_vector(c, "BEV", le16(s + 0x1A), len);
}

void show_efi(struct check *c, const uint8_t *rom, size_t len)
{
	uint32_t sig;

	if (!in_range(0, 0x1A, len)) {
		problem(c, "EFI image header truncated");
		return;
	}
	sig = le32(rom + 4);
	printf("EFI header: initialization size %u bytes, subsystem %u, machine 0x%04x, "
	       "compression %u, EFI image at 0x%04x\n", le16(rom + 2) * ROM_BLOCK,
	       le16(rom + 8), le16(rom + 0x0A), le16(rom + 0x0C), le16(rom + 0x16));
	if (sig != 0x0EF1)
		problem(c, "EFI signature is 0x%08x, not 0x00000ef1", sig);
	check_vector(c, "EFI image offset", le16(rom + 0x16), len);
}
