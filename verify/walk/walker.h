/* walker: the one interface of the walkers that inspect picks by kind
 * (base/artifact.h): a file open for reading in, its manifest out. */
#ifndef EV_WALKER_H
#define EV_WALKER_H

#include <stdint.h>

#include "base/err.h"
#include "manifest/manifest.h"

struct walker_input {
	int fd;			/* the artifact, read only with pread */
	const char *path;	/* as given, for messages */
	const char *base;	/* its base name */
	uint64_t size;		/* of the file when it was opened */
};

/* Walks in into m, which must be initialised (caps, cancel), and sets
 * m->kind; does not call manifest_finish. 0, or -1 with e set. */
typedef int (*walker_fn)(const struct walker_input *in, struct manifest *m,
    struct err *e);

#endif
