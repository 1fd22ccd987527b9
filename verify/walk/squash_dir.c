/* squash_dir: a squashfs directory listing read the way the kernel's
 * squashfs_readdir and squashfs_lookup (and squashfuse, which AppImage
 * runtimes use) read it, with the facts their lookups rely on checked,
 * so that the names and inodes listed are the ones a mounted AppImage
 * resolves:
 *  - the listing ends where the inode's size says: they read every entry
 *    a header counts, even past that size, where libsquashfs's own
 *    directory reader stops;
 *  - names are in byte order (strcmp), as mksquashfs writes them: a
 *    lookup stops at the first name past the one it seeks;
 *  - each directory index entry (extended inodes) names a header at the
 *    byte and metadata block where the linear read meets it, and the
 *    first name of that header's run: a lookup jumps straight there;
 *  - an entry's inode number is its inode's, and no two inodes share
 *    one: the kernel's inode cache is keyed by that number;
 *  - an entry's type is its inode's (readdir reports it as d_type). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqfs/block.h>

#define SQUASH_PRIVATE
#include "walk/squash_private.h"

#define NAME_LEN	256	/* bytes of a name (SQUASHFS_NAME_LEN) */
#define ENTRY_BYTES	8	/* a directory entry before its name */
#define HEADER_BYTES	12	/* a directory header */

/* "squashfs at offset N: directory 'PATH' ...". */
static int __attribute__((format(printf, 3, 4)))
dir_fail(struct sq *s, const struct squash_dir *d, const char *fmt, ...)
{
	const char *p = d->path[0] != '\0' ? d->path : ".";
	char *q = squash_shown(p, strlen(p)), what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	err_set(s->e, "squashfs at offset %ju: directory '%s' %s",
	    (uintmax_t)s->file->off, q != NULL ? q : "?", what);
	free(q);
	return -1;
}

static int
index_fail(struct sq *s, const struct squash_dir *d)
{
	return dir_fail(s, d, "has an index that disagrees with its listing "
	    "(index entry %zu of %zu)", d->next + 1, d->nidx);
}

/* Unpacks index entry d->next into d->idx (NULL past the last). */
static int
next_index(struct sq *s, struct squash_dir *d)
{
	int r;

	sqfs_free(d->idx);
	d->idx = NULL;
	if (d->next >= d->nidx)
		return 0;
	if ((r = sqfs_inode_unpack_dir_index_entry(d->inode, &d->idx,
	    d->next)) != 0) {
		squash_fail(s, r, "the index of directory", d->path);
		return -1;
	}
	if (d->idx->size >= NAME_LEN)
		return index_fail(s, d);
	return 0;
}

int
squash_dir_open(struct sq *s, struct squash_dir *d,
    const sqfs_inode_generic_t *inode, const char *path)
{
	sqfs_u64 start, size;
	int r;

	memset(d, 0, sizeof(*d));
	d->path = path;
	d->inode = inode;
	if (inode->base.type == SQFS_INODE_EXT_DIR) {
		start = inode->data.dir_ext.start_block;
		size = inode->data.dir_ext.size;
		d->offset = inode->data.dir_ext.offset;
		d->nidx = inode->data.dir_ext.inodex_count;
	} else {
		start = inode->data.dir.start_block;
		size = inode->data.dir.size;
		d->offset = inode->data.dir.offset;
	}
	/* the size counts "." and ".." as 3 bytes */
	d->want = size > 3 ? size - 3 : 0;
	if (next_index(s, d) < 0)
		return -1;
	if (d->want > 0 && (r = sqfs_meta_reader_seek(s->md,
	    s->super.directory_table_start + start, d->offset)) != 0) {
		squash_fail(s, r, "directory", path);
		return -1;
	}
	return 0;
}

void
squash_dir_release(struct squash_dir *d)
{
	sqfs_free(d->idx);
	d->idx = NULL;
}

/* Reads the next header; *blk and *off: where it starts (a block in the
 * file, an offset in its data), as an index entry would name it. */
static int
read_header(struct sq *s, struct squash_dir *d, sqfs_u64 *blk, size_t *off)
{
	sqfs_u64 a, b;
	size_t oa, ob;
	int r;

	sqfs_meta_reader_get_position(s->md, &a, &oa);
	if ((r = sqfs_meta_reader_read_dir_header(s->md, &d->hdr)) != 0) {
		squash_fail(s, r, "directory", d->path);
		return -1;
	}
	sqfs_meta_reader_get_position(s->md, &b, &ob);
	/* all of it in block b, or begun in block a (before, oa may be
	 * the end of a: the reader moves on only when it reads on) */
	*blk = ob >= HEADER_BYTES ? b : a;
	*off = ob >= HEADER_BYTES ? ob - HEADER_BYTES : oa;
	return 0;
}

/* A header at blk, off: the index entry awaited, if it names this
 * byte of the listing, must name this place. */
static int
check_header(struct sq *s, struct squash_dir *d, sqfs_u64 blk, size_t off)
{
	const sqfs_dir_index_t *x = d->idx;

	if (x == NULL || x->index > d->pos)
		return 0;
	if (x->index < d->pos ||
	    s->super.directory_table_start + x->start_block != blk ||
	    ((sqfs_u64)x->index + d->offset) % SQFS_META_BLOCK_SIZE != off)
		return index_fail(s, d);
	d->first = 1;
	return 0;
}

static int
name_cmp(const unsigned char *a, size_t na, const unsigned char *b,
    size_t nb)
{
	int c = memcmp(a, b, na < nb ? na : nb);

	return c != 0 ? c : (na > nb) - (na < nb);
}

/* The first name of an indexed run must be the index entry's; names
 * must not go backwards (equal ones are left for the manifest to mark
 * as duplicates). */
static int
check_name(struct sq *s, struct squash_dir *d, const sqfs_dir_entry_t *ent)
{
	size_t n = (size_t)ent->size + 1;
	char *p, *q;

	if (n > NAME_LEN)
		return dir_fail(s, d, "has a name of %zu bytes", n);
	if (d->first) {
		d->first = 0;
		if ((size_t)d->idx->size + 1 != n ||
		    memcmp(d->idx->name, ent->name, n) != 0)
			return index_fail(s, d);
		d->next++;
		if (next_index(s, d) < 0)
			return -1;
	}
	if (d->nprev > 0 && name_cmp(d->prev, d->nprev, ent->name, n) > 0) {
		p = squash_shown((const char *)d->prev, d->nprev);
		q = squash_shown((const char *)ent->name, n);
		dir_fail(s, d, "lists '%s' after '%s': names out of order",
		    q != NULL ? q : "?", p != NULL ? p : "?");
		free(p);
		free(q);
		return -1;
	}
	memcpy(d->prev, ent->name, n);
	d->nprev = n;
	return 0;
}

/* At the end of the headers: all of the listing read, all of the index
 * met. */
static int
dir_end(struct sq *s, struct squash_dir *d)
{
	if (d->pos != d->want)
		return dir_fail(s, d, "has entries up to byte %ju of its "
		    "listing, its inode says %ju", (uintmax_t)d->pos,
		    (uintmax_t)d->want);
	if (d->idx != NULL)
		return index_fail(s, d);
	return 1;
}

int
squash_dir_next(struct sq *s, struct squash_dir *d, sqfs_dir_entry_t **out)
{
	sqfs_dir_entry_t *ent = NULL;
	sqfs_u64 blk;
	size_t off;
	int r;

	*out = NULL;
	if (d->left == 0) {
		/* as the kernel: headers while the size says more */
		if (d->pos >= d->want)
			return dir_end(s, d);
		if (read_header(s, d, &blk, &off) < 0 ||
		    check_header(s, d, blk, off) < 0)
			return -1;
		d->pos += HEADER_BYTES;
		d->left = d->hdr.count + 1;
	}
	if ((r = sqfs_meta_reader_read_dir_ent(s->md, &ent)) != 0) {
		squash_fail(s, r, "directory", d->path);
		return -1;
	}
	d->left--;
	d->pos += ENTRY_BYTES + (size_t)ent->size + 1;
	if (check_name(s, d, ent) < 0) {
		sqfs_free(ent);
		return -1;
	}
	*out = ent;
	return 0;
}

int
squash_inode_seen(struct sq *s, sqfs_u32 num, sqfs_u64 ref,
    const char *path)
{
	char *q;

	if (num != 0 && num <= s->super.inode_count &&
	    (s->refs[num] == 0 || s->refs[num] == ref + 1)) {
		s->refs[num] = ref + 1;
		return 0;
	}
	q = squash_shown(path, strlen(path));
	err_set(s->e, "squashfs at offset %ju: inode number %u of '%s' %s",
	    (uintmax_t)s->file->off, (unsigned)num, q != NULL ? q : "?",
	    num == 0 || num > s->super.inode_count ? "is out of range" :
	    "belongs to another inode too");
	free(q);
	return -1;
}

/* The basic type (1 .. 7) of an inode type. */
static unsigned
basic_type(unsigned t)
{
	return t >= SQFS_INODE_EXT_DIR ? t - (SQFS_INODE_EXT_DIR -
	    SQFS_INODE_DIR) : t;
}

int
squash_dir_inode(struct sq *s, const struct squash_dir *d,
    const sqfs_dir_entry_t *ent, const char *path,
    sqfs_inode_generic_t **out)
{
	sqfs_u32 num = d->hdr.inode_number + (sqfs_u32)ent->inode_diff;
	sqfs_u64 ref = ((sqfs_u64)d->hdr.start_block << 16) | ent->offset;
	sqfs_inode_generic_t *inode = NULL;
	const char *what = NULL;
	char *q;

	*out = NULL;
	if (squash_read_inode(s, d->hdr.start_block, ent->offset,
	    "the inode of", path, &inode) < 0)
		return -1;
	if (inode->base.inode_number != num)
		what = "inode number";
	else if (ent->type != basic_type(inode->base.type))
		what = "type";
	if (what != NULL) {
		q = squash_shown(path, strlen(path));
		err_set(s->e, "squashfs at offset %ju: the directory entry of "
		    "'%s' gives another %s than its inode",
		    (uintmax_t)s->file->off, q != NULL ? q : "?", what);
		free(q);
		sqfs_free(inode);
		return -1;
	}
	if (squash_inode_seen(s, num, ref, path) < 0) {
		sqfs_free(inode);
		return -1;
	}
	*out = inode;
	return 0;
}
