/*
 * ELF32 and ELF64 executables (System V gABI): each PT_LOAD goes to its
 * physical address (p_paddr), as Etherboot and Multiboot loaders place
 * them; its bytes past p_filesz are zeroed.  An ELF32 i386 image with a
 * valid Multiboot 0.6.96 header in its first 8 KiB boots as multiboot.
 */
#include "loaders/loader.h"
#include "core/string.h"

/* One program header, widened to 64 bits. */
struct phdr {
	uint32_t type;
	uint64_t offset, paddr, filesz, memsz;
};

/* The header fields both classes share, widened. */
struct ehdr {
	unsigned class;
	uint16_t type, machine, ehsize, phentsize, phnum;
	uint32_t version;
	uint64_t entry, phoff;
};

static void read_ehdr(const uint8_t *head, struct ehdr *e)
{
	if (head[EI_CLASS] == ELFCLASS32) {
		struct elf32_ehdr h;

		memcpy(&h, head, sizeof(h));
		*e = (struct ehdr){ .class = ELFCLASS32, .type = h.e_type,
				    .machine = h.e_machine, .ehsize = h.e_ehsize,
				    .phentsize = h.e_phentsize, .phnum = h.e_phnum,
				    .version = h.e_version, .entry = h.e_entry,
				    .phoff = h.e_phoff };
	} else {
		struct elf64_ehdr h;

		memcpy(&h, head, sizeof(h));
		*e = (struct ehdr){ .class = ELFCLASS64, .type = h.e_type,
				    .machine = h.e_machine, .ehsize = h.e_ehsize,
				    .phentsize = h.e_phentsize, .phnum = h.e_phnum,
				    .version = h.e_version, .entry = h.e_entry,
				    .phoff = h.e_phoff };
	}
}

static void read_phdr(const uint8_t *at, unsigned class, struct phdr *p)
{
	if (class == ELFCLASS32) {
		struct elf32_phdr h;

		memcpy(&h, at, sizeof(h));
		*p = (struct phdr){ .type = h.p_type, .offset = h.p_offset,
				    .paddr = h.p_paddr, .filesz = h.p_filesz,
				    .memsz = h.p_memsz };
	} else {
		struct elf64_phdr h;

		memcpy(&h, at, sizeof(h));
		*p = (struct phdr){ .type = h.p_type, .offset = h.p_offset,
				    .paddr = h.p_paddr, .filesz = h.p_filesz,
				    .memsz = h.p_memsz };
	}
}

/* The class each machine uses, and the platform bit that starts it. */
static int check_machine(const struct image_loader_state *st, const struct ehdr *e)
{
	static const struct {
		uint16_t machine;
		unsigned class, runs;
		const char *name;
	} machines[] = {
		{ EM_386, ELFCLASS32, IMAGE_RUNS_I386, "i386" },
		{ EM_X86_64, ELFCLASS64, IMAGE_RUNS_X86_64, "x86-64" },
		{ EM_AARCH64, ELFCLASS64, IMAGE_RUNS_AARCH64, "AArch64" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(machines); i++) {
		if (machines[i].machine != e->machine)
			continue;
		if (machines[i].class != e->class)
			return image_refuse("ELF: %s code in an ELF%s file",
					    machines[i].name,
					    e->class == ELFCLASS32 ? "32" : "64");
		/* A platform that runs i386 code but not x86-64 is an x86
		 * CPU without long mode (rom/pcbios/long_mode.c). */
		if (!(st->target->runs & machines[i].runs) && e->machine == EM_X86_64 &&
		    (st->target->runs & IMAGE_RUNS_I386))
			return image_refuse("ELF for x86-64, but this CPU has no 64-bit long mode");
		if (!(st->target->runs & machines[i].runs))
			return image_refuse("ELF for %s, which this platform cannot start",
					    machines[i].name);
		return 0;
	}
	return image_refuse("ELF for machine %u, which this loader does not know",
			    e->machine);
}

static int check_ehdr(const struct image_loader_state *st, const struct ehdr *e)
{
	const uint8_t *id = st->head;
	size_t ehsize = e->class == ELFCLASS32 ? sizeof(struct elf32_ehdr) :
			sizeof(struct elf64_ehdr);
	size_t phentsize = e->class == ELFCLASS32 ? sizeof(struct elf32_phdr) :
			   sizeof(struct elf64_phdr);

	if (id[EI_DATA] != ELFDATA2LSB || id[EI_VERSION] != EV_CURRENT ||
	    e->version != EV_CURRENT)
		return image_refuse("ELF: not a little-endian version-1 file (data %u, version %u)",
				    id[EI_DATA], id[EI_VERSION]);
	if (e->type != ET_EXEC)
		return image_refuse("ELF: type %u, only executables (ET_EXEC) are loaded",
				    e->type);
	if (e->ehsize < ehsize || e->phentsize != phentsize)
		return image_refuse("ELF: header size %u or program header size %u is wrong",
				    e->ehsize, e->phentsize);
	return check_machine(st, e);
}

/* Multiboot 0.6.96 §3.1.1: 4-byte aligned within the first 8192 bytes,
 * magic + flags + checksum == 0.  A header asking for a feature we lack
 * (a requirement bit, 0-15) refuses the image. */
static int find_multiboot(struct image_loader_state *st)
{
	struct boot_plan *plan = &st->plan;
	size_t end = MIN(st->head_len, (size_t)MULTIBOOT_SEARCH);

	for (size_t off = 0; off + MULTIBOOT_HEADER_MIN <= end; off += MULTIBOOT_ALIGN) {
		struct multiboot_header mb = { 0 };

		memcpy(&mb, st->head + off, MIN(sizeof(mb), end - off));
		if (mb.magic != MULTIBOOT_MAGIC ||
		    (uint32_t)(mb.magic + mb.flags + mb.checksum) != 0)
			continue;
		if (mb.flags & MB_REQUIRED_MASK & ~MB_SUPPORTED)
			return image_refuse("multiboot: the header at byte %lu requires features 0x%lx this loader lacks",
					    (unsigned long)off,
					    (unsigned long)(mb.flags & MB_REQUIRED_MASK & ~MB_SUPPORTED));
		plan->format = IMAGE_ELF32_MULTIBOOT;
		plan->multiboot = mb;
		plan->multiboot_offset = (uint32_t)off;
		return 0;
	}
	return 0;
}

static int add_segments(struct image_loader_state *st, const struct ehdr *e)
{
	size_t entsize = e->phentsize;
	unsigned loads = 0;

	if (e->phnum == 0 || e->phnum == PN_XNUM)
		return image_refuse("ELF: %u program headers, so nothing to load",
				    e->phnum == 0 ? 0u : PN_XNUM);
	/* phnum * entsize is below 2^22: no overflow. */
	if (e->phoff > st->head_len || e->phnum * entsize > st->head_len - e->phoff)
		return image_refuse("ELF: the program header table at file byte 0x%llx (%u x %lu bytes) must lie in the first %lu bytes",
				    LLX(e->phoff), e->phnum, (unsigned long)entsize,
				    (unsigned long)st->head_len);
	for (unsigned i = 0; i < e->phnum; i++) {
		struct phdr p;
		struct image_piece *piece;
		int err;

		read_phdr(st->head + e->phoff + i * entsize, e->class, &p);
		if (p.type != PT_LOAD)
			continue;
		loads++;
		if (p.memsz == 0 && p.filesz == 0)
			continue;
		err = image_new_piece(st, "program header", i, &piece);
		if (err)
			return err;
		piece->phys = p.paddr;
		piece->file_off = p.offset;
		piece->file_len = p.filesz;
		piece->mem_len = p.memsz;
	}
	if (loads == 0)
		return image_refuse("ELF: no PT_LOAD segment, so nothing to load");
	return 0;
}

int elf_parse(struct image_loader_state *st)
{
	struct boot_plan *plan = &st->plan;
	unsigned class = st->head_len > EI_CLASS ? st->head[EI_CLASS] : 0;
	size_t need = class == ELFCLASS64 ? sizeof(struct elf64_ehdr) :
		      sizeof(struct elf32_ehdr);
	struct ehdr e;
	int err;

	if (class != ELFCLASS32 && class != ELFCLASS64)
		return image_refuse("ELF: class %u is neither ELF32 nor ELF64", class);
	err = image_need_head(st, "ELF", need);
	if (err)
		return err;
	read_ehdr(st->head, &e);
	err = check_ehdr(st, &e);
	if (!err)
		err = add_segments(st, &e);
	if (err)
		return err;
	plan->machine = e.machine;
	plan->entry = e.entry;
	plan->format = class == ELFCLASS32 ? IMAGE_ELF32 : IMAGE_ELF64;
	if (e.machine == EM_386)
		return find_multiboot(st);
	return 0;
}
