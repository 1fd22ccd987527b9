/* mfio_text: reading text manifests, mtree and sha256sum lines: the
 * line splitting, sha256sum lines and the comment lines that carry what
 * the lines cannot say (mtree lines: mfio_mtree.c; the shared helpers:
 * mfio_rd.c). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#define MFIO_PRIVATE
#include "manifest/mfio.h"
#include "manifest/mfio_private.h"


static const char *
skip_dot(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	return p;
}

/* The pending entry must be the one a comment names ("./PATH"; a
 * sha256sum line names it without "./"). */
static int
pending_is(struct mfio_rd *r, char *p, const char *what)
{
	if (mfio_unescape(p) < 0)
		return mfio_rd_bad(r, "malformed path", p);
	if (!r->have || strcmp(skip_dot(r->name), skip_dot(p)) != 0)
		return mfio_rd_bad(r, what, p);
	return 0;
}

/* "# hostile ./PATH: FLAG,FLAG" */
static int
c_hostile(struct mfio_rd *r, char *s)
{
	char *sep = strstr(s, ": "), *p, *fl;
	unsigned bit;

	if (sep == NULL)
		return mfio_rd_bad(r, "malformed hostile mark", s);
	*sep = '\0';
	if ((p = mfio_token(&s)) == NULL || mfio_token(&s) != NULL)
		return mfio_rd_bad(r, "malformed hostile mark", sep + 2);
	if (pending_is(r, p, "hostile mark not after its entry") < 0)
		return -1;
	for (s = sep + 2; (fl = strsep(&s, ",")) != NULL; ) {
		if (manifest_flag_parse(fl, &bit) < 0)
			return mfio_rd_bad(r, "unknown mark", fl);
		r->flags |= bit;
	}
	r->hline = r->line;
	return 0;
}

/* The next field of an outside record if it is KEY=..., else NULL. */
static char *
field(char **s, const char *key)
{
	char *p = *s + strspn(*s, " \t"), *save = *s, *t;
	size_t n = strlen(key);

	if (strncmp(p, key, n) != 0 || p[n] != '=')
		return NULL;
	t = mfio_token(s);
	if (t == NULL)
		*s = save;
	return t != NULL ? t + n + 1 : NULL;
}

/* "# outside NAME offset=N size=N [sha256=HEX] [hostile] [NOTE]": the
 * note is the rest of the line ("note: " before it if it could be read
 * as a field). */
static int
c_outside(struct mfio_rd *r, char *s)
{
	char *name, *off_s, *size_s, *sha_s, *p, sha[65] = "";
	uint64_t off, size;
	struct err ae = { "" };
	int hostile = 0;

	if ((name = mfio_token(&s)) == NULL || mfio_unescape(name) < 0 ||
	    strlen(name) >= sizeof(r->m->out[0].name) || name[0] == '\0')
		return mfio_rd_bad(r, "malformed outside record",
		    name ? name : "");
	if ((off_s = field(&s, "offset")) == NULL ||
	    mfio_parse_u64(off_s, UINT64_MAX, &off) < 0 ||
	    (size_s = field(&s, "size")) == NULL ||
	    mfio_parse_u64(size_s, UINT64_MAX, &size) < 0)
		return mfio_rd_bad(r, "malformed outside record", name);
	if ((sha_s = field(&s, "sha256")) != NULL && mfio_parse_sha256(sha_s,
	    sha) < 0)
		return mfio_rd_bad(r, "malformed outside record", name);
	p = s + strspn(s, " \t");
	if (strncmp(p, "hostile", 7) == 0 && (p[7] == '\0' || p[7] == ' ')) {
		hostile = 1;
		p += 7 + (p[7] == ' ');
	}
	if (strncmp(p, "note: ", 6) == 0)
		p += 6;
	if (manifest_outside_add(r->m, name, off, size, sha, p, hostile,
	    &ae) < 0)
		return mfio_rd_err(r, r->line, "%s", ae.msg);
	return 0;
}

/* A path as mfio writes it in a comment: "./PATH", "\057PATH" (starting
 * with "/") or "\000" (empty). */
static int
our_path(const char *p)
{
	return p != NULL && (strncmp(p, "./", 2) == 0 ||
	    strncmp(p, "\\057", 4) == 0 || strcmp(p, "\\000") == 0);
}

/* "# TYPE ./PATH[ link=TARGET]": in mtree it sets the type of the entry
 * above; in sha256sum it is an entry of its own. */
static int
c_typed(struct mfio_rd *r, enum manifest_type t, char *s)
{
	struct mfio_facts none;
	char *p = mfio_token(&s), *kw = mfio_token(&s);
	int rc;

	if (!our_path(p))
		return 0;	/* a comment of someone else's */
	if (kw != NULL && (strncmp(kw, "link=", 5) != 0 ||
	    mfio_token(&s) != NULL))
		return mfio_rd_bad(r, "malformed type line", kw);
	if (r->fmt == MFIO_MTREE) {
		if (pending_is(r, p, "type line not after its entry") < 0)
			return -1;
	} else {
		mfio_facts_init(&none);
		if (mfio_unescape(p) < 0)
			return mfio_rd_bad(r, "malformed path", p);
		if (mfio_pend(r, strdup(p), &none) < 0)
			return -1;
	}
	r->f.type = t;
	r->f.has_type = 1;
	if (kw != NULL && (rc = mfio_set_text(&r->f.link, kw + 5,
	    SIZE_MAX)) < 0)
		return rc == -2 ? mfio_oom(r) :
		    mfio_rd_bad(r, "malformed link", kw);
	return 0;
}

/* "# unrepresentable PATH sha256=HEX": in sha256sum, a file whose name
 * a sha256sum line cannot carry. */
static int
c_unrep(struct mfio_rd *r, char *s)
{
	struct mfio_facts f;
	char *p = mfio_token(&s), *kw = mfio_token(&s);

	if (r->fmt != MFIO_SHA256SUM || !our_path(p))
		return 0;
	mfio_facts_init(&f);
	f.has_type = 1;
	f.type = MF_FILE;
	if (kw == NULL || strncmp(kw, "sha256=", 7) != 0 ||
	    mfio_token(&s) != NULL || mfio_parse_sha256(kw + 7, f.sha256) < 0)
		return mfio_rd_bad(r, "malformed unrepresentable line",
		    kw ? kw : p);
	if (mfio_unescape(p) < 0)
		return mfio_rd_bad(r, "malformed path", p);
	return mfio_pend(r, strdup(p), &f);
}

/* "# root type=dir [KEYWORD=VALUE...]": the root directory's facts. */
static int
c_root(struct mfio_rd *r, char *s)
{
	struct manifest_entry *ent;
	struct mfio_facts f;
	struct err ae = { "" };
	char *kw;
	int rc = -1;

	if (strncmp(s + strspn(s, " \t"), "type=", 5) != 0)
		return 0;	/* a comment of someone else's */
	if (mfio_flush(r) < 0)
		return -1;
	mfio_facts_init(&f);
	while ((kw = mfio_token(&s)) != NULL)
		if (mfio_keyword(r, kw, &f) < 0)
			goto out;
	if (f.type != MF_DIR || f.size != MANIFEST_UNKNOWN || f.link != NULL ||
	    f.sha256[0] != '\0') {
		mfio_rd_err(r, r->line, "the root must be a directory");
		goto out;
	}
	if ((ent = manifest_add(r->m, "./", MF_DIR, f.mode & 07777,
	    MANIFEST_UNKNOWN, NULL, &ae)) == NULL) {
		mfio_rd_err(r, r->line, "%s", ae.msg);
		goto out;
	}
	ent->mode = f.mode;
	ent->has_mtime = f.has_mtime;
	ent->mtime = f.mtime;
	ent->uid = f.uid;
	ent->gid = f.gid;
	ent->uname = f.uname;
	ent->gname = f.gname;
	f.uname = f.gname = NULL;
	rc = 0;
out:
	mfio_facts_release(&f);
	return rc;
}

static int
comment(struct mfio_rd *r, char *s)
{
	enum manifest_type t;
	char *word = mfio_token(&s);

	if (word == NULL)
		return 0;
	if (strcmp(word, "outside") == 0)
		return c_outside(r, s);
	if (strcmp(word, "hostile") == 0)
		return c_hostile(r, s);
	if (strcmp(word, "root") == 0)
		return c_root(r, s);
	if (strcmp(word, "unrepresentable") == 0)
		return c_unrep(r, s);
	if (manifest_type_parse(word, &t) == 0)
		return c_typed(r, t, s);
	return 0;	/* "#mtree", "# kind K", other comments */
}

/* [\]HEX  NAME, the name escaped (\\, \n, \r) after a leading "\". */
static int
sum_line(struct mfio_rd *r, char *s)
{
	struct mfio_facts f;
	char *name, *o;
	int esc = s[0] == '\\';

	if (!mfio_sum_line(s, strlen(s)))
		return mfio_rd_bad(r, "not a sha256sum line", s);
	s += esc;
	name = o = s + 66;
	while (esc && *name != '\0') {
		if (*name != '\\') {
			*o++ = *name++;
			continue;
		}
		if (name[1] != '\\' && name[1] != 'n' && name[1] != 'r')
			return mfio_rd_bad(r, "malformed escape in", s + 66);
		*o++ = name[1] == 'n' ? '\n' : name[1] == 'r' ? '\r' : '\\';
		name += 2;
	}
	if (esc)
		*o = '\0';
	mfio_facts_init(&f);
	f.has_type = 1;
	f.type = MF_FILE;
	s[64] = '\0';
	if (mfio_parse_sha256(s, f.sha256) < 0)
		return mfio_rd_bad(r, "malformed hash", s);
	return mfio_pend(r, strdup(s + 66), &f);
}

/* Splits buf into lines (an mtree line ending in "\" goes on) and
 * hands each to its parser. */
static int
parse_lines(struct mfio_rd *r, char *buf, size_t len)
{
	char *p = buf, *end = buf + len, *nl;
	size_t more;

	while (p < end) {
		if (r->m->cancel != NULL && *r->m->cancel)
			return mfio_rd_err(r, r->line + 1, "cancelled");
		more = 0;
		nl = memchr(p, '\n', (size_t)(end - p));
		while (r->fmt == MFIO_MTREE && nl != NULL && nl > p &&
		    nl[-1] == '\\') {
			nl[-1] = *nl = ' ';
			more++;
			nl = memchr(nl, '\n', (size_t)(end - nl));
		}
		if (nl == NULL)
			nl = end;
		*nl = '\0';
		r->line++;
		if (strlen(p) != (size_t)(nl - p))
			return mfio_rd_err(r, r->line, "NUL byte in the line");
		if (r->fmt == MFIO_MTREE && nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*(p + strspn(p, " \t")) == '#') {
			if (comment(r, p + strspn(p, " \t") + 1) < 0)
				return -1;
		} else if (*(p + strspn(p, " \t")) != '\0') {
			if ((r->fmt == MFIO_MTREE ? mfio_mtree_line(r, p) :
			    sum_line(r, p)) < 0)
				return -1;
		}
		r->line += more;
		p = nl + 1;
	}
	return mfio_flush(r);
}

int
mfio_text_read(const char *path, enum mfio_format fmt, char *buf,
    size_t len, struct manifest *m, struct err *e)
{
	struct mfio_rd r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.path = path;
	r.fmt = fmt;
	r.m = m;
	r.e = e;
	r.cur = r.name = NULL;
	mfio_facts_init(&r.set);
	mfio_facts_init(&r.f);
	rc = parse_lines(&r, buf, len);
	free(r.cur);
	free(r.name);
	mfio_facts_release(&r.set);
	mfio_facts_release(&r.f);
	return rc;
}
