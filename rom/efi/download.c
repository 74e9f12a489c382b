/*
 * The sink of download.h.  TFTP's tsize option announces the size, and the
 * buffer is allocated once, that big; without it the buffer grows by doubling
 * (the bytes so far are copied once per doubling).  A sender that goes
 * past its announced size is refused like any other overflow: the buffer
 * grows only through grow(), which checks every length.
 */
#include "core/console.h"
#include "core/errors.h"
#include "core/string.h"
#include "rom/efi/download.h"
#include "rom/efi/efi_platform.h"

#define FIRST_CAPACITY (1024u * 1024)

/* Room for need bytes: exactly that much when exact (the size the sender
 * announced), else doubling. */
static int grow(struct download *d, size_t need, bool exact)
{
	size_t cap = d->capacity ? d->capacity : FIRST_CAPACITY;
	uint8_t *p;

	if (need <= d->capacity)
		return 0;
	if (exact)
		cap = need;
	while (cap < need)
		cap *= 2;
	p = efi_pages_alloc(cap, d->what);
	if (!p)
		return -E_TOOBIG;
	if (d->len)
		memcpy(p, d->data, d->len);
	efi_pages_free(d->data, d->capacity);
	d->data = p;
	d->capacity = cap;
	return 0;
}

static int expect(struct sink *sink, uint32_t size)
{
	struct download *d = container_of(sink, struct download, sink);

	return grow(d, size, true);
}

static int write(struct sink *sink, uint32_t offset, const void *data, size_t len)
{
	struct download *d = container_of(sink, struct download, sink);
	int rc;

	if (offset != d->len) {
		con_printf("download: %s: data for offset %lu after %zu bytes\n", d->what,
			   (unsigned long)offset, d->len);
		return -E_PROTOCOL;
	}
	rc = grow(d, d->len + len, false);
	if (rc < 0)
		return rc;
	memcpy(d->data + d->len, data, len);
	d->len += len;
	return 0;
}

struct sink *download_begin(struct download *d, const char *what)
{
	d->sink.expect = expect;
	d->sink.write = write;
	d->what = what;
	d->len = 0;
	return &d->sink;
}
