/* squash_private: within the squash module (squash.c opens the image,
 * reads file data and walks the tree; squash_dir.c reads one directory's
 * listing the way the kernel and squashfuse read it). Not for other
 * modules: they include walk/squash.h. */
#ifndef EV_SQUASH_PRIVATE_H
#define EV_SQUASH_PRIVATE_H

#ifndef SQUASH_PRIVATE
#error "walk/squash_private.h is the squash module's own: include walk/squash.h"
#endif

#include <stddef.h>
#include <stdint.h>

#include <sqfs/compressor.h>
#include <sqfs/dir.h>
#include <sqfs/frag_table.h>
#include <sqfs/id_table.h>
#include <sqfs/inode.h>
#include <sqfs/io.h>
#include <sqfs/meta_reader.h>
#include <sqfs/super.h>

#include "base/err.h"
#include "manifest/manifest.h"

/* A libsquashfs file that sees only the squashfs inside the artifact. */
struct sub_file {
	sqfs_file_t base;
	int fd;			/* not owned */
	uint64_t off, size;	/* the squashfs inside the artifact */
	int errnum;		/* errno of the last failed read, or 0 */
	int refused;		/* a read past size was refused ... */
	uint64_t refused_at;	/* ... at this offset */
};

/* Fragment blocks hold the tails of many small files; files with the
 * same content share one, so the walk returns to older blocks. A few
 * decompressed blocks kept (least recently used goes) save most of the
 * repeated decompression. */
#define FRAG_CACHE	8

struct frag_slot {
	sqfs_u32 idx;
	unsigned char *blk;	/* block_size bytes, or NULL */
	size_t len;
	uint64_t tick;		/* last use; 0 = empty */
};

struct sq {
	struct sub_file *file;
	sqfs_super_t super;
	sqfs_compressor_t *cmp;
	sqfs_id_table_t *ids;
	sqfs_meta_reader_t *mi;		/* the inode table */
	sqfs_meta_reader_t *md;		/* the directory table */
	sqfs_frag_table_t *frags;
	sqfs_u64 *refs;		/* [inode number]: its inode's reference
				 * + 1, or 0 while unseen */
	struct frag_slot cache[FRAG_CACHE];
	uint64_t tick;
	unsigned char *buf;	/* one block, uncompressed */
	unsigned char *scratch;	/* one block as stored */
	struct manifest *m;
	struct err *e;
};

/* An escaped copy of the start of an untrusted path, for a message. */
char *squash_shown(const char *p, size_t n);

/* "squashfs at offset N: cannot read WHAT 'PATH': libsquashfs error -5
 * (corrupted)"; path may be NULL. */
void squash_fail(struct sq *s, int ret, const char *what, const char *path);

/* sqfs_meta_reader_read_inode of the inode at block (in the inode
 * table) and offset, after a check of the sizes it claims (libsquashfs
 * allocates them before reading): a block list or symlink target larger
 * than the inode table, or a directory index name longer than 256 bytes,
 * is an error naming WHAT 'PATH' (path may be NULL). 0, or -1 with the
 * error set. */
int squash_read_inode(struct sq *s, sqfs_u64 block, size_t offset,
    const char *what, const char *path, sqfs_inode_generic_t **out) EV_WUR;

/* One directory's listing being read (squash_dir_*). */
struct squash_dir {
	const char *path;	/* "" for the root; not owned */
	const sqfs_inode_generic_t *inode;	/* not owned */
	sqfs_u64 want;		/* listing bytes the inode declares */
	sqfs_u64 pos;		/* listing bytes read */
	sqfs_u32 left;		/* entries left in the current run */
	sqfs_u16 offset;	/* of the listing in its first block */
	sqfs_dir_header_t hdr;	/* the current run's header */
	size_t next, nidx;	/* the index entry awaited; the count */
	sqfs_dir_index_t *idx;	/* it, unpacked, or NULL */
	int first;		/* the next name must be idx's */
	unsigned char prev[257];	/* the previous name ... */
	size_t nprev;		/* ... of nprev bytes, or none (0) */
};

/* Starts reading the listing of directory inode (named path). */
int squash_dir_open(struct sq *s, struct squash_dir *d,
    const sqfs_inode_generic_t *inode, const char *path) EV_WUR;

/* The next entry (free with sqfs_free): 0, 1 at the end, -1 on error.
 * Fails where the kernel would read differently from the linear walk:
 * an index entry that does not name a header where the walk meets it
 * (or not its first name), names out of order, a listing that ends
 * elsewhere than its size says. */
int squash_dir_next(struct sq *s, struct squash_dir *d,
    sqfs_dir_entry_t **ent) EV_WUR;

/* The inode of ent, the entry just read from d and named path (free
 * with sqfs_free). Fails unless the entry's inode number and type are
 * the inode's, and unless no other inode has that number. */
int squash_dir_inode(struct sq *s, const struct squash_dir *d,
    const sqfs_dir_entry_t *ent, const char *path,
    sqfs_inode_generic_t **out) EV_WUR;

void squash_dir_release(struct squash_dir *d);

/* Records that inode number num is the inode at ref; fails if another
 * inode has it, or if it lies outside 1 .. inode_count. */
int squash_inode_seen(struct sq *s, sqfs_u32 num, sqfs_u64 ref,
    const char *path) EV_WUR;

#endif
