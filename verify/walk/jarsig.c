#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#include "base/escape.h"
#include "walk/apk.h"
#include "walk/arc.h"
#include "walk/authcode.h"
#include "walk/jarsig.h"

#define MF_PATH		"META-INF/MANIFEST.MF"
#define MAX_ATTRS	8		/* attributes of one section */
#define B64_SHA256	45		/* base64 of 32 bytes, NUL */

struct attr {
	char *key, *value;
};

/* One section: its raw bytes (blank line included) and attributes. */
struct section {
	size_t start, end;
	struct attr a[MAX_ATTRS];
	size_t na;
};

struct jar {
	struct section *s;
	size_t n;
};

struct ctx {
	struct jarsig_result *r;
	const char *file;		/* being audited */
};

static void finding(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
finding(struct ctx *c, const char *fmt, ...)
{
	char msg[160], *q;
	va_list ap;

	if (c->r->nfindings++ > 0)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	q = escape_dup(msg, strlen(msg));
	snprintf(c->r->first, sizeof(c->r->first), "%s: %s", c->file,
	    q != NULL ? q : "?");
	free(q);
}

static void
jar_free(struct jar *j)
{
	size_t i, k;

	for (i = 0; i < j->n; i++)
		for (k = 0; k < j->s[i].na; k++) {
			free(j->s[i].a[k].key);
			free(j->s[i].a[k].value);
		}
	free(j->s);
	j->s = NULL;
	j->n = 0;
}

static const char *
get(const struct section *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->na; i++)
		if (strcmp(s->a[i].key, key) == 0)
			return s->a[i].value;
	return NULL;
}

/* Appends p[0..n) to *v. */
static int
append(char **v, const char *p, size_t n)
{
	size_t old = *v != NULL ? strlen(*v) : 0;
	char *t = realloc(*v, old + n + 1);

	if (t == NULL)
		return -1;
	memcpy(t + old, p, n);
	t[old + n] = '\0';
	*v = t;
	return 0;
}

/* A "Key: value" line into section s; 1 if malformed. */
static int
add_line(struct ctx *c, struct section *s, const char *l, size_t n)
{
	static const char keych[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	    "opqrstuvwxyz0123456789-_";
	char key[80];
	size_t k = 0;

	while (k < n && memchr(keych, l[k], sizeof(keych) - 1) != NULL)
		k++;

	if (k == 0 || k > n || k + 2 > n || l[k] != ':' || l[k + 1] != ' ' ||
	    k >= sizeof(key)) {
		finding(c, "a line that is no \"Key: value\"");
		return 1;
	}
	memcpy(key, l, k);
	key[k] = '\0';
	if (get(s, key) != NULL || s->na == MAX_ATTRS) {
		finding(c, "attribute '%.60s' repeated or too many", key);
		return 1;
	}
	if ((s->a[s->na].key = strdup(key)) == NULL ||
	    append(&s->a[s->na].value, l + k + 2, n - k - 2) < 0) {
		free(s->a[s->na].key);
		return -1;
	}
	s->na++;
	return 0;
}

/* The next line of b[*pos..len): its bytes and length, *pos past its
 * end of line; 0 at the end. */
static int
next_line(const unsigned char *b, size_t len, size_t *pos, const char **l,
    size_t *n)
{
	size_t i = *pos;

	if (i >= len)
		return 0;
	while (i < len && b[i] != '\n' && b[i] != '\r')
		i++;
	*l = (const char *)b + *pos;
	*n = i - *pos;
	if (i < len && b[i] == '\r') {
		if (++i < len && b[i] == '\n')
			i++;
	} else if (i < len && b[i] == '\n') {
		i++;
	}
	*pos = i;
	return 1;
}

/* Parses b[0..len) into sections; 1 on a finding, -1 out of memory. */
static int
jar_parse(struct ctx *c, const unsigned char *b, size_t len, struct jar *j)
{
	struct section *s = NULL, *t;
	size_t pos = 0, n;
	const char *l;
	int rc;

	if (memchr(b, '\0', len) != NULL) {
		finding(c, "a NUL byte");
		return 1;
	}
	while (next_line(b, len, &pos, &l, &n)) {
		if (n == 0) {
			if (s != NULL)
				s->end = pos;
			s = NULL;
			continue;
		}
		if (s == NULL) {
			if ((t = realloc(j->s, (j->n + 1) * sizeof(*t))) == NULL)
				return -1;
			j->s = t;
			s = &j->s[j->n++];
			memset(s, 0, sizeof(*s));
			s->start = (size_t)(l - (const char *)b);
		}
		s->end = pos;
		if (l[0] == ' ') {
			if (s->na == 0) {
				finding(c, "a continuation line first");
				return 1;
			}
			if (append(&s->a[s->na - 1].value, l + 1, n - 1) < 0)
				return -1;
		} else if ((rc = add_line(c, s, l, n)) != 0)
			return rc;
	}
	if (j->n == 0)
		finding(c, "empty");
	return j->n == 0;
}

/* Every key of s is one of keys[] (NULL-terminated); 1 and a finding
 * if not. */
static int
only(struct ctx *c, const struct section *s, const char *const *keys)
{
	size_t i, k;

	for (i = 0; i < s->na; i++) {
		for (k = 0; keys[k] != NULL && strcmp(keys[k], s->a[i].key) != 0;
		    k++)
			;
		if (keys[k] == NULL) {
			finding(c, "attribute '%.60s' (a signer writes none)",
			    s->a[i].key);
			return 1;
		}
	}
	return 0;
}

static void
b64(const unsigned char *d, size_t n, char *out)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789+/";
	size_t i, o = 0;
	unsigned v;

	for (i = 0; i < n; i += 3) {
		v = (unsigned)d[i] << 16 | (i + 1 < n ? d[i + 1] : 0) << 8 |
		    (i + 2 < n ? d[i + 2] : 0);
		out[o++] = t[v >> 18 & 63];
		out[o++] = t[v >> 12 & 63];
		out[o++] = i + 1 < n ? t[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? t[v & 63] : '=';
	}
	out[o] = '\0';
}

static void
b64_sha256(const void *p, size_t n, char out[B64_SHA256])
{
	unsigned char d[32];

	gcry_md_hash_buffer(GCRY_MD_SHA256, d, p, n);
	b64(d, 32, out);
}

static void
b64_hex(const char *hex, char out[B64_SHA256])
{
	unsigned char d[32];
	unsigned v;
	size_t i;

	for (i = 0; i < 32; i++) {
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			v = 0;
		d[i] = (unsigned char)v;
	}
	b64(d, 32, out);
}

/* A name and what it names (a section or a manifest entry), in arrays
 * sorted by name, so a large APK is not audited in quadratic time. */
struct named {
	const char *name;
	const void *p;
};

static int
named_cmp(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name,
	    ((const struct named *)b)->name);
}

static const void *
named_find(const struct named *v, size_t n, const char *name)
{
	struct named k = { name, NULL };
	const struct named *f;

	if (n == 0)
		return NULL;
	f = bsearch(&k, v, n, sizeof(*v), named_cmp);
	return f != NULL ? f->p : NULL;
}

/* MANIFEST.MF's entry sections by their Name (those without one are
 * check_mf's finding); a Name given twice is a finding, as readers
 * differ on which section they take. */
struct mfidx {
	struct named *v;
	size_t n;
};

static int
mfidx_build(struct ctx *c, const struct jar *mf, struct mfidx *x)
{
	const char *n;
	size_t i;

	x->n = 0;
	if ((x->v = calloc(mf->n > 0 ? mf->n : 1, sizeof(*x->v))) == NULL)
		return -1;
	for (i = 1; i < mf->n; i++)
		if ((n = get(&mf->s[i], "Name")) != NULL) {
			x->v[x->n].name = n;
			x->v[x->n++].p = &mf->s[i];
		}
	qsort(x->v, x->n, sizeof(*x->v), named_cmp);
	for (i = 1; i < x->n; i++)
		if (strcmp(x->v[i - 1].name, x->v[i].name) == 0) {
			finding(c, "two sections named '%.80s'", x->v[i].name);
			break;
		}
	return 0;
}

/* MANIFEST.MF: its sections against the APK's entries. 0, or -1 out of
 * memory. */
static int
check_mf(struct ctx *c, const struct jar *j, const struct mfidx *x,
    const struct manifest *m)
{
	static const char *const main_keys[] = { "Manifest-Version",
	    "Created-By", "Built-By", NULL };
	static const char *const entry_keys[] = { "Name", "SHA-256-Digest",
	    NULL };
	const struct manifest_entry *ent;
	struct named *ents;
	char want[B64_SHA256];
	const char *name, *dg;
	size_t i, n = 0;

	if (only(c, &j->s[0], main_keys))
		return 0;
	/* The entries a signer names: files, but the v1 files. */
	if ((ents = calloc(m->n > 0 ? m->n : 1, sizeof(*ents))) == NULL)
		return -1;
	for (i = 0; i < m->n; i++)
		if (m->v[i].type == MF_FILE &&
		    !apk_is_v1_sigfile(m->v[i].path)) {
			ents[n].name = m->v[i].path;
			ents[n++].p = &m->v[i];
		}
	qsort(ents, n, sizeof(*ents), named_cmp);
	for (i = 1; i < j->n; i++) {
		if (only(c, &j->s[i], entry_keys))
			goto out;
		name = get(&j->s[i], "Name");
		dg = get(&j->s[i], "SHA-256-Digest");
		if (name == NULL || dg == NULL) {
			finding(c, "a section without Name or SHA-256-Digest");
			goto out;
		}
		if ((ent = named_find(ents, n, name)) == NULL) {
			finding(c, "'%.80s' is no entry of the APK", name);
			goto out;
		}
		b64_hex(ent->sha256, want);
		if (strcmp(want, dg) != 0) {
			finding(c, "the digest of '%.80s' does not match", name);
			goto out;
		}
	}
	for (i = 0; i < n; i++)
		if (named_find(x->v, x->n, ents[i].name) == NULL) {
			finding(c, "'%.80s' is not named", ents[i].name);
			goto out;
		}
out:
	free(ents);
	return 0;
}

/* A .SF file against MANIFEST.MF (mfb, its bytes, parsed as mf). */
static void
check_sf(struct ctx *c, const struct jar *j, const struct jar *mf,
    const struct mfidx *x, const struct jarsig_file *mff)
{
	static const char *const main_keys[] = { "Signature-Version",
	    "Created-By", "SHA-256-Digest-Manifest",
	    "SHA-256-Digest-Manifest-Main-Attributes",
	    "X-Android-APK-Signed", NULL };
	static const char *const entry_keys[] = { "Name", "SHA-256-Digest",
	    NULL };
	const struct section *ms;
	char want[B64_SHA256];
	const char *v;
	size_t i;

	if (only(c, &j->s[0], main_keys))
		return;
	if ((v = get(&j->s[0], "SHA-256-Digest-Manifest")) == NULL) {
		finding(c, "no SHA-256-Digest-Manifest");
		return;
	}
	b64_sha256(mff->data, mff->len, want);
	if (strcmp(want, v) != 0) {
		finding(c, "SHA-256-Digest-Manifest does not match");
		return;
	}
	v = get(&j->s[0], "SHA-256-Digest-Manifest-Main-Attributes");
	b64_sha256(mff->data + mf->s[0].start, mf->s[0].end - mf->s[0].start,
	    want);
	if (v != NULL && strcmp(want, v) != 0) {
		finding(c, "SHA-256-Digest-Manifest-Main-Attributes does not "
		    "match");
		return;
	}
	for (i = 1; i < j->n; i++) {
		if (only(c, &j->s[i], entry_keys))
			return;
		v = get(&j->s[i], "Name");
		if (v == NULL || (ms = named_find(x->v, x->n, v)) == NULL) {
			finding(c, "a section for no manifest section");
			return;
		}
		b64_sha256(mff->data + ms->start, ms->end - ms->start, want);
		if ((v = get(&j->s[i], "SHA-256-Digest")) == NULL ||
		    strcmp(want, v) != 0) {
			finding(c, "the digest of a manifest section does not "
			    "match");
			return;
		}
	}
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n > k && strcmp(s + n - k, suf) == 0;
}

/* The .SF file beside signature block path ("X.RSA" -> "X.SF"). */
static const struct jarsig_file *
sf_of(const struct jarsig_file *files, size_t n, const char *path)
{
	const char *dot = strrchr(path, '.');
	size_t i, base = (size_t)(dot - path);

	for (i = 0; dot != NULL && i < n; i++)
		if (strlen(files[i].path) == base + 3 &&
		    strncmp(files[i].path, path, base) == 0 &&
		    strcmp(files[i].path + base, ".SF") == 0)
			return &files[i];
	return NULL;
}

static int
check_block(struct ctx *c, const struct jarsig_file *files, size_t n,
    const struct jarsig_file *f, struct err *e)
{
	struct authcode_info ai;

	if (sf_of(files, n, f->path) == NULL)
		finding(c, "a signature block without its .SF");
	if (authcode_audit(f->data, f->len, &ai, e) < 0)
		return -1;
	if (ai.nhostile > 0)
		finding(c, "%.120s", ai.first_hostile);
	return 0;
}

int
jarsig_audit(const struct jarsig_file *files, size_t n,
    const struct manifest *m, struct jarsig_result *r, struct err *e)
{
	struct ctx c = { r, MF_PATH };
	const struct jarsig_file *mff = NULL;
	struct jar mf = { NULL, 0 }, sf = { NULL, 0 };
	struct mfidx x = { NULL, 0 };
	size_t i;
	int rc = -1, pr;

	memset(r, 0, sizeof(*r));
	r->nfiles = n;
	for (i = 0; i < n; i++)
		if (strcmp(files[i].path, MF_PATH) == 0)
			mff = &files[i];
	if (mff != NULL) {
		if ((pr = jar_parse(&c, mff->data, mff->len, &mf)) < 0)
			goto nomem;
		if (pr == 0 && (mfidx_build(&c, &mf, &x) < 0 ||
		    check_mf(&c, &mf, &x, m) < 0))
			goto nomem;
	}
	for (i = 0; i < n; i++) {
		c.file = files[i].path;
		if (&files[i] == mff)
			continue;
		if (!has_suffix(files[i].path, ".SF")) {
			if (check_block(&c, files, n, &files[i], e) < 0)
				goto out;
			continue;
		}
		if (mff == NULL || mf.n == 0) {
			finding(&c, "a .SF without a MANIFEST.MF that parses");
			continue;
		}
		if ((pr = jar_parse(&c, files[i].data, files[i].len, &sf)) < 0)
			goto nomem;
		if (pr == 0)
			check_sf(&c, &sf, &mf, &x, mff);
		jar_free(&sf);
	}
	rc = 0;
	goto out;
nomem:
	err_set(e, "out of memory reading the APK's v1 signature files");
out:
	free(x.v);
	jar_free(&sf);
	jar_free(&mf);
	return rc;
}

/* The APK's v1 signature files, read whole. */
struct v1set {
	struct jarsig_file f[JARSIG_MAX_FILES];
	size_t n;
};

static int
v1_collect(const char *path, const unsigned char *data, size_t len,
    void *ctx, struct err *e)
{
	struct v1set *v = ctx;
	struct jarsig_file *f = &v->f[v->n];

	if (v->n == JARSIG_MAX_FILES) {
		err_set(e, "more than %d APK v1 signature files",
		    JARSIG_MAX_FILES);
		return -1;
	}
	f->path = strdup(path);
	f->data = malloc(len > 0 ? len : 1);
	if (f->path == NULL || f->data == NULL) {
		free(f->path);
		free(f->data);
		err_set(e, "out of memory");
		return -1;
	}
	if (len > 0)
		memcpy(f->data, data, len);
	f->len = len;
	v->n++;
	return 0;
}

int
jarsig_outside(int fd, const char *name, struct manifest *m, struct err *e)
{
	struct v1set *v = calloc(1, sizeof(*v));
	struct jarsig_result jr;
	char note[256];
	size_t i;
	int rc = -1;

	if (v == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	if (arc_zip_each(fd, name, apk_is_v1_sigfile, v1_collect, v,
	    JARSIG_MAX_SIZE, e) < 0 || jarsig_audit(v->f, v->n, m, &jr, e) < 0)
		goto out;
	if (v->n == 0) {
		rc = 0;
		goto out;
	}
	if (jr.nfindings == 0)
		snprintf(note, sizeof(note), "%zu file%s, clean", v->n,
		    v->n == 1 ? "" : "s");
	else
		snprintf(note, sizeof(note), "%zu finding%s, first: %s",
		    jr.nfindings, jr.nfindings == 1 ? "" : "s", jr.first);
	rc = manifest_outside_add(m, "apk-v1-signature", 0, 0, "", note,
	    jr.nfindings > 0, e);
out:
	for (i = 0; i < v->n; i++) {
		free(v->f[i].path);
		free(v->f[i].data);
	}
	free(v);
	return rc;
}
