/* hfs: walk an HFS+ or HFSX volume (the file system inside a .dmg)
 * into a manifest: the catalog B-tree, fork extents (with the extents
 * overflow file), the attributes B-tree; read through a callback, so the
 * volume may be decompressed on demand and never lies on disk. */
#ifndef EV_HFS_H
#define EV_HFS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "manifest/manifest.h"

/* Caps, past which the volume is refused. */
#define HFS_MAX_TREE	(256u << 20)	/* bytes of one B-tree file */
#define HFS_MAX_LEVELS	16		/* B-tree levels */
#define HFS_MAX_DEPTH	256		/* directory nesting */
#define HFS_MAX_EXTENTS	65536		/* extents of one fork */

/* The volume: size bytes, read through read(ctx, off, buf, len, e),
 * which returns 0, or -1 with e set. */
struct hfs_dev {
	int (*read)(void *ctx, uint64_t off, void *buf, size_t len,
	    struct err *e);
	void *ctx;
	uint64_t size;
	/* The volume's only: when set, called for each file entry with its
	 * data fork (read through fork, size its logical size) before it
	 * is hashed. Returns 1 when it streamed ent's data itself
	 * (manifest_data_begin ... end), 0 to have the fork hashed as it
	 * is, -1 with e set. NULL: every fork is hashed as it is. */
	int (*file)(void *fctx, const char *path, const struct hfs_dev *fork,
	    struct manifest *m, struct manifest_entry *ent, struct err *e);
	void *fctx;
};

/* Walks the volume into m. Entries: directories, files (their data
 * fork), symlinks with their target, anything else MF_OTHER; mode &
 * 07777, uid/gid, content modification time; the root directory as ".".
 * A file hard link ("hlnk") is a file the first time its inode is met
 * in catalog order, a hard link to that path after. Outside records: a
 * non-empty resource fork ("hfs-resource-fork") and each extended
 * attribute ("hfs-xattr"), named by the path in the note; the HFS+
 * private directories ("hfs-private-directory", their hard link inodes
 * are reached only through the links). Refused, with a message naming
 * what: a B-tree node visited twice (a cycle), more levels than it
 * claims or than HFS_MAX_LEVELS, leaf records other than it claims,
 * records or offsets outside their node, catalog keys out of the
 * volume's name order (binary, or case-insensitive where both names are
 * ASCII up to where they differ) or equal, a B-tree file over
 * HFS_MAX_TREE, extents outside the volume or short of the fork's size,
 * directories nested deeper than HFS_MAX_DEPTH or in a loop, two
 * records with one ID, a name that is not valid UTF-16 or holds NUL, a
 * journal holding changes not yet applied, compressed (decmpfs) files,
 * directory hard links, a hard link whose inode is missing. Does not
 * set m->kind or call manifest_finish; checks *m->cancel through the
 * manifest's data calls. */
int hfs_walk(const struct hfs_dev *d, struct manifest *m,
    struct err *e) EV_WUR;

#endif
