/* arcstream: the byte sources of arc's libarchive handles, and the tar
 * stream under an arc walk. The tar reader reads the decompressed stream
 * (a format-raw handle behind the filters) in slices, through a ring that
 * keeps its last bytes and past tarscan, which reads the headers as they
 * go by; at the end, the bytes the reader read ahead are still there to
 * be checked. Records what follows the tar and the compressed stream
 * ("trailing-data", "trailing-data-decompressed") and an unusual gzip
 * header ("gzip-header"), as arc.h says. For arc.c only: errors are set
 * through arc_fail and arc_wrap, bytes counted with arc_count. */
#ifndef EV_ARCSTREAM_H
#define EV_ARCSTREAM_H

#include <stdint.h>

#include "base/err.h"

#define ARCSTREAM_BUF	65536	/* read buffer of a byte source */

struct archive;
struct arc_walk;
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

/* Opens the decompressed stream read from s, which covers [base, base +
 * len) of the file; *code is its compression (ARCHIVE_FILTER_*). A gzip
 * header is recorded, its name with ":PREFIX" if prefix is not ""
 * (prefix must outlive the stream). NULL with the error set. */
struct arcstream *arcstream_new(struct arc_walk *w, struct arcstream_src *s,
    uint64_t base, uint64_t len, const char *prefix, int *code);
/* The tar reader on the stream (freed with it), or NULL with the error
 * set. While it reads, arc_fail must know st (arcstream_refused). */
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

/* arc_record: an outside record for [off, off + len) of the file. */
int arcstream_record(struct arc_walk *w, const char *name, uint64_t off,
    uint64_t len, const char *note, int hostile) EV_WUR;

#endif
