/* arc_private: within the arc module (arc.c walks entries; arcstream.c
 * holds the walk's state, its messages and caps, and its byte streams).
 * Not for other modules: they include walk/arc.h. arcstream.c never calls
 * into arc.c, so the two files depend one way.
 *
 * arcstream: the byte sources of arc's libarchive handles, and the tar
 * stream under an arc walk. The tar reader reads the decompressed stream
 * (a format-raw handle behind the filters) in slices, through a ring that
 * keeps its last bytes and past tarscan, which reads the headers as they
 * go by; at the end, the bytes the reader read ahead are still there to
 * be checked. Records what follows the tar and the compressed stream
 * ("trailing-data", "trailing-data-decompressed") and an unusual gzip
 * header ("gzip-header"), as arc.h says. Errors are set through arc_fail
 * and arc_wrap, bytes counted with arc_count (arc.h). */
#ifndef EV_ARC_PRIVATE_H
#define EV_ARC_PRIVATE_H

#ifndef ARC_PRIVATE
#error "walk/arc_private.h is the arc module's own: include walk/arc.h"
#endif

#include <stdint.h>

#include "base/err.h"
#include "walk/arc.h"

#define ARCSTREAM_BUF	65536	/* read buffer of a byte source */
#define ARC_BUF		65536	/* data buffer */

struct archive;
struct tarscan;

/* Where a libarchive handle reads from: the file (from pos to end), or
 * the member being read from an outer handle (the ar of a .deb). */
struct arcstream_src {
	int fd;
	uint64_t pos, end;
	struct archive *outer;		/* or NULL: the file */
	unsigned char buf[ARCSTREAM_BUF];
};

/* Opens a (formats and filters already enabled) on s, which it reads
 * until a is freed; with a seek callback if seekable. 0, or -1 with a's
 * error set. */
int arcstream_src_open(struct archive *a, struct arcstream_src *s,
    int seekable) EV_WUR;

struct arcstream;	/* one tar stream, opaque */

/* One walk (opaque outside the arc module). */
struct arc_walk {
	int fd;
	struct arcstream_src file;	/* the whole file */
	const char *name;	/* the artifact, for messages */
	const char *part;	/* "data.tar.xz" inside a .deb, or NULL */
	struct manifest *m;
	struct err *e;
	size_t index;		/* entry being read, from 1 */
	const char *entry;	/* its path once known, or NULL */
	unsigned opts;		/* ARC_* */
	struct arcstream *st;	/* the tar stream being read, or NULL */
	unsigned char buf[ARC_BUF];	/* data, or scratch: kept by no call */
};

/* Sets the error "cancelled" and returns 1 if the manifest's cancel flag
 * is set, else returns 0. */
int arc_cancelled(struct arc_walk *w);

/* Opens the decompressed stream read from s, which covers [base, base +
 * len) of the file; *code is its compression (ARCHIVE_FILTER_*). A gzip
 * header is recorded, its name with ":PREFIX" if prefix is not ""
 * (prefix must outlive the stream). NULL with the error set. */
struct arcstream *arcstream_new(struct arc_walk *w, struct arcstream_src *s,
    uint64_t base, uint64_t len, const char *prefix, int *code);
/* The tar reader on the stream (freed with it), or NULL with the error
 * set. While it reads, w->st must be st: arc_fail then reports
 * arcstream_refused's reason. */
struct archive *arcstream_tar(struct arc_walk *w, struct arcstream *st);
/* The header scan of the stream, to check the reader's entries with. */
const struct tarscan *arcstream_scan(const struct arcstream *st);
/* Why the scan refused a header (the error, whatever the reader says,
 * and not the entry's fault), or NULL. */
const char *arcstream_refused(const struct arcstream *st);
/* After the last entry, whose data ends at position end of the stream:
 * checks the end-of-archive marker and records what follows the tar and
 * the compressed stream. 0, or -1 with the error set. */
int arcstream_end(struct arc_walk *w, struct arcstream *st,
    uint64_t end) EV_WUR;
void arcstream_free(struct arcstream *st);	/* accepts NULL */

#endif
