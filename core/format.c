/* The firmware's printf engine (see core/format.h for what it supports). */
#include "core/format.h"

struct counter {
	format_emit_fn emit;
	void *ctx;
	int count;
};

static void put(struct counter *out, char c)
{
	out->emit(out->ctx, c);
	out->count++;
}

/* prefix ("-", "0x" or "") and s[0..len), padded on the left to width:
 * spaces go before the prefix, zeros between it and the digits. */
static void put_field(struct counter *out, int width, char fill,
		      const char *prefix, const char *s, int len)
{
	int plen = 0;

	while (prefix[plen])
		plen++;
	width -= len + plen;
	while (fill == ' ' && width-- > 0)
		put(out, ' ');
	while (*prefix)
		put(out, *prefix++);
	while (width-- > 0)
		put(out, '0');
	while (len--)
		put(out, *s++);
}

/* Hex digits come by shifts, so 64-bit values print without 64-bit
 * division; a decimal v is at most a long (format_v sees to that). */
static void put_number(struct counter *out, int width, char fill,
		       uint64_t v, bool hex, const char *prefix)
{
	char buf[3 * sizeof(long)];	/* room for 16 hex digits too */
	int n = (int)sizeof(buf);

	do {
		unsigned long low = (unsigned long)v;

		buf[--n] = "0123456789abcdef"[hex ? low & 15 : low % 10];
		v = hex ? v >> 4 : low / 10;
	} while (v);
	put_field(out, width, fill, prefix, buf + n, (int)sizeof(buf) - n);
}

int format_v(format_emit_fn emit, void *ctx, const char *fmt, va_list ap)
{
	struct counter out = { emit, ctx, 0 };
	va_list args;

	va_copy(args, ap);
	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			put(&out, *f);
			continue;
		}
		char fill = ' ';
		int width = 0;
		int size = 0;	/* 0 int, 1 long, 2 size_t, 3 long long */

		if (*++f == '0')
			fill = '0';
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (*f++ - '0');
		if (*f == 'l') {
			size = 1;
			if (*++f == 'l') {
				size = 3;
				f++;
			}
		} else if (*f == 'z') {
			size = 2;
			f++;
		}
		unsigned long u;
		long s;
		const char *str;

		/* 'll' only with x (64-bit addresses in messages); another
		 * conversion with it counts as unknown below. */
		if (size == 3 && *f == 'x') {
			put_number(&out, width, fill,
				   va_arg(args, unsigned long long), true, "");
			continue;
		}
		switch (size == 3 ? 0 : *f) {
		case 'd':
			s = size == 1 ? va_arg(args, long) :
			    size == 2 ? (long)va_arg(args, size_t) :
			    va_arg(args, int);
			u = s < 0 ? 0UL - (unsigned long)s : (unsigned long)s;
			put_number(&out, width, fill, u, false, s < 0 ? "-" : "");
			break;
		case 'u':
		case 'x':
			u = size == 1 ? va_arg(args, unsigned long) :
			    size == 2 ? va_arg(args, size_t) :
			    va_arg(args, unsigned int);
			put_number(&out, width, fill, u, *f == 'x', "");
			break;
		case 'p':
			u = (unsigned long)(uintptr_t)va_arg(args, void *);
			put_number(&out, width, fill, u, true, "0x");
			break;
		case 's':
			str = va_arg(args, const char *);
			if (!str)
				str = "(null)";
			size = 0;
			while (str[size])
				size++;
			put_field(&out, width, ' ', "", str, size);
			break;
		case '%':
			put(&out, '%');
			break;
		default:	/* unknown conversion: show it, do not guess */
			put(&out, '%');
			if (!*f)
				goto done;
			put(&out, *f);
		}
	}
done:
	va_end(args);
	return out.count;
}

struct bounded {
	char *buf;
	size_t size;
	size_t used;
};

static void emit_bounded(void *ctx, char c)
{
	struct bounded *b = ctx;

	if (b->used + 1 < b->size)
		b->buf[b->used] = c;
	b->used++;
}

int format_vbuf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct bounded b = { buf, size, 0 };
	int n = format_v(emit_bounded, &b, fmt, ap);

	if (size)
		buf[b.used < size ? b.used : size - 1] = '\0';
	return n;
}

int format_buf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = format_vbuf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

struct rate_text rate_text(uint32_t bytes, uint32_t ms)
{
	struct rate_text t;
	/* MB/s x 100 = bytes / (ms x 10); kept in 32 bits so that 32-bit
	 * targets need no 64-bit division helpers. */
	uint32_t centi = bytes / (MAX(ms, 1u) * 10u);

	/* Below 1 MB/s (a lossy link), three places, so it never reads 0.00. */
	if (centi < 100)
		format_buf(t.s, sizeof(t.s), "0.%03u", bytes / MAX(ms, 1u));
	else
		format_buf(t.s, sizeof(t.s), "%u.%02u", centi / 100, centi % 100);
	return t;
}

struct secs_text secs_text(uint32_t ms)
{
	struct secs_text t;

	format_buf(t.s, sizeof(t.s), "%u.%03u", ms / 1000, ms % 1000);
	return t;
}
