/* marks: the relational marks of a manifest, those that depend on more
 * than one entry. manifest_finish calls marks_apply once; the order it
 * sorts by is the one marks_lower_bound (and so manifest_find) searches. */
#ifndef EV_MARKS_H
#define EV_MARKS_H

#include <stddef.h>

#include "base/err.h"
#include "manifest/manifest.h"

/* Sorts m's entries by byte-wise path (ties in archive order), then sets
 * MF_DUPLICATE, MF_DUP_FOLDED, MF_BELOW_LINK, MF_LINK_FORWARD and
 * MF_LINK_OUTSIDE and adds the outside records "root-duplicate" and
 * "root-marked". Leaves m->flags and m->sorted to the caller. Fails when
 * out of memory, when a name cannot be case folded, or when *m->cancel
 * is set. */
int marks_apply(struct manifest *m, struct err *e) EV_WUR;

/* The index of the first entry whose path does not sort before 'path'
 * (byte order; m->n if none); m's entries must be sorted. */
size_t marks_lower_bound(const struct manifest *m, const char *path);

#endif
