/*
 * romtool info: every image of an option ROM file (PCI Firmware
 * Specification 3.0 §5.1: images are chained, each starting with 55 AA,
 * the next one at the current image's PCIR image length, until the one
 * whose PCIR last-image bit is set), then the settings block.
 */
#include "util/romtool_structs.h"
#include <stdio.h>
#include <stdlib.h>

#define MAX_IMAGES 16

/* The init entry at offset 3 (what the BIOS calls at POST), decoded when
 * it is a jmp short (EB rel8) or jmp near (E9 rel16); in our layout the
 * legacy entry at 6 is a jmp short too. */
static void show_jumps(struct check *c, const uint8_t *rom, size_t len)
{
	unsigned target;

	if (rom[3] == 0xEB)
		target = (uint16_t)(5 + (int8_t)rom[4]);
	else if (rom[3] == 0xE9)
		target = (uint16_t)(6 + le16(rom + 4));
	else {
		printf("init entry 0x03: byte 0x%02x is not a jmp short/near\n", rom[3]);
		return;
	}
	printf("init entry 0x03: %s to 0x%04x\n", rom[3] == 0xEB ? "jmp short" : "jmp near",
	       target);
	if (target >= len)
		problem(c, "init jump at 0x03 leads to 0x%x, outside the image (%zu bytes)",
			target, len);
	if (rom[3] == 0xEB && rom[6] == 0xEB) {
		target = (uint16_t)(8 + (int8_t)rom[7]);
		printf("legacy entry 0x06: jmp short to 0x%04x\n", target);
		if (target >= len)
			problem(c, "legacy entry jump at 0x06 leads to 0x%x, outside the image",
				target);
	}
}

/* The 55 AA header of an x86 image of len bytes (already bounded). */
static void show_x86(struct check *c, const uint8_t *rom, size_t len, bool whole)
{
	show_jumps(c, rom, len);
	if (!whole)
		printf("checksum: not checked, the image is incomplete\n");
	else if (sum8(rom, len))
		problem(c, "checksum wrong: the image's %zu bytes sum to 0x%02x, not 0",
			len, sum8(rom, len));
	else
		printf("checksum: ok (the image's %zu bytes sum to 0)\n", len);
}

/* A pointer at ptr_at (PCIR or $PnP) that is set must lead inside the
 * image; whether a signature is there is reported by the caller. */
static bool pointer_inside(struct check *c, const uint8_t *rom, size_t len,
			   size_t ptr_at, const char *what)
{
	size_t p = le16(rom + ptr_at);

	if (!p) {
		printf("%s: none (pointer 0)\n", what);
		return false;
	}
	if (p >= len) {
		problem(c, "%s pointer 0x%zx lies outside the image (%zu bytes)", what, p, len);
		return false;
	}
	return true;
}

/* One image at rom[0..avail): returns its PCIR facts (image_len 0 when
 * there is no PCIR, which ends the chain). */
static struct pcir_info show_image(struct check *c, const uint8_t *rom, size_t avail)
{
	struct pcir_info pi = { 0, PCIR_CODE_X86, true };
	size_t len, pcir, pnp;

	if (avail < ROM_PNP_PTR + 2) {
		problem(c, "truncated: %zu bytes, too short for an option ROM header", avail);
		return pi;
	}
	if (rom[0] != 0x55 || rom[1] != 0xAA) {
		problem(c, "no 55 AA signature (found %02x %02x)", rom[0], rom[1]);
		return pi;
	}
	pcir = rom_pcir(rom, avail);
	if (pcir && rom[pcir + 0x14] == PCIR_CODE_EFI)
		len = (size_t)le16(rom + 2) * ROM_BLOCK;
	else if (pcir && rom[pcir + 0x14] != PCIR_CODE_X86)
		len = (size_t)le16(rom + pcir + 0x10) * ROM_BLOCK;
	else
		len = (size_t)rom[2] * ROM_BLOCK;
	printf("header: 55 AA, length %zu bytes (%zu blocks of 512)\n", len, len / ROM_BLOCK);
	bool whole = len && len <= avail;
	if (!len) {
		problem(c, "length byte is 0");
		len = avail;
	} else if (len > avail) {
		problem(c, "truncated: the header says %zu bytes, the file has %zu", len, avail);
		len = avail;
	}
	if (!pcir || rom[pcir + 0x14] == PCIR_CODE_X86)
		show_x86(c, rom, len, whole);
	else if (rom[pcir + 0x14] == PCIR_CODE_EFI)
		show_efi(c, rom, len);
	if (pointer_inside(c, rom, len, ROM_PCIR_PTR, "PCIR")) {
		pcir = rom_pcir(rom, len);
		if (pcir)
			show_pcir(c, rom, len, pcir, &pi);
		else
			printf("PCIR: no PCIR structure at 0x%04x (not a PCI ROM?)\n",
			       le16(rom + ROM_PCIR_PTR));
	}
	if (pi.image_len && pi.code_type == PCIR_CODE_X86 && whole && len > pi.image_len)
		problem(c, "the length byte (%zu bytes) exceeds the PCIR image length (%zu bytes)",
			len, pi.image_len);
	if (pi.code_type == PCIR_CODE_X86 && pointer_inside(c, rom, len, ROM_PNP_PTR, "$PnP")) {
		pnp = rom_pnp(rom, len);
		if (pnp)
			show_pnp(c, rom, len, pnp);
		else
			printf("$PnP: no $PnP header at 0x%04x\n", le16(rom + ROM_PNP_PTR));
	}
	return pi;
}

int cmd_info(int argc, char **argv)
{
	struct image im;
	struct check c = { 0 };
	size_t off = 0, at;

	(void)argc;
	if (image_load(&im, argv[0]))
		return 1;
	printf("%s: %zu bytes\n", im.path, im.size);
	for (unsigned n = 0;; n++) {
		if (n == MAX_IMAGES) {
			problem(&c, "more than %u images chained; stopped", MAX_IMAGES);
			break;
		}
		printf("--- image %u at 0x%zx\n", n, off);
		struct pcir_info pi = show_image(&c, im.data + off, im.size - off);
		if (!pi.image_len)
			break;
		if (pi.last) {
			if (im.size - off > pi.image_len)
				printf("%zu bytes follow the last image\n", im.size - off - pi.image_len);
			break;
		}
		if (pi.image_len >= im.size - off) {
			problem(&c, "PCIR says another image follows at 0x%zx, but the file ends at 0x%zx",
				off + pi.image_len, im.size);
			break;
		}
		off += pi.image_len;
	}
	printf("images: %s\n", off ? "several, chained" : "one");
	switch (settings_locate(&im, &at)) {
	case 1:
		settings_show(&c, &im, at);
		break;
	case 0:
		printf("settings: none\n");
		break;
	default:
		problem(&c, "settings block not usable (see above)");
	}
	if (c.problems)
		printf("%s: %u problem%s\n", im.path, c.problems, c.problems == 1 ? "" : "s");
	else
		printf("%s: ok\n", im.path);
	free(im.data);
	return c.problems ? 1 : 0;
}
