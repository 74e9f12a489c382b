/* A download sink that writes a file, or only counts when it has none. */
#ifndef ROM_HOSTED_FILE_SINK_H
#define ROM_HOSTED_FILE_SINK_H

#include "core/sink.h"

struct file_sink {
	struct sink sink;
	const char *path;	/* NULL: count the bytes, keep nothing */
	int fd;
};

int file_sink_open(struct file_sink *fs, const char *path);
/* Cut the file to the bytes received and close it; 0 or -E_IO. */
int file_sink_close(struct file_sink *fs, uint32_t bytes);

#endif
