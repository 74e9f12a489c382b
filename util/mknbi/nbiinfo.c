/*
 * nbiinfo: print an NBI file's header and segments and check what the
 * ROM's loader (loaders/nbi.c) and a PC would object to.  Exit status 0
 * only when no problem was found; each problem is one "error:" line.
 *
 * Addresses relative to the end of memory cannot be resolved without the
 * machine; they are shown as "top-0x..." and checked against each other.
 * Ranges a segment must never cover, whatever the machine:
 *   0x00000-0x004FF  the real-mode interrupt table and BIOS data area
 *   0x00500-0x087FF  the ROM's real-mode stack, scratch area (the DHCP
 *                    reply) and real-mode code (rom/pcbios/body.ld; the
 *                    code ends at 0x8420 today, rounded up for growth)
 *   0x9F000-0xFFFFF  EBDA, video memory, option ROMs, BIOS
 */
#include "util/mknbi/mknbi.h"
#include "loaders/nbi_format.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MAX_SEGS 32

struct range {
	bool top;			/* relative to the end of memory */
	int64_t start, end;		/* top: start and end are negative */
	char name[24];
};

static const struct { uint32_t start, end; const char *what; } low_reserved[] = {
	{ 0x00000, 0x00500, "the interrupt table and BIOS data area (0x0-0x4FF)" },
	/* The real-mode part ends at 0x8420 in the plain images and reaches
	 * 0x8C60 in the compressed ones, whose decoder lives there too. */
	{ 0x00500, 0x09000, "the loader's stack, scratch and code (0x500-0x8FFF)" },
	{ 0x9f000, 0x100000, "the EBDA, video memory and BIOS (0x9F000-0xFFFFF)" },
};

static unsigned problems;

static void problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void problem(const char *fmt, ...)
{
	va_list ap;

	fputs("error: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	problems++;
}

static void show(const struct range *r, char *s, size_t n)
{
	if (r->top)
		snprintf(s, n, "top-0x%llx", (unsigned long long)-r->start);
	else
		snprintf(s, n, "0x%llx", (unsigned long long)r->start);
}

static void check_reserved(const struct range *r)
{
	if (r->top || r->end == r->start)
		return;
	for (size_t i = 0; i < sizeof(low_reserved) / sizeof(low_reserved[0]); i++)
		if (r->start < low_reserved[i].end && low_reserved[i].start < r->end)
			problem("%s (0x%llx-0x%llx) is over %s", r->name,
				(unsigned long long)r->start, (unsigned long long)r->end - 1,
				low_reserved[i].what);
}

static void check_overlaps(const struct range *r, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = i + 1; j < n; j++) {
			if (r[i].top != r[j].top || r[i].start == r[i].end ||
			    r[j].start == r[j].end)
				continue;
			if (r[i].start < r[j].end && r[j].start < r[i].end) {
				char a[32], b[32];

				show(&r[i], a, sizeof(a));
				show(&r[j], b, sizeof(b));
				problem("%s (at %s, 0x%llx bytes) overlaps %s (at %s, 0x%llx bytes)",
					r[i].name, a, (unsigned long long)(r[i].end - r[i].start),
					r[j].name, b, (unsigned long long)(r[j].end - r[j].start));
			}
		}
}

static const char *mode_name(unsigned m)
{
	static const char *const names[] = { "absolute", "after previous",
					     "from end of memory", "before previous" };
	return names[m & 3];
}

/* The descriptors; r[0] is the header copy.  Returns the ranges filled. */
static unsigned segments(const uint8_t *f, size_t flen, size_t off, struct range *r)
{
	uint64_t file = NBI_HEADER_SIZE;
	unsigned n = 1;

	for (unsigned num = 1;; num++) {
		if (off + NBI_SEG_MIN_DWORDS * 4 > NBI_HEADER_SIZE || f[off] == 0) {
			problem("no segment carries the last-segment flag (the descriptors end at header byte %zu)", off);
			break;
		}
		struct nbi_segment d;

		memcpy(&d, f + off, sizeof(d));
		size_t len = 4u * (NBI_SEG_LEN(d.lengths) + NBI_SEG_VENDOR_LEN(d.lengths));

		if (NBI_SEG_LEN(d.lengths) < NBI_SEG_MIN_DWORDS) {
			problem("segment %u: descriptor is %u dwords long, at least %u needed",
				num, NBI_SEG_LEN(d.lengths), NBI_SEG_MIN_DWORDS);
			break;
		}
		if (off + len > NBI_HEADER_SIZE) {
			problem("segment %u: descriptor runs past the 512-byte header", num);
			break;
		}
		if (n == MAX_SEGS) {
			problem("more than %d segments", MAX_SEGS - 1);
			break;
		}
		const struct range *prev = &r[n - 1];
		struct range *s = &r[n++];
		unsigned mode = NBI_SEG_PLACE(d.flags);

		snprintf(s->name, sizeof(s->name), "segment %u", num);
		s->top = mode == NBI_PLACE_TOP ? true : mode == NBI_PLACE_ABSOLUTE ? false : prev->top;
		s->start = mode == NBI_PLACE_ABSOLUTE ? d.load_addr
			: mode == NBI_PLACE_AFTER ? prev->end + d.load_addr
			: mode == NBI_PLACE_TOP ? -(int64_t)d.load_addr
			: prev->start - d.load_addr;
		s->end = s->start + d.mem_len;
		char at[32];

		show(s, at, sizeof(at));
		printf("segment %u: tag %u, %s 0x%x, at %s, file 0x%x bytes at offset 0x%llx, memory 0x%x bytes%s\n",
		       num, d.vendor_tag, mode_name(mode), d.load_addr, at, d.image_len,
		       (unsigned long long)file, d.mem_len,
		       d.flags & NBI_SEG_LAST ? ", last" : "");
		if (d.image_len > d.mem_len)
			problem("segment %u: file length 0x%x is larger than its memory length 0x%x",
				num, d.image_len, d.mem_len);
		if (!s->top && s->start < 0)
			problem("segment %u: placed below address 0", num);
		if (s->top && s->end > 0)
			problem("segment %u: runs past the end of memory", num);
		if (!s->top && s->end > 1ll << 32)
			problem("segment %u: ends past 4 GiB", num);
		if (file + d.image_len > flen)
			problem("segment %u: file bytes 0x%llx-0x%llx are past the end of the file (0x%zx bytes)",
				num, (unsigned long long)file,
				(unsigned long long)(file + d.image_len), flen);
		file += d.image_len;
		if (d.flags & NBI_SEG_LAST) {
			if (file < flen)
				printf("note: 0x%llx bytes after the last segment are not loaded\n",
				       (unsigned long long)(flen - file));
			break;
		}
		off += len;
	}
	return n;
}

static void info(const char *path)
{
	struct buf b = read_file(path);
	const uint8_t *f = b.data;
	struct range r[MAX_SEGS];

	if (b.len < NBI_HEADER_SIZE) {
		problem("the file is %zu bytes, shorter than the 512-byte NBI header", b.len);
		return;
	}
	struct nbi_header h;

	memcpy(&h, f, sizeof(h));
	if (h.magic != NBI_MAGIC) {
		problem("no NBI magic 36 13 03 1B at offset 0");
		return;
	}
	unsigned hl = NBI_HDR_LEN(h.flags_len), vl = NBI_HDR_VENDOR_LEN(h.flags_len);

	printf("%s: NBI, header %u dwords, vendor data %u dwords", path, hl, vl);
	if (vl) {
		printf(" \"");
		for (unsigned i = 4 * hl; i < 4 * hl + 4 * vl && i < NBI_HEADER_SIZE && f[i]; i++)
			putchar(f[i] >= 0x20 && f[i] < 0x7f ? f[i] : '?');
		printf("\"");
	}
	printf("\nflags 0x%08x:%s%s\n", h.flags_len,
	       h.flags_len & NBI_RETURNS ? " may return," : "",
	       h.flags_len & NBI_LINEAR_EXEC ? " 32-bit linear entry" : " real-mode entry");
	printf("header copy at %04x:%04x (0x%x)\n", NBI_SEG(h.location), NBI_OFF(h.location),
	       NBI_LINEAR(h.location));
	if (h.flags_len & NBI_LINEAR_EXEC)
		printf("execute at 0x%x (protected mode)\n", h.execute);
	else
		printf("execute at %04x:%04x (0x%x, real mode)\n", NBI_SEG(h.execute),
		       NBI_OFF(h.execute), NBI_LINEAR(h.execute));
	if (hl < NBI_HDR_MIN_DWORDS) {
		problem("header length %u dwords, at least %u needed", hl, NBI_HDR_MIN_DWORDS);
		return;
	}
	if (b.len >= NBI_HEADER_SIZE && (f[510] != 0x55 || f[511] != 0xaa))
		printf("note: no 55 AA at header byte 510 (mknbi writes one; loaders do not need it)\n");
	r[0] = (struct range){ false, NBI_LINEAR(h.location),
			       NBI_LINEAR(h.location) + NBI_HEADER_SIZE, "the header copy" };
	if (r[0].end > 0x100000)
		problem("the header copy at 0x%llx is not below 1 MiB", (unsigned long long)r[0].start);
	if (!(h.flags_len & NBI_LINEAR_EXEC) && NBI_LINEAR(h.execute) >= 0x100000)
		problem("the real-mode entry %04x:%04x is not below 1 MiB",
			NBI_SEG(h.execute), NBI_OFF(h.execute));
	unsigned n = segments(f, b.len, 4u * (hl + vl), r);

	for (unsigned i = 0; i < n; i++)
		check_reserved(&r[i]);
	check_overlaps(r, n);
}

int nbiinfo(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		usage("nbiinfo", 0);
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "nbiinfo: one NBI file needed\n");
		usage("nbiinfo", 2);
	}
	info(argv[1]);
	if (problems) {
		printf("%s: not valid (%u problem%s)\n", argv[1], problems, problems == 1 ? "" : "s");
		return 1;
	}
	printf("%s: valid\n", argv[1]);
	return 0;
}
