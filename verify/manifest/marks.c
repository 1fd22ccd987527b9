#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <uninorm.h>
#include <unistr.h>

#include "base/escape.h"
#include "base/hash.h"
#include "manifest/links.h"
#include "manifest/manifest.h"
#define MANIFEST_PRIVATE
#include "manifest/manifest_private.h"

static int
cmp_entry(const void *a, const void *b)
{
	const struct manifest_entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The sort order is cmp_entry's; the path alone decides the bound. */
size_t
marks_lower_bound(const struct manifest *m, const char *path)
{
	size_t lo = 0, hi = m->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(m->v[mid].path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
mark_duplicates(struct manifest *m)
{
	size_t i;

	for (i = 1; i < m->n; i++)
		if (strcmp(m->v[i - 1].path, m->v[i].path) == 0) {
			m->v[i - 1].flags |= MF_DUPLICATE;
			m->v[i].flags |= MF_DUPLICATE;
		}
}

/* A folded key is kept as its SHA-256, so memory stays 40 bytes an
 * entry however much NFKC expands a name. */
struct fold {
	unsigned char d[32];
	size_t i;
};

static int
cmp_fold(const void *a, const void *b)
{
	const struct fold *x = a, *y = b;

	return memcmp(x->d, y->d, sizeof(x->d));
}

/* ASCII is its own NFKC form and folds to lower case: the common case,
 * without libunistring's cost. */
static int
fold_ascii(const char *path, unsigned char d[32])
{
	char buf[256];
	size_t i;

	for (i = 0; path[i] != '\0' && i < sizeof(buf); i++) {
		if ((unsigned char)path[i] >= 0x80)
			return 0;
		buf[i] = path[i] >= 'A' && path[i] <= 'Z' ?
		    (char)(path[i] - 'A' + 'a') : path[i];
	}
	if (path[i] != '\0')
		return 0;
	gcry_md_hash_buffer(GCRY_MD_SHA256, d, buf, i);
	return 1;
}

static int
fold_key(const char *path, unsigned char d[32], struct err *e)
{
	size_t n = strlen(path), kn = 0;
	uint8_t *k;

	if (fold_ascii(path, d))
		return 0;
	k = u8_casefold((const uint8_t *)path, n, NULL, UNINORM_NFKC, NULL,
	    &kn);
	if (k == NULL) {
		err_shown(e, "cannot fold the case of ", path, errno == ENOMEM ?
		    ": out of memory" : "");
		return -1;
	}
	gcry_md_hash_buffer(GCRY_MD_SHA256, d, k, kn);
	free(k);
	return 0;
}

/* Marks every member of a group of equal keys holding two paths. */
static void
mark_fold_groups(struct manifest *m, const struct fold *f, size_t nf)
{
	size_t i, j, k;
	int differ;

	for (i = 0; i < nf; i = j) {
		differ = 0;
		for (j = i + 1; j < nf && memcmp(f[i].d, f[j].d, 32) == 0; j++)
			if (strcmp(m->v[f[i].i].path, m->v[f[j].i].path) != 0)
				differ = 1;
		for (k = i; differ && k < j; k++)
			m->v[f[k].i].flags |= MF_DUP_FOLDED;
	}
}

static int
mark_folded(struct manifest *m, struct err *e)
{
	struct fold *f = NULL;
	size_t i, nf = 0;
	int rc = -1;

	if (m->n < 2)
		return 0;
	if (hash_ready(e) < 0)
		goto out;
	if ((f = calloc(m->n, sizeof(*f))) == NULL) {
		err_set(e, "out of memory for %zu entries", m->n);
		goto out;
	}
	for (i = 0; i < m->n; i++) {
		if (m->cancel != NULL && *m->cancel) {
			err_set(e, "cancelled");
			goto out;
		}
		if (m->v[i].path[0] == '\0' || u8_check((const uint8_t *)
		    m->v[i].path, strlen(m->v[i].path)) != NULL)
			continue;
		if (fold_key(m->v[i].path, f[nf].d, e) < 0)
			goto out;
		f[nf++].i = i;
	}
	qsort(f, nf, sizeof(*f), cmp_fold);
	mark_fold_groups(m, f, nf);
	rc = 0;
out:
	free(f);
	return rc;
}

/* p is below directory dir: it starts with dir and "/". */
static int
below(const char *p, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(p, dir, n) == 0 && p[n] == '/';
}

/* p sorts after every path below dir (p sorts after dir). */
static int
past(const char *p, const char *dir)
{
	size_t n = strlen(dir);
	int c = strncmp(p, dir, n);

	return c != 0 ? c > 0 : (unsigned char)p[n] > '/';
}

/* In byte order the paths below a symlink S follow S, after the paths
 * that extend S with a byte smaller than "/". One pass with a stack of
 * symlinks (only its top can hold p) marks them in O(entries). */
static int
mark_below_link(struct manifest *m, struct err *e)
{
	size_t *stack = NULL, top = 0, i;
	const char *p;

	for (i = 0; i < m->n && m->v[i].type != MF_SYMLINK; i++)
		;
	if (i == m->n)
		return 0;
	if ((stack = calloc(m->n, sizeof(*stack))) == NULL) {
		err_set(e, "out of memory for %zu entries", m->n);
		return -1;
	}
	for (i = 0; i < m->n; i++) {
		p = m->v[i].path;
		while (top > 0 && past(p, m->v[stack[top - 1]].path))
			top--;
		if (top > 0 && below(p, m->v[stack[top - 1]].path))
			m->v[i].flags |= MF_BELOW_LINK;
		else if (m->v[i].type == MF_SYMLINK)
			stack[top++] = i;
	}
	free(stack);
	return 0;
}

/* A hard link must name an entry that came before it. */
static int
link_earlier(const struct manifest *m, const struct manifest_entry *h)
{
	size_t i;

	if (h->link == NULL)
		return 0;
	i = marks_lower_bound(m, h->link);
	return i < m->n && strcmp(m->v[i].path, h->link) == 0 &&
	    m->v[i].order < h->order;
}

/* Walks the components of s[0..n) from *depth; -1 once above the root. */
static int
climb(const char *s, size_t n, long *depth)
{
	size_t i = 0, c;

	while (i < n) {
		for (c = 0; i + c < n && s[i + c] != '/'; c++)
			;
		if (c == 2 && s[i] == '.' && s[i + 1] == '.') {
			if (--*depth < 0)
				return -1;
		} else if (c > 0 && !(c == 1 && s[i] == '.'))
			++*depth;
		i += c + 1;
	}
	return 0;
}

/* A symlink target leaves the root if absolute or if, read from the
 * symlink's directory, it climbs above the root at any point. */
static int
link_outside(const struct manifest_entry *s)
{
	const char *slash;
	long depth = 0;

	if (s->link == NULL)
		return 0;
	if (s->link[0] == '/' || s->link[0] == '\\' || is_drive(s->link))
		return 1;
	slash = strrchr(s->path, '/');
	if (slash != NULL &&
	    climb(s->path, (size_t)(slash - s->path), &depth) < 0)
		return 1;
	return climb(s->link, strlen(s->link), &depth) < 0;
}

static void
mark_links(struct manifest *m)
{
	struct manifest_entry *ent;
	size_t i;

	for (i = 0; i < m->n; i++) {
		ent = &m->v[i];
		if (ent->type == MF_HARDLINK && !link_earlier(m, ent))
			ent->flags |= MF_LINK_FORWARD;
		if (ent->type == MF_SYMLINK && link_outside(ent))
			ent->flags |= MF_LINK_OUTSIDE;
	}
}

int
marks_apply(struct manifest *m, struct err *e)
{
	if (m->n > 1)
		qsort(m->v, m->n, sizeof(*m->v), cmp_entry);
	mark_duplicates(m);
	if (mark_folded(m, e) < 0 || mark_below_link(m, e) < 0 ||
	    links_apply(m, e) < 0)
		return -1;
	mark_links(m);
	return 0;
}
