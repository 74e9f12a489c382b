/*
 * mknbi-linux and mkelf-linux: a Linux kernel, its initrds and a command
 * line laid out as util/mknbi/linux_layout.h says, started by the first
 * stage (first_linux.asm), as an NBI or (mkelf-linux) an ELF32 whose entry
 * is first_linux_elf.asm.
 */
#include "util/mknbi/mknbi.h"
#include "util/mknbi/kernel.h"
#include "util/mknbi/linux_layout.h"
#include "loaders/nbi_format.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* NBI vendor tags, as Etherboot's mknbi-linux numbers the pieces. */
enum { TAG_FIRST = 16, TAG_CMDLINE, TAG_BOOT, TAG_SETUP, TAG_KERNEL, TAG_INITRD };

enum rdbase { RD_TOP, RD_ASIS, RD_ADDR };

struct linux_opts {
	const char *output, *append, *param, *rootdir, *ip;
	enum rdbase rdbase;
	uint32_t rdaddr;
	const char *kernel;
	char **initrd;
	int initrds;
};

static void parse(int argc, char **argv, struct linux_opts *o, const char *name)
{
	const char *v;
	int i;

	memset(o, 0, sizeof(*o));
	o->rdbase = strcmp(name, "mkelf-linux") == 0 ? RD_ASIS : RD_TOP;
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(a, "--help") == 0)
			usage(name, 0);
		if ((v = opt_value(a, "--output")))
			o->output = v;
		else if ((v = opt_value(a, "--append")))
			o->append = v;
		else if ((v = opt_value(a, "--param")))
			o->param = v;
		else if ((v = opt_value(a, "--rootdir")))
			o->rootdir = v;
		else if ((v = opt_value(a, "--ip")))
			o->ip = v;
		else if ((v = opt_value(a, "--rdbase"))) {
			if (strcmp(v, "top") == 0)
				o->rdbase = RD_TOP;
			else if (strcmp(v, "asis") == 0)
				o->rdbase = RD_ASIS;
			else {
				o->rdbase = RD_ADDR;
				o->rdaddr = parse_u32("--rdbase", v);
			}
		} else {
			fprintf(stderr, "%s: unknown option %s\n", name, a);
			usage(name, 2);
		}
	}
	if (i >= argc) {
		fprintf(stderr, "%s: no kernel given\n", name);
		usage(name, 2);
	}
	o->kernel = argv[i++];
	o->initrd = argv + i;
	o->initrds = argc - i;
}

static uint32_t round_up(uint64_t v, uint32_t to)
{
	uint64_t r = (v + to - 1) / to * to;

	if (r > 0xffffffffu)
		die("an address passes 4 GiB");
	return (uint32_t)r;
}

/* The template: every fixed word of the command line; the first stage puts
 * the "rom" parts before it. */
static void template(const struct linux_opts *o, char *t, uint16_t *flags)
{
	size_t n = 0;

	t[0] = 0;
	if (o->param)
		n += (size_t)snprintf(t + n, TEMPLATE_BUF - n, "%s ", o->param);
	if (o->rootdir && strcmp(o->rootdir, "rom") == 0)
		*flags |= FP_F_ROOT_ROM;
	else if (o->rootdir && strncmp(o->rootdir, "/dev/", 5) == 0)
		n += (size_t)snprintf(t + n, TEMPLATE_BUF - n, "root=%s ", o->rootdir);
	else if (o->rootdir)
		n += (size_t)snprintf(t + n, TEMPLATE_BUF - n, "root=/dev/nfs nfsroot=%s ", o->rootdir);
	if (n >= TEMPLATE_BUF)
		die("the command line is longer than %u bytes", TEMPLATE_BUF - 1);
	if (o->ip && strcmp(o->ip, "rom") == 0)
		*flags |= FP_F_IP_ROM;
	else if (o->ip)
		n += (size_t)snprintf(t + n, TEMPLATE_BUF - n, "ip=%s ", o->ip);
	if (n >= TEMPLATE_BUF)
		die("the command line is longer than %u bytes", TEMPLATE_BUF - 1);
	if (o->append)
		n += (size_t)snprintf(t + n, TEMPLATE_BUF - n, "%s", o->append);
	if (n >= TEMPLATE_BUF)
		die("the command line is longer than %u bytes", TEMPLATE_BUF - 1);
	while (n && t[n - 1] == ' ')
		t[--n] = 0;
}

/* The initrds one after the other, each padded to 4 bytes (the kernel
 * reads concatenated cpio archives); with a marker page in front when the
 * first stage must find them at the top of memory. */
static struct buf initrds(const struct linux_opts *o, uint32_t marker, uint32_t nonce)
{
	struct buf all = { NULL, marker };

	for (int i = 0; i < o->initrds; i++) {
		struct buf b = read_file(o->initrd[i]);
		size_t at = round_up(all.len, 4);

		all.data = realloc(all.data, at + b.len);
		if (!all.data)
			die("out of memory");
		memset(all.data + all.len, 0, at - all.len);
		memcpy(all.data + at, b.data, b.len);
		all.len = at + b.len;
		free(b.data);
	}
	if (marker) {
		memset(all.data, 0, marker);
		memcpy(all.data, "MKNBI-RD", 8);
		put32(all.data + 8, nonce);
		put32(all.data + 12, (uint32_t)(all.len - marker));
	}
	if (all.len - marker > 0x7fffffffu)
		die("the initrds are larger than 2 GiB");
	return all;
}

static uint32_t fresh_nonce(void)
{
	uint32_t n = (uint32_t)time(NULL) ^ (uint32_t)getpid() * 2654435761u;
	FILE *f = fopen("/dev/urandom", "rb");

	if (f) {
		if (fread(&n, sizeof(n), 1, f) != 1)
			n ^= (uint32_t)clock();
		fclose(f);
	}
	return n;
}

/* Place the initrd pieces; fill the first stage's initrd fields. */
static void place_initrd(const struct linux_opts *o, const struct kernel *k,
			 uint32_t kaddr, struct image *img, uint8_t *first,
			 uint16_t *flags, int elf)
{
	uint32_t nonce = fresh_nonce();
	int top = o->rdbase == RD_TOP && !elf;
	struct buf rd = initrds(o, top ? RD_MARKER_PAGE : 0, nonce);
	uint32_t size = (uint32_t)rd.len - (top ? RD_MARKER_PAGE : 0);
	uint32_t mem = round_up(rd.len, PAGE);

	*flags |= FP_F_RD;
	put32(first + FP_RDSIZE, size);
	put32(first + FP_RDMAX, k->initrd_max);
	if (top) {
		*flags |= FP_F_RD_SCAN;
		put32(first + FP_RDNONCE, nonce);
		add_piece(img, TAG_INITRD, NBI_PLACE_TOP, mem, rd.data, (uint32_t)rd.len, mem);
		return;
	}
	if (o->rdbase == RD_TOP)
		die("--rdbase=top: an ELF image cannot place by the end of memory; use --rdbase=asis or an address");
	uint32_t runs_at = k->pref_address > kaddr ? k->pref_address : kaddr;
	uint32_t kend = runs_at + (k->init_size > k->body_len ? k->init_size : k->body_len);
	uint32_t at = o->rdbase == RD_ADDR ? o->rdaddr
		: round_up(k->big ? kend : BZIMAGE_ADDR, PAGE);

	if (at % PAGE)
		die("--rdbase=0x%x: not a multiple of 4 KiB", at);
	if (at < BZIMAGE_ADDR || (k->big && at < kend))
		die("--rdbase=0x%x: the initrd would overlap the kernel or lie below 1 MiB (the kernel needs up to 0x%x)",
		    at, kend);
	if ((uint64_t)at + size - 1 > k->initrd_max)
		die("the initrd at 0x%x (+0x%x bytes) passes the kernel's initrd_addr_max 0x%x",
		    at, size, k->initrd_max);
	put32(first + FP_RDADDR, at);
	add_piece(img, TAG_INITRD, NBI_PLACE_ABSOLUTE, at, rd.data, size, mem);
}

static uint8_t *first_stage(void)
{
	uint8_t *f = calloc(1, FIRST_MAX);

	if (!f || first_linux_bin_len > FIRST_MAX || memcmp(first_linux_bin + FP_MAGIC, "MKL1", 4))
		die("the built-in first stage is damaged");
	memcpy(f, first_linux_bin, first_linux_bin_len);
	put16(f + FP_REALSEG, REAL_SEG);
	put16(f + FP_TEMPLATE, TEMPLATE_OFF);
	put16(f + FP_CMDLINE, CMDLINE_OFF);
	put16(f + FP_HEAPEND, HEAP_END_OFF);
	return f;
}

static uint8_t *elf_stub(void)
{
	uint8_t *s = calloc(1, ELF_STUB_MAX);

	if (!s || first_linux_elf_bin_len > 0x200 ||
	    memcmp(first_linux_elf_bin + ES_MAGIC, "MKE1", 4) ||
	    get32(first_linux_elf_bin + ES_ORIGIN) != ELF_STUB_ADDR)
		die("the built-in ELF entry stub is damaged");
	memcpy(s, first_linux_elf_bin, first_linux_elf_bin_len);
	put16(s + ES_FIRST_SEG, FIRST_ADDR >> 4);
	return s;
}

int mknbi_linux(int argc, char **argv, int elf)
{
	const char *name = elf ? "mkelf-linux" : "mknbi-linux";
	struct linux_opts o;
	struct kernel k;
	struct image img = { .tool = name, .location = NBI_HEADER_ADDR,
			     .execute = (FIRST_ADDR >> 4) << 16 };
	static char cmd[TEMPLATE_BUF];
	uint16_t flags = 0;

	parse(argc, argv, &o, name);
	struct buf kf = read_file(o.kernel);

	kernel_read(o.kernel, &kf, &k);
	uint8_t *first = first_stage();
	uint32_t kaddr = k.big ? BZIMAGE_ADDR : ZIMAGE_ADDR;

	template(&o, cmd, &flags);
	if (strlen(cmd) > k.cmdline_max)
		die("the command line (%zu bytes) is longer than the kernel's %u",
		    strlen(cmd), k.cmdline_max);
	if (k.version >= 0x0202)
		flags |= FP_F_CMDLINE_PTR;
	put16(first + FP_CMDMAX, (uint16_t)k.cmdline_max);
	if (elf)
		add_piece(&img, TAG_FIRST, NBI_PLACE_ABSOLUTE, ELF_STUB_ADDR, elf_stub(),
			  first_linux_elf_bin_len, ELF_STUB_MAX);
	add_piece(&img, TAG_FIRST, NBI_PLACE_ABSOLUTE, FIRST_ADDR, first,
		  first_linux_bin_len, FIRST_MAX);
	add_piece(&img, TAG_CMDLINE, NBI_PLACE_ABSOLUTE, REAL_BASE + TEMPLATE_OFF,
		  (const uint8_t *)cmd, (uint32_t)strlen(cmd) + 1, TEMPLATE_BUF);
	add_piece(&img, TAG_BOOT, NBI_PLACE_ABSOLUTE, REAL_BASE, k.real, 512, 512);
	add_piece(&img, TAG_SETUP, NBI_PLACE_ABSOLUTE, REAL_BASE + 512, k.real + 512,
		  k.setup_len, k.setup_len);
	add_piece(&img, TAG_KERNEL, NBI_PLACE_ABSOLUTE, kaddr, k.body, k.body_len, k.body_len);
	if (o.initrds)
		place_initrd(&o, &k, kaddr, &img, first, &flags, elf);
	put16(first + FP_FLAGS, flags);
	if (elf) {
		img.execute = ELF_STUB_ADDR;
		write_elf(&img, o.output);
	} else {
		write_nbi(&img, o.output);
	}
	return 0;
}
