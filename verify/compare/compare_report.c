/* compare_report: the report of one comparison, the model the rest of the
 * compare module builds on: it collects the differences between two
 * manifests; compare_out.c prints a report, release.c fills one by the
 * --unsigned rules, compare.c runs both. Calls nothing in those files. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMPARE_PRIVATE
#include "compare/compare_private.h"
#include "base/escape.h"
#include "manifest/mfio.h"

int
compare_report_init(struct compare_report *r, const struct compare_opts *o,
    struct err *e)
{
	const char *a = o->a_name != NULL ? o->a_name : "A";
	const char *b = o->b_name != NULL ? o->b_name : "B";

	memset(r, 0, sizeof(*r));
	r->o = o;
	r->v = NULL;
	r->rule = NULL;
	r->m[0] = r->m[1] = NULL;
	r->qa = escape_dup(a, strlen(a));
	r->qb = escape_dup(b, strlen(b));
	if (r->qa == NULL || r->qb == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	return 0;
}

void
compare_report_release(struct compare_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].text);
	for (i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	for (i = 0; i < 2; i++) {
		manifest_release(r->m[i]);
		free(r->m[i]);
	}
	free(r->v);
	free(r->qa);
	free(r->qb);
	free(r->rule);
}

static int
add(struct compare_report *r, enum compare_kind k, int outside,
    const char *name, unsigned what, const char *text)
{
	struct compare_diff *v;
	size_t cap;

	if (r->n == r->cap) {
		cap = r->cap > 0 ? r->cap * 2 : 64;
		if ((v = reallocarray(r->v, cap, sizeof(*v))) == NULL)
			return -1;
		r->v = v;
		r->cap = cap;
	}
	v = &r->v[r->n];
	v->kind = k;
	v->outside = outside;
	v->name = name;
	v->what = what;
	v->text = NULL;
	v->ea = v->eb = NULL;
	if (text != NULL && (v->text = strdup(text)) == NULL)
		return -1;
	r->n++;
	r->count[k]++;
	return 0;
}

static char *vformat(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

static char *
vformat(const char *fmt, va_list ap)
{
	char *s;

	return vasprintf(&s, fmt, ap) < 0 ? NULL : s;
}

int
compare_report_problem(struct compare_report *r, struct err *e,
    const char *fmt, ...)
{
	va_list ap;
	char *s;
	int rc;

	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	rc = s != NULL ? add(r, D_PROBLEM, 0, NULL, 0, s) : -1;
	free(s);
	if (rc < 0)
		err_set(e, "out of memory");
	return rc;
}

int
compare_report_note(struct compare_report *r, struct err *e,
    const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	if (s == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	if (r->nnotes == COMPARE_MAX_NOTES) {
		free(s);
		err_set(e, "internal error: too many notes");
		return -1;
	}
	r->notes[r->nnotes++] = s;
	return 0;
}

/* ---- collecting the differences ---- */

static int
same_str(const char *x, const char *y)
{
	return x == NULL || y == NULL ? x == y : strcmp(x, y) == 0;
}

/* Two files' content: by SHA-256; without one on a side, sizes that
 * differ still tell, and two empty files are the same; else *unver says
 * which side lacks it. */
static unsigned
differ_content(const struct manifest_entry *x,
    const struct manifest_entry *y, unsigned *unver)
{
	if (x->sha256[0] != '\0' && y->sha256[0] != '\0')
		return strcmp(x->sha256, y->sha256) != 0 ? W_CONTENT : 0;
	if (x->size != MANIFEST_UNKNOWN && y->size != MANIFEST_UNKNOWN &&
	    (x->size != y->size || x->size == 0))
		return x->size != y->size ? W_CONTENT : 0;
	*unver = (x->sha256[0] == '\0' ? U_A : 0) |
	    (y->sha256[0] == '\0' ? U_B : 0);
	return 0;
}

/* A hard link has no content of its own: its target is compared. */
static unsigned
differ(const struct manifest_entry *x, const struct manifest_entry *y,
    unsigned *unver)
{
	unsigned w = 0;

	*unver = 0;
	if (x->type != y->type)
		w |= W_TYPE;
	else if (x->type == MF_FILE)
		w |= differ_content(x, y, unver);
	if (x->mode != MFIO_NO_MODE && y->mode != MFIO_NO_MODE &&
	    x->mode != y->mode)
		w |= W_MODE;
	if (!same_str(x->link, y->link))
		w |= W_LINK;
	return w;
}

/* Times and owners: compared when both sides know them. */
static unsigned
differ_repro(const struct manifest_entry *x, const struct manifest_entry *y)
{
	unsigned w = 0;

	if (x->has_mtime && y->has_mtime && x->mtime != y->mtime)
		w |= W_MTIME;
	if ((x->uid >= 0 && y->uid >= 0 && x->uid != y->uid) ||
	    (x->gid >= 0 && y->gid >= 0 && x->gid != y->gid) ||
	    (x->uname != NULL && y->uname != NULL &&
	    strcmp(x->uname, y->uname) != 0) ||
	    (x->gname != NULL && y->gname != NULL &&
	    strcmp(x->gname, y->gname) != 0))
		w |= W_OWNER;
	return w;
}

static int
has_fact(const struct manifest_entry *x, enum compare_fact f)
{
	switch (f) {
	case F_MODE:
		return x->mode != MFIO_NO_MODE;
	case F_SIZE:
		return x->size != MANIFEST_UNKNOWN;
	case F_TIME:
		return x->has_mtime;
	default:
		return x->uid >= 0 || x->gid >= 0 || x->uname != NULL ||
		    x->gname != NULL;
	}
}

/* Counts, for the notes, the facts a pair could not compare. */
static void
count_facts(struct compare_report *r, const struct manifest_entry *x,
    const struct manifest_entry *y)
{
	int f;

	for (f = 0; f < F_NFACTS; f++) {
		if (f == F_SIZE && (x->type != MF_FILE || y->type != MF_FILE))
			continue;
		r->napp[f]++;
		r->lack[0][f] += !has_fact(x, (enum compare_fact)f);
		r->lack[1][f] += !has_fact(y, (enum compare_fact)f);
	}
}

/* Both sides hold p: what differs, what cannot be compared. */
static int
pair_both(struct compare_report *r, const char *p,
    const struct manifest_entry *x, const struct manifest_entry *y,
    unsigned only)
{
	unsigned w, u;

	count_facts(r, x, y);
	if ((w = differ(x, y, &u) & only) != 0) {
		if (add(r, D_CHANGED, 0, p, w, NULL) < 0)
			return -1;
		r->v[r->n - 1].ea = x;
		r->v[r->n - 1].eb = y;
	}
	if (u != 0 && add(r, D_UNVERIFIABLE, 0, p, u, NULL) < 0)
		return -1;
	if ((w = differ_repro(x, y)) != 0 && add(r, D_REPRO, 0, p, w,
	    NULL) < 0)
		return -1;
	return 0;
}

static int
pair(struct compare_report *r, const struct manifest_entry *x,
    const struct manifest_entry *y, unsigned only)
{
	const char *p = x != NULL ? x->path : y->path;
	unsigned marks = (x != NULL ? x->flags : 0) |
	    (y != NULL ? y->flags : 0);

	if (x == NULL && add(r, D_ADDED, 0, p, 0, NULL) < 0)
		return -1;
	if (y == NULL && add(r, D_REMOVED, 0, p, 0, NULL) < 0)
		return -1;
	if (x != NULL && y != NULL && pair_both(r, p, x, y, only) < 0)
		return -1;
	if ((marks & MF_HOSTILE_MASK) != 0 &&
	    add(r, D_HOSTILE, 0, p, marks & MF_HOSTILE_MASK, NULL) < 0)
		return -1;
	return 0;
}

/* The root directory: its type and mode (and, reproducibility-only, its
 * times and owner) when both sides have an entry for it. */
static int
collect_root(struct compare_report *r, const struct manifest *a,
    const struct manifest *b)
{
	if (a->nroot == 0 || b->nroot == 0) {
		r->no_root = (a->nroot == 0 && b->nroot > 0 ? U_A : 0) |
		    (b->nroot == 0 && a->nroot > 0 ? U_B : 0);
		return 0;
	}
	return pair_both(r, a->root.path, &a->root, &b->root,
	    W_TYPE | W_MODE);
}

/* Two archives of different formats (manifest files hold the records
 * of the archive they were made from: never format-only). */
static int
formats_differ(const struct compare_report *r)
{
	static const char *const files[] = { "mtree", "sha256sum", "json" };
	size_t i;

	if (r->kind[0] == NULL || r->kind[1] == NULL ||
	    strcmp(r->kind[0], r->kind[1]) == 0)
		return 0;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (strcmp(r->kind[0], files[i]) == 0 ||
		    strcmp(r->kind[1], files[i]) == 0)
			return 0;
	return 1;
}

/* A hard link on one side and a file on the other, in archives of
 * different formats (a zip has no hard links: it stores the file again):
 * the same when the link's target holds the same content. */
static int
same_linked(const struct compare_report *r, const struct manifest *a,
    const struct manifest *b, const struct manifest_entry *x,
    const struct manifest_entry *y)
{
	const struct manifest_entry *t, *f;

	if (x->type == MF_HARDLINK && y->type == MF_FILE && x->link != NULL)
		t = manifest_find(a, x->link), f = y;
	else if (y->type == MF_HARDLINK && x->type == MF_FILE &&
	    y->link != NULL)
		t = manifest_find(b, y->link), f = x;
	else
		return 0;
	return t != NULL && t->type == MF_FILE && t->sha256[0] != '\0' &&
	    strcmp(t->sha256, f->sha256) == 0 && formats_differ(r);
}

static int
has_dirs(const struct manifest *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->v[i].type == MF_DIR)
			return 1;
	return 0;
}

/* A side that lists no directory at all (a sha256sum list, a zip
 * without directory entries) says nothing about the other's: those are
 * not compared, and a note says how many. */
static int
dirs_note(struct compare_report *r, size_t skipped, int side)
{
	struct err e;

	if (skipped == 0)
		return 0;
	return compare_report_note(r, &e, "note: '%s' lists no directories: "
	    "%zu director%s of '%s' not compared", side ? r->qb : r->qa,
	    skipped, skipped == 1 ? "y" : "ies", side ? r->qa : r->qb);
}

/* Merge walk of the two sorted entry lists. */
static int
collect_entries(struct compare_report *r, const struct manifest *a,
    const struct manifest *b, const struct compare_filter *fl)
{
	const struct manifest_entry *x, *y;
	size_t i = 0, j = 0, nodir[2] = { 0, 0 };
	int c, dirs_a = has_dirs(a), dirs_b = has_dirs(b);

	while (i < a->n || j < b->n) {
		x = i < a->n ? &a->v[i] : NULL;
		y = j < b->n ? &b->v[j] : NULL;
		if (x != NULL && fl->skip_entry != NULL &&
		    fl->skip_entry(x->path)) {
			i++;
			continue;
		}
		if (y != NULL && fl->skip_entry != NULL &&
		    fl->skip_entry(y->path)) {
			j++;
			continue;
		}
		c = x == NULL ? 1 : y == NULL ? -1 : strcmp(x->path, y->path);
		if (c < 0 && !dirs_b && x->type == MF_DIR &&
		    (x->flags & MF_HOSTILE_MASK) == 0) {
			nodir[1]++;
			i++;
			continue;
		}
		if (c > 0 && !dirs_a && y->type == MF_DIR &&
		    (y->flags & MF_HOSTILE_MASK) == 0) {
			nodir[0]++;
			j++;
			continue;
		}
		r->entries += c <= 0;
		if (pair(r, c <= 0 ? x : NULL, c >= 0 ? y : NULL, c == 0 &&
		    same_linked(r, a, b, x, y) ? ~(W_TYPE | W_LINK) : ~0u) < 0)
			return -1;
		i += c <= 0;
		j += c >= 0;
	}
	return dirs_note(r, nodir[1], 1) < 0 || dirs_note(r, nodir[0], 0) < 0 ?
	    -1 : 0;
}

static int
skipped(const struct compare_filter *fl, const char *name)
{
	const char *const *s;

	for (s = fl->skip_out; s != NULL && *s != NULL; s++)
		if (strcmp(*s, name) == 0)
			return 1;
	return 0;
}

/* Two records' bytes: by SHA-256; without one on a side, sizes that
 * differ still tell, and empty records are the same. */
static unsigned
out_differ(const struct manifest_outside *x, const struct manifest_outside *y,
    unsigned *unver)
{
	int both = x->sha256[0] != '\0' && y->sha256[0] != '\0';
	unsigned w = 0;

	*unver = 0;
	if (both && strcmp(x->sha256, y->sha256) != 0)
		w |= W_SHA256;
	if (x->size != y->size)
		w |= W_SIZE;
	else if (!both && x->size > 0)
		*unver = (x->sha256[0] == '\0' ? U_A : 0) |
		    (y->sha256[0] == '\0' ? U_B : 0);
	return w;
}

static int
out_pair(struct compare_report *r, const struct manifest_outside *x,
    const struct manifest_outside *y)
{
	const struct manifest_outside *h = x != NULL && x->hostile ? x :
	    y != NULL && y->hostile ? y : NULL;
	const char *name = x != NULL ? x->name : y->name;
	unsigned w = 0, u = 0;

	if (h == NULL && strncmp(name, "trailing-data", 13) == 0)
		return 0;
	if (h == NULL && (x == NULL || y == NULL) && formats_differ(r))
		return add(r, D_FORMAT, 1, name, x == NULL ? U_B : U_A, NULL);
	if (x != NULL && y != NULL)
		w = out_differ(x, y, &u);
	if ((x == NULL && add(r, D_ADDED, 1, name, 0, NULL) < 0) ||
	    (y == NULL && add(r, D_REMOVED, 1, name, 0, NULL) < 0) ||
	    (w != 0 && add(r, D_CHANGED, 1, name, w, NULL) < 0) ||
	    (u != 0 && add(r, D_UNVERIFIABLE, 1, name, u, NULL) < 0) ||
	    (h != NULL && add(r, D_HOSTILE, 1, name, 0, h->note) < 0))
		return -1;
	return 0;
}

/* Outside records are matched by name, in order. Trailing data that is
 * not hostile (zero padding) is how the container was written, not what
 * it holds: only hostile trailing data counts. */
static int
collect_outside(struct compare_report *r, const struct manifest *a,
    const struct manifest *b, const struct compare_filter *fl)
{
	int used[MANIFEST_MAX_OUTSIDE] = { 0 };
	size_t i, j;

	for (i = 0; i < a->nout; i++) {
		if (skipped(fl, a->out[i].name))
			continue;
		for (j = 0; j < b->nout && (used[j] ||
		    strcmp(a->out[i].name, b->out[j].name) != 0); j++)
			;
		if (j < b->nout)
			used[j] = 1;
		if (out_pair(r, &a->out[i], j < b->nout ? &b->out[j] :
		    NULL) < 0)
			return -1;
	}
	for (j = 0; j < b->nout; j++)
		if (!used[j] && !skipped(fl, b->out[j].name) &&
		    out_pair(r, NULL, &b->out[j]) < 0)
			return -1;
	return 0;
}

int
compare_report_collect(struct compare_report *r, const struct manifest *a,
    const struct manifest *b, const struct compare_filter *fl, struct err *e)
{
	static const struct compare_filter none = { NULL, NULL };

	if (fl == NULL)
		fl = &none;
	r->kind[0] = a->kind;
	r->kind[1] = b->kind;
	if (collect_root(r, a, b) < 0 || collect_entries(r, a, b, fl) < 0 ||
	    collect_outside(r, a, b, fl) < 0) {
		err_set(e, "out of memory");
		return -1;
	}
	return 0;
}

size_t
compare_report_differences(const struct compare_report *r)
{
	return r->count[D_PROBLEM] + r->count[D_ADDED] + r->count[D_REMOVED] +
	    r->count[D_CHANGED] + r->count[D_UNVERIFIABLE] +
	    r->count[D_HOSTILE] +
	    (r->o->strict ? r->count[D_REPRO] : 0) +
	    (r->bytes && r->rb.first_diff != RELEASE_SAME);
}

int
compare_report_rule(struct compare_report *r, struct err *e, const char *rule)
{
	if ((r->rule = strdup(rule)) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	return 0;
}
