#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/file.h"

#define FILE_FIRST_CHUNK 4096

/* A directory or anything but a regular file: errno EISDIR or EINVAL. */
static int
check_regular(const struct stat *st, const char *path, struct err *e)
{
	if (S_ISDIR(st->st_mode)) {
		err_path(e, "", path, " is a directory");
		errno = EISDIR;
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		err_path(e, "", path, " is not a regular file");
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* The fd is opened non-blocking so that a FIFO cannot hang the open; a
 * regular file is then read in blocking mode. */
int
file_open(const char *path, uint64_t *size, struct err *e)
{
	struct stat st;
	int fd, fl, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		err_errno(e, "cannot open", path, errno);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		err_errno(e, "cannot stat", path, errno);
		goto fail;
	}
	if (check_regular(&st, path, e) < 0)
		goto fail;
	if ((fl = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		err_errno(e, "cannot read", path, errno);
		goto fail;
	}
	*size = (uint64_t)st.st_size;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Grows buf to hold cap data bytes plus the NUL. */
static int
grow(unsigned char **buf, size_t cap, const char *path, struct err *e)
{
	unsigned char *nb = realloc(*buf, cap + 1);

	if (nb == NULL) {
		err_errno(e, "cannot read", path, ENOMEM);
		return -1;
	}
	*buf = nb;
	return 0;
}

/* Reads up to max + 1 bytes: one byte more than allowed tells a file that
 * grew past the cap after fstat from one that is exactly max bytes. */
static int
read_all(int fd, const char *path, size_t max, size_t hint,
    unsigned char **bufp, size_t *lenp, struct err *e)
{
	unsigned char *buf = NULL;
	size_t limit = max + 1, cap, len = 0;
	ssize_t r;
	char post[128];
	int ret = -1;

	cap = hint < max ? hint + 1 : limit;
	if (cap < FILE_FIRST_CHUNK)
		cap = limit < FILE_FIRST_CHUNK ? limit : FILE_FIRST_CHUNK;
	if (grow(&buf, cap, path, e) < 0)
		goto out;
	for (;;) {
		if (len == cap) {
			if (cap == limit)
				break;
			cap = cap > limit / 2 ? limit : cap * 2;
			if (grow(&buf, cap, path, e) < 0)
				goto out;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err_errno(e, "cannot read", path, errno);
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len > max) {
		snprintf(post, sizeof(post),
		    " is too large (it grew past %zu bytes while being read)",
		    max);
		err_path(e, "", path, post);
		errno = EFBIG;
		goto out;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	buf = NULL;
	ret = 0;
out:
	free(buf);
	return ret;
}

int
file_read(const char *path, size_t max, unsigned char **buf, size_t *len,
    struct err *e)
{
	char post[128];
	uint64_t size;
	int fd, ret = -1, saved;

	*buf = NULL;
	*len = 0;
	if (max > SIZE_MAX - 2)
		max = SIZE_MAX - 2;
	if ((fd = file_open(path, &size, e)) < 0)
		return -1;
	if (size > max) {
		snprintf(post, sizeof(post),
		    " is too large (%ju bytes, at most %zu)", (uintmax_t)size,
		    max);
		err_path(e, "", path, post);
		errno = EFBIG;
		goto out;
	}
	ret = read_all(fd, path, max, (size_t)size, buf, len, e);
out:
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}
