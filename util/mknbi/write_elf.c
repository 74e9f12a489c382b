/*
 * The ELF32 writer (loaders/elf_format.h): an EXEC for EM_386 with one
 * PT_LOAD per piece, p_paddr = p_vaddr = its address, file data in piece
 * order after the program headers.  Only absolute pieces can be written.
 */
#include "util/mknbi/mknbi.h"
#include "loaders/elf_format.h"
#include "loaders/nbi_format.h"
#include <stdlib.h>
#include <string.h>

#define PF_RWX 7u

void write_elf(const struct image *img, const char *out)
{
	size_t off = sizeof(struct elf32_ehdr) + img->count * sizeof(struct elf32_phdr);
	size_t total;

	off = (off + 15) & ~(size_t)15;
	total = off;
	for (unsigned i = 0; i < img->count; i++)
		total += img->piece[i].len;
	uint8_t *f = calloc(1, total);
	if (!f)
		die("out of memory");
	struct elf32_ehdr e = { .e_type = ET_EXEC, .e_machine = EM_386,
				.e_version = EV_CURRENT, .e_entry = img->execute,
				.e_phoff = sizeof(e), .e_ehsize = sizeof(e),
				.e_phentsize = sizeof(struct elf32_phdr),
				.e_phnum = (uint16_t)img->count };

	memcpy(e.e_ident, "\177ELF", 4);
	e.e_ident[EI_CLASS] = ELFCLASS32;
	e.e_ident[EI_DATA] = ELFDATA2LSB;
	e.e_ident[EI_VERSION] = EV_CURRENT;
	memcpy(f, &e, sizeof(e));
	for (unsigned i = 0; i < img->count; i++) {
		const struct piece *p = &img->piece[i];
		struct elf32_phdr ph = { PT_LOAD, (uint32_t)off, p->addr, p->addr,
					 p->len, p->mem, PF_RWX, 1 };

		if (p->place != NBI_PLACE_ABSOLUTE)
			die("segment %u: an ELF segment needs an absolute address", i + 1);
		memcpy(f + sizeof(e) + i * sizeof(ph), &ph, sizeof(ph));
		memcpy(f + off, p->data, p->len);
		off += p->len;
	}
	write_file(out, f, total);
	free(f);
}
