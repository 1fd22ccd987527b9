/* links: the marks that need the archive's links resolved as an
 * extractor would follow them. A hard link takes the type and target of
 * the entry it names (a hard link to a symlink is that symlink: Python's
 * tarfile makes a copy of the symlink, GNU tar links to it), and whether
 * a symlink leaves the tree is decided by resolving its target through
 * the symlinks of the extracted tree, not by its spelling. */
#ifndef EV_LINKS_H
#define EV_LINKS_H

#include "base/err.h"
#include "manifest/manifest.h"

/* Most symlinks followed in one resolution (Linux's limit); a longer
 * chain, or a loop, counts as leaving the tree. */
#define LINKS_MAX_HOPS 40

/* On m sorted by path (ties in archive order; marks_apply sorts it):
 * marks MF_BELOW_LINK on the entries below a hard link that names a
 * symlink, and MF_LINK_OUTSIDE on each symlink, and each hard link to
 * one, whose target, resolved from the link's directory through the
 * symlinks (and hard links to them) of the tree as extracted (where a
 * path repeats, the last entry in archive order), is absolute, climbs
 * above the root or takes more than LINKS_MAX_HOPS symlinks. Fails only
 * when out of memory or when *m->cancel is set. */
int links_apply(struct manifest *m, struct err *e) EV_WUR;

#endif
