/*
 * romtool's parts (util/romtool*.c): the option ROM structures, the
 * settings block in an image, and the commands.  Every offset read from an
 * image is checked against the image's size before use: a ROM is input
 * from anywhere.
 */
#ifndef UTIL_ROMTOOL_H
#define UTIL_ROMTOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A whole file in memory. */
struct image {
	const char *path;
	uint8_t *data;
	size_t size;
};

#define IMAGE_MAX (16u << 20)	/* larger files are refused */
#define ROM_BLOCK 512		/* unit of the length byte and PCIR image length */
#define ROM_LENGTH_MAX (255u * ROM_BLOCK)

/* Our prefix's layout (rom/pcbios): 0x03 jmp short to init, 0x05 the
 * checksum byte, 0x06 the legacy entry (jmp short). */
#define OUR_CHECKSUM_AT 5

/* PCI Firmware Spec 3.0 §5.1.1: the header's pointers; §5.1.2: PCIR. */
#define ROM_PCIR_PTR 0x18
#define ROM_PNP_PTR 0x1A
#define PCIR_MIN_LENGTH 0x18
#define PCIR_REV3_LENGTH 0x1C
#define PCIR_LAST_IMAGE 0x80
#define PCIR_CODE_X86 0
#define PCIR_CODE_EFI 3
/* PnP BIOS Spec 1.0A §3.2 / BIOS Boot Spec 1.01 appendix C: $PnP. */
#define PNP_LENGTH 32

/* The problems info has found so far; each is printed as it is found. */
struct check {
	unsigned problems;
};
void problem(struct check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

uint16_t le16(const uint8_t *p);
void put16(uint8_t *p, uint16_t v);
/* Whether [off, off + len) lies inside [0, size). */
bool in_range(size_t off, size_t len, size_t size);

int image_load(struct image *im, const char *path);
int image_save(const struct image *im, const char *path);

/* Sum of data[0..len) modulo 256. */
uint8_t sum8(const uint8_t *data, size_t len);

/* Offset of the PCIR structure of the image at rom[0..len), or 0 when its
 * pointer does not lead to one inside the image. */
size_t rom_pcir(const uint8_t *rom, size_t len);
/* The same for $PnP. */
size_t rom_pnp(const uint8_t *rom, size_t len);

/* The settings block in an image: its offset in *at.  Returns 1 for the
 * one magic followed by a block with a matching CRC (or, when the image has
 * a single magic, for that block even if damaged), 0 when there is no
 * magic, -1 (having said why on stderr) otherwise. */
int settings_locate(const struct image *im, size_t *at);
/* Apply "KEY=VALUE" (empty VALUE removes the entry) to the block, saying
 * what changed.  Returns 0, or -1 having said why. */
int settings_apply(uint8_t *block, const char *assignment);
/* Apply the assignments to the image's settings block, which must parse,
 * and seal it (CRC).  Returns 0, or -1 having said why. */
int settings_edit(struct image *im, char *const *assignments, size_t n);
/* Print the settings block at data + at, counting what is wrong with it. */
void settings_show(struct check *c, const struct image *im, size_t at);

/* Fix the checksum byte of the x86 image rom[0..len): at the given offset,
 * else (at < 0) at OUR_CHECKSUM_AT when ours, else at the last byte (which
 * must be padding or a previous checksum).  Returns 0 or -1 saying why. */
int rom_fix_checksum(const char *path, uint8_t *rom, size_t len, long at, bool ours);

int cmd_info(int argc, char **argv);
int cmd_make(int argc, char **argv);
int cmd_set(int argc, char **argv);

/* "--checksum-at OFFSET": the offset (C notation: 5, 0x1ff), or -1 saying why. */
long parse_offset(const char *text);

#endif
