/* A download sink in memory, for TFTP tests. */
#include "tests/unit/fakes.h"
#include "core/errors.h"
#include <string.h>

static int mem_expect(struct sink *sink, uint32_t size)
{
	struct mem_sink *ms = (struct mem_sink *)sink;

	ms->expected = size;
	return size > ms->capacity ? -E_TOOBIG : 0;
}

static int mem_write(struct sink *sink, uint32_t offset, const void *data,
		     size_t len)
{
	struct mem_sink *ms = (struct mem_sink *)sink;

	if (offset != ms->received || len > ms->capacity - offset)
		return -E_TOOBIG;
	memcpy(ms->buf + offset, data, len);
	ms->received += (uint32_t)len;
	ms->writes++;
	return 0;
}

void mem_sink_init(struct mem_sink *ms, uint8_t *buf, uint32_t capacity)
{
	memset(ms, 0, sizeof(*ms));
	ms->sink.expect = mem_expect;
	ms->sink.write = mem_write;
	ms->buf = buf;
	ms->capacity = capacity;
}
