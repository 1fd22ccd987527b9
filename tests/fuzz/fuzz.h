/* fuzz: what the libFuzzer targets tests/fuzz/fuzz_*.c share (header
 * only; each target is its own program). The core reads outside input
 * from a path or a descriptor: the input is put in a memfd and named
 * /proc/self/fd/N. Small caps keep one input from reading GBs. */
#ifndef EV_FUZZ_H
#define EV_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/err.h"
#include "base/hash.h"
#include "manifest/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A manifest with caps far below the defaults: an input of a few KB
 * must not make a walker hash GBs. */
static inline void
fuzz_manifest(struct manifest *m)
{
	struct manifest_caps c = { 2000, MANIFEST_MAX_PATH, 4u << 20,
	    16u << 20 };

	manifest_init(m, &c);
}

/* Every target's initializer (each target is its own program, so it is
 * defined here): libgcrypt, once (the walkers hash; pgp_key_* needs it). */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct err e;

	(void)argc;
	(void)argv;
	if (hash_lib_init(&e) < 0)
		abort();
	return 0;
}

/* A memfd holding data, its name in path (/proc/self/fd/N), or -1. The
 * descriptor is at offset 0. */
static inline int
fuzz_memfd(const uint8_t *data, size_t size, char *path, size_t pathlen)
{
	size_t done = 0;
	ssize_t k;
	int fd = memfd_create("fuzz", MFD_CLOEXEC);

	if (fd < 0)
		abort();
	while (done < size) {
		k = write(fd, data + done, size - done);
		if (k <= 0)
			abort();
		done += (size_t)k;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
	snprintf(path, pathlen, "/proc/self/fd/%d", fd);
	return fd;
}

/* The input read through a callback (hfs_dev, macho_src): ctx is a
 * struct fuzz_mem. */
struct fuzz_mem {
	const uint8_t *p;
	size_t n;
};

static inline int
fuzz_mem_read(void *ctx, uint64_t off, void *buf, size_t len, struct err *e)
{
	struct fuzz_mem *m = ctx;

	if (off > m->n || len > m->n - off) {
		err_set(e, "read past the input");
		return -1;
	}
	memcpy(buf, m->p + off, len);
	return 0;
}

#endif
