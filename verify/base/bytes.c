/* bytes: reading an artifact's bytes at an offset. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/bytes.h"
#include "base/hash.h"

#define BYTES_CHUNK 65536

int
bytes_pread_upto(int fd, uint64_t off, void *buf, size_t len, size_t *got)
{
	unsigned char *p = buf;
	ssize_t r;

	*got = 0;
	while (*got < len) {
		r = pread(fd, p + *got, len - *got, (off_t)(off + *got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		*got += (size_t)r;
	}
	return 0;
}

int
bytes_pread(int fd, uint64_t off, void *buf, size_t len)
{
	size_t got;

	if (bytes_pread_upto(fd, off, buf, len, &got) < 0)
		return -1;
	if (got < len) {
		errno = EIO;
		return -1;
	}
	return 0;
}

/* Hashes the len bytes at *off through buf (BYTES_CHUNK bytes); *any is
 * set if one is not 0. 0, or the errno of the failed read, with *off
 * where it failed. */
static int
feed(int fd, uint64_t *off, uint64_t len, unsigned char *buf,
    struct hash *h, int *any)
{
	size_t n, i;

	for (; len > 0; *off += n, len -= n) {
		n = len < BYTES_CHUNK ? (size_t)len : BYTES_CHUNK;
		if (bytes_pread(fd, *off, buf, n) < 0)
			return errno;
		for (i = 0; i < n && !*any; i++)
			*any = buf[i] != 0;
		hash_update(h, buf, n);
	}
	return 0;
}

int
bytes_hash_range(int fd, uint64_t off, uint64_t len, char hex[65],
    int *nonzero, struct err *e)
{
	struct hash h;
	unsigned char *buf = NULL;
	int ret = -1, any = 0, errnum;

	if (hash_init(&h, e) < 0) {
		errno = 0;
		return -1;
	}
	buf = malloc(BYTES_CHUNK);
	errnum = buf == NULL ? ENOMEM : feed(fd, &off, len, buf, &h, &any);
	if (errnum != 0) {
		err_set(e, "cannot read at offset %" PRIu64 ": %s", off,
		    ERRNO_STR(errnum));
		goto out;
	}
	hash_final(&h);
	memcpy(hex, h.hex, 65);
	if (nonzero != NULL)
		*nonzero = any;
	ret = 0;
out:
	free(buf);
	hash_release(&h);
	errno = errnum;
	return ret;
}

int
bytes_read(int fd, uint64_t off, void *buf, size_t len, const char *what,
    struct err *e)
{
	if (bytes_pread(fd, off, buf, len) == 0)
		return 0;
	err_set(e, "cannot read the %s: %s", what, ERRNO_STR(errno));
	return -1;
}
