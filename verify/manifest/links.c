#include <stdlib.h>
#include <string.h>

#include "manifest/links.h"
#define MANIFEST_PRIVATE
#include "manifest/manifest_private.h"

#define HARD_HOPS	8		/* hard links to hard links followed */
#define STEPS_BASE	4000000		/* path components walked in all ... */
#define STEPS_EACH	32		/* ... plus this many per entry */

/* One resolution: the resolved path so far and what is left to walk. */
struct res {
	char *cur;		/* "a/b", NUL-terminated */
	size_t clen, ccap;
	char *rest;		/* walked from rest + pos */
	size_t pos;
	uint64_t *steps;	/* left for the whole manifest */
};

/* The index just past the run of entries whose path is path. */
static size_t
run_end(const struct manifest *m, size_t lo, const char *path)
{
	size_t hi = m->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(m->v[mid].path, path) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The entry at path in the tree as extracted: the last one given. */
static const struct manifest_entry *
tree_at(const struct manifest *m, const char *path)
{
	size_t lo = marks_lower_bound(m, path), hi = run_end(m, lo, path);

	return hi > lo ? &m->v[hi - 1] : NULL;
}

/* The entry hard link h names: the last one of its path before h. */
static const struct manifest_entry *
named_by(const struct manifest *m, const struct manifest_entry *h)
{
	size_t lo = marks_lower_bound(m, h->link), hi, mid;

	hi = run_end(m, lo, h->link);
	while (lo < hi) {		/* the run is in archive order */
		mid = lo + (hi - lo) / 2;
		if (m->v[mid].order < h->order)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && strcmp(m->v[lo - 1].path, h->link) == 0 &&
	    m->v[lo - 1].order < h->order ? &m->v[lo - 1] : NULL;
}

/* The target of a symlink, or of a hard link to one; else NULL. */
static const char *
sym_target(const struct manifest *m, const struct manifest_entry *ent)
{
	int hops;

	for (hops = 0; ent != NULL && hops <= HARD_HOPS; hops++) {
		if (ent->type == MF_SYMLINK)
			return ent->link;
		if (ent->type != MF_HARDLINK || ent->link == NULL)
			return NULL;
		ent = named_by(m, ent);
	}
	return NULL;
}

/* Appends "/" (unless cur is empty) and c[0..n) to cur. */
static int
push(struct res *r, const char *c, size_t n)
{
	size_t need = r->clen + 1 + n + 1;
	char *p;

	if (need > r->ccap) {
		if ((p = realloc(r->cur, need * 2)) == NULL)
			return -1;
		r->cur = p;
		r->ccap = need * 2;
	}
	if (r->clen > 0)
		r->cur[r->clen++] = '/';
	memcpy(r->cur + r->clen, c, n);
	r->clen += n;
	r->cur[r->clen] = '\0';
	return 0;
}

static void
pop(struct res *r)
{
	char *s = strrchr(r->cur, '/');

	r->clen = s != NULL ? (size_t)(s - r->cur) : 0;
	r->cur[r->clen] = '\0';
}

/* rest becomes a + "/" + b. */
static int
set_rest(struct res *r, const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	char *p = malloc(alen + 1 + blen + 1);

	if (p == NULL)
		return -1;
	memcpy(p, a, alen);
	p[alen] = '/';
	memcpy(p + alen + 1, b, blen + 1);
	free(r->rest);
	r->rest = p;
	r->pos = 0;
	return 0;
}

enum { RES_INSIDE, RES_OUTSIDE, RES_NOMEM, RES_STEPS };

/* Walks r->rest from the root through the tree's symlinks. */
static int
walk(const struct manifest *m, struct res *r)
{
	const char *c, *t;
	size_t n;
	int hops = 0;

	while (r->rest[r->pos] != '\0') {
		c = r->rest + r->pos;
		n = strcspn(c, "/");
		r->pos += n + (c[n] == '/');
		if (*r->steps == 0)
			return RES_STEPS;
		--*r->steps;
		if (n == 0 || (n == 1 && c[0] == '.'))
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			if (r->clen == 0)
				return RES_OUTSIDE;
			pop(r);
			continue;
		}
		if (push(r, c, n) < 0)
			return RES_NOMEM;
		if ((t = sym_target(m, tree_at(m, r->cur))) == NULL)
			continue;
		if (++hops > LINKS_MAX_HOPS || t[0] == '/')
			return RES_OUTSIDE;
		pop(r);
		if (set_rest(r, t, strlen(t), r->rest + r->pos) < 0)
			return RES_NOMEM;
	}
	return RES_INSIDE;
}

/* Resolves link target t of the entry at path (from its directory). */
static int
resolve(const struct manifest *m, const char *path, const char *t,
    uint64_t *steps)
{
	struct res r = { NULL, 0, 0, NULL, 0, steps };
	const char *slash = strrchr(path, '/');
	int rc;

	if (t[0] == '/')
		return RES_OUTSIDE;
	if (push(&r, "", 0) < 0 || set_rest(&r, path, slash != NULL ?
	    (size_t)(slash - path) : 0, t) < 0)
		rc = RES_NOMEM;
	else
		rc = walk(m, &r);
	free(r.cur);
	free(r.rest);
	return rc;
}

/* Entries below a hard link to a symlink lie below that symlink. */
static int
mark_below(struct manifest *m, size_t i)
{
	size_t n = strlen(m->v[i].path), j;
	char *pre = malloc(n + 2);

	if (pre == NULL)
		return -1;
	memcpy(pre, m->v[i].path, n);
	memcpy(pre + n, "/", 2);
	for (j = marks_lower_bound(m, pre); j < m->n &&
	    strncmp(m->v[j].path, pre, n + 1) == 0; j++)
		m->v[j].flags |= MF_BELOW_LINK;
	free(pre);
	return 0;
}

int
links_apply(struct manifest *m, struct err *e)
{
	uint64_t steps = STEPS_BASE + (uint64_t)STEPS_EACH * m->n;
	const struct manifest_entry *ent;
	const char *t;
	size_t i;
	int rc;

	for (i = 0; i < m->n; i++) {
		ent = &m->v[i];
		if (m->cancel != NULL && *m->cancel) {
			err_set(e, "cancelled");
			return -1;
		}
		if ((t = sym_target(m, ent)) == NULL)
			continue;
		if (ent->type == MF_HARDLINK && !(ent->flags & MF_BELOW_LINK) &&
		    (i == 0 || strcmp(m->v[i - 1].path, ent->path) != 0) &&
		    mark_below(m, i) < 0)
			goto nomem;
		rc = resolve(m, ent->path, t, &steps);
		if (rc == RES_NOMEM)
			goto nomem;
		if (rc == RES_STEPS) {
			err_set(e, "cannot resolve the archive's symlinks: more "
			    "than %llu path components walked (chains of long "
			    "links)", (unsigned long long)(STEPS_BASE +
			    (uint64_t)STEPS_EACH * m->n));
			return -1;
		}
		if (rc == RES_OUTSIDE)
			m->v[i].flags |= MF_LINK_OUTSIDE;
	}
	return 0;
nomem:
	err_set(e, "out of memory resolving the links of %zu entries", m->n);
	return -1;
}
