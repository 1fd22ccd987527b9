/* mfio_rd: the helpers every manifest reader shares (mfio_text.c,
 * mfio_mtree.c, mfio_json.c): the facts of an entry, messages naming
 * FILE:LINE, tokens and mtree escapes, the pending entry. The bottom of
 * the mfio module: it calls nothing in the other mfio files. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#define MFIO_PRIVATE
#include "manifest/mfio.h"
#include "manifest/mfio_private.h"

#define SHOWN 64	/* bytes of an untrusted token shown in a message */

void
mfio_facts_init(struct mfio_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->mode = MFIO_NO_MODE;
	f->size = MANIFEST_UNKNOWN;
	f->uid = f->gid = -1;
	f->link = f->uname = f->gname = NULL;
}

void
mfio_facts_release(struct mfio_facts *f)
{
	free(f->link);
	free(f->uname);
	free(f->gname);
	mfio_facts_init(f);
}

static int
dup_or_null(char **dst, const char *src)
{
	*dst = src != NULL ? strdup(src) : NULL;
	return src != NULL && *dst == NULL ? -1 : 0;
}

int
mfio_facts_copy(struct mfio_facts *dst, const struct mfio_facts *src)
{
	*dst = *src;
	dst->link = dst->uname = dst->gname = NULL;
	if (dup_or_null(&dst->link, src->link) < 0 ||
	    dup_or_null(&dst->uname, src->uname) < 0 ||
	    dup_or_null(&dst->gname, src->gname) < 0) {
		mfio_facts_release(dst);
		return -1;
	}
	return 0;
}

/* Records "FILE:LINE: message" and returns -1. */
int
mfio_rd_err(struct mfio_rd *r, size_t line, const char *fmt, ...)
{
	char msg[768];
	char *q = escape_dup(r->path, strlen(r->path));
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set(r->e, "%s:%zu: %s", q != NULL ? q : "?", line, msg);
	free(q);
	return -1;
}

/* "FILE:LINE: WHAT 'TOKEN'" with the start of token escaped. */
int
mfio_rd_bad(struct mfio_rd *r, const char *what, const char *tok)
{
	size_t n = strlen(tok);
	char *q = escape_dup(tok, n > SHOWN ? SHOWN : n);
	int rc = mfio_rd_err(r, r->line, "%s '%s%s'", what, q != NULL ? q : "?",
	    n > SHOWN ? "..." : "");

	free(q);
	return rc;
}

int
mfio_oom(struct mfio_rd *r)
{
	return mfio_rd_err(r, r->line, "out of memory");
}

/* Next blank-separated token of *s, NUL-terminated in place, or NULL. */
char *
mfio_token(char **s)
{
	char *p = *s + strspn(*s, " \t"), *t = p;

	if (*p == '\0') {
		*s = p;
		return NULL;
	}
	p += strcspn(p, " \t");
	if (*p != '\0')
		*p++ = '\0';
	*s = p;
	return t;
}

/* Decodes, in place, the escapes libarchive's mtree reader knows: \ooo
 * and \a \b \f \n \r \s \t \v \\. -1 for another or a NUL; a whole
 * "\000" is the empty string (how mfio writes an empty name). */
int
mfio_unescape(char *s)
{
	static const char from[] = "abfnrstv\\", to[] = "\a\b\f\n\r \t\v\\";
	const char *p = s, *k;
	char *o = s;
	unsigned v;

	if (strcmp(s, "\\000") == 0) {
		s[0] = '\0';
		return 0;
	}
	while (*p != '\0') {
		if (*p != '\\') {
			*o++ = *p++;
			continue;
		}
		p++;
		if (p[0] >= '0' && p[0] <= '3' && p[1] >= '0' && p[1] <= '7' &&
		    p[2] >= '0' && p[2] <= '7') {
			v = (unsigned)(p[0] - '0') << 6 |
			    (unsigned)(p[1] - '0') << 3 |
			    (unsigned)(p[2] - '0');
			if (v == 0)
				return -1;
			*o++ = (char)v;
			p += 3;
			continue;
		}
		if (*p == '\0' || (k = strchr(from, *p)) == NULL)
			return -1;
		*o++ = to[k - from];
		p++;
	}
	*o = '\0';
	return 0;
}

/* Decimal digits only, at most max. */
int
mfio_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' ||
		    v > (max - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

int
mfio_parse_sha256(const char *v, char out[65])
{
	size_t i;

	if (strlen(v) != 64 || strspn(v, "0123456789abcdefABCDEF") != 64)
		return -1;
	for (i = 0; i < 64; i++)
		out[i] = (char)(v[i] >= 'A' && v[i] <= 'F' ? v[i] + 32 : v[i]);
	out[64] = '\0';
	return 0;
}

/* Unescapes v into a copy at *dst: 0, -1 malformed, -2 out of memory,
 * -3 longer than max bytes. */
int
mfio_set_text(char **dst, char *v, size_t max)
{
	char *d;

	if (mfio_unescape(v) < 0)
		return -1;
	if (strlen(v) > max)
		return -3;
	if ((d = strdup(v)) == NULL)
		return -2;
	free(*dst);
	*dst = d;
	return 0;
}

/* Adds the pending entry to the manifest. */
int
mfio_flush(struct mfio_rd *r)
{
	struct mfio_facts *f = &r->f;
	enum manifest_type t = f->has_type ? f->type : MF_FILE;
	int content = t == MF_FILE || t == MF_HARDLINK;
	struct manifest_entry *ent;
	struct err ae = { "" };
	int rc = -1;

	if (!r->have)
		return 0;
	r->have = 0;
	ent = manifest_add(r->m, r->name, t, f->mode & 07777, content ?
	    f->size : MANIFEST_UNKNOWN, t == MF_SYMLINK || t == MF_HARDLINK ?
	    f->link : NULL, &ae);
	if (ent == NULL) {
		mfio_rd_err(r, r->pline, "%s", ae.msg);
		goto out;
	}
	if (ent == &r->m->root && r->flags != 0) {
		mfio_rd_err(r, r->hline, "hostile marks on the root directory");
		goto out;
	}
	ent->mode = f->mode;
	ent->size = content ? f->size : 0;
	if (t == MF_FILE)
		memcpy(ent->sha256, f->sha256, sizeof(ent->sha256));
	ent->has_mtime = f->has_mtime;
	ent->mtime = f->mtime;
	ent->uid = f->uid;
	ent->gid = f->gid;
	ent->uname = f->uname;
	ent->gname = f->gname;
	f->uname = f->gname = NULL;
	ent->flags |= r->flags;
	mfio_order(ent);
	rc = 0;
out:
	free(r->name);
	r->name = NULL;
	mfio_facts_release(f);
	return rc;
}

/* Starts a pending entry named name (taken over), facts from base. */
int
mfio_pend(struct mfio_rd *r, char *name, const struct mfio_facts *base)
{
	if (mfio_flush(r) < 0) {
		free(name);
		return -1;
	}
	if (name == NULL || mfio_facts_copy(&r->f, base) < 0) {
		free(name);
		return mfio_oom(r);
	}
	r->name = name;
	r->have = 1;
	r->pline = r->line;
	r->flags = 0;
	return 0;
}

void
mfio_order(struct manifest_entry *ent)
{
	if (ent->type == MF_HARDLINK)
		ent->order += SIZE_MAX / 2;
}

/* A sha256sum line s[0..n): [\]HEX64, then two spaces or " *", then a
 * name. */
int
mfio_sum_line(const char *s, size_t n)
{
	size_t i;

	if (n > 0 && s[0] == '\\')
		s++, n--;
	if (n <= 66)
		return 0;
	for (i = 0; i < 64; i++)
		if (s[i] == '\0' || strchr("0123456789abcdefABCDEF", s[i]) ==
		    NULL)
			return 0;
	return s[64] == ' ' && (s[65] == ' ' || s[65] == '*');
}
