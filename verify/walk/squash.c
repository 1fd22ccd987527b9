/* squash: a squashfs image inside a larger file, read with libsquashfs
 * through a file object that only sees the image's own bytes, and walked
 * into a manifest without extracting anything. Directory listings are
 * read and checked in squash_dir.c. */
#include <endian.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqfs/block.h>
#include <sqfs/error.h>

#include "base/bytes.h"
#include "base/escape.h"
#include "walk/squash.h"
#define SQUASH_PRIVATE
#include "walk/squash_private.h"

#define MAX_DEPTH	256	/* directory nesting; deeper is a loop */
#define SHOWN_PATH	64	/* bytes of an untrusted path in a message */

/* ---- a libsquashfs file that sees only the squashfs ---- */

static void
sub_destroy(sqfs_object_t *obj)
{
	free(obj);
}

static sqfs_object_t *
sub_copy(const sqfs_object_t *obj)
{
	struct sub_file *c = malloc(sizeof(*c));

	if (c != NULL)
		memcpy(c, obj, sizeof(*c));
	return (sqfs_object_t *)c;
}

static int
sub_read_at(sqfs_file_t *file, sqfs_u64 offset, void *buffer, size_t size)
{
	struct sub_file *f = (struct sub_file *)file;

	if (offset > f->size || size > f->size - offset) {
		f->refused = 1;
		f->refused_at = offset;
		return SQFS_ERROR_OUT_OF_BOUNDS;
	}
	if (bytes_pread(f->fd, f->off + offset, buffer, size) < 0) {
		f->errnum = errno;
		return SQFS_ERROR_IO;
	}
	return 0;
}

static int
sub_write_at(sqfs_file_t *file, sqfs_u64 offset, const void *buffer,
    size_t size)
{
	(void)file;
	(void)offset;
	(void)buffer;
	(void)size;
	return SQFS_ERROR_UNSUPPORTED;
}

static sqfs_u64
sub_get_size(const sqfs_file_t *file)
{
	return ((const struct sub_file *)file)->size;
}

static int
sub_truncate(sqfs_file_t *file, sqfs_u64 size)
{
	(void)file;
	(void)size;
	return SQFS_ERROR_UNSUPPORTED;
}

static struct sub_file *
sub_open(int fd, uint64_t off, uint64_t size)
{
	struct sub_file *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return NULL;
	f->base.base.destroy = sub_destroy;
	f->base.base.copy = sub_copy;
	f->base.read_at = sub_read_at;
	f->base.write_at = sub_write_at;
	f->base.get_size = sub_get_size;
	f->base.truncate = sub_truncate;
	f->fd = fd;
	f->off = off;
	f->size = size;
	return f;
}

/* ---- the squashfs ---- */

struct dir_job {
	char *path;			/* "" for the root */
	sqfs_inode_generic_t *inode;
	unsigned depth;
};

struct dir_stack {
	struct dir_job *v;
	size_t n, cap;
};

char *
squash_shown(const char *p, size_t n)
{
	char *q = escape_dup(p, n > SHOWN_PATH ? SHOWN_PATH : n), *r;

	if (q == NULL || n <= SHOWN_PATH)
		return q;
	if ((r = realloc(q, strlen(q) + 4)) == NULL) {
		free(q);
		return NULL;
	}
	strcat(r, "...");
	return r;
}

static const char *
sq_strerror(int ret)
{
	switch (ret) {
	case SQFS_ERROR_ALLOC:		return "out of memory";
	case SQFS_ERROR_IO:		return "read error";
	case SQFS_ERROR_COMPRESSOR:	return "decompression failed";
	case SQFS_ERROR_CORRUPTED:	return "corrupted";
	case SQFS_ERROR_UNSUPPORTED:	return "unsupported";
	case SQFS_ERROR_OVERFLOW:	return "overflow";
	case SQFS_ERROR_OUT_OF_BOUNDS:	return "out of bounds";
	case SFQS_ERROR_SUPER_MAGIC:	return "no superblock magic";
	case SFQS_ERROR_SUPER_VERSION:	return "unsupported version";
	case SQFS_ERROR_SUPER_BLOCK_SIZE: return "bad block size";
	case SQFS_ERROR_NOT_DIR:	return "not a directory";
	case SQFS_ERROR_LINK_LOOP:	return "link loop";
	case SQFS_ERROR_NOT_FILE:	return "not a file";
	default:			return "error";
	}
}

void
squash_fail(struct sq *s, int ret, const char *what, const char *path)
{
	char *q = path != NULL ? squash_shown(path, strlen(path)) : NULL;
	char why[128] = "";

	if (ret == SQFS_ERROR_IO && s->file->errnum != 0)
		snprintf(why, sizeof(why), ": %s", ERRNO_STR(s->file->errnum));
	else if (ret == SQFS_ERROR_OUT_OF_BOUNDS && s->file->refused)
		snprintf(why, sizeof(why), ": a read at %ju lies past its "
		    "%ju bytes", (uintmax_t)s->file->refused_at,
		    (uintmax_t)s->file->size);
	err_set(s->e, "squashfs at offset %ju: cannot read %s%s%s%s: "
	    "libsquashfs error %d (%s)%s", (uintmax_t)s->file->off, what,
	    path != NULL ? " '" : "", path != NULL ? (q != NULL ? q : "?") :
	    "", path != NULL ? "'" : "", ret, sq_strerror(ret), why);
	free(q);
}

/* libsquashfs allocates what an inode's size fields claim before it
 * reads the bytes (a file's block list, a symlink target, directory
 * index names): bound the claims by the inode table, which holds those
 * bytes (each metadata block at most 8 KiB from at least 3 bytes), and
 * index names by 256 bytes. The claim that is too large, or NULL (also
 * when the inode cannot be read: sqfs_meta_reader_read_inode says why). */
static const char *
inode_claims(struct sq *s, sqfs_u64 block, size_t offset)
{
	const sqfs_super_t *sb = &s->super;
	union {
		sqfs_inode_t base;
		sqfs_inode_file_t file;
		sqfs_inode_file_ext_t file_ext;
		sqfs_inode_slink_t slink;
		sqfs_inode_dir_ext_t dir_ext;
		sqfs_dir_index_t idx;
		unsigned char name[256];
	} u;
	sqfs_u64 max, size = 0, dir = sb->directory_table_start;
	unsigned i, n;

	/* A forged directory table start past the end would stretch the
	 * bound; a saturated bound stops nothing but cannot wrap. */
	if (dir > sb->bytes_used)
		dir = sb->bytes_used;
	if (dir <= sb->inode_table_start)
		return NULL;
	max = (dir - sb->inode_table_start) / 3 + 1;
	if (max > (UINT64_MAX - 1) / SQFS_META_BLOCK_SIZE)
		max = UINT64_MAX - 1;
	else
		max *= SQFS_META_BLOCK_SIZE;
	if (sqfs_meta_reader_seek(s->mi, sb->inode_table_start + block,
	    offset) != 0 || sqfs_meta_reader_read(s->mi, &u.base,
	    sizeof(u.base)) != 0)
		return NULL;
	switch (le16toh(u.base.type)) {
	case SQFS_INODE_FILE:
		if (sqfs_meta_reader_read(s->mi, &u.file, sizeof(u.file)) != 0)
			return NULL;
		size = le32toh(u.file.file_size) / sb->block_size * 4;
		break;
	case SQFS_INODE_EXT_FILE:
		if (sqfs_meta_reader_read(s->mi, &u.file_ext,
		    sizeof(u.file_ext)) != 0)
			return NULL;
		size = le64toh(u.file_ext.file_size) / sb->block_size;
		size = size > max ? max + 1 : size * 4;
		break;
	case SQFS_INODE_SLINK:
	case SQFS_INODE_EXT_SLINK:
		if (sqfs_meta_reader_read(s->mi, &u.slink,
		    sizeof(u.slink)) != 0)
			return NULL;
		size = le32toh(u.slink.target_size);
		break;
	case SQFS_INODE_EXT_DIR:
		if (sqfs_meta_reader_read(s->mi, &u.dir_ext,
		    sizeof(u.dir_ext)) != 0 || u.dir_ext.size == 0)
			return NULL;
		n = le16toh(u.dir_ext.inodex_count);
		for (i = 0; i < n; i++) {
			if (sqfs_meta_reader_read(s->mi, &u.idx,
			    sizeof(u.idx)) != 0)
				return NULL;
			if (le32toh(u.idx.size) > 255)
				return "a directory index name longer than "
				    "256 bytes";
			if (sqfs_meta_reader_read(s->mi, u.name,
			    le32toh(u.idx.size) + 1) != 0)
				return NULL;
		}
		break;
	}
	return size > max ? "more bytes than the inode table holds" : NULL;
}

/* sqfs_meta_reader_read_inode after inode_claims. */
int
squash_read_inode(struct sq *s, sqfs_u64 block, size_t offset,
    const char *what, const char *path, sqfs_inode_generic_t **out)
{
	const char *bad = inode_claims(s, block, offset);
	char *q = path != NULL ? squash_shown(path, strlen(path)) : NULL;
	int r;

	*out = NULL;
	if (bad != NULL)
		err_set(s->e, "squashfs at offset %ju: %s%s%s%s claims %s "
		    "(corrupted)", (uintmax_t)s->file->off, what,
		    path != NULL ? " '" : "", path != NULL ? (q != NULL ? q :
		    "?") : "", path != NULL ? "'" : "", bad);
	else if ((r = sqfs_meta_reader_read_inode(s->mi, &s->super, block,
	    offset, out)) != 0)
		squash_fail(s, r, what, path);
	free(q);
	return *out != NULL ? 0 : -1;
}

static void
sq_close(struct sq *s)
{
	size_t i;

	for (i = 0; i < FRAG_CACHE; i++)
		free(s->cache[i].blk);
	free(s->buf);
	free(s->scratch);
	free(s->refs);
	sqfs_destroy(s->frags);
	sqfs_destroy(s->md);
	sqfs_destroy(s->mi);
	sqfs_destroy(s->ids);
	sqfs_destroy(s->cmp);
	sqfs_destroy(s->file);
}

/* Metadata readers for the inode table and the directory table, bounded
 * as libsquashfs's directory reader bounds them. */
static int
sq_open_meta(struct sq *s)
{
	const sqfs_super_t *sb = &s->super;
	sqfs_u64 end = sb->id_table_start;

	if (sb->fragment_table_start < end)
		end = sb->fragment_table_start;
	if (sb->export_table_start < end)
		end = sb->export_table_start;
	s->mi = sqfs_meta_reader_create(&s->file->base, s->cmp,
	    sb->inode_table_start, sb->directory_table_start);
	s->md = sqfs_meta_reader_create(&s->file->base, s->cmp,
	    sb->directory_table_start, end);
	return s->mi != NULL && s->md != NULL ? 0 : -1;
}

static int
sq_open_tables(struct sq *s)
{
	int ret;

	if ((s->ids = sqfs_id_table_create(0)) == NULL ||
	    sq_open_meta(s) < 0 ||
	    (s->refs = calloc((size_t)s->super.inode_count + 1,
	    sizeof(*s->refs))) == NULL ||
	    (s->frags = sqfs_frag_table_create(0)) == NULL ||
	    (s->buf = malloc(s->super.block_size)) == NULL ||
	    (s->scratch = malloc(s->super.block_size)) == NULL) {
		squash_fail(s, SQFS_ERROR_ALLOC, "the tables", NULL);
		return -1;
	}
	if ((ret = sqfs_id_table_read(s->ids, &s->file->base, &s->super,
	    s->cmp)) != 0) {
		squash_fail(s, ret, "the id table", NULL);
		return -1;
	}
	if ((ret = sqfs_frag_table_read(s->frags, &s->file->base, &s->super,
	    s->cmp)) != 0) {
		squash_fail(s, ret, "the fragment table", NULL);
		return -1;
	}
	return 0;
}

/* libsquashfs allocates the fragment table as the superblock says, before
 * reading it: bound it by the inodes (each fragment block holds the tail
 * of a file), and the inodes by the entry cap (each is an entry but the
 * root), so a forged count cannot claim gigabytes. */
static int
sq_check_counts(struct sq *s)
{
	const sqfs_super_t *sb = &s->super;

	if (sb->inode_count == 0 || sb->inode_count - 1 > s->m->caps.entries) {
		err_set(s->e, "squashfs at offset %ju has %u inodes: more than "
		    "%llu entries (cap; raise with --max-entries)",
		    (uintmax_t)s->file->off, (unsigned)sb->inode_count,
		    (unsigned long long)s->m->caps.entries);
		return -1;
	}
	if (sb->fragment_entry_count > sb->inode_count) {
		err_set(s->e, "squashfs at offset %ju claims %u fragment blocks "
		    "for %u inodes (corrupted)", (uintmax_t)s->file->off,
		    (unsigned)sb->fragment_entry_count,
		    (unsigned)sb->inode_count);
		return -1;
	}
	return 0;
}

/* Reads the superblock and tables; afterwards only [0, bytes_used) of
 * the squashfs can be read. */
static int
sq_open(struct sq *s, int fd, uint64_t off, uint64_t used)
{
	sqfs_compressor_config_t cfg;
	const char *name;
	int ret;

	if ((s->file = sub_open(fd, off, used)) == NULL) {
		err_set(s->e, "squashfs at offset %ju: %s", (uintmax_t)off,
		    ERRNO_STR(ENOMEM));
		return -1;
	}
	if ((ret = sqfs_super_read(&s->super, &s->file->base)) != 0) {
		squash_fail(s, ret, "the superblock", NULL);
		return -1;
	}
	if (sq_check_counts(s) < 0)
		return -1;
	if ((ret = sqfs_compressor_config_init(&cfg, s->super.compression_id,
	    s->super.block_size, SQFS_COMP_FLAG_UNCOMPRESS)) != 0 ||
	    (ret = sqfs_compressor_create(&cfg, &s->cmp)) != 0) {
		name = sqfs_compressor_name_from_id(s->super.compression_id);
		err_set(s->e, "squashfs at offset %ju: compressor %s (id %u) "
		    "is not supported: libsquashfs error %d (%s)",
		    (uintmax_t)off, name != NULL ? name : "unknown",
		    (unsigned)s->super.compression_id, ret, sq_strerror(ret));
		return -1;
	}
	if ((s->super.flags & SQFS_FLAG_COMPRESSOR_OPTIONS) &&
	    (ret = s->cmp->read_options(s->cmp, &s->file->base)) != 0) {
		squash_fail(s, ret, "the compressor options", NULL);
		return -1;
	}
	return sq_open_tables(s);
}

/* ---- walking ---- */

static int
push_dir(struct sq *s, struct dir_stack *st, char *path,
    sqfs_inode_generic_t *inode, unsigned depth)
{
	struct dir_job *nv;
	size_t ncap;
	char *q;

	if (depth > MAX_DEPTH) {
		q = squash_shown(path, strlen(path));
		err_set(s->e, "squashfs at offset %ju: directories nested "
		    "deeper than %d levels at '%s' (a directory loop?)",
		    (uintmax_t)s->file->off, MAX_DEPTH, q != NULL ? q : "?");
		free(q);
		return -1;
	}
	if (st->n == st->cap) {
		ncap = st->cap != 0 ? st->cap * 2 : 16;
		if ((nv = realloc(st->v, ncap * sizeof(*nv))) == NULL) {
			squash_fail(s, SQFS_ERROR_ALLOC, "directory", path);
			return -1;
		}
		st->v = nv;
		st->cap = ncap;
	}
	st->v[st->n].path = path;
	st->v[st->n].inode = inode;
	st->v[st->n].depth = depth;
	st->n++;
	return 0;
}

/* "PARENT/NAME" from a directory entry. A name holding "/" or NUL, or
 * ".", is an error: it would pose as another path. ".." is passed on for
 * the manifest to mark. */
static char *
join(struct sq *s, const char *parent, const sqfs_dir_entry_t *ent)
{
	size_t plen = strlen(parent), nlen = (size_t)ent->size + 1;
	char *p, *q;

	if (memchr(ent->name, '/', nlen) != NULL ||
	    memchr(ent->name, '\0', nlen) != NULL ||
	    (nlen == 1 && ent->name[0] == '.')) {
		p = squash_shown((const char *)ent->name, nlen);
		q = squash_shown(parent, plen);
		err_set(s->e, "squashfs at offset %ju: directory '%s' has an "
		    "entry named '%s'",
		    (uintmax_t)s->file->off, q != NULL ? q : "?",
		    p != NULL ? p : "?");
		free(p);
		free(q);
		return NULL;
	}
	if ((p = malloc(plen + nlen + 2)) == NULL) {
		squash_fail(s, SQFS_ERROR_ALLOC, "directory", parent);
		return NULL;
	}
	memcpy(p, parent, plen);
	if (plen > 0)
		p[plen++] = '/';
	memcpy(p + plen, ent->name, nlen);
	p[plen + nlen] = '\0';
	return p;
}

static int
set_owner(struct sq *s, struct manifest_entry *ent,
    const sqfs_inode_generic_t *inode, const char *path)
{
	sqfs_u32 uid, gid;
	int ret;

	if ((ret = sqfs_id_table_index_to_id(s->ids, inode->base.uid_idx,
	    &uid)) != 0 ||
	    (ret = sqfs_id_table_index_to_id(s->ids, inode->base.gid_idx,
	    &gid)) != 0) {
		squash_fail(s, ret, "the owner of", path);
		return -1;
	}
	ent->uid = uid;
	ent->gid = gid;
	ent->mtime = inode->base.mod_time;
	ent->has_mtime = 1;
	return 0;
}

/* Reads the block stored at off (its size word as in the inode or the
 * fragment table) into out, at most want bytes; *n is the bytes it holds.
 * A block that decompresses short is passed on as it is: the manifest
 * then marks the size mismatch. */
static int
read_block(struct sq *s, sqfs_u32 word, uint64_t off, unsigned char *out,
    sqfs_u32 want, size_t *n)
{
	sqfs_u32 disk = SQFS_ON_DISK_BLOCK_SIZE(word);
	sqfs_s32 r;
	int ret;

	if (disk == 0) {		/* sparse */
		memset(out, 0, want);
		*n = want;
		return 0;
	}
	if (disk > want)
		return SQFS_ERROR_OVERFLOW;
	if (!SQFS_IS_BLOCK_COMPRESSED(word)) {
		*n = disk;
		return s->file->base.read_at(&s->file->base, off, out, disk);
	}
	if ((ret = s->file->base.read_at(&s->file->base, off, s->scratch,
	    disk)) != 0)
		return ret;
	r = s->cmp->do_block(s->cmp, s->scratch, disk, out, want);
	if (r <= 0)
		return r < 0 ? r : SQFS_ERROR_COMPRESSOR;
	*n = (size_t)r;
	return 0;
}

/* The decompressed fragment block idx, from the cache or read into the
 * least recently used slot. */
static int
get_frag(struct sq *s, sqfs_u32 idx, const struct frag_slot **out)
{
	struct frag_slot *old = &s->cache[0], *c;
	sqfs_fragment_t ent;
	size_t i;
	int ret;

	for (i = 0; i < FRAG_CACHE; i++) {
		c = &s->cache[i];
		if (c->tick != 0 && c->idx == idx) {
			c->tick = ++s->tick;
			*out = c;
			return 0;
		}
		if (c->tick < old->tick)
			old = c;
	}
	if ((ret = sqfs_frag_table_lookup(s->frags, idx, &ent)) != 0)
		return ret;
	if (old->blk == NULL &&
	    (old->blk = malloc(s->super.block_size)) == NULL)
		return SQFS_ERROR_ALLOC;
	old->tick = 0;
	if (SQFS_IS_SPARSE_BLOCK(ent.size))
		return SQFS_ERROR_CORRUPTED;
	if ((ret = read_block(s, ent.size, ent.start_offset, old->blk,
	    s->super.block_size, &old->len)) != 0)
		return ret;
	old->idx = idx;
	old->tick = ++s->tick;
	*out = old;
	return 0;
}

/* The tail of a file (left bytes) from its fragment block. */
static int
file_tail(struct sq *s, const sqfs_inode_generic_t *inode, uint64_t left,
    const char *path)
{
	const struct frag_slot *c;
	sqfs_u32 idx, off;
	int r;

	if (left == 0)
		return 0;
	if (left >= s->super.block_size)
		r = SQFS_ERROR_CORRUPTED;
	else if ((r = sqfs_inode_get_frag_location(inode, &idx, &off)) == 0 &&
	    (r = get_frag(s, idx, &c)) == 0 &&
	    (off > c->len || left > c->len - off))
		r = SQFS_ERROR_OUT_OF_BOUNDS;
	if (r != 0) {
		squash_fail(s, r, "the fragment of", path);
		return -1;
	}
	return manifest_data_update(s->m, c->blk + off, (size_t)left, s->e);
}

/* Streams one file's bytes into the manifest: its blocks in one linear
 * pass (sqfs_data_reader_read walks the block list from the start on
 * every call), then the tail from its fragment block. */
static int
file_data(struct sq *s, struct manifest_entry *ent,
    const sqfs_inode_generic_t *inode, uint64_t size, const char *path)
{
	size_t i, count = sqfs_inode_get_file_block_count(inode), n;
	uint64_t off, left = size;
	sqfs_u32 want;
	char what[64];
	int r;

	if (manifest_data_begin(s->m, ent, 0, s->e) < 0)
		return -1;
	if ((r = sqfs_inode_get_file_block_start(inode, &off)) != 0) {
		squash_fail(s, r, "the data of", path);
		return -1;
	}
	for (i = 0; i < count; i++) {
		want = left < s->super.block_size ? (sqfs_u32)left :
		    s->super.block_size;
		if ((r = read_block(s, inode->extra[i], off, s->buf, want,
		    &n)) != 0) {
			snprintf(what, sizeof(what), "block %zu of", i);
			squash_fail(s, r, what, path);
			return -1;
		}
		if (manifest_data_update(s->m, s->buf, n, s->e) < 0)
			return -1;
		off += SQFS_ON_DISK_BLOCK_SIZE(inode->extra[i]);
		left -= want;
	}
	if (file_tail(s, inode, left, path) < 0)
		return -1;
	return manifest_data_end(s->m, s->e);
}

static int
symlink_target(struct sq *s, const sqfs_inode_generic_t *inode,
    const char *path, char **target)
{
	size_t len = inode->base.type == SQFS_INODE_SLINK ?
	    inode->data.slink.target_size : inode->data.slink_ext.target_size;

	if (len > inode->payload_bytes_used ||
	    memchr(inode->extra, '\0', len) != NULL) {
		squash_fail(s, SQFS_ERROR_CORRUPTED, "the target of symlink",
		    path);
		return -1;
	}
	if ((*target = malloc(len + 1)) == NULL) {
		squash_fail(s, SQFS_ERROR_ALLOC, "the target of symlink", path);
		return -1;
	}
	memcpy(*target, inode->extra, len);
	(*target)[len] = '\0';
	return 0;
}

/* An inode with extended attributes (an index into the xattr table)
 * is marked, as capabilities or ACLs in a tar are. */
static int
mark_xattr(struct sq *s, struct manifest_entry *ent,
    const sqfs_inode_generic_t *inode, const char *path)
{
	sqfs_u32 idx;
	int r;

	if ((r = sqfs_inode_get_xattr_index(inode, &idx)) != 0) {
		squash_fail(s, r, "the extended attributes of", path);
		return -1;
	}
	if (idx != 0xFFFFFFFFu)
		ent->flags |= MF_XATTR;
	return 0;
}

/* Adds one inode's entry (and a file's data) to the manifest. */
static int
add_inode(struct sq *s, const char *path, const sqfs_inode_generic_t *inode)
{
	enum manifest_type type = MF_OTHER;
	uint64_t size = MANIFEST_UNKNOWN;
	struct manifest_entry *ent;
	char *target = NULL;
	int ret = -1, r;

	switch (inode->base.type) {
	case SQFS_INODE_DIR: case SQFS_INODE_EXT_DIR:
		type = MF_DIR;
		break;
	case SQFS_INODE_FILE: case SQFS_INODE_EXT_FILE:
		type = MF_FILE;
		if ((r = sqfs_inode_get_file_size(inode, &size)) != 0) {
			squash_fail(s, r, "the size of", path);
			goto out;
		}
		break;
	case SQFS_INODE_SLINK: case SQFS_INODE_EXT_SLINK:
		type = MF_SYMLINK;
		if (symlink_target(s, inode, path, &target) < 0)
			goto out;
		break;
	default:
		break;
	}
	ent = manifest_add(s->m, path, type, inode->base.mode & 07777, size,
	    target, s->e);
	if (ent == NULL || set_owner(s, ent, inode, path) < 0 ||
	    mark_xattr(s, ent, inode, path) < 0)
		goto out;
	if (type == MF_FILE && file_data(s, ent, inode, size, path) < 0)
		goto out;
	ret = 0;
out:
	free(target);
	return ret;
}

static int
is_dir(const sqfs_inode_generic_t *inode)
{
	return inode->base.type == SQFS_INODE_DIR ||
	    inode->base.type == SQFS_INODE_EXT_DIR;
}

/* Adds the entry just read from d, named path (owned); a subdirectory
 * goes on the stack with its inode. */
static int
walk_entry(struct sq *s, const struct squash_dir *d,
    const sqfs_dir_entry_t *ent, char *path, unsigned depth,
    struct dir_stack *st)
{
	sqfs_inode_generic_t *inode = NULL;
	int ret = -1;

	if (squash_dir_inode(s, d, ent, path, &inode) < 0 ||
	    add_inode(s, path, inode) < 0)
		goto out;
	if (is_dir(inode)) {
		if (push_dir(s, st, path, inode, depth) < 0)
			goto out;
		path = NULL;
		inode = NULL;
	}
	ret = 0;
out:
	free(path);
	sqfs_free(inode);
	return ret;
}

/* Reverses the jobs pushed since lo: subdirectories are then walked in
 * listing order, as mksquashfs stored their data, which keeps the
 * fragment cache warm. */
static void
reverse_jobs(struct dir_stack *st, size_t lo)
{
	struct dir_job tmp;
	size_t hi;

	for (hi = st->n; hi > lo + 1; lo++, hi--) {
		tmp = st->v[lo];
		st->v[lo] = st->v[hi - 1];
		st->v[hi - 1] = tmp;
	}
}

/* Adds every entry of one directory; subdirectories go on the stack. */
static int
walk_dir(struct sq *s, const struct dir_job *job, struct dir_stack *st)
{
	struct squash_dir d;
	sqfs_dir_entry_t *ent;
	size_t lo = st->n;
	char *path;
	int r = -1;

	if (squash_dir_open(s, &d, job->inode, job->path) < 0)
		goto out;
	for (;;) {
		if (s->m->cancel != NULL && *s->m->cancel) {
			err_set(s->e, "cancelled");
			r = -1;
			goto out;
		}
		if ((r = squash_dir_next(s, &d, &ent)) != 0)
			break;
		path = join(s, job->path, ent);
		r = path != NULL ? walk_entry(s, &d, ent, path,
		    job->depth + 1, st) : -1;
		sqfs_free(ent);
		if (r < 0)
			goto out;
	}
	if (r < 0)
		goto out;
	reverse_jobs(st, lo);
	r = 0;
out:
	squash_dir_release(&d);
	return r;
}

/* Depth-first over an explicit stack: memory grows with the number of
 * directories (bounded by the entry cap), not with the nesting. */
static int
walk_tree(struct sq *s)
{
	struct dir_stack st = { NULL, 0, 0 };
	struct dir_job job;
	sqfs_inode_generic_t *root = NULL;
	sqfs_u64 ref = s->super.root_inode_ref;
	char *rpath = NULL;
	int r, ret = -1;

	if (squash_read_inode(s, ref >> 16, ref & 0xFFFF, "the root directory",
	    NULL, &root) < 0)
		return -1;
	if (!is_dir(root)) {
		squash_fail(s, SQFS_ERROR_NOT_DIR, "the root directory", NULL);
		goto out;
	}
	if (squash_inode_seen(s, root->base.inode_number, ref, ".") < 0)
		goto out;
	if (add_inode(s, ".", root) < 0)	/* its mode and owner */
		goto out;
	if ((rpath = strdup("")) == NULL) {
		squash_fail(s, SQFS_ERROR_ALLOC, "the root directory", NULL);
		goto out;
	}
	if (push_dir(s, &st, rpath, root, 0) < 0)
		goto out;
	rpath = NULL;
	root = NULL;
	while (st.n > 0) {
		job = st.v[--st.n];
		r = walk_dir(s, &job, &st);
		free(job.path);
		sqfs_free(job.inode);
		if (r < 0)
			goto out;
	}
	ret = 0;
out:
	while (st.n > 0) {
		free(st.v[--st.n].path);
		sqfs_free(st.v[st.n].inode);
	}
	free(st.v);
	free(rpath);
	sqfs_free(root);
	return ret;
}

int
squash_walk(int fd, uint64_t off, uint64_t size, struct manifest *m,
    struct err *e)
{
	struct sq s;
	int ret = -1;

	memset(&s, 0, sizeof(s));
	s.m = m;
	s.e = e;
	if (sq_open(&s, fd, off, size) < 0 || walk_tree(&s) < 0)
		goto out;
	ret = 0;
out:
	sq_close(&s);
	return ret;
}
