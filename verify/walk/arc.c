#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ARC_PRIVATE
#include "walk/arc.h"
#include "walk/arc_private.h"
#include "base/bytes.h"
#include "base/escape.h"
#include "base/hash.h"
#include "walk/tarscan.h"


enum arc_kind {
	ARC_TAR,	/* tar, tar.gz, tar.xz, tar.bz2 */
	ARC_ZIP		/* zip and APK (central directory, seekable) */
};

/* ---- entries ---- */

const char *
arc_entry_path(struct archive_entry *ae)
{
	const char *p = archive_entry_pathname(ae);

	return p != NULL ? p : archive_entry_pathname_utf8(ae);
}

enum manifest_type
arc_entry_type(struct archive_entry *ae, const char **link)
{
	*link = archive_entry_hardlink(ae);
	if (*link == NULL)
		*link = archive_entry_hardlink_utf8(ae);
	if (*link != NULL)
		return MF_HARDLINK;
	switch (archive_entry_filetype(ae)) {
	case AE_IFREG:
		return MF_FILE;
	case AE_IFDIR:
		return MF_DIR;
	case AE_IFLNK:
		*link = archive_entry_symlink(ae);
		if (*link == NULL)
			*link = archive_entry_symlink_utf8(ae);
		return MF_SYMLINK;
	default:
		return MF_OTHER;
	}
}

static int
entry_facts(struct arc_walk *w, struct archive_entry *ae,
    struct manifest_entry *ent)
{
	const char *u = archive_entry_uname(ae), *g = archive_entry_gname(ae);

	if (archive_entry_mtime_is_set(ae)) {
		ent->mtime = archive_entry_mtime(ae);
		ent->has_mtime = 1;
	}
	if (w->opts & ARC_OWNERS) {
		ent->uid = archive_entry_uid(ae);
		ent->gid = archive_entry_gid(ae);
	}
	if (u == NULL)
		u = archive_entry_uname_utf8(ae);
	if (g == NULL)
		g = archive_entry_gname_utf8(ae);
	return manifest_set_owner(ent, u, g, w->e) < 0 ? arc_wrap(w) : 0;
}

static int
file_data(struct arc_walk *w, struct archive *a, struct manifest_entry *ent)
{
	la_ssize_t n;

	if (manifest_data_begin(w->m, ent, (w->opts & ARC_MD5) != 0, w->e) < 0)
		return arc_wrap(w);
	while ((n = archive_read_data(a, w->buf, sizeof(w->buf))) != 0) {
		if (n < 0)
			return arc_fail(w, a, NULL);
		if (manifest_data_update(w->m, w->buf, (size_t)n, w->e) < 0)
			return arc_wrap(w);
	}
	return manifest_data_end(w->m, w->e) < 0 ? arc_wrap(w) : 0;
}

/* (For an entry that is not a file: libarchive would skip its data
 * unread.) */
int
arc_drain(struct arc_walk *w, struct archive *a, uint64_t cap, uint64_t *n,
    struct hash *h)
{
	la_ssize_t r;
	char msg[128];

	*n = 0;
	while ((r = archive_read_data(a, w->buf, sizeof(w->buf))) != 0) {
		if (r < 0)
			return arc_fail(w, a, NULL);
		if (arc_cancelled(w))
			return -1;
		hash_update(h, w->buf, (size_t)r);
		*n += (uint64_t)r;
		if (*n > cap) {
			snprintf(msg, sizeof(msg), "entry data larger than %llu"
			    " bytes%s", (unsigned long long)cap,
			    cap == w->m->caps.entry ? " (cap; raise with "
			    "--max-entry-bytes)" : "");
			return arc_fail(w, NULL, msg);
		}
		if (arc_count(w, (uint64_t)r) < 0)
			return -1;
	}
	return 0;
}

/* Extended attributes, ACLs beyond the mode, file flags: what an
 * extractor may set besides the content (security.capability ...). */
static unsigned
extra_marks(struct archive_entry *ae)
{
	unsigned long set = 0, clear = 0;

	archive_entry_fflags(ae, &set, &clear);
	if (archive_entry_xattr_count(ae) > 0 || set != 0 || clear != 0 ||
	    archive_entry_acl_count(ae, ARCHIVE_ENTRY_ACL_TYPE_ACCESS |
	    ARCHIVE_ENTRY_ACL_TYPE_DEFAULT | ARCHIVE_ENTRY_ACL_TYPE_NFS4) > 0)
		return MF_XATTR;
	return 0;
}

int
arc_add_entry(struct arc_walk *w, struct archive *a, struct archive_entry *ae,
    unsigned flags, void *ctx)
{
	const char *path = arc_entry_path(ae), *link;
	enum manifest_type type;
	struct manifest_entry *ent;
	uint64_t declared = MANIFEST_UNKNOWN, extra;

	(void)ctx;
	if (path == NULL)
		return arc_fail(w, NULL, "entry name missing or not valid in its "
		    "character set");
	type = arc_entry_type(ae, &link);
	if (archive_entry_size_is_set(ae) && archive_entry_size(ae) >= 0)
		declared = (uint64_t)archive_entry_size(ae);
	ent = manifest_add(w->m, path, type, archive_entry_perm(ae) & 07777,
	    declared, link, w->e);
	if (ent == NULL)
		return arc_wrap(w);
	w->entry = ent->path;
	ent->flags |= flags | extra_marks(ae);
	if (entry_facts(w, ae, ent) < 0)
		return -1;
	if (type == MF_FILE)
		return file_data(w, a, ent);
	if (arc_drain(w, a, w->m->caps.entry, &extra, NULL) < 0)
		return -1;
	if (extra > 0)		/* hidden bytes: an extractor may write them */
		ent->flags |= MF_SIZE_LIE;
	return 0;
}

/* A warning from next_header is acceptable only if the entry is still
 * sane: a name that is not valid in the locale (its raw bytes are used),
 * or, in a zip, local header and central directory disagreeing on a
 * size or CRC (marked MF_SIZE_LIE; the data is then checked against the
 * local header). Returns the marks, or -1. */
static int
warn_marks(struct archive *a)
{
	static const char *const names[] = {
		"Pathname ", "Linkname ", "Symlink ", "Uname ", "Gname ",
		"link "
	};
	const char *s = archive_error_string(a);
	size_t i;

	if (s == NULL)
		return -1;
	if (strncmp(s, "Inconsistent ", 13) == 0)
		return MF_SIZE_LIE;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strncmp(s, names[i], strlen(names[i])) == 0 &&
		    (strstr(s, "can't be converted") != NULL ||
		    strstr(s, "cannot be converted") != NULL))
			return 0;
	return -1;
}

/* The tar reader found entry w->index where the header scan did: its
 * data starts at the same offset of the stream. */
static int
same_entry(struct arc_walk *w, struct archive *a, struct arcstream *st)
{
	uint64_t at;
	char msg[160];

	if (tarscan_data_start(arcstream_scan(st), w->index, &at) == 0 &&
	    at == (uint64_t)archive_filter_bytes(a, 0))
		return 0;
	snprintf(msg, sizeof(msg), "internal error: the tar reader and the "
	    "header scan disagree at entry %zu (data at offset %lld)",
	    w->index, (long long)archive_filter_bytes(a, 0));
	return arc_fail(w, NULL, msg);
}

/* Calls per for every entry of a; *end is the stream position after the
 * last entry's data (a tar's, read through st), for the end-of-archive
 * check. */
static int
walk_entries(struct arc_walk *w, struct archive *a, arc_entry_fn per,
    void *ctx, uint64_t *end, struct arcstream *st)
{
	struct archive_entry *ae;
	int r, marks;

	for (w->index = 1;; w->index++) {
		w->entry = NULL;
		if (arc_cancelled(w))
			return -1;
		r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		marks = 0;
		if (r == ARCHIVE_WARN && (marks = warn_marks(a)) < 0)
			return arc_fail(w, a, NULL);
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
			return arc_fail(w, a, NULL);
		if (st != NULL && same_entry(w, a, st) < 0)
			return -1;
		if (per(w, a, ae, (unsigned)marks, ctx) < 0)
			return -1;
		if (end != NULL)
			*end = (uint64_t)archive_filter_bytes(a, 0);
	}
	if (st != NULL && tarscan_entries(arcstream_scan(st)) != w->index - 1)
		return arc_fail(w, NULL, "internal error: the tar reader and the "
		    "header scan disagree on the number of entries");
	w->index = 0;
	w->entry = NULL;
	return 0;
}

/* ---- tar streams ---- */

/* Walks the tar stream read from s, which covers [base, base + len) of
 * the file, calling per for each entry; checks the end-of-archive
 * marker and records what follows it. *code is the compression. */
static int
tar_stream(struct arc_walk *w, struct arcstream_src *s, uint64_t base,
    uint64_t len, arc_entry_fn per, void *ctx, const char *prefix, int *code)
{
	struct arcstream *st;
	struct archive *tar;
	uint64_t end = 0;
	int rc = -1;

	if ((st = arcstream_new(w, s, base, len, prefix, code)) == NULL)
		return -1;
	w->st = st;
	if ((tar = arcstream_tar(w, st)) != NULL &&
	    walk_entries(w, tar, per, ctx, &end, st) == 0)
		rc = arcstream_end(w, st, end);
	w->st = NULL;
	arcstream_free(st);
	return rc;
}

static const char *
tar_kind(int code)
{
	switch (code) {
	case ARCHIVE_FILTER_GZIP:
		return "tar.gz";
	case ARCHIVE_FILTER_XZ:
		return "tar.xz";
	case ARCHIVE_FILTER_BZIP2:
		return "tar.bz2";
	default:
		return "tar";
	}
}

/* libarchive does not recognise a zip without entries: the file ends in
 * an end of central directory record saying so, without a comment. */
static int
zip_empty(struct arc_walk *w, uint64_t size)
{
	static const unsigned char eocd[22] = { 'P', 'K', 5, 6 };
	unsigned char b[22];

	return size >= sizeof(b) &&
	    bytes_pread(w->fd, size - sizeof(b), b, sizeof(b)) == 0 &&
	    memcmp(b, eocd, sizeof(b)) == 0;
}

/* A zip name never starts with "./" legitimately: canonicalised like a
 * tar name, "./classes.dex" would pass for "classes.dex". */
static int
zip_add_entry(struct arc_walk *w, struct archive *a, struct archive_entry *ae,
    unsigned flags, void *ctx)
{
	const char *path = arc_entry_path(ae);

	if (path != NULL && path[0] == '.' && path[1] == '/')
		flags |= MF_DOT_NAME;
	return arc_add_entry(w, a, ae, flags, ctx);
}

static int
zip_walk(struct arc_walk *w, struct arcstream_src *s)
{
	struct archive *a = archive_read_new();
	int rc = -1;

	snprintf(w->m->kind, sizeof(w->m->kind), "zip");
	if (a == NULL) {
		err_set(w->e, "out of memory");
		goto out;
	}
	if (archive_read_support_format_zip_seekable(a) != ARCHIVE_OK) {
		arc_fail(w, a, NULL);
		goto out;
	}
	if (arcstream_src_open(a, s, 1) < 0) {
		rc = zip_empty(w, s->end) ? 0 : arc_fail(w, a, NULL);
		goto out;
	}
	rc = walk_entries(w, a, zip_add_entry, NULL, NULL, NULL);
out:
	(void)archive_read_free(a);
	return rc;
}

/* ---- arc_walk and the walker API ---- */

static int
walk_kind(struct arc_walk *w, void *ctx)
{
	enum arc_kind kind = *(enum arc_kind *)ctx;
	int code = ARCHIVE_FILTER_NONE;

	switch (kind) {
	case ARC_TAR:
		if (tar_stream(w, &w->file, 0, w->file.end, arc_add_entry,
		    NULL, "", &code) < 0)
			return -1;
		snprintf(w->m->kind, sizeof(w->m->kind), "%s", tar_kind(code));
		return 0;
	case ARC_ZIP:
		return zip_walk(w, &w->file);
	}
	err_set(w->e, "internal error: unknown archive kind");
	return -1;
}

int
arc_walk_tar(const struct walker_input *in, struct manifest *m,
    struct err *e)
{
	enum arc_kind kind = ARC_TAR;

	return arc_run(in->fd, in->path, m, ARC_OWNERS, walk_kind, &kind, e);
}

int
arc_walk_zip(const struct walker_input *in, struct manifest *m,
    struct err *e)
{
	enum arc_kind kind = ARC_ZIP;

	return arc_run(in->fd, in->path, m, 0, walk_kind, &kind, e);
}

int
arc_run(int fd, const char *name, struct manifest *m, unsigned opts,
    arc_body_fn body, void *ctx, struct err *e)
{
	struct arc_walk *w = calloc(1, sizeof(*w));
	locale_t loc = (locale_t)0, old = (locale_t)0;
	struct stat st;
	int rc = -1;

	if (w == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	if (fstat(fd, &st) < 0) {
		err_errno(e, "cannot stat", name, errno);
		goto out;
	}
	if (hash_ready(e) < 0)
		goto out;
	w->fd = w->file.fd = fd;
	w->file.end = (uint64_t)st.st_size;
	w->name = name;
	w->m = m;
	w->e = e;
	w->opts = opts;
	/* Names flagged UTF-8 in a zip (or a pax header) are converted to
	 * the locale's charset: with a UTF-8 locale they keep their bytes. */
	loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (loc != (locale_t)0)
		old = uselocale(loc);
	rc = body(w, ctx);
out:
	if (old != (locale_t)0)
		uselocale(old);
	if (loc != (locale_t)0)
		freelocale(loc);
	free(w);
	return rc;
}

int
arc_open_file(struct arc_walk *w, struct archive *a)
{
	return arcstream_src_open(a, &w->file, 0);
}

int
arc_tar(struct arc_walk *w, struct archive *outer, uint64_t off,
    uint64_t len, arc_entry_fn per, void *ctx, const char *prefix, int *code)
{
	struct arcstream_src *ms = calloc(1, sizeof(*ms));
	int rc = -1;

	if (ms == NULL) {
		err_set(w->e, "out of memory");
		goto out;
	}
	ms->fd = w->fd;
	ms->outer = outer;
	rc = tar_stream(w, ms, off, len, per, ctx, prefix, code);
out:
	free(ms);
	return rc;
}

uint64_t
arc_file_size(const struct arc_walk *w)
{
	return w->file.end;
}

int
arc_pread(struct arc_walk *w, uint64_t off, void *buf, size_t len)
{
	if (bytes_pread(w->fd, off, buf, len) < 0)
		return arc_fail(w, NULL, errno == EIO ? "file ends too early" :
		    ERRNO_STR(errno));
	return 0;
}

void
arc_set_part(struct arc_walk *w, const char *part)
{
	w->part = part;
}

void
arc_set_entry(struct arc_walk *w, const char *path)
{
	w->entry = path;
}

/* ---- whole entries of a zip, for the APK v1 audit ---- */

struct zip_each {
	int (*want)(const char *path);
	arc_file_fn fn;
	void *ctx;
	size_t cap;
};

/* One wanted entry read whole into memory and handed to fn. */
static int
zip_entry_whole(struct arc_walk *w, struct archive *a, const char *path,
    const struct zip_each *z)
{
	unsigned char *buf = NULL, *t;
	size_t len = 0, cap = 0;
	la_ssize_t n;
	int rc = -1;

	while ((n = archive_read_data(a, w->buf, sizeof(w->buf))) != 0) {
		if (n < 0) {
			arc_fail(w, a, NULL);
			goto out;
		}
		if ((size_t)n > z->cap - len) {
			arc_fail(w, NULL, "entry larger than the cap on signature "
			    "files");
			goto out;
		}
		if (len + (size_t)n > cap) {
			cap = (len + (size_t)n) * 2;
			if ((t = realloc(buf, cap)) == NULL) {
				err_set(w->e, "out of memory");
				goto out;
			}
			buf = t;
		}
		memcpy(buf + len, w->buf, (size_t)n);
		len += (size_t)n;
	}
	rc = z->fn(path, buf, len, z->ctx, w->e);
out:
	free(buf);
	return rc;
}

static int
zip_each_body(struct arc_walk *w, void *ctx)
{
	const struct zip_each *z = ctx;
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	const char *path;
	int r, rc = -1;

	if (a == NULL) {
		err_set(w->e, "out of memory");
		return -1;
	}
	if (archive_read_support_format_zip_seekable(a) != ARCHIVE_OK ||
	    arcstream_src_open(a, &w->file, 1) < 0) {
		arc_fail(w, a, NULL);
		goto out;
	}
	for (w->index = 1;; w->index++) {
		r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			arc_fail(w, a, NULL);
			goto out;
		}
		path = arc_entry_path(ae);
		if (path != NULL && archive_entry_filetype(ae) == AE_IFREG &&
		    z->want(path) && zip_entry_whole(w, a, path, z) < 0)
			goto out;
	}
	rc = 0;
out:
	(void)archive_read_free(a);
	return rc;
}

int
arc_zip_each(int fd, const char *name, int (*want)(const char *path),
    arc_file_fn fn, void *ctx, size_t cap, struct err *e)
{
	struct zip_each z = { want, fn, ctx, cap };
	struct manifest m;
	int rc;

	manifest_init(&m, NULL);
	rc = arc_run(fd, name, &m, 0, zip_each_body, &z, e);
	manifest_release(&m);
	return rc;
}
