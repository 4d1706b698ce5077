/*
 * durable.c — a file's bytes and its folder's names made durable (durable.h).
 */
#include "core/durable.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"

bool durable_write(int fd, const void *data, size_t len)
{
	const char *bytes = data;
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, bytes + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return fsync(fd) == 0;
}

bool durable_folder(const char *folder)
{
	int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	close(fd);
	return ok;
}

bool durable_folder_of(const char *path)
{
	char *folder = xstrdup(path);
	char *slash = strrchr(folder, '/');
	if (slash)
		*slash = '\0';
	bool ok = durable_folder(slash ? folder : ".");
	free(folder);
	return ok;
}
