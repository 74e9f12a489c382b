/*
 * util/mknbi: mknbi-linux, mkelf-linux, mknbi-rom and nbiinfo, one
 * program dispatched on its name.  Shared pieces: files, numbers, and the
 * list of loadable pieces both writers (NBI, ELF32) take.
 */
#ifndef UTIL_MKNBI_MKNBI_H
#define UTIL_MKNBI_MKNBI_H

#include <stddef.h>
#include <stdint.h>

#define MAX_PIECES 8

/* One segment: NBI placement mode (loaders/nbi_format.h NBI_PLACE_*),
 * its address or offset, the file bytes and the memory they take. */
struct piece {
	uint8_t tag;			/* NBI vendor tag */
	uint8_t place;
	uint32_t addr;
	const uint8_t *data;
	uint32_t len;
	uint32_t mem;
};

struct image {
	const char *tool;		/* vendor data / ELF note */
	uint32_t execute;		/* seg:off (NBI) or linear (ELF) */
	uint32_t location;		/* NBI header copy, linear, below 1 MiB */
	struct piece piece[MAX_PIECES];
	unsigned count;
};

struct buf {
	uint8_t *data;
	size_t len;
};

_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
struct buf read_file(const char *path);
void write_file(const char *path, const uint8_t *data, size_t len);
uint32_t parse_u32(const char *opt, const char *text);
/* The value of "--name=value" in arg, or NULL when arg is another option. */
const char *opt_value(const char *arg, const char *name);
uint16_t get16(const uint8_t *p);
uint32_t get32(const uint8_t *p);
void put16(uint8_t *p, uint16_t v);
void put32(uint8_t *p, uint32_t v);
void add_piece(struct image *img, uint8_t tag, uint8_t place, uint32_t addr,
	       const uint8_t *data, uint32_t len, uint32_t mem);

void write_nbi(const struct image *img, const char *out);
void write_elf(const struct image *img, const char *out);

int mknbi_linux(int argc, char **argv, int elf);
int mknbi_rom(int argc, char **argv);
int nbiinfo(int argc, char **argv);
void usage(const char *name, int status) __attribute__((noreturn));

/* The first stages, assembled at build time (mk/mknbi.mk). */
extern const unsigned char first_linux_bin[];
extern const unsigned int first_linux_bin_len;
extern const unsigned char first_linux_elf_bin[];
extern const unsigned int first_linux_elf_bin_len;

#endif
