/* The firmware's printf engine (see core/format.h for what it supports). */
#include "core/format.h"

struct spec {
	bool left;		/* '-' flag: pad on the right */
	bool zero;		/* '0' flag: pad numbers with zeros */
	int width;
	int precision;		/* -1 when absent */
};

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

static void pad(struct counter *out, char c, int n)
{
	while (n-- > 0)
		put(out, c);
}

static void put_field(struct counter *out, const struct spec *sp,
		      const char *s, int len, const char *prefix)
{
	int plen = 0;

	while (prefix[plen])
		plen++;
	int fill = sp->width - len - plen;
	if (!sp->left && !sp->zero)
		pad(out, ' ', fill);
	for (int i = 0; i < plen; i++)
		put(out, prefix[i]);
	if (!sp->left && sp->zero)
		pad(out, '0', fill);
	for (int i = 0; i < len; i++)
		put(out, s[i]);
	if (sp->left)
		pad(out, ' ', fill);
}

static void put_number(struct counter *out, const struct spec *sp,
		       unsigned long v, unsigned base, bool upper,
		       const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[3 * sizeof(long)];
	int n = (int)sizeof(buf);

	do {
		buf[--n] = digits[v % base];
		v /= base;
	} while (v);
	put_field(out, sp, buf + n, (int)sizeof(buf) - n, prefix);
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	sp->left = sp->zero = false;
	sp->width = 0;
	sp->precision = -1;
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->precision = sp->precision * 10 + (*f++ - '0');
	}
	return f;
}

static void put_string(struct counter *out, const struct spec *sp,
		       const char *s)
{
	int len = 0;

	if (!s)
		s = "(null)";
	while (s[len] && (sp->precision < 0 || len < sp->precision))
		len++;
	struct spec text = *sp;
	text.zero = false;
	put_field(out, &text, s, len, "");
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
		struct spec sp;
		f = parse_spec(f + 1, &sp, &args);
		int size = 0;	/* 0 int, 1 long, 2 size_t */
		if (*f == 'l') {
			size = 1;
			f++;
		} else if (*f == 'z') {
			size = 2;
			f++;
		}
		unsigned long u;
		long s;
		switch (*f) {
		case 'd':
		case 'i':
			s = size == 1 ? va_arg(args, long) :
			    size == 2 ? (long)va_arg(args, size_t) :
			    va_arg(args, int);
			u = s < 0 ? 0UL - (unsigned long)s : (unsigned long)s;
			put_number(&out, &sp, u, 10, false, s < 0 ? "-" : "");
			break;
		case 'u':
		case 'x':
		case 'X':
			u = size == 1 ? va_arg(args, unsigned long) :
			    size == 2 ? va_arg(args, size_t) :
			    va_arg(args, unsigned int);
			put_number(&out, &sp, u, *f == 'u' ? 10 : 16,
				   *f == 'X', "");
			break;
		case 'p':
			u = (unsigned long)(uintptr_t)va_arg(args, void *);
			put_number(&out, &sp, u, 16, false, "0x");
			break;
		case 's':
			put_string(&out, &sp, va_arg(args, const char *));
			break;
		case 'c': {
			char c = (char)va_arg(args, int);
			put_field(&out, &sp, &c, 1, "");
			break;
		}
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
