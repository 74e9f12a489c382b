/*
 * Where a download goes: a file on the hosted platform, an image loader
 * that places segments while they arrive on the bare-metal ones.  Bytes
 * come in order, each once.
 */
#ifndef CORE_SINK_H
#define CORE_SINK_H

#include <stddef.h>
#include <stdint.h>

struct sink {
	/* The sender announced the total size (e.g. TFTP tsize).  Return 0,
	 * or -E_TOOBIG (saying why) to refuse before any data is sent. */
	int (*expect)(struct sink *sink, uint32_t size);
	/* Take len bytes that belong at offset. */
	int (*write)(struct sink *sink, uint32_t offset, const void *data,
		     size_t len);
};

#endif
