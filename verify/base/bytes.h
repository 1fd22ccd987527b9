/* bytes: reading an artifact's bytes at an offset: exact and bounded
 * preads, little-endian fields, the SHA-256 of a range. */
#ifndef EV_BYTES_H
#define EV_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* Reads exactly len bytes at off (retrying after EINTR). 0, or -1 with
 * errno set: what pread said, or EIO if the file ends first. */
int bytes_pread(int fd, uint64_t off, void *buf, size_t len) EV_WUR;

/* bytes_pread that records "cannot read the WHAT: REASON" in e. */
int bytes_read(int fd, uint64_t off, void *buf, size_t len, const char *what,
    struct err *e) EV_WUR;

/* Reads up to len bytes at off; *got is how many, fewer only where the
 * file ends. 0, or -1 with errno set. */
int bytes_pread_upto(int fd, uint64_t off, void *buf, size_t len,
    size_t *got) EV_WUR;

/* SHA-256 of the len bytes at off, read 64 KiB at a time, as 64 hex
 * digits; *nonzero (unless NULL) tells whether one of them is not 0.
 * 0, or -1 with e set ("cannot read at offset N: ...") and errno saying
 * why: a read error, EIO (the file ends first) or ENOMEM; errno is 0 if
 * the hash could not be started. Callers put their own subject in the
 * message from errno. */
int bytes_hash_range(int fd, uint64_t off, uint64_t len, char hex[65],
    int *nonzero, struct err *e) EV_WUR;

static inline uint16_t
bytes_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t
bytes_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static inline uint64_t
bytes_le64(const unsigned char *p)
{
	return (uint64_t)bytes_le32(p) | (uint64_t)bytes_le32(p + 4) << 32;
}

static inline uint16_t
bytes_be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
bytes_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline uint64_t
bytes_be64(const unsigned char *p)
{
	return (uint64_t)bytes_be32(p) << 32 | bytes_be32(p + 4);
}

#endif
