#include <archive.h>
#include <archive_entry.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "walk/arc.h"
#include "walk/deb.h"
#include "base/escape.h"
#include "base/hash.h"

#define DEB_CONTROL	1
#define DEB_DATA	2
#define DEB_CHUNK	65536		/* read size of a control file */
#define DEB_CONTROL_MAX	(16u << 20)	/* one file of control.tar */
#define DEB_SHOWN	64		/* bytes of a path shown in a note */
#define DEB_AR_MAGIC	8		/* "!<arch>\n" */
#define DEB_AR_HEADER	60		/* an ar member's header */

/* What the walk of one .deb keeps. */
struct deb {
	struct manifest *m;
	struct err *e;
	char *md5sums, *conffiles;	/* NUL-terminated copies, or NULL */
	size_t md5len, conflen;
	size_t first;			/* first data entry in m->v */
	unsigned members;		/* DEB_* seen */
	uint64_t next;			/* where the next ar member must start */
	size_t nctl;			/* control.tar entries */
	uint64_t csize;			/* bytes of their content */
	struct hash list;		/* their names, types, modes, content */
	struct hash file;		/* the content of one */
	char note[240];			/* their names, escaped */
};

/* The most bytes one control file may have: DEB_CONTROL_MAX, or the
 * entry cap when lower. */
static uint64_t
control_cap(const struct deb *d)
{
	return d->m->caps.entry < DEB_CONTROL_MAX ? d->m->caps.entry :
	    DEB_CONTROL_MAX;
}

/* Reads a whole control file (at most control_cap bytes). */
static int
slurp(struct arc_walk *w, struct deb *d, struct archive *a, char **dst,
    size_t *len)
{
	char *b = NULL, *nb;
	size_t n = 0, cap = 0;
	la_ssize_t r;
	int rc = -1;

	for (;;) {
		if (cap - n < DEB_CHUNK + 1) {
			cap = cap == 0 ? 2 * DEB_CHUNK : 2 * cap;
			if ((nb = realloc(b, cap)) == NULL) {
				err_set(d->e, "out of memory");
				goto out;
			}
			b = nb;
		}
		if ((r = archive_read_data(a, b + n, DEB_CHUNK)) == 0)
			break;
		if (r < 0) {
			arc_fail(w, a, NULL);
			goto out;
		}
		n += (size_t)r;
		if (n > control_cap(d)) {
			arc_fail(w, NULL, control_cap(d) < DEB_CONTROL_MAX ?
			    "control file larger than the entry cap (raise "
			    "with --max-entry-bytes)" :
			    "control file larger than 16 MiB");
			goto out;
		}
		if (arc_count(w, (uint64_t)r) < 0)
			goto out;
	}
	b[n] = '\0';
	*dst = b;
	*len = n;
	b = NULL;
	rc = 0;
out:
	free(b);
	return rc;
}

static void
note_add(struct deb *d, const char *name)
{
	size_t have = strlen(d->note), n = strlen(name);
	char *q;

	if (n == 0 || have + 5 >= sizeof(d->note))
		return;
	if ((q = escape_dup(name, n)) == NULL)
		return;
	if (have + 2 + strlen(q) < sizeof(d->note) - 4)
		snprintf(d->note + have, sizeof(d->note) - have, "%s%s",
		    d->note[have - 1] == ':' ? " " : ", ", q);
	else
		snprintf(d->note + have, sizeof(d->note) - have, ", ...");
	free(q);
}

/* Adds one control file to the list hash: what a compare should see of
 * control.tar (not its compression, times or owners). */
static void
list_add(struct deb *d, const char *p, enum manifest_type type,
    unsigned mode, const char *link)
{
	char m[8];

	snprintf(m, sizeof(m), "%04o", mode & 07777);
	hash_update(&d->list, p, strlen(p) + 1);
	hash_update(&d->list, manifest_type_name(type),
	    strlen(manifest_type_name(type)) + 1);
	hash_update(&d->list, m, strlen(m) + 1);
	hash_update(&d->list, d->file.hex, strlen(d->file.hex) + 1);
	hash_update(&d->list, link != NULL ? link : "",
	    link != NULL ? strlen(link) + 1 : 1);
}

/* The per_entry of control.tar: keeps md5sums and conffiles, hashes
 * every file into the list. */
static int
control_entry(struct arc_walk *w, struct archive *a, struct archive_entry *ae,
    unsigned flags, void *ctx)
{
	struct deb *d = ctx;
	const char *p = arc_entry_path(ae), *link;
	enum manifest_type type = arc_entry_type(ae, &link);
	char **dst = NULL;
	size_t *len = NULL;
	uint64_t n = 0;
	int rc = -1;

	(void)flags;
	if (p == NULL)
		return arc_fail(w, NULL, "entry has no name");
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	arc_set_entry(w, p);
	if (++d->nctl > d->m->caps.entries)
		return arc_fail(w, NULL, "too many entries (cap; raise with "
		    "--max-entries)");
	note_add(d, p);
	if (strcmp(p, "md5sums") == 0) {
		dst = &d->md5sums;
		len = &d->md5len;
	} else if (strcmp(p, "conffiles") == 0) {
		dst = &d->conffiles;
		len = &d->conflen;
	}
	if (dst != NULL && (*dst != NULL || type != MF_FILE))
		return arc_fail(w, NULL, *dst != NULL ? "second copy" :
		    "not a regular file");
	if (hash_init(&d->file, d->e) < 0 || (dst != NULL ?
	    slurp(w, d, a, dst, len) : arc_drain(w, a, control_cap(d), &n,
	    &d->file)) < 0)
		goto out;
	if (dst != NULL)
		hash_update(&d->file, *dst, n = *len);
	hash_final(&d->file);
	d->csize += n;
	if (p[0] != '\0')
		list_add(d, p, type, archive_entry_perm(ae), link);
	rc = 0;
out:
	hash_release(&d->file);
	return rc;
}

static int
cmp_path(const void *a, const void *b)
{
	const struct manifest_entry *x = *(struct manifest_entry *const *)a;
	const struct manifest_entry *y = *(struct manifest_entry *const *)b;
	int c = strcmp(x->path, y->path);

	return c != 0 ? c : x->order < y->order ? -1 : x->order > y->order;
}

/* First index in the sorted v[0..n) whose path is path, or n. */
static size_t
find(struct manifest_entry **v, size_t n, const char *path)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid]->path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(v[lo]->path, path) == 0 ? lo : n;
}

/* The MD5 of a file, or of the file a hard link names. */
static const char *
content_md5(struct manifest_entry **v, size_t n, struct manifest_entry *ent)
{
	size_t i;

	if (ent->type == MF_FILE)
		return ent->md5;
	if (ent->type != MF_HARDLINK || ent->link == NULL)
		return "";
	for (i = find(v, n, ent->link); i < n &&
	    strcmp(v[i]->path, ent->link) == 0; i++)
		if (v[i]->type == MF_FILE)
			return v[i]->md5;
	return "";
}

/* A hard link naming a symlink is that symlink (see manifest/links.h):
 * md5sums lists no symlink. */
static int
names_symlink(struct manifest_entry **v, size_t n,
    const struct manifest_entry *ent)
{
	size_t i;

	for (i = find(v, n, ent->link); i < n &&
	    strcmp(v[i]->path, ent->link) == 0; i++)
		if (v[i]->type == MF_SYMLINK)
			return 1;
	return 0;
}

/* Undoes md5sum's escaping of a name holding "\\" or a newline (the
 * line then starts with "\\"); -1 for an unknown escape. */
static int
unescape(char *p)
{
	char *q = p;

	for (; *p != '\0'; p++) {
		if (*p != '\\')
			*q++ = *p;
		else if (p[1] == '\\' || p[1] == 'n')
			*q++ = *++p == 'n' ? '\n' : '\\';
		else
			return -1;
	}
	*q = '\0';
	return 0;
}

/* Splits one md5sums line "HEX  PATH" (or "HEX *PATH", or either after
 * a "\\" that says PATH is escaped); -1 if malformed. */
static int
md5_line(char *line, size_t len, const char **md5, char **path)
{
	int escaped = line[0] == '\\';

	line += escaped;
	len -= (size_t)escaped;
	if (len < 35 || strspn(line, "0123456789abcdefABCDEF") != 32 ||
	    line[32] != ' ' || (line[33] != ' ' && line[33] != '*') ||
	    memchr(line, '\0', len) != NULL)
		return -1;
	line[32] = '\0';
	line[len] = '\0';
	*md5 = line;
	*path = line + 34;
	if (escaped && unescape(*path) < 0)
		return -1;
	while ((*path)[0] == '.' && (*path)[1] == '/')
		*path += 2;
	return 0;
}

struct check {
	struct manifest_entry **v;	/* the data entries, by path */
	unsigned char *listed;
	size_t n, missing;
	char first[128];		/* first missing path, escaped */
};

static void
mark_listed(struct check *c, const char *md5, const char *path)
{
	size_t i = find(c->v, c->n, path), n = strlen(path);
	char *q;

	if (i == c->n && c->missing++ == 0 &&
	    (q = escape_dup(path, n > DEB_SHOWN ? DEB_SHOWN : n)) != NULL) {
		snprintf(c->first, sizeof(c->first), "%s%s", q,
		    n > DEB_SHOWN ? "..." : "");
		free(q);
	}
	for (; i < c->n && strcmp(c->v[i]->path, path) == 0; i++) {
		c->listed[i] = 1;
		if (strcasecmp(content_md5(c->v, c->n, c->v[i]), md5) != 0)
			c->v[i]->flags |= MF_MD5_DIFFERS;
	}
}

/* dpkg leaves conffiles out of md5sums; a line is "[FLAGS ]/PATH". */
static int
is_conffile(const struct deb *d, const char *path)
{
	const char *l = d->conffiles, *end, *p;
	size_t n = strlen(path);

	for (; l != NULL && *l != '\0'; l = *end != '\0' ? end + 1 : end) {
		if ((end = strchr(l, '\n')) == NULL)
			end = l + strlen(l);
		p = memchr(l, '/', (size_t)(end - l));
		if (p != NULL && (size_t)(end - p - 1) == n &&
		    memcmp(p + 1, path, n) == 0)
			return 1;
	}
	return 0;
}

static int
check_lines(struct arc_walk *w, struct deb *d, struct check *c)
{
	char *line, *nl, *end = d->md5sums + d->md5len, msg[64], *path;
	const char *md5;
	size_t no = 0;

	for (line = d->md5sums; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		no++;
		if (nl == line)
			continue;
		if (md5_line(line, (size_t)(nl - line), &md5, &path) < 0) {
			snprintf(msg, sizeof(msg), "malformed md5sums line %zu",
			    no);
			return arc_fail(w, NULL, msg);
		}
		mark_listed(c, md5, path);
	}
	return 0;
}

/* Marks data files missing from md5sums or differing from it, and
 * records the paths md5sums lists that data.tar lacks. */
static int
deb_check(struct arc_walk *w, struct deb *d)
{
	struct check c;
	char note[256];
	size_t i;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	if (d->md5sums == NULL)
		return manifest_outside_add(d->m, "md5sums-absent", 0, 0, "",
		    "control.tar has no md5sums", 0, d->e) < 0 ? arc_wrap(w) : 0;
	c.n = d->m->n - d->first;
	c.v = calloc(c.n + 1, sizeof(*c.v));
	c.listed = calloc(c.n + 1, 1);
	if (c.v == NULL || c.listed == NULL) {
		err_set(d->e, "out of memory");
		goto out;
	}
	for (i = 0; i < c.n; i++)
		c.v[i] = &d->m->v[d->first + i];
	qsort(c.v, c.n, sizeof(*c.v), cmp_path);
	if (check_lines(w, d, &c) < 0)
		goto out;
	for (i = 0; i < c.n; i++)
		if (!c.listed[i] && (c.v[i]->type == MF_FILE ||
		    (c.v[i]->type == MF_HARDLINK && (c.v[i]->link == NULL ||
		    !names_symlink(c.v, c.n, c.v[i])))) &&
		    !is_conffile(d, c.v[i]->path))
			c.v[i]->flags |= MF_NOT_LISTED;
	snprintf(note, sizeof(note), "%zu path%s in md5sums but not in "
	    "data.tar, first '%s'", c.missing, c.missing == 1 ? "" : "s",
	    c.first);
	if (c.missing > 0 && manifest_outside_add(d->m, "md5sums-missing", 0,
	    0, "", note, 1, d->e) < 0) {
		arc_wrap(w);
		goto out;
	}
	rc = 0;
out:
	free(c.v);
	free(c.listed);
	return rc;
}

static const struct {
	const char *suffix;
	int code;
	const char *what;
} deb_packs[] = {
	{ "", ARCHIVE_FILTER_NONE, "not compressed" },
	{ ".gz", ARCHIVE_FILTER_GZIP, "gzip data" },
	{ ".xz", ARCHIVE_FILTER_XZ, "xz data" },
	{ ".bz2", ARCHIVE_FILTER_BZIP2, "bzip2 data" },
	{ ".zst", ARCHIVE_FILTER_ZSTD, "zstd data" },
};

static const char *
deb_what(int code)
{
	size_t i;

	for (i = 0; i < sizeof(deb_packs) / sizeof(deb_packs[0]); i++)
		if (deb_packs[i].code == code)
			return deb_packs[i].what;
	return "other data";
}

/* DEB_CONTROL or DEB_DATA for a member name and in *code the compression
 * its suffix names (-1 unknown); 0 for another member. */
static unsigned
deb_part(const char *name, int *code)
{
	const char *suffix;
	unsigned part;
	size_t i;

	*code = -1;
	if (strncmp(name, "control.tar", 11) == 0) {
		part = DEB_CONTROL;
		suffix = name + 11;
	} else if (strncmp(name, "data.tar", 8) == 0) {
		part = DEB_DATA;
		suffix = name + 8;
	} else
		return 0;
	for (i = 0; i < sizeof(deb_packs) / sizeof(deb_packs[0]); i++)
		if (strcmp(suffix, deb_packs[i].suffix) == 0)
			*code = deb_packs[i].code;
	return part;
}

static int
deb_tar(struct arc_walk *w, struct deb *d, struct archive *ar,
    struct archive_entry *ae, const char *name, unsigned part, int want)
{
	uint64_t off = (uint64_t)archive_filter_bytes(ar, 0);
	uint64_t len = (uint64_t)archive_entry_size(ae);
	char pname[32], msg[96];
	int code = -1, rc;

	if (d->members & part)
		return arc_fail(w, NULL, part == DEB_DATA ? "two data.tar members"
		    : "two control.tar members");
	if (want < 0) {
		snprintf(msg, sizeof(msg), "unsupported .deb member '%.40s'",
		    name);
		return arc_fail(w, NULL, msg);
	}
	d->members |= part;
	snprintf(pname, sizeof(pname), "%s", name);	/* known suffix */
	arc_set_part(w, pname);
	if (part == DEB_DATA)
		d->first = d->m->n;
	else if (hash_init(&d->list, d->e) < 0)
		return -1;
	else
		snprintf(d->note, sizeof(d->note), "%s, %llu bytes; hash of "
		    "its files' names, modes, contents:", pname,
		    (unsigned long long)len);
	rc = arc_tar(w, ar, off, len, part == DEB_DATA ? arc_add_entry :
	    control_entry, d, part == DEB_DATA ? "data.tar" : "control.tar",
	    &code);
	if (rc == 0 && code != want) {
		snprintf(msg, sizeof(msg), "member is %s, not what its "
		    "name says", deb_what(code));
		rc = arc_fail(w, NULL, msg);
	}
	arc_set_part(w, NULL);
	if (rc != 0 || part != DEB_CONTROL)
		return rc;
	hash_final(&d->list);
	if (manifest_outside_add(d->m, "deb-control", off, d->csize,
	    d->list.hex, d->note, 0, d->e) < 0)
		return arc_wrap(w);
	return 0;
}

/* "2.0\n", as dpkg-deb writes it (any "2.N"), and nothing after it. */
static int
deb_binary(struct arc_walk *w, struct archive *ar, const char *name)
{
	char b[17];
	la_ssize_t n;

	if (strcmp(name, "debian-binary") != 0)
		return arc_fail(w, NULL, "not a .deb: the first member is not "
		    "debian-binary");
	if ((n = archive_read_data(ar, b, sizeof(b) - 1)) < 0)
		return arc_fail(w, ar, NULL);
	if (arc_count(w, (uint64_t)n) < 0)
		return -1;
	b[n] = '\0';
	if (n < 4 || n == (la_ssize_t)sizeof(b) - 1 || memcmp(b, "2.", 2) != 0 ||
	    strspn(b + 2, "0123456789") != (size_t)n - 3 || b[n - 1] != '\n')
		return arc_fail(w, NULL, "unsupported .deb format version");
	return 0;
}

/* Each member starts where the one before it ends (with its "\n"
 * padding to an even size): no byte of the ar is outside the members
 * and their headers, and libarchive has not read a name table or a
 * long name that dpkg would not. */
static int
deb_layout(struct arc_walk *w, struct deb *d, struct archive *ar,
    struct archive_entry *ae)
{
	uint64_t off = (uint64_t)archive_filter_bytes(ar, 0);
	uint64_t size = (uint64_t)archive_entry_size(ae);
	unsigned char pad;
	char msg[96];

	if (archive_entry_size(ae) < 0 || off != d->next + DEB_AR_HEADER) {
		snprintf(msg, sizeof(msg), "ar member at offset %llu is not "
		    "where the one before it ends", (unsigned long long)d->next);
		return arc_fail(w, NULL, msg);
	}
	if (size % 2 != 0) {
		if (arc_pread(w, off + size, &pad, 1) < 0)
			return -1;
		if (pad != '\n') {
			snprintf(msg, sizeof(msg), "ar padding byte at offset "
			    "%llu is not a newline",
			    (unsigned long long)(off + size));
			return arc_fail(w, NULL, msg);
		}
	}
	d->next = off + size + size % 2;
	return 0;
}

/* Bytes after the last member: dpkg ignores them (hostile). */
static int
deb_tail(struct arc_walk *w, struct deb *d)
{
	uint64_t size = arc_file_size(w);

	if (d->next > size)
		return arc_fail(w, NULL, "the last ar member ends after the end "
		    "of the file");
	if (d->next == size)
		return 0;
	return arc_record(w, "trailing-data", d->next, size - d->next,
	    "after the last ar member", 1);
}

static int
deb_member(struct arc_walk *w, struct deb *d, struct archive *ar,
    struct archive_entry *ae, size_t i)
{
	const char *name = arc_entry_path(ae);
	unsigned part;
	int want;
	char *q;

	if (name == NULL)
		return arc_fail(w, NULL, "ar member has no name");
	if (i == 1)
		return deb_binary(w, ar, name);
	if ((part = deb_part(name, &want)) != 0)
		return deb_tar(w, d, ar, ae, name, part, want);
	if ((q = escape_dup(name, strlen(name))) == NULL) {
		err_set(d->e, "out of memory");
		return -1;
	}
	/* dpkg ignores members named "_*" after data.tar */
	part = arc_record(w, "deb-member", (uint64_t)archive_filter_bytes(ar,
	    0), (uint64_t)archive_entry_size(ae), q, name[0] != '_') < 0;
	free(q);
	return part ? -1 : 0;
}

static int
deb_members(struct arc_walk *w, void *ctx)
{
	struct deb *d = ctx;
	struct archive *ar = archive_read_new();
	struct archive_entry *ae;
	size_t i;
	int r, rc = -1;

	snprintf(d->m->kind, sizeof(d->m->kind), "deb");
	if (ar == NULL) {
		err_set(d->e, "out of memory");
		goto out;
	}
	if (archive_read_support_format_ar(ar) != ARCHIVE_OK ||
	    arc_open_file(w, ar) < 0) {
		arc_fail(w, ar, NULL);
		goto out;
	}
	d->next = DEB_AR_MAGIC;
	for (i = 1; (r = archive_read_next_header(ar, &ae)) != ARCHIVE_EOF;
	    i++)
		if (r != ARCHIVE_OK ? arc_fail(w, ar, NULL) :
		    deb_layout(w, d, ar, ae) < 0 ||
		    deb_member(w, d, ar, ae, i) < 0)
			goto out;
	if (d->members != (DEB_CONTROL | DEB_DATA)) {
		arc_fail(w, NULL, d->members & DEB_DATA ?
		    "no control.tar member" : "no data.tar member");
		goto out;
	}
	if (deb_tail(w, d) < 0)
		goto out;
	rc = deb_check(w, d);
out:
	(void)archive_read_free(ar);
	return rc;
}

int
deb_walk(const struct walker_input *in, struct manifest *m, struct err *e)
{
	struct deb d;
	int rc;

	memset(&d, 0, sizeof(d));
	d.m = m;
	d.e = e;
	rc = arc_run(in->fd, in->path, m, ARC_MD5 | ARC_OWNERS | ARC_ZSTD, deb_members,
	    &d, e);
	free(d.md5sums);
	free(d.conffiles);
	hash_release(&d.list);
	hash_release(&d.file);
	return rc;
}
