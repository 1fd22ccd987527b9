/* manifest_private: within the manifest module (manifest.c builds a
 * manifest; marks.c sets the marks that depend on more than one entry).
 * Not for other modules: they include manifest/manifest.h. marks.c only
 * reads and flags entries, calling nothing in manifest.c, so the two files
 * depend one way. */
#ifndef EV_MANIFEST_PRIVATE_H
#define EV_MANIFEST_PRIVATE_H

#ifndef MANIFEST_PRIVATE
#error "manifest/manifest_private.h is the manifest module's own: include manifest/manifest.h"
#endif

#include <stddef.h>

#include "base/err.h"
#include "manifest/manifest.h"

#define SHOWN_PATH 64	/* bytes of an untrusted path shown in a message */

/* Records "PRE'PATH'POST" with the start of path escaped. */
static inline void
err_shown(struct err *e, const char *pre, const char *path, const char *post)
{
	err_path_cut(e, pre, path, SHOWN_PATH, post);
}

/* Whether s starts with a Windows drive ("C:"). */
static inline int
is_drive(const char *s)
{
	return ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z'))
	    && s[1] == ':';
}

/* marks.c: sorts m's entries by byte-wise path (ties in archive order),
 * then sets MF_DUPLICATE, MF_DUP_FOLDED, MF_BELOW_LINK, MF_LINK_FORWARD
 * and MF_LINK_OUTSIDE (lexically, and through the archive's links:
 * links.h). manifest_finish calls it once, then records what
 * is wrong with the root. Fails when out of memory, when a name cannot be
 * case folded, or when *m->cancel is set. */
int marks_apply(struct manifest *m, struct err *e) EV_WUR;

/* The index of the first entry whose path does not sort before 'path'
 * (byte order; m->n if none); m's entries must be sorted. The order is
 * marks_apply's, and so manifest_find's. */
size_t marks_lower_bound(const struct manifest *m, const char *path);

#endif
