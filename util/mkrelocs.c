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
 * OUT, little-endian 32-bit words: the number of "add" places, the number
 * of "subtract" places, then the link addresses of the add places, then of
 * the subtract places.  Exit status 0, or 1 with a message.
 */
#include <elf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void write_word(FILE *f, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

	fwrite(b, 1, 4, f);
}

int main(int argc, char **argv)
{
	struct image im;
	struct sites add = { 0 }, sub = { 0 };
	struct moving m = { 0, 0 };
	bool have_start = false, have_end = false;
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

		if (!strcmp(name, "__move_start")) {
			m.start = syms[i].st_value;
			have_start = true;
		} else if (!strcmp(name, "__move_end")) {
			m.end = syms[i].st_value;
			have_end = true;
		}
	}
	if (!have_start || !have_end || m.end < m.start)
		fail(im.path, "no __move_start/__move_end (link with rom/pcbios/body.ld)");

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

	FILE *out = fopen(argv[2], "wb");

	if (!out)
		fail(argv[2], "cannot create");
	write_word(out, (uint32_t)add.count);
	write_word(out, (uint32_t)sub.count);
	for (size_t i = 0; i < add.count; i++)
		write_word(out, add.at[i]);
	for (size_t i = 0; i < sub.count; i++)
		write_word(out, sub.at[i]);
	if (fclose(out))
		fail(argv[2], "cannot write");
	free(add.at);
	free(sub.at);
	free(im.data);
	return 0;
}
