/* rebase: a manifest's paths under another top folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/rebase.h"

/* Marks that manifest_finish sets from the entries together. */
#define RELATIONAL (MF_DUPLICATE | MF_DUP_FOLDED | MF_BELOW_LINK | \
	MF_LINK_FORWARD | MF_LINK_OUTSIDE)

int
rebase_parse_prefix(const char *s, char *buf, size_t cap,
    struct rebase_opts *o, struct err *e)
{
	const char *eq = strchr(s, '=');
	size_t lo, ln;

	if (eq == NULL || eq == s || strlen(s) >= cap) {
		err_set(e, "--prefix takes OLD=NEW (OLD not empty)");
		return -1;
	}
	lo = (size_t)(eq - s);
	ln = strlen(eq + 1);
	if (s[0] == '/' || s[lo - 1] == '/' || eq[1] == '/' ||
	    (ln > 0 && eq[ln] == '/')) {
		err_set(e, "--prefix: OLD and NEW are folders without a "
		    "leading or trailing '/'");
		return -1;
	}
	memcpy(buf, s, strlen(s) + 1);
	buf[lo] = '\0';
	o->old = buf;
	o->new_ = buf + lo + 1;
	return 0;
}

/* The new path of p (malloc'd), or NULL with *drop set when it goes. */
static char *
new_path(const char *p, const struct rebase_opts *o, int *drop)
{
	unsigned n;
	size_t lo;
	char *s;

	*drop = 0;
	for (n = 0; n < o->strip && p != NULL; n++)
		if ((p = strchr(p, '/')) != NULL)
			p++;
	if (p == NULL || *p == '\0') {
		*drop = 1;
		return NULL;
	}
	if (o->old != NULL && strncmp(p, o->old, lo = strlen(o->old)) == 0 &&
	    (p[lo] == '\0' || p[lo] == '/')) {
		if (o->new_[0] == '\0' && p[lo] == '\0') {
			*drop = 1;
			return NULL;
		}
		if (asprintf(&s, "%s%s", o->new_[0] != '\0' ? o->new_ : "",
		    o->new_[0] != '\0' ? p + lo : p + lo + 1) < 0)
			return NULL;
		return s;
	}
	return strdup(p);
}

static int
by_order(const void *a, const void *b)
{
	const struct manifest_entry *x = *(struct manifest_entry *const *)a,
	    *y = *(struct manifest_entry *const *)b;

	return (x->order > y->order) - (x->order < y->order);
}

/* Adds x to out under its new path. */
static int
copy_entry(struct manifest *out, const struct manifest_entry *x,
    const struct rebase_opts *o, struct err *e)
{
	struct manifest_entry *ent;
	char *p, *l = NULL;
	int drop, ldrop, rc = -1;

	if ((p = new_path(x->path, o, &drop)) == NULL) {
		if (!drop)
			err_set(e, "out of memory");
		return drop ? 0 : -1;
	}
	if (x->type == MF_HARDLINK && x->link != NULL &&
	    (l = new_path(x->link, o, &ldrop)) == NULL && !ldrop) {
		err_set(e, "out of memory");
		goto out;
	}
	if ((ent = manifest_add(out, p, x->type, x->mode, x->declared,
	    x->type == MF_HARDLINK ? (l != NULL ? l : x->link) : x->link,
	    e)) == NULL || manifest_set_owner(ent, x->uname, x->gname, e) < 0)
		goto out;
	ent->size = x->size;
	memcpy(ent->sha256, x->sha256, sizeof(ent->sha256));
	memcpy(ent->md5, x->md5, sizeof(ent->md5));
	ent->mtime = x->mtime;
	ent->has_mtime = x->has_mtime;
	ent->uid = x->uid;
	ent->gid = x->gid;
	ent->flags |= x->flags & ~RELATIONAL;
	rc = 0;
out:
	free(p);
	free(l);
	return rc;
}

int
rebase_manifest(struct manifest *m, const struct rebase_opts *o,
    struct err *e)
{
	struct manifest out;
	struct manifest_entry **v = NULL;
	size_t i;
	int rc = -1;

	if (o->strip == 0 && o->old == NULL)
		return 0;
	manifest_init(&out, &m->caps);
	out.cancel = m->cancel;
	memcpy(out.kind, m->kind, sizeof(out.kind));
	if ((v = calloc(m->n + 1, sizeof(*v))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	for (i = 0; i < m->n; i++)
		v[i] = &m->v[i];
	qsort(v, m->n, sizeof(*v), by_order);
	for (i = 0; i < m->n; i++)
		if (copy_entry(&out, v[i], o, e) < 0)
			goto out;
	for (i = 0; i < m->nout; i++)
		if (strncmp(m->out[i].name, "root-", 5) != 0 &&
		    manifest_outside_add(&out, m->out[i].name,
		    m->out[i].offset, m->out[i].size, m->out[i].sha256,
		    m->out[i].note, m->out[i].hostile, e) < 0)
			goto out;
	if (m->nroot > 0) {
		out.root = m->root;
		out.nroot = m->nroot;
		memset(&m->root, 0, sizeof(m->root));
		m->nroot = 0;
	}
	if (manifest_finish(&out, e) < 0)
		goto out;
	manifest_release(m);
	*m = out;
	memset(&out, 0, sizeof(out));
	rc = 0;
out:
	free(v);
	manifest_release(&out);
	return rc;
}
