/* mfio: writing manifests (mtree as libarchive's writer does it,
 * sha256sum lines, JSON), and telling a manifest file from an artifact.
 * The parsers are in mfio_text.c and mfio_json.c. */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#include "base/bytes.h"
#include "base/escape.h"
#include "base/file.h"
#define MFIO_PRIVATE
#include "manifest/mfio.h"
#include "manifest/mfio_private.h"

static const char *const format_names[] = { "mtree", "sha256sum", "json" };

int
mfio_format_parse(const char *s, enum mfio_format *f)
{
	size_t i;

	for (i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (strcmp(s, format_names[i]) == 0) {
			*f = (enum mfio_format)i;
			return 0;
		}
	return -1;
}

/* libarchive's mtree writer (mtree_quote) keeps these bytes and writes
 * every other one as \ooo. */
static int
mtree_safe(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '#' && c != '=' && c != '\\';
}

static void
put_quoted(FILE *f, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (mtree_safe(*p))
			putc(*p, f);
		else
			fprintf(f, "\\%03o", *p);
}

/* "./PATH"; a path that "./" would turn into another (one starting
 * with "/", or empty) is written without it, its first "/" as \057 and
 * the empty one as \000, so that it reads back as itself. */
static void
put_path(FILE *f, const char *path)
{
	if (path[0] == '\0') {
		fputs("\\000", f);
		return;
	}
	if (path[0] == '/') {
		fputs("\\057", f);
		path++;
	} else
		fputs("./", f);
	put_quoted(f, path);
}

void
mfio_put_note(FILE *f, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			putc(*p, f);
}

static void
put_outside(FILE *f, const struct manifest_outside *o)
{
	fputs("# outside ", f);
	put_quoted(f, o->name);
	fprintf(f, " offset=%" PRIu64 " size=%" PRIu64, o->offset, o->size);
	if (o->sha256[0] != '\0')
		fprintf(f, " sha256=%s", o->sha256);
	if (o->hostile)
		fputs(" hostile", f);
	if (o->note[0] != '\0') {
		/* a note that could be read as a field is marked */
		fputs(strncmp(o->note, "hostile", 7) == 0 ||
		    strncmp(o->note, "note:", 5) == 0 ? " note: " : " ", f);
		mfio_put_note(f, o->note);
	}
	putc('\n', f);
}

static void
put_head(FILE *f, const struct manifest *m)
{
	size_t i;

	fputs("# kind ", f);
	put_quoted(f, m->kind[0] != '\0' ? m->kind : "unknown");
	putc('\n', f);
	for (i = 0; i < m->nout; i++)
		put_outside(f, &m->out[i]);
}

/* "# TYPE ./PATH[ link=TARGET]": the entry's type and link target where
 * the line itself cannot say it. */
static void
put_typed(FILE *f, const struct manifest_entry *x)
{
	fprintf(f, "# %s ", manifest_type_name(x->type));
	put_path(f, x->path);
	if (x->link != NULL) {
		fputs(" link=", f);
		if (x->type == MF_HARDLINK)
			put_path(f, x->link);
		else
			put_quoted(f, x->link);
	}
	putc('\n', f);
}

static void
put_hostile(FILE *f, const struct manifest_entry *x)
{
	unsigned bit;
	const char *sep = ": ";

	if ((x->flags & MF_HOSTILE_MASK) == 0)
		return;
	fputs("# hostile ", f);
	put_path(f, x->path);
	for (bit = 1; bit <= MF_HOSTILE_MASK; bit <<= 1)
		if ((x->flags & bit) && manifest_flag_name(bit) != NULL) {
			fprintf(f, "%s%s", sep, manifest_flag_name(bit));
			sep = ",";
		}
	putc('\n', f);
}

/* The keywords in the order libarchive's writer puts them; the mode
 * only if with_mode. */
static void
mtree_facts(FILE *f, const struct manifest_entry *x, int with_mode)
{
	if (x->gname != NULL && x->gname[0] != '\0') {
		fputs(" gname=", f);
		put_quoted(f, x->gname);
	}
	if (x->uname != NULL && x->uname[0] != '\0') {
		fputs(" uname=", f);
		put_quoted(f, x->uname);
	}
	if (x->has_mtime)
		fprintf(f, " time=%" PRId64 ".0", x->mtime);
	if (with_mode && x->mode != MFIO_NO_MODE)
		fprintf(f, " mode=%o", x->mode & 07777);
	if (x->gid >= 0)
		fprintf(f, " gid=%" PRId64, x->gid);
	if (x->uid >= 0)
		fprintf(f, " uid=%" PRId64, x->uid);
}

/* "# root type=dir mode=0755 ...": bsdtar cannot read back the "/." it
 * writes for the root, so the root is a comment, in both text formats. */
static void
put_root(FILE *f, const struct manifest *m)
{
	if (m->nroot == 0)
		return;
	fputs("# root type=dir", f);
	if (m->root.mode != MFIO_NO_MODE)
		fprintf(f, " mode=%04o", m->root.mode & 07777);
	mtree_facts(f, &m->root, 0);
	putc('\n', f);
}

/* A hard link is written as libarchive writes a tar hard link (a file
 * without content) and "# hardlink" says what it is; an entry of another
 * type has no type keyword and a "# other" line. */
static void
mtree_entry(FILE *f, const struct manifest_entry *x)
{
	put_path(f, x->path);
	mtree_facts(f, x, 1);
	switch (x->type) {
	case MF_DIR:
		fputs(" type=dir", f);
		break;
	case MF_SYMLINK:
		fputs(" type=link", f);
		if (x->link != NULL) {
			fputs(" link=", f);
			put_quoted(f, x->link);
		}
		break;
	case MF_OTHER:
		break;
	case MF_FILE:
	case MF_HARDLINK:
	default:
		fputs(" type=file", f);
		if (x->size != MANIFEST_UNKNOWN)
			fprintf(f, " size=%" PRIu64, x->size);
		if (x->sha256[0] != '\0')
			fprintf(f, " sha256digest=%s", x->sha256);
		break;
	}
	putc('\n', f);
	if (x->type == MF_HARDLINK || x->type == MF_OTHER)
		put_typed(f, x);
	put_hostile(f, x);
}

/* A name sha256sum cannot carry as it is: empty, or holding a control
 * character other than \n and \r (which it escapes), invalid UTF-8 or a
 * bidirectional formatting character, which a terminal would act on. */
static int
sum_unsafe(const char *path)
{
	return path[0] == '\0' || manifest_name_unsafe(path, 1);
}

/* GNU sha256sum: a name holding "\", a newline or a carriage return is
 * written with those escaped and the line starts with "\". A name it
 * cannot carry is a comment, "# unrepresentable ./ESCAPED sha256=HEX". */
static void
sum_entry(FILE *f, const struct manifest_entry *x)
{
	const char *p;

	if (x->type != MF_FILE || x->sha256[0] == '\0') {
		put_typed(f, x);
		put_hostile(f, x);
		return;
	}
	if (sum_unsafe(x->path)) {
		fputs("# unrepresentable ", f);
		put_path(f, x->path);
		fprintf(f, " sha256=%s\n", x->sha256);
		put_hostile(f, x);
		return;
	}
	if (strpbrk(x->path, "\\\n\r") != NULL)
		putc('\\', f);
	fprintf(f, "%s  ", x->sha256);
	for (p = x->path; *p != '\0'; p++)
		if (*p == '\\')
			fputs("\\\\", f);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\r')
			fputs("\\r", f);
		else
			putc(*p, f);
	putc('\n', f);
	put_hostile(f, x);
}

static int
write_text(FILE *f, const struct manifest *m, enum mfio_format fmt)
{
	size_t i;

	if (fmt == MFIO_MTREE)
		fputs("#mtree\n", f);
	put_head(f, m);
	put_root(f, m);
	for (i = 0; i < m->n && !ferror(f); i++)
		if (fmt == MFIO_MTREE)
			mtree_entry(f, &m->v[i]);
		else
			sum_entry(f, &m->v[i]);
	return ferror(f) ? -1 : 0;
}

int
mfio_write(FILE *f, const struct manifest *m, enum mfio_format fmt,
    struct err *e)
{
	int rc;

	if (fmt == MFIO_JSON)
		rc = mfio_json_write(f, m, e);
	else if ((rc = write_text(f, m, fmt)) < 0)
		err_set(e, "cannot write the manifest: %s", ERRNO_STR(errno));
	return rc;
}

/* ---- telling a manifest from an artifact ---- */

#define HEAD_MAX 65536

/* sha256sum: our "# kind" first line, or comments then a sum line. */
static int
looks_sum(const char *h, size_t n)
{
	const char *p = h, *end = h + n, *nl;
	size_t len;

	if (n >= 7 && memcmp(h, "# kind ", 7) == 0)
		return 1;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			return 0;	/* a line longer than the head */
		len = (size_t)(nl - p);
		if (len > 0 && p[0] != '#')
			return mfio_sum_line(p, len);
		p = nl + 1;
	}
	return 0;
}

/* Returns the format, or -1 if the head is not a manifest's. */
static int
detect(const char *h, size_t n)
{
	size_t i;

	if (n >= 6 && memcmp(h, "#mtree", 6) == 0 && (n == 6 ||
	    h[6] == '\n' || h[6] == ' ' || h[6] == '\t' || h[6] == '\r'))
		return MFIO_MTREE;
	for (i = 0; i < n && h[i] != '\0' && strchr(" \t\r\n", h[i]) != NULL;
	    i++)
		;
	if (i < n && h[i] == '{')
		return MFIO_JSON;
	return looks_sum(h, n) ? MFIO_SHA256SUM : -1;
}

/* Reads the first bytes of path; *n = 0 for anything but a regular file
 * (inspect_artifact then says what is wrong with it). */
static int
read_head(const char *path, char *h, size_t max, size_t *n, struct err *e)
{
	uint64_t size;
	int fd, rc = -1;

	*n = 0;
	if ((fd = file_open(path, &size, e)) < 0)
		return errno == EISDIR || errno == EINVAL ? 0 : -1;
	if (bytes_pread_upto(fd, 0, h, max, n) < 0)
		err_errno(e, "cannot read", path, errno);
	else
		rc = 0;
	close(fd);
	return rc;
}

static enum mfio_status
parse(const char *path, enum mfio_format fmt, struct manifest *m,
    struct err *e)
{
	unsigned char *buf = NULL;
	size_t len;
	enum mfio_status rc = MFIO_FAILED;

	if (file_read(path, fmt == MFIO_JSON ? MFIO_MAX_JSON : MFIO_MAX_FILE,
	    &buf, &len, e) < 0) {
		if (errno == EFBIG && fmt == MFIO_JSON)
			err_path(e, "", path, " is a JSON manifest larger "
			    "than 32 MiB (reading JSON takes about 20 times "
			    "its size in memory): write it as mtree");
		goto out;
	}
	if (fmt == MFIO_JSON)
		rc = mfio_json_read(path, (const char *)buf, len, m, e);
	else if (mfio_text_read(path, fmt, (char *)buf, len, m, e) == 0)
		rc = MFIO_MANIFEST;
	if (rc == MFIO_MANIFEST && manifest_finish(m, e) < 0)
		rc = MFIO_FAILED;
	if (rc == MFIO_MANIFEST)
		snprintf(m->kind, sizeof(m->kind), "%s", format_names[fmt]);
out:
	free(buf);
	return rc;
}

const char *
mfio_artifact_name(const char *path)
{
	static const char *const ext[] = { ".tar", ".tar.gz", ".tgz",
	    ".tar.xz", ".tar.bz2", ".zip", ".apk", ".AppImage", ".exe",
	    ".deb", ".dmg" };
	size_t i, n = strlen(path), k;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		k = strlen(ext[i]);
		if (n > k && strcasecmp(path + n - k, ext[i]) == 0)
			return ext[i];
	}
	return NULL;
}

/* A manifest named like an artifact would be taken for one. */
static int
misnamed(const char *path, int fmt, struct err *e)
{
	static const char *const what[] = { "an mtree", "a sha256sum",
	    "a JSON" };
	const char *ext = mfio_artifact_name(path);
	char post[256];

	if (ext == NULL)
		return 0;
	snprintf(post, sizeof(post), " holds %s manifest but is named like "
	    "an artifact (%s): refused (a manifest must not pass for the "
	    "artifact; rename it to compare it as a manifest)", what[fmt],
	    ext);
	err_path(e, "", path, post);
	return -1;
}

enum mfio_status
mfio_read(const char *path, struct manifest *m, struct err *e)
{
	char *h = NULL;
	size_t n;
	int fmt;
	enum mfio_status rc = MFIO_FAILED;

	if ((h = malloc(HEAD_MAX + 1)) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	if (read_head(path, h, HEAD_MAX, &n, e) < 0)
		goto out;
	h[n] = '\0';
	if ((fmt = detect(h, n)) < 0) {
		rc = MFIO_NOT_MANIFEST;
		goto out;
	}
	if (misnamed(path, fmt, e) < 0)
		goto out;
	free(h);
	h = NULL;
	rc = parse(path, (enum mfio_format)fmt, m, e);
out:
	free(h);
	return rc;
}
