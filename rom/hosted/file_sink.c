/* Saving a download to a file on the host. */
#define _GNU_SOURCE
#include "rom/hosted/file_sink.h"
#include "core/errors.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

static int file_expect(struct sink *sink, uint32_t size)
{
	struct file_sink *fs = (struct file_sink *)sink;
	struct statvfs st;

	if (fs->fd < 0 || fstatvfs(fs->fd, &st) < 0)
		return 0;
	unsigned long long room = (unsigned long long)st.f_bavail * st.f_frsize;
	if (size > room) {
		fprintf(stderr, "netboot: %s has room for %llu bytes, the file "
			"is %u\n", fs->path, room, size);
		return -E_TOOBIG;
	}
	return 0;
}

static int file_write(struct sink *sink, uint32_t offset, const void *data,
		      size_t len)
{
	struct file_sink *fs = (struct file_sink *)sink;
	const char *p = data;

	if (fs->fd < 0)
		return 0;
	while (len) {
		ssize_t n = pwrite(fs->fd, p, len, offset);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "netboot: writing %s: %s\n", fs->path,
				strerror(errno));
			return errno == ENOSPC ? -E_TOOBIG : -E_IO;
		}
		p += n;
		len -= (size_t)n;
		offset += (uint32_t)n;
	}
	return 0;
}

int file_sink_open(struct file_sink *fs, const char *path)
{
	fs->sink.expect = file_expect;
	fs->sink.write = file_write;
	fs->path = path;
	fs->fd = -1;
	if (!path)
		return 0;
	fs->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fs->fd < 0) {
		fprintf(stderr, "netboot: cannot create %s: %s\n", path,
			strerror(errno));
		return -E_IO;
	}
	return 0;
}

int file_sink_close(struct file_sink *fs, uint32_t bytes)
{
	if (fs->fd < 0)
		return 0;
	int rc = ftruncate(fs->fd, bytes);
	if (close(fs->fd) < 0 || rc < 0) {
		fprintf(stderr, "netboot: saving %s: %s\n", fs->path, strerror(errno));
		return -E_IO;
	}
	fs->fd = -1;
	return 0;
}
