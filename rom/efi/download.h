/*
 * A download into memory (download.c): the UEFI client fetches the whole
 * file first, since the firmware's LoadImage() wants an EFI application
 * in one buffer, and then decides what it is (start.c).
 */
#ifndef ROM_EFI_DOWNLOAD_H
#define ROM_EFI_DOWNLOAD_H

#include <stddef.h>
#include <stdint.h>
#include "core/sink.h"

struct download {
	struct sink sink;
	const char *what;	/* for messages: "the boot file" */
	uint8_t *data;		/* pages below 4 GiB, or NULL */
	size_t capacity;
	size_t len;		/* bytes received */
};

/* Start over (the buffer is kept for the next attempt) and return the
 * sink to fetch into. */
struct sink *download_begin(struct download *d, const char *what);

#endif
