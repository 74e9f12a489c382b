/*
 * mkrelocs: the run-time relocation table of a pcbios body (build tool).
 *
 *   mkrelocs BODY.ELF OUT
 *
 * The pcbios body (rom/pcbios/body.ld) has a part that stays where the
 * prefix put it (the real-mode code in low memory) and a part that moves
 * to the top of RAM at start-up (rom/pcbios/relocate.c), the range
 * [__move_start, __move_end] of the link.  BODY.ELF must be linked with
 * --emit-relocs, so it still lists every place the linker patched.  From
 * those this writes the places that the move changes:
 *   - an absolute 32-bit address (R_386_32) of something that moves:
 *     add the distance moved;
 *   - a 32-bit displacement (R_386_PC32, R_386_PLT32) from a place that
 *     stays to one that moves: add; from one that moves to one that
 *     stays: subtract.
 * 16- and 8-bit relocations (real-mode code) must neither sit in nor point
 * into the moving part; any other relocation type is refused.
 *
 * Every place must be a word inside .text16 ([__body_start, __text16_end))
 * or inside the moving part's code and data ([__move_start,
 * __reloc_start)), a subtract place inside the latter, and the places of
 * one kind must not overlap.
 *
 * OUT is the table in the format of rom/pcbios/reloc_table.h (gaps between
 * sorted places, LEB128), which this reads back with relocate.c's reader
 * and compares before writing.  Prints "N places ..." for the build's
 * RELOC line.  Exit status 0, or 1 with a message.
 */
#include <elf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rom/pcbios/reloc_table.h"

struct image {
	const char *path;
	uint8_t *data;
	size_t size;
};

struct sites {
	uint32_t *at;
	size_t count, room;
};

static void fail(const char *path, const char *why)
{
	fprintf(stderr, "mkrelocs: %s: %s\n", path, why);
	exit(1);
}

static void *at(const struct image *im, uint64_t offset, uint64_t len)
{
	if (offset > im->size || len > im->size - offset)
		fail(im->path, "a table lies outside the file");
	return im->data + offset;
}

static void read_image(struct image *im)
{
	FILE *f = fopen(im->path, "rb");
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		fail(im->path, "cannot read the file");
	im->size = (size_t)n;
	im->data = malloc(im->size ? im->size : 1);
	if (!im->data || fread(im->data, 1, im->size, f) != im->size)
		fail(im->path, "cannot read the file");
	fclose(f);
}

static void add_site(const char *path, struct sites *s, uint32_t site)
{
	if (s->count == s->room) {
		s->room = s->room ? 2 * s->room : 256;
		s->at = realloc(s->at, s->room * sizeof(*s->at));
		if (!s->at)
			fail(path, "out of memory");
	}
	s->at[s->count++] = site;
}

struct moving {
	uint32_t start, end;	/* [start, end) */
};

/* The body's symbols this needs (rom/pcbios/body.ld). */
enum { BODY_START, TEXT16_END, MOVE_START, MOVE_END, RELOC_START, NSYMBOLS };
static const char *const symbol_names[NSYMBOLS] = {
	"__body_start", "__text16_end", "__move_start", "__move_end", "__reloc_start",
};

/* Whether a relocation's symbol moves: it moves with its section, which
 * lies wholly on one side (a symbol at the end of .text16 has the value of
 * the start of .text, so its value cannot tell); an absolute one stays. */
static bool target_moves(const struct image *im, const Elf32_Shdr *sh, unsigned shnum,
			 const struct moving *m, const Elf32_Sym *sym)
{
	if (sym->st_shndx == SHN_ABS || sym->st_shndx == SHN_UNDEF)
		return false;
	if (sym->st_shndx >= shnum)
		fail(im->path, "a symbol's section index is out of range");
	return sh[sym->st_shndx].sh_addr >= m->start && sh[sym->st_shndx].sh_addr < m->end;
}

static int compare_sites(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort the places of one kind and check them against the bounds. */
static void check_sites(const char *path, struct sites *s, const struct reloc_bounds *b,
			bool subtract)
{
	if (s->count)
		qsort(s->at, s->count, sizeof(*s->at), compare_sites);
	for (size_t i = 0; i < s->count; i++) {
		uint64_t site = s->at[i];
		bool in_move = site >= b->move_start && site + 4 <= b->move_end;
		bool in_stay = site >= b->stay_start && site + 4 <= b->stay_end;

		if (!in_move && (subtract || !in_stay)) {
			fprintf(stderr, "mkrelocs: %s: a place to patch at 0x%x lies outside %s\n",
				path, s->at[i], subtract ? "the moving part's code and data"
							 : ".text16 and the moving part's code and data");
			exit(1);
		}
		if (i && s->at[i] - s->at[i - 1] < 4) {
			fprintf(stderr, "mkrelocs: %s: places to patch at 0x%x and 0x%x overlap\n",
				path, s->at[i - 1], s->at[i]);
			exit(1);
		}
	}
}

/* The places read back so far (read_back). */
struct reading {
	const struct sites *add, *sub;
	size_t adds, subs;
	bool same;
};

static void compare_site(void *ctx, uint32_t site, bool subtract)
{
	struct reading *r = ctx;
	const struct sites *s = subtract ? r->sub : r->add;
	size_t *i = subtract ? &r->subs : &r->adds;

	r->same = r->same && *i < s->count && s->at[*i] == site;
	++*i;
}

/* Read the table back as relocate.c will and compare. */
static void read_back(const char *path, const uint8_t *table, size_t len,
		      const struct reloc_bounds *b, const struct sites *add, const struct sites *sub)
{
	struct reading r = { add, sub, 0, 0, true };
	size_t bad;

	if (reloc_walk(table, table + len, b, compare_site, &r, &bad) < 0) {
		fprintf(stderr, "mkrelocs: %s: the table does not read back (byte %zu)\n", path, bad);
		exit(1);
	}
	if (!r.same || r.adds != add->count || r.subs != sub->count)
		fail(path, "the table reads back different places");
}

int main(int argc, char **argv)
{
	struct image im;
	struct sites add = { 0 }, sub = { 0 };
	struct moving m;
	uint32_t value[NSYMBOLS];
	bool have[NSYMBOLS] = { false };
	const Elf32_Ehdr *eh;
	const Elf32_Shdr *sh;
	const Elf32_Shdr *symtab = NULL;

	if (argc != 3) {
		fprintf(stderr, "usage: mkrelocs BODY.ELF OUT\n");
		return 1;
	}
	im.path = argv[1];
	read_image(&im);
	eh = at(&im, 0, sizeof(*eh));
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS32 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_386)
		fail(im.path, "not a little-endian ELF32 for i386");
	if (eh->e_shentsize != sizeof(Elf32_Shdr))
		fail(im.path, "unexpected section header size");
	sh = at(&im, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(*sh));

	for (unsigned i = 0; i < eh->e_shnum; i++)
		if (sh[i].sh_type == SHT_SYMTAB)
			symtab = &sh[i];
	if (!symtab || symtab->sh_link >= eh->e_shnum)
		fail(im.path, "no symbol table (was it stripped?)");
	const Elf32_Sym *syms = at(&im, symtab->sh_offset, symtab->sh_size);
	size_t nsyms = symtab->sh_size / sizeof(*syms);
	const Elf32_Shdr *strtab = &sh[symtab->sh_link];
	const char *names = at(&im, strtab->sh_offset, strtab->sh_size);

	for (size_t i = 0; i < nsyms; i++) {
		if (syms[i].st_name >= strtab->sh_size ||
		    !memchr(names + syms[i].st_name, 0, strtab->sh_size - syms[i].st_name))
			fail(im.path, "a symbol name lies outside the string table");
		const char *name = names + syms[i].st_name;

		for (unsigned k = 0; k < NSYMBOLS; k++)
			if (!strcmp(name, symbol_names[k])) {
				value[k] = syms[i].st_value;
				have[k] = true;
			}
	}
	for (unsigned k = 0; k < NSYMBOLS; k++)
		if (!have[k]) {
			fprintf(stderr, "mkrelocs: %s: no symbol %s (link with rom/pcbios/body.ld)\n",
				im.path, symbol_names[k]);
			return 1;
		}
	m.start = value[MOVE_START];
	m.end = value[MOVE_END];
	if (m.end < m.start || value[TEXT16_END] < value[BODY_START] ||
	    value[RELOC_START] < m.start || value[RELOC_START] > m.end)
		fail(im.path, "the body's bounds are out of order");

	for (unsigned i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type == SHT_RELA)
			fail(im.path, "RELA relocations: not an i386 body");
		if (sh[i].sh_type != SHT_REL || sh[i].sh_info >= eh->e_shnum ||
		    !(sh[sh[i].sh_info].sh_flags & SHF_ALLOC))
			continue;
		const Elf32_Rel *rel = at(&im, sh[i].sh_offset, sh[i].sh_size);

		for (size_t j = 0; j < sh[i].sh_size / sizeof(*rel); j++) {
			uint32_t site = rel[j].r_offset;
			unsigned type = ELF32_R_TYPE(rel[j].r_info);
			unsigned symi = ELF32_R_SYM(rel[j].r_info);

			if (symi >= nsyms)
				fail(im.path, "a relocation names no symbol");
			bool to = target_moves(&im, sh, eh->e_shnum, &m, &syms[symi]);
			bool from = site >= m.start && site < m.end;

			switch (type) {
			case R_386_NONE:
				break;
			case R_386_32:
				if (to)
					add_site(im.path, &add, site);
				break;
			case R_386_PC32:
			case R_386_PLT32:
				if (to && !from)
					add_site(im.path, &add, site);
				else if (from && !to)
					add_site(im.path, &sub, site);
				break;
			case R_386_16:
			case R_386_PC16:
			case R_386_8:
			case R_386_PC8:
				if (to || from) {
					fprintf(stderr, "mkrelocs: %s: a 16- or 8-bit relocation at 0x%x "
						"involves the part that moves\n", im.path, site);
					return 1;
				}
				break;
			default:
				fprintf(stderr, "mkrelocs: %s: relocation type %u at 0x%x cannot be "
					"moved (PIC code? build with -fno-pic)\n", im.path, type, site);
				return 1;
			}
		}
	}

	const struct reloc_bounds bounds = {
		.base = value[BODY_START],
		.stay_start = value[BODY_START], .stay_end = value[TEXT16_END],
		.move_start = m.start, .move_end = value[RELOC_START],
	};

	check_sites(im.path, &add, &bounds, false);
	check_sites(im.path, &sub, &bounds, true);
	size_t room = RELOC_TABLE_MAX(add.count + sub.count);
	uint8_t *table = malloc(room);

	if (!table)
		fail(im.path, "out of memory");
	size_t len = reloc_encode(add.at, (uint32_t)add.count, sub.at, (uint32_t)sub.count,
				  bounds.base, table, room);

	if (!len)
		fail(im.path, "cannot encode the table");
	read_back(im.path, table, len, &bounds, &add, &sub);

	FILE *out = fopen(argv[2], "wb");

	if (!out)
		fail(argv[2], "cannot create");
	if (fwrite(table, 1, len, out) != len || fclose(out))
		fail(argv[2], "cannot write");
	printf("%zu places to patch when moving (%zu add, %zu subtract), table %zu bytes\n",
	       add.count + sub.count, add.count, sub.count, len);
	free(table);
	free(add.at);
	free(sub.at);
	free(im.data);
	return 0;
}
