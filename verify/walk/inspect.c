#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/artifact.h"
#include "walk/apk.h"
#include "walk/appimage.h"
#include "walk/arc.h"
#include "walk/jarsig.h"
#include "base/bytes.h"
#include "walk/deb.h"
#include "walk/dmg.h"
#include "base/escape.h"
#include "base/file.h"
#include "walk/inspect.h"
#include "walk/pe.h"

#define CHUNK	65536

/* Reads up to len bytes at off; *got is how many (fewer at the end). */
static int
read_at(int fd, uint64_t off, unsigned char *buf, size_t len, size_t *got,
    const char *path, struct err *e)
{
	if (bytes_pread_upto(fd, off, buf, len, got) == 0)
		return 0;
	err_errno(e, "cannot read", path, errno);
	return -1;
}

/* Any other file: one entry for itself, named by its base name. Its
 * mode and times are those of the local copy, not facts of the
 * artifact, so they are left out (mode 0644, as pe_walk). */
static int
walk_file(const struct walker_input *in, struct manifest *m, struct err *e)
{
	struct manifest_entry *ent;
	unsigned char *buf = NULL;
	uint64_t off = 0;
	size_t got;
	int rc = -1;

	snprintf(m->kind, sizeof(m->kind), "file");
	if ((buf = malloc(CHUNK)) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	if ((ent = manifest_add(m, in->base, MF_FILE, 0644, in->size, NULL,
	    e)) ==
	    NULL || manifest_data_begin(m, ent, 0, e) < 0)
		goto out;
	do {
		if (read_at(in->fd, off, buf, CHUNK, &got, in->path, e) < 0 ||
		    manifest_data_update(m, buf, got, e) < 0)
			goto out;
		off += got;
	} while (got == CHUNK);
	rc = manifest_data_end(m, e);
out:
	free(buf);
	return rc;
}

/* A name as compared between the central directory and the manifest. */
struct zname {
	const char *p;
	size_t len;
};

/* The central directory's names, canonical as the manifest's (see
 * manifest_add), in one buffer. */
struct znames {
	char *buf;
	size_t len, cap;
	size_t *off, *nlen;		/* of each name in buf */
	size_t n, max;			/* max: the manifest's path cap */
	size_t ntoolong;
	char first_toolong[160];
	struct err *e;
};

/* Byte order, "\" taken for "/": libarchive turns one into the other
 * (zip-backslash-names marks the names that hold one). */
static int
zname_cmp(const void *a, const void *b)
{
	const struct zname *x = a, *y = b;
	size_t i, n = x->len < y->len ? x->len : y->len;
	unsigned char c, d;

	for (i = 0; i < n; i++) {
		c = x->p[i] == '\\' ? '/' : (unsigned char)x->p[i];
		d = y->p[i] == '\\' ? '/' : (unsigned char)y->p[i];
		if (c != d)
			return c < d ? -1 : 1;
	}
	return (x->len > y->len) - (x->len < y->len);
}

/* Keeps raw's canonical form: no leading "./" or trailing "/", "." for
 * a name that becomes empty (the root), unless it is "" or "/...". */
static int
zname_keep(const char *raw, size_t len, void *ctx)
{
	struct znames *z = ctx;
	const char *p = raw;
	size_t n = len, need;
	char *nb;

	if (len > z->max) {
		if (z->ntoolong++ == 0)
			snprintf(z->first_toolong, sizeof(z->first_toolong),
			    "a name of %zu bytes", len);
		return 0;
	}
	for (; n >= 2 && p[0] == '.' && p[1] == '/'; n -= 2)
		p += 2;
	while (n > 0 && p[n - 1] == '/')
		n--;
	if (n == 1 && p[0] == '.')
		n = 0;
	if (n == 0 && len > 0 && raw[0] != '/') {
		p = ".";
		n = 1;
	} else if (n == 0) {
		p = raw;
		n = len;
	}
	need = z->len + n;
	if (need > z->cap) {
		if ((nb = realloc(z->buf, need * 2 + 64)) == NULL) {
			err_set(z->e, "out of memory");
			return -1;
		}
		z->buf = nb;
		z->cap = need * 2 + 64;
	}
	memcpy(z->buf + z->len, p, n);
	z->off[z->n] = z->len;
	z->nlen[z->n++] = n;
	z->len += n;
	return 0;
}

/* Merges the two sorted lists: how many names one has and the other
 * not, and the first such, escaped, into first. */
static size_t
zname_diff(const struct zname *a, size_t na, const struct zname *b,
    size_t nb, char *first, size_t cap)
{
	size_t i = 0, j = 0, n = 0;
	int c;
	char *q;

	while (i < na || j < nb) {
		c = i == na ? 1 : j == nb ? -1 : zname_cmp(&a[i], &b[j]);
		if (c != 0 && n++ == 0) {
			const struct zname *x = c < 0 ? &a[i] : &b[j];

			q = escape_dup(x->p, x->len > 100 ? 100 : x->len);
			snprintf(first, cap, "'%s%s' (%s)", q != NULL ? q : "?",
			    x->len > 100 ? "..." : "", c < 0 ? "in the central "
			    "directory, not read" : "read, not in the central "
			    "directory");
			free(q);
		}
		i += c <= 0;
		j += c >= 0;
	}
	return n;
}

/* The names libarchive read (the manifest's, and the root as ".") as
 * a list of znames; z's names as another. */
static int
zname_lists(const struct manifest *m, const struct znames *z,
    struct zname **a, struct zname **b)
{
	size_t i;

	*a = calloc(z->n + 1, sizeof(**a));
	*b = calloc(m->n + m->nroot + 1, sizeof(**b));
	if (*a == NULL || *b == NULL)
		return -1;
	for (i = 0; i < z->n; i++) {
		(*a)[i].p = z->buf + z->off[i];
		(*a)[i].len = z->nlen[i];
	}
	for (i = 0; i < m->n; i++) {
		(*b)[i].p = m->v[i].path;
		(*b)[i].len = strlen(m->v[i].path);
	}
	for (i = 0; i < m->nroot; i++) {
		(*b)[m->n + i].p = ".";
		(*b)[m->n + i].len = 1;
	}
	qsort(*a, z->n, sizeof(**a), zname_cmp);
	qsort(*b, m->n + m->nroot, sizeof(**b), zname_cmp);
	return 0;
}

/* A hostile record if the names libarchive read are not the central
 * directory's: it may take a name from elsewhere (an extra field, a
 * central directory other than the one apk_inspect checked). */
static int
zip_names(int fd, const struct apk_info *ai, struct manifest *m,
    struct err *e)
{
	struct znames z = { NULL, 0, 0, NULL, NULL, 0, m->caps.path, 0, "",
	    e };
	struct zname *a = NULL, *b = NULL;
	char first[256] = "", note[256], hex[65];
	size_t n;
	int rc = -1;

	z.buf = malloc(z.cap = 4096);
	z.off = calloc(ai->nentries + 1, sizeof(*z.off));
	z.nlen = calloc(ai->nentries + 1, sizeof(*z.nlen));
	if (z.buf == NULL || z.off == NULL || z.nlen == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	if (apk_each_name(fd, ai, zname_keep, &z, e) < 0)
		goto out;
	if (zname_lists(m, &z, &a, &b) < 0) {
		err_set(e, "out of memory");
		goto out;
	}
	n = zname_diff(a, z.n, b, m->n + m->nroot, first, sizeof(first)) +
	    z.ntoolong;
	if (n == 0) {
		rc = 0;
		goto out;
	}
	snprintf(note, sizeof(note), "%zu name%s differ between the zip "
	    "central directory and the entries read, first %.140s", n,
	    n == 1 ? "" : "s", first[0] != '\0' ? first : z.first_toolong);
	if (bytes_hash_range(fd, ai->cd_off, ai->cd_size, hex, NULL, e) < 0)
		goto out;
	rc = manifest_outside_add(m, "zip-name-mismatch", ai->cd_off,
	    ai->cd_size, hex, note, 1, e);
out:
	free(a);
	free(b);
	free(z.buf);
	free(z.off);
	free(z.nlen);
	return rc;
}

/* A zip, an APK if it has a signing block or an AndroidManifest.xml. */
static int
walk_zip(const struct walker_input *in, struct manifest *m, struct err *e)
{
	struct apk_info *ai = malloc(sizeof(*ai));
	int rc = -1;

	if (ai == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	if (arc_walk_zip(in, m, e) < 0 ||
	    apk_inspect(in->fd, in->size, ai, e) < 0)
		goto out;
	if (ai->has_sigblock ||
	    manifest_find(m, "AndroidManifest.xml") != NULL)
		snprintf(m->kind, sizeof(m->kind), "APK");
	if (apk_outside(in->fd, ai, m, e) < 0 ||
	    zip_names(in->fd, ai, m, e) < 0 ||
	    (strcmp(m->kind, "APK") == 0 &&
	    jarsig_outside(in->fd, in->path, m, e) < 0))
		goto out;
	rc = 0;
out:
	free(ai);
	return rc;
}

/* The walker of each kind of artifact (base/artifact.h) that has one;
 * any other file is one entry for itself (walk_file). */
static const struct {
	enum artifact_kind kind;
	walker_fn walk;
} walkers[] = {
	{ ARTIFACT_APPIMAGE, appimage_walk },
	{ ARTIFACT_PE, pe_walk },
	{ ARTIFACT_ZIP, walk_zip },
	{ ARTIFACT_GZIP, arc_walk_tar },
	{ ARTIFACT_XZ, arc_walk_tar },
	{ ARTIFACT_BZIP2, arc_walk_tar },
	{ ARTIFACT_TAR, arc_walk_tar },
	{ ARTIFACT_DEB, deb_walk },
	{ ARTIFACT_DMG, dmg_walk },
};

walker_fn
inspect_walker(enum artifact_kind kind)
{
	size_t i;

	for (i = 0; i < sizeof(walkers) / sizeof(walkers[0]); i++)
		if (walkers[i].kind == kind)
			return walkers[i].walk;
	return walk_file;
}

int
inspect_sniff(int fd, uint64_t size, const char *path,
    const struct artifact_type **type, struct err *e)
{
	unsigned char head[ARTIFACT_HEAD], tail[ARTIFACT_TAIL];
	struct artifact_bytes b = { head, 0, tail, 0, size };

	if (read_at(fd, 0, head, sizeof(head), &b.head_len, path, e) < 0)
		return -1;
	if (size >= sizeof(tail) && read_at(fd, size - sizeof(tail), tail,
	    sizeof(tail), &b.tail_len, path, e) < 0)
		return -1;
	*type = artifact_sniff(&b);
	return 0;
}

static int
walk(int fd, const char *path, uint64_t size, struct manifest *m,
    struct err *e)
{
	const struct artifact_type *type;
	const char *base = strrchr(path, '/');
	struct walker_input in;

	in.fd = fd;
	in.path = path;
	in.base = base != NULL ? base + 1 : path;
	in.size = size;
	if (inspect_sniff(fd, size, path, &type, e) < 0)
		return -1;
	return inspect_walker(type->kind)(&in, m, e);
}

/* Names the artifact in a message that does not already. */
static void
name_it(struct err *e, const char *path)
{
	char msg[sizeof(e->msg)], *q;

	q = escape_dup(path, strlen(path));
	if (q == NULL)
		return;
	if (strstr(e->msg, q) == NULL) {
		memcpy(msg, e->msg, sizeof(msg));
		err_set(e, "'%s': %s", q, msg);
	}
	free(q);
}

int
inspect_artifact(const char *path, struct manifest *m, struct err *e)
{
	uint64_t size;
	int fd, rc = -1;

	if ((fd = file_open(path, &size, e)) < 0)
		goto out;
	if (walk(fd, path, size, m, e) < 0 || manifest_finish(m, e) < 0) {
		name_it(e, path);
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	return rc;
}
