/* rebase: the same tree under another top folder: a manifest's paths
 * with leading components stripped or a prefix replaced (compare's
 * --strip-components and --prefix). */
#ifndef EV_REBASE_H
#define EV_REBASE_H

#include "base/err.h"
#include "manifest/manifest.h"

struct rebase_opts {
	unsigned strip;		/* --strip-components N */
	const char *old, *new_;	/* --prefix OLD=NEW; old NULL: none */
};

/* Parses "OLD=NEW" (OLD not empty; neither starts or ends with "/")
 * into o (pointing into s). 0, or -1 with e set. */
int rebase_parse_prefix(const char *s, char *buf, size_t cap,
    struct rebase_opts *o, struct err *e) EV_WUR;

/* Rewrites the finished manifest *m in place: the first strip
 * components of every path dropped (an entry with no more components
 * left out, as tar does), then a path that is OLD or starts with "OLD/"
 * begins with NEW instead (an empty NEW drops the folder like a strip).
 * Hard link targets are rewritten the same way; symlink targets are
 * not. Marks the entries had in the artifact are kept (a "../" that
 * stripping removes stays marked); those between entries (duplicates,
 * below a symlink, ...) are set again. 0, or -1 with e set. */
int rebase_manifest(struct manifest *m, const struct rebase_opts *o,
    struct err *e) EV_WUR;

#endif
