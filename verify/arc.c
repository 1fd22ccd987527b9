#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arc.h"
#include "bytes.h"
#include "escape.h"
#include "hash.h"
#include "tarscan.h"

#define ARC_BUF		65536	/* read and data buffer */
#define ARC_SLICE	4096	/* most bytes handed to the tar reader at once */
#define ARC_RING	16384	/* last bytes handed to it, kept */
#define ARC_SHOWN	64	/* bytes of an entry path shown in a message */
#define ARC_EXT		65536	/* pax data or a GNU long name, beyond 2 paths */
#define ARC_GZ_NAME	255	/* a gzip header's file name, not recorded */

/* Where a libarchive handle reads from: the file (from pos to end), or
 * the member being read from an outer handle (the ar of a .deb). */
struct src {
	int fd;
	uint64_t pos, end;
	struct archive *outer;
	unsigned char buf[ARC_BUF];
};

/* The tar reader reads the decompressed stream (a raw handle) in slices
 * through a ring that keeps its last bytes: at the end of the archive
 * the bytes it read ahead are still there to be checked. */
struct ring {
	struct archive *raw;
	const unsigned char *blk;	/* current block of raw */
	size_t blen, boff;		/* its size, bytes handed out */
	uint64_t count;			/* bytes handed out in all */
	int failed;			/* raw reported an error */
	struct tarscan *scan;		/* the headers, read as they pass */
	int refused;			/* scan refused them: serr says why */
	struct err serr;
	unsigned char r[ARC_RING];	/* byte i at r[i % ARC_RING] */
};

/* One walk (opaque outside this file). */
struct arc_walk {
	int fd;
	struct src file;	/* the whole file */
	const char *name;	/* the artifact, for messages */
	const char *part;	/* "data.tar.xz" inside a .deb, or NULL */
	struct manifest *m;
	struct err *e;
	size_t index;		/* entry being read, from 1 */
	const char *entry;	/* its path once known, or NULL */
	unsigned opts;		/* ARC_* */
	struct ring *rg;	/* the tar stream being read, or NULL */
	unsigned char buf[ARC_BUF];
};

/* ---- messages ---- */

int
arc_fail(struct arc_walk *w, struct archive *a, const char *msg)
{
	char *qn, *qm, *qp = NULL, at[160] = "";
	size_t pn = 0, mn, index = w->index;

	if (w->rg != NULL && w->rg->refused) {
		msg = w->rg->serr.msg;	/* not the entry's fault */
		index = 0;
	}
	if (msg == NULL && a != NULL)
		msg = archive_error_string(a);
	if (msg == NULL)
		msg = "read error";
	mn = strlen(msg);
	while (mn > 0 && (msg[mn - 1] == '\n' || msg[mn - 1] == ' '))
		mn--;		/* some libarchive messages end in "\n" */
	qn = escape_dup(w->name, strlen(w->name));
	qm = escape_dup(msg, mn);
	if (index > 0 && w->entry != NULL) {
		pn = strlen(w->entry);
		qp = escape_dup(w->entry, pn > ARC_SHOWN ? ARC_SHOWN : pn);
	}
	if (index > 0)
		snprintf(at, sizeof(at), "%s%sentry %zu%s%s%s%s",
		    w->part != NULL ? w->part : "", w->part != NULL ? ", " : "",
		    index, qp != NULL ? " '" : "", qp != NULL ? qp : "",
		    qp != NULL && pn > ARC_SHOWN ? "..." : "",
		    qp != NULL ? "'" : "");
	else if (w->part != NULL)
		snprintf(at, sizeof(at), "%s", w->part);
	err_set(w->e, "cannot read '%s'%s%s%s: %s", qn ? qn : "?",
	    at[0] ? " (" : "", at, at[0] ? ")" : "", qm ? qm : "?");
	free(qn);
	free(qm);
	free(qp);
	return -1;
}

int
arc_wrap(struct arc_walk *w)
{
	char msg[sizeof(w->e->msg)];
	char *qn = escape_dup(w->name, strlen(w->name));

	memcpy(msg, w->e->msg, sizeof(msg));
	err_set(w->e, "'%s': %s", qn != NULL ? qn : "?", msg);
	free(qn);
	return -1;
}

static int
cancelled(struct arc_walk *w)
{
	if (w->m->cancel != NULL && *w->m->cancel) {
		err_set(w->e, "cancelled");
		return 1;
	}
	return 0;
}

int
arc_count(struct arc_walk *w, uint64_t n)
{
	struct manifest *m = w->m;
	char msg[128];

	if (m->total > m->caps.total || n > m->caps.total - m->total) {
		snprintf(msg, sizeof(msg), "archive content is larger than %llu "
		    "bytes (cap; raise with --max-total-bytes)",
		    (unsigned long long)m->caps.total);
		return arc_fail(w, NULL, msg);
	}
	m->total += n;
	return 0;
}

/* ---- byte sources ---- */

static la_ssize_t
src_read(struct archive *a, void *ctx, const void **out)
{
	struct src *s = ctx;
	la_ssize_t n;
	ssize_t r;

	*out = s->buf;
	if (s->outer != NULL) {
		n = archive_read_data(s->outer, s->buf, sizeof(s->buf));
		if (n < 0)
			archive_set_error(a, archive_errno(s->outer), "%s",
			    archive_error_string(s->outer) != NULL ?
			    archive_error_string(s->outer) : "read error");
		return n < 0 ? ARCHIVE_FATAL : n;
	}
	if (s->pos >= s->end)
		return 0;
	do
		r = pread(s->fd, s->buf, s->end - s->pos < sizeof(s->buf) ?
		    (size_t)(s->end - s->pos) : sizeof(s->buf), (off_t)s->pos);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		archive_set_error(a, errno, "%s", strerror(errno));
		return ARCHIVE_FATAL;
	}
	s->pos += (uint64_t)r;
	return r;
}

static la_int64_t
src_skip(struct archive *a, void *ctx, la_int64_t n)
{
	struct src *s = ctx;

	(void)a;
	if (n < 0)
		return 0;
	if ((uint64_t)n > s->end - s->pos)
		n = (la_int64_t)(s->end - s->pos);
	s->pos += (uint64_t)n;
	return n;
}

static la_int64_t
src_seek(struct archive *a, void *ctx, la_int64_t off, int whence)
{
	struct src *s = ctx;
	int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ?
	    (int64_t)s->pos : (int64_t)s->end;

	if ((off > 0 && off > (int64_t)s->end - base) || base + off < 0) {
		archive_set_error(a, EINVAL, "seek outside the file");
		return ARCHIVE_FATAL;
	}
	s->pos = (uint64_t)(base + off);
	return (la_int64_t)s->pos;
}

static int
src_open(struct archive *a, struct src *s, int seekable)
{
	if (archive_read_set_read_callback(a, src_read) != ARCHIVE_OK ||
	    archive_read_set_callback_data(a, s) != ARCHIVE_OK)
		return -1;
	if (s->outer == NULL &&
	    archive_read_set_skip_callback(a, src_skip) != ARCHIVE_OK)
		return -1;
	if (seekable &&
	    archive_read_set_seek_callback(a, src_seek) != ARCHIVE_OK)
		return -1;
	return archive_read_open1(a) == ARCHIVE_OK ? 0 : -1;
}

static void
ring_keep(struct ring *rg, const unsigned char *p, size_t n)
{
	size_t at = (size_t)(rg->count % ARC_RING), first;

	first = n < ARC_RING - at ? n : ARC_RING - at;
	memcpy(rg->r + at, p, first);
	memcpy(rg->r, p + first, n - first);
}

static la_ssize_t
ring_read(struct archive *a, void *ctx, const void **out)
{
	struct ring *rg = ctx;
	const void *b;
	size_t n;
	la_int64_t off;
	int r;

	if (rg->refused)
		return ARCHIVE_FATAL;
	while (rg->boff == rg->blen) {
		r = archive_read_data_block(rg->raw, &b, &n, &off);
		if (r == ARCHIVE_EOF)
			return 0;
		if (r != ARCHIVE_OK) {
			rg->failed = 1;
			archive_set_error(a, archive_errno(rg->raw), "%s",
			    archive_error_string(rg->raw) != NULL ?
			    archive_error_string(rg->raw) :
			    "corrupt or truncated compressed data");
			return ARCHIVE_FATAL;
		}
		rg->blk = b;
		rg->blen = n;
		rg->boff = 0;
	}
	n = rg->blen - rg->boff < ARC_SLICE ? rg->blen - rg->boff : ARC_SLICE;
	if (rg->scan != NULL &&
	    tarscan_feed(rg->scan, rg->blk + rg->boff, n, &rg->serr) < 0) {
		rg->failed = rg->refused = 1;
		archive_set_error(a, EINVAL, "%s", rg->serr.msg);
		return ARCHIVE_FATAL;
	}
	*out = rg->blk + rg->boff;
	ring_keep(rg, rg->blk + rg->boff, n);
	rg->boff += n;
	rg->count += n;
	return (la_ssize_t)n;
}

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
		if (cancelled(w))
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
same_entry(struct arc_walk *w, struct archive *a, struct ring *rg)
{
	uint64_t at;
	char msg[160];

	if (tarscan_data_start(rg->scan, w->index, &at) == 0 &&
	    at == (uint64_t)archive_filter_bytes(a, 0))
		return 0;
	snprintf(msg, sizeof(msg), "internal error: the tar reader and the "
	    "header scan disagree at entry %zu (data at offset %lld)",
	    w->index, (long long)archive_filter_bytes(a, 0));
	return arc_fail(w, NULL, msg);
}

/* Calls per for every entry of a; *end is the stream position after the
 * last entry's data (a tar's, read through rg), for the end-of-archive
 * check. */
static int
walk_entries(struct arc_walk *w, struct archive *a, arc_entry_fn per,
    void *ctx, uint64_t *end, struct ring *rg)
{
	struct archive_entry *ae;
	int r, marks;

	for (w->index = 1;; w->index++) {
		w->entry = NULL;
		if (cancelled(w))
			return -1;
		r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		marks = 0;
		if (r == ARCHIVE_WARN && (marks = warn_marks(a)) < 0)
			return arc_fail(w, a, NULL);
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
			return arc_fail(w, a, NULL);
		if (rg != NULL && same_entry(w, a, rg) < 0)
			return -1;
		if (per(w, a, ae, (unsigned)marks, ctx) < 0)
			return -1;
		if (end != NULL)
			*end = (uint64_t)archive_filter_bytes(a, 0);
	}
	if (rg != NULL && tarscan_entries(rg->scan) != w->index - 1)
		return arc_fail(w, NULL, "internal error: the tar reader and the "
		    "header scan disagree on the number of entries");
	w->index = 0;
	w->entry = NULL;
	return 0;
}

/* ---- what follows the end of a tar stream ---- */

struct tail {
	struct hash h;
	uint64_t size;
	int nonzero;
};

static void
tail_add(struct tail *t, const unsigned char *p, size_t n)
{
	size_t i;

	hash_update(&t->h, p, n);
	t->size += n;
	for (i = 0; i < n && !t->nonzero; i++)
		t->nonzero = p[i] != 0;
}

/* The decompressed bytes after position p: those the tar reader read
 * ahead (still in the ring), the rest of the current block, the rest of
 * the stream. */
static int
stream_tail(struct arc_walk *w, struct ring *rg, uint64_t p, struct tail *t)
{
	const void *b;
	size_t n, at;
	la_int64_t off;
	int r;

	if (p > rg->count || rg->count - p > ARC_RING)
		return arc_fail(w, NULL, "internal error: cannot find the end of "
		    "the tar archive in the stream");
	for (; p < rg->count; p += n) {
		at = (size_t)(p % ARC_RING);
		n = rg->count - p < ARC_RING - at ?
		    (size_t)(rg->count - p) : ARC_RING - at;
		tail_add(t, rg->r + at, n);
	}
	if (rg->boff < rg->blen)
		tail_add(t, rg->blk + rg->boff, rg->blen - rg->boff);
	rg->boff = rg->blen;
	if (arc_count(w, t->size) < 0)
		return -1;
	while ((r = archive_read_data_block(rg->raw, &b, &n, &off)) !=
	    ARCHIVE_EOF) {
		if (r != ARCHIVE_OK)
			return arc_fail(w, rg->raw, NULL);
		if (cancelled(w))
			return -1;
		tail_add(t, b, n);
		if (t->size > w->m->caps.entry)
			return arc_fail(w, NULL, "data after the end of the tar "
			    "archive exceeds the entry cap (raise with "
			    "--max-entry-bytes)");
		if (arc_count(w, n) < 0)
			return -1;
	}
	return 0;
}

/* The bytes of the file in [off, off + len). */
static int
file_tail(struct arc_walk *w, uint64_t off, uint64_t len, struct tail *t)
{
	ssize_t r;

	while (len > 0) {
		if (cancelled(w))
			return -1;
		r = pread(w->fd, w->buf, len < sizeof(w->buf) ? (size_t)len :
		    sizeof(w->buf), (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return arc_fail(w, NULL, r < 0 ? strerror(errno) :
			    "file shrank while being read");
		if (arc_count(w, (uint64_t)r) < 0)
			return -1;
		tail_add(t, w->buf, (size_t)r);
		off += (uint64_t)r;
		len -= (uint64_t)r;
	}
	return 0;
}

static int
tail_record(struct arc_walk *w, const char *prefix, const char *name,
    uint64_t off, struct tail *t, const char *note, int hostile)
{
	char full[48];

	hash_final(&t->h);
	snprintf(full, sizeof(full), "%s%s%s", name, prefix[0] ? ":" : "",
	    prefix);
	if (manifest_outside_add(w->m, full, off, t->size, t->h.hex, note,
	    hostile, w->e) < 0)
		return arc_wrap(w);
	return 0;
}

/* Records the bytes after the tar archive that ends at stream position
 * p: in the decompressed stream and, compressed, in the file after the
 * compressed stream [base, base + len); hostile unless all zero. */
static int
stream_ends(struct arc_walk *w, struct ring *rg, uint64_t p, uint64_t base,
    uint64_t len, const char *prefix)
{
	struct tail t;
	int packed = archive_filter_count(rg->raw) > 1, rc = -1;
	la_int64_t c;
	char note[128];

	memset(&t, 0, sizeof(t));
	if (hash_init(&t.h, w->e) < 0 || stream_tail(w, rg, p, &t) < 0)
		goto out;
	snprintf(note, sizeof(note), "after the end of the tar archive%s, %s",
	    packed ? " (offset in the decompressed stream)" : "",
	    t.nonzero ? "not all zero" : "zero padding");
	if (t.size > 0 && tail_record(w, prefix, packed ?
	    "trailing-data-decompressed" : "trailing-data", packed ? p :
	    base + p, &t, note, t.nonzero) < 0)
		goto out;
	hash_release(&t.h);
	memset(&t, 0, sizeof(t));
	c = archive_filter_bytes(rg->raw, -1);
	if (!packed || c < 0 || (uint64_t)c >= len) {
		rc = packed && (c < 0 || (uint64_t)c > len) ?
		    arc_fail(w, NULL, "internal error: compressed stream longer "
		    "than the file") : 0;
		goto out;
	}
	if (hash_init(&t.h, w->e) < 0 ||
	    file_tail(w, base + (uint64_t)c, len - (uint64_t)c, &t) < 0)
		goto out;
	/* zeros, as gzip -t accepts them, carry nothing */
	snprintf(note, sizeof(note), "after the end of the %s stream, %s",
	    archive_filter_name(rg->raw, 0),
	    t.nonzero ? "not all zero" : "zero padding");
	if (tail_record(w, prefix, "trailing-data", base + (uint64_t)c, &t,
	    note, t.nonzero) < 0)
		goto out;
	rc = 0;
out:
	hash_release(&t.h);
	return rc;
}

/* ---- the gzip header ---- */

#define GZ_FTEXT	0x01
#define GZ_FHCRC	0x02
#define GZ_FEXTRA	0x04
#define GZ_FNAME	0x08
#define GZ_FCOMMENT	0x10
#define GZ_RESERVED	0xe0

/* Passes the NUL-terminated field at *off (within end); *n is its
 * length, *odd set if it holds a byte outside printable ASCII or "/". */
static int
gz_string(struct arc_walk *w, uint64_t *off, uint64_t end, uint64_t *n,
    int *odd)
{
	size_t got, i;

	for (*n = 0; *off < end; *off += got) {
		if (bytes_pread_upto(w->fd, *off, w->buf, end - *off <
		    sizeof(w->buf) ? (size_t)(end - *off) : sizeof(w->buf),
		    &got) < 0 || got == 0)
			return arc_fail(w, NULL, got == 0 ? "file shrank while "
			    "being read" : strerror(errno));
		for (i = 0; i < got && w->buf[i] != 0; i++)
			*odd |= w->buf[i] < 0x20 || w->buf[i] >= 0x7f ||
			    w->buf[i] == '/';
		*n += i;
		if (i < got) {
			*off += i + 1;
			return 0;
		}
	}
	return arc_fail(w, NULL, "gzip header field without its end");
}

/* What a recorded gzip header holds, for its note. */
static void
gz_note(char *note, size_t size, int flg, uint64_t hlen, unsigned extra,
    uint64_t name, uint64_t comment)
{
	int n = snprintf(note, size, "gzip header of %llu bytes:",
	    (unsigned long long)hlen);

	if (flg & GZ_FEXTRA)
		n += snprintf(note + n, size - (size_t)n, " extra field (%u "
		    "bytes),", extra);
	if (flg & GZ_FNAME)
		n += snprintf(note + n, size - (size_t)n, " file name (%llu "
		    "bytes),", (unsigned long long)name);
	if (flg & GZ_FCOMMENT)
		n += snprintf(note + n, size - (size_t)n, " comment (%llu "
		    "bytes),", (unsigned long long)comment);
	if (flg & GZ_FHCRC)
		n += snprintf(note + n, size - (size_t)n, " header CRC,");
	if (flg & GZ_RESERVED)
		n += snprintf(note + n, size - (size_t)n, " reserved flags "
		    "0x%02x,", flg & GZ_RESERVED);
	note[n - 1] = '\0';	/* the last "," (or ":") */
}

/* Records the header of the gzip stream at [base, base + len) as
 * "gzip-header" when it holds more than gzip, GNU tar and Python write
 * (a modification time and a plain file name): an extra field, a
 * comment, a header CRC, reserved flags or an odd name. */
static int
gzip_header(struct arc_walk *w, uint64_t base, uint64_t len,
    const char *prefix)
{
	unsigned char b[12];
	uint64_t off = base + 10, end = base + len, name = 0, comment = 0;
	unsigned extra = 0;
	int flg, odd = 0, ignored = 0;
	char note[200], full[48];

	if (len < 12 || bytes_pread(w->fd, base, b, 12) < 0)
		return arc_fail(w, NULL, "cannot read the gzip header");
	flg = b[3];
	if (flg & GZ_FEXTRA) {
		extra = bytes_le16(b + 10);
		off += 2 + (uint64_t)extra;
	}
	if (((flg & GZ_FNAME) && gz_string(w, &off, end, &name, &odd) < 0) ||
	    ((flg & GZ_FCOMMENT) &&
	    gz_string(w, &off, end, &comment, &ignored) < 0))
		return -1;
	off += flg & GZ_FHCRC ? 2 : 0;
	if (off > end)
		return arc_fail(w, NULL, "gzip header longer than the stream");
	if ((flg & ~(GZ_FNAME | GZ_FTEXT)) == 0 && !odd && name <= ARC_GZ_NAME)
		return 0;
	gz_note(note, sizeof(note), flg, off - base, extra, name, comment);
	snprintf(full, sizeof(full), "gzip-header%s%s", prefix[0] ? ":" : "",
	    prefix);
	return arc_record(w, full, base, off - base, note, 0);
}

/* ---- tar streams ---- */

/* The decompressed stream of s: format raw behind the filters. */
static struct archive *
raw_open(struct arc_walk *w, struct src *s)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	int ok = 0;

	if (a == NULL) {
		err_set(w->e, "out of memory");
		return NULL;
	}
	/* ARCHIVE_WARN from support_filter_* means an external program */
	if (archive_read_support_format_raw(a) != ARCHIVE_OK ||
	    archive_read_support_filter_gzip(a) != ARCHIVE_OK ||
	    archive_read_support_filter_xz(a) != ARCHIVE_OK ||
	    archive_read_support_filter_bzip2(a) != ARCHIVE_OK ||
	    ((w->opts & ARC_ZSTD) && archive_libzstd_version() != NULL &&
	    archive_read_support_filter_zstd(a) != ARCHIVE_OK))
		arc_fail(w, a, NULL);
	else if (src_open(a, s, 0) < 0 ||
	    archive_read_next_header(a, &ae) != ARCHIVE_OK)
		arc_fail(w, a, archive_error_string(a) != NULL ? NULL :
		    "corrupt or truncated compressed data");
	else if (archive_filter_count(a) > 2)
		arc_fail(w, NULL, "nested compression is not supported");
	else
		ok = 1;
	if (!ok) {
		(void)archive_read_free(a);
		a = NULL;
	}
	return a;
}

static struct archive *
tar_open(struct arc_walk *w, struct ring *rg)
{
	struct archive *a = archive_read_new();
	int code = archive_filter_code(rg->raw, 0);

	if (a == NULL) {
		err_set(w->e, "out of memory");
		return NULL;
	}
	if (archive_read_support_format_tar(a) != ARCHIVE_OK ||
	    archive_read_set_read_callback(a, ring_read) != ARCHIVE_OK ||
	    archive_read_set_callback_data(a, rg) != ARCHIVE_OK)
		arc_fail(w, a, NULL);
	else if (archive_read_open1(a) == ARCHIVE_OK)
		return a;
	else if (!rg->failed || (rg->refused && tarscan_not_tar(rg->scan))) {
		rg->refused = 0;	/* the reader's or the scan's verdict */
		arc_fail(w, NULL, code == ARCHIVE_FILTER_NONE ? "not a tar "
		    "archive" : "compressed data that is not a tar archive");
	} else
		arc_fail(w, a, NULL);
	(void)archive_read_free(a);
	return NULL;
}

/* Walks the tar stream read from s, which covers [base, base + len) of
 * the file, calling per for each entry; checks the end-of-archive
 * marker and records what follows it. *code is the compression. */
static int
tar_stream(struct arc_walk *w, struct src *s, uint64_t base, uint64_t len,
    arc_entry_fn per, void *ctx, const char *prefix, int *code)
{
	struct archive *raw = NULL, *tar = NULL;
	struct ring *rg = NULL;
	uint64_t end = 0, p, z = 0, path = w->m->caps.path;
	int rc = -1;

	if ((rg = calloc(1, sizeof(*rg))) == NULL ||
	    (rg->scan = tarscan_new(ARC_EXT + (path < (16u << 20) ?
	    2 * (size_t)path : (32u << 20)))) == NULL) {
		err_set(w->e, "out of memory");
		goto out;
	}
	if ((raw = raw_open(w, s)) == NULL)
		goto out;
	*code = archive_filter_code(raw, 0);
	if (*code == ARCHIVE_FILTER_GZIP && gzip_header(w, base, len, prefix) < 0)
		goto out;
	rg->raw = raw;
	w->rg = rg;
	if ((tar = tar_open(w, rg)) == NULL ||
	    walk_entries(w, tar, per, ctx, &end, rg) < 0)
		goto out;
	p = (uint64_t)archive_filter_bytes(tar, 0);
	end = (end + 511) / 512 * 512;
	if (p < end + 512 || !tarscan_ended(rg->scan, &z)) {
		arc_fail(w, NULL, "no end-of-archive marker: truncated tar archive");
		goto out;
	}
	if (z != end) {
		arc_fail(w, NULL, "internal error: the tar reader and the header "
		    "scan disagree on the end of the archive");
		goto out;
	}
	rc = stream_ends(w, rg, p, base, len, prefix);
out:
	w->rg = NULL;
	(void)archive_read_free(tar);
	(void)archive_read_free(raw);
	if (rg != NULL)
		tarscan_free(rg->scan);
	free(rg);
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
zip_walk(struct arc_walk *w, struct src *s)
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
	if (src_open(a, s, 1) < 0) {
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
arc_walk(int fd, const char *name, enum arc_kind kind, struct manifest *m,
    struct err *e)
{
	return arc_run(fd, name, m, kind == ARC_TAR ? ARC_OWNERS : 0,
	    walk_kind, &kind, e);
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
	if (hash_lib_init(e) < 0)
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
	return src_open(a, &w->file, 0);
}

int
arc_tar(struct arc_walk *w, struct archive *outer, uint64_t off,
    uint64_t len, arc_entry_fn per, void *ctx, const char *prefix, int *code)
{
	struct src *ms = calloc(1, sizeof(*ms));
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

int
arc_record(struct arc_walk *w, const char *name, uint64_t off, uint64_t len,
    const char *note, int hostile)
{
	struct tail t;
	int rc = -1;

	memset(&t, 0, sizeof(t));
	if (hash_init(&t.h, w->e) < 0 || file_tail(w, off, len, &t) < 0 ||
	    tail_record(w, "", name, off, &t, note, hostile) < 0)
		goto out;
	rc = 0;
out:
	hash_release(&t.h);
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
		    strerror(errno));
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
