/* arcstream: the walk's state, messages and caps, and the tar stream under
 * arc's walk (arc_private.h). */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ARC_PRIVATE
#include "walk/arc.h"
#include "walk/arc_private.h"
#include "base/bytes.h"
#include "base/escape.h"
#include "base/hash.h"
#include "walk/tarscan.h"

#define AS_SLICE	4096	/* most bytes handed to the reader at once */
#define AS_RING		16384	/* last bytes handed to it, kept */
#define AS_EXT		65536	/* pax data or a GNU long name, past 2 paths */
#define AS_GZ_NAME	255	/* a gzip header's file name, not recorded */
#define ARC_SHOWN	64	/* bytes of an entry path shown in a message */

/* The tar reader reads the decompressed stream (a raw handle) in slices
 * through a ring that keeps its last bytes: at the end of the archive
 * the bytes it read ahead are still there to be checked. */
struct arcstream {
	struct archive *raw;		/* the decompressed stream */
	struct archive *tar;		/* the tar reader on it, or NULL */
	uint64_t base, len;		/* the stream's bytes in the file */
	const char *prefix;		/* of the records' names, or "" */
	const unsigned char *blk;	/* current block of raw */
	size_t blen, boff;		/* its size, bytes handed out */
	uint64_t count;			/* bytes handed out in all */
	int failed;			/* raw reported an error */
	struct tarscan *scan;		/* the headers, read as they pass */
	int refused;			/* scan refused them: serr says why */
	struct err serr;
	unsigned char r[AS_RING];	/* byte i at r[i % AS_RING] */
};

/* ---- the walk's messages and caps (arc.h) ---- */

int
arc_fail(struct arc_walk *w, struct archive *a, const char *msg)
{
	char *qn, *qm, *qp = NULL, at[160] = "";
	size_t pn = 0, mn, index = w->index;

	if (w->st != NULL && arcstream_refused(w->st) != NULL) {
		msg = arcstream_refused(w->st);	/* not the entry's fault */
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

int
arc_cancelled(struct arc_walk *w)
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
	struct arcstream_src *s = ctx;
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
		archive_set_error(a, errno, "%s", ERRNO_STR(errno));
		return ARCHIVE_FATAL;
	}
	s->pos += (uint64_t)r;
	return r;
}

static la_int64_t
src_skip(struct archive *a, void *ctx, la_int64_t n)
{
	struct arcstream_src *s = ctx;

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
	struct arcstream_src *s = ctx;
	int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ?
	    (int64_t)s->pos : (int64_t)s->end;

	if ((off > 0 && off > (int64_t)s->end - base) || base + off < 0) {
		archive_set_error(a, EINVAL, "seek outside the file");
		return ARCHIVE_FATAL;
	}
	s->pos = (uint64_t)(base + off);
	return (la_int64_t)s->pos;
}

int
arcstream_src_open(struct archive *a, struct arcstream_src *s, int seekable)
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
ring_keep(struct arcstream *st, const unsigned char *p, size_t n)
{
	size_t at = (size_t)(st->count % AS_RING), first;

	first = n < AS_RING - at ? n : AS_RING - at;
	memcpy(st->r + at, p, first);
	memcpy(st->r, p + first, n - first);
}

static la_ssize_t
ring_read(struct archive *a, void *ctx, const void **out)
{
	struct arcstream *st = ctx;
	const void *b;
	size_t n;
	la_int64_t off;
	int r;

	if (st->refused)
		return ARCHIVE_FATAL;
	while (st->boff == st->blen) {
		r = archive_read_data_block(st->raw, &b, &n, &off);
		if (r == ARCHIVE_EOF)
			return 0;
		if (r != ARCHIVE_OK) {
			st->failed = 1;
			archive_set_error(a, archive_errno(st->raw), "%s",
			    archive_error_string(st->raw) != NULL ?
			    archive_error_string(st->raw) :
			    "corrupt or truncated compressed data");
			return ARCHIVE_FATAL;
		}
		st->blk = b;
		st->blen = n;
		st->boff = 0;
	}
	n = st->blen - st->boff < AS_SLICE ? st->blen - st->boff : AS_SLICE;
	if (st->scan != NULL &&
	    tarscan_feed(st->scan, st->blk + st->boff, n, &st->serr) < 0) {
		st->failed = st->refused = 1;
		archive_set_error(a, EINVAL, "%s", st->serr.msg);
		return ARCHIVE_FATAL;
	}
	*out = st->blk + st->boff;
	ring_keep(st, st->blk + st->boff, n);
	st->boff += n;
	st->count += n;
	return (la_ssize_t)n;
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
stream_tail(struct arc_walk *w, struct arcstream *st, uint64_t p,
    struct tail *t)
{
	const void *b;
	size_t n, at;
	la_int64_t off;
	int r;

	if (p > st->count || st->count - p > AS_RING)
		return arc_fail(w, NULL, "internal error: cannot find the end of "
		    "the tar archive in the stream");
	for (; p < st->count; p += n) {
		at = (size_t)(p % AS_RING);
		n = st->count - p < AS_RING - at ?
		    (size_t)(st->count - p) : AS_RING - at;
		tail_add(t, st->r + at, n);
	}
	if (st->boff < st->blen)
		tail_add(t, st->blk + st->boff, st->blen - st->boff);
	st->boff = st->blen;
	if (arc_count(w, t->size) < 0)
		return -1;
	while ((r = archive_read_data_block(st->raw, &b, &n, &off)) !=
	    ARCHIVE_EOF) {
		if (r != ARCHIVE_OK)
			return arc_fail(w, st->raw, NULL);
		if (arc_cancelled(w))
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
	unsigned char *buf = w->buf;
	size_t size = sizeof(w->buf);
	ssize_t r;

	while (len > 0) {
		if (arc_cancelled(w))
			return -1;
		r = pread(w->fd, buf, len < size ? (size_t)len : size,
		    (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return arc_fail(w, NULL, r < 0 ? ERRNO_STR(errno) :
			    "file shrank while being read");
		if (arc_count(w, (uint64_t)r) < 0)
			return -1;
		tail_add(t, buf, (size_t)r);
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
	if (manifest_outside_add(w->m, full, off, t->size, t->h.hex,
	    note, hostile, w->e) < 0)
		return arc_wrap(w);
	return 0;
}

/* Records the bytes after the tar archive that ends at stream position
 * p: in the decompressed stream and, compressed, in the file after the
 * compressed stream [base, base + len); hostile unless all zero. */
static int
stream_ends(struct arc_walk *w, struct arcstream *st, uint64_t p, uint64_t base,
    uint64_t len, const char *prefix)
{
	struct tail t;
	int packed = archive_filter_count(st->raw) > 1, rc = -1;
	la_int64_t c;
	char note[128];

	memset(&t, 0, sizeof(t));
	if (hash_init(&t.h, w->e) < 0 || stream_tail(w, st, p, &t) < 0)
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
	c = archive_filter_bytes(st->raw, -1);
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
	    archive_filter_name(st->raw, 0),
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
	unsigned char *buf = w->buf;
	size_t size = sizeof(w->buf), got, i;

	for (*n = 0; *off < end; *off += got) {
		if (bytes_pread_upto(w->fd, *off, buf, end - *off < size ?
		    (size_t)(end - *off) : size, &got) < 0 || got == 0)
			return arc_fail(w, NULL, got == 0 ? "file shrank while "
			    "being read" : ERRNO_STR(errno));
		for (i = 0; i < got && buf[i] != 0; i++)
			*odd |= buf[i] < 0x20 || buf[i] >= 0x7f ||
			    buf[i] == '/';
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
	if ((flg & ~(GZ_FNAME | GZ_FTEXT)) == 0 && !odd && name <= AS_GZ_NAME)
		return 0;
	gz_note(note, sizeof(note), flg, off - base, extra, name, comment);
	snprintf(full, sizeof(full), "gzip-header%s%s", prefix[0] ? ":" : "",
	    prefix);
	return arc_record(w, full, base, off - base, note, 0);
}

/* ---- tar streams ---- */

/* The decompressed stream of s: format raw behind the filters. */
static struct archive *
raw_open(struct arc_walk *w, struct arcstream_src *s)
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
	else if (arcstream_src_open(a, s, 0) < 0 ||
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
tar_open(struct arc_walk *w, struct arcstream *st)
{
	struct archive *a = archive_read_new();
	int code = archive_filter_code(st->raw, 0);

	if (a == NULL) {
		err_set(w->e, "out of memory");
		return NULL;
	}
	if (archive_read_support_format_tar(a) != ARCHIVE_OK ||
	    archive_read_set_read_callback(a, ring_read) != ARCHIVE_OK ||
	    archive_read_set_callback_data(a, st) != ARCHIVE_OK)
		arc_fail(w, a, NULL);
	else if (archive_read_open1(a) == ARCHIVE_OK)
		return a;
	else if (!st->failed || (st->refused && tarscan_not_tar(st->scan))) {
		st->refused = 0;	/* the reader's or the scan's verdict */
		arc_fail(w, NULL, code == ARCHIVE_FILTER_NONE ? "not a tar "
		    "archive" : "compressed data that is not a tar archive");
	} else
		arc_fail(w, a, NULL);
	(void)archive_read_free(a);
	return NULL;
}

struct arcstream *
arcstream_new(struct arc_walk *w, struct arcstream_src *s, uint64_t base,
    uint64_t len, const char *prefix, int *code)
{
	struct arcstream *st = NULL;
	uint64_t path = w->m->caps.path;

	if ((st = calloc(1, sizeof(*st))) == NULL ||
	    (st->scan = tarscan_new(AS_EXT + (path < (16u << 20) ?
	    2 * (size_t)path : (32u << 20)))) == NULL) {
		err_set(w->e, "out of memory");
		goto fail;
	}
	st->base = base;
	st->len = len;
	st->prefix = prefix;
	if ((st->raw = raw_open(w, s)) == NULL)
		goto fail;
	*code = archive_filter_code(st->raw, 0);
	if (*code == ARCHIVE_FILTER_GZIP && gzip_header(w, base, len, prefix) < 0)
		goto fail;
	return st;
fail:
	arcstream_free(st);
	return NULL;
}

struct archive *
arcstream_tar(struct arc_walk *w, struct arcstream *st)
{
	if (st->tar == NULL)
		st->tar = tar_open(w, st);
	return st->tar;
}

const struct tarscan *
arcstream_scan(const struct arcstream *st)
{
	return st->scan;
}

const char *
arcstream_refused(const struct arcstream *st)
{
	return st->refused ? st->serr.msg : NULL;
}

int
arcstream_end(struct arc_walk *w, struct arcstream *st, uint64_t end)
{
	uint64_t p = (uint64_t)archive_filter_bytes(st->tar, 0), z = 0;

	end = (end + 511) / 512 * 512;
	if (p < end + 512 || !tarscan_ended(st->scan, &z))
		return arc_fail(w, NULL, "no end-of-archive marker: truncated "
		    "tar archive");
	if (z != end)
		return arc_fail(w, NULL, "internal error: the tar reader and the "
		    "header scan disagree on the end of the archive");
	return stream_ends(w, st, p, st->base, st->len, st->prefix);
}

void
arcstream_free(struct arcstream *st)
{
	if (st == NULL)
		return;
	(void)archive_read_free(st->tar);
	(void)archive_read_free(st->raw);
	tarscan_free(st->scan);
	free(st);
}

int
arc_record(struct arc_walk *w, const char *name, uint64_t off,
    uint64_t len, const char *note, int hostile)
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
