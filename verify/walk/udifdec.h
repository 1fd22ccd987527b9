/* udifdec: decompression of UDIF chunks (zlib, bzip2, ADC) on a small
 * worker pool (one thread per core, at most UDIFDEC_WORKERS): the chunk
 * a read needs, and the next few of a sequential read decompressed ahead
 * while the reader hashes. Memory stays bounded: at most UDIFDEC_SLOTS
 * decompressed chunks are held (the recent ones kept, the ones ahead
 * queued), and each worker holds one stored chunk. The bytes a chunk
 * decompresses to do not depend on which thread decodes it, nor when. */
#ifndef EV_UDIFDEC_H
#define EV_UDIFDEC_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define UDIFDEC_WORKERS	4	/* threads at most */
#define UDIFDEC_SLOTS	6	/* decompressed chunks held at most */

enum udifdec_codec { UDIFDEC_ZLIB, UDIFDEC_BZIP2, UDIFDEC_ADC };

/* Why a chunk has no bytes. */
enum udifdec_why {
	UDIFDEC_OK,
	UDIFDEC_EREAD,		/* its stored bytes cannot be read (errnum) */
	UDIFDEC_EDECODE,	/* it does not decompress to exactly n bytes */
	UDIFDEC_ENOMEM
};

struct udifdec_job {
	uint64_t key;		/* the caller's name for the chunk: one key,
				 * one chunk */
	enum udifdec_codec codec;
	uint64_t off, len;	/* its stored bytes in the file */
	size_t n;		/* bytes it decompresses to */
};

struct udifdec;

/* A decoder of chunks stored in fd (not owned, read with pread). Its
 * threads start on the first udifdec_get. NULL when out of memory. */
struct udifdec *udifdec_new(int fd);
/* Cancels the queued chunks, waits for the threads; accepts NULL. */
void udifdec_free(struct udifdec *d);

/* Chunks worth queueing ahead of a sequential read. */
size_t udifdec_ahead(const struct udifdec *d);

/* The n bytes of chunk want, waiting for them; ahead[0..nahead) are
 * queued for the workers as far as free slots allow (their failures
 * count only once they are wanted). The bytes stay valid until the next
 * call. NULL with *why (and *errnum for UDIFDEC_EREAD) set. */
const unsigned char *udifdec_get(struct udifdec *d,
    const struct udifdec_job *want, const struct udifdec_job *ahead,
    size_t nahead, enum udifdec_why *why, int *errnum);

#endif
