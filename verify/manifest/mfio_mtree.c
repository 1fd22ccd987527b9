/* mfio_mtree: mtree lines, ours, bsdtar's and BSD mtree's relative
 * form with /set, /unset and "..". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MFIO_PRIVATE
#include "manifest/mfio.h"
#include "manifest/mfio_private.h"

/* time=S or S.N (libarchive writes S.NSEC); the seconds are kept. */
static int
parse_time(char *s, int64_t *out)
{
	char *dot = strchr(s, '.');
	uint64_t v, ns;
	int neg = s[0] == '-';

	if (dot != NULL) {
		*dot = '\0';
		if (mfio_parse_u64(dot + 1, UINT64_MAX, &ns) < 0)
			return -1;
	}
	if (mfio_parse_u64(s + neg, INT64_MAX, &v) < 0)
		return -1;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

static int
parse_type(const char *v, enum manifest_type *t)
{
	static const char *const other[] = { "char", "block", "fifo",
	    "socket" };
	size_t i;

	if (strcmp(v, "file") == 0)
		*t = MF_FILE;
	else if (strcmp(v, "dir") == 0)
		*t = MF_DIR;
	else if (strcmp(v, "link") == 0)
		*t = MF_SYMLINK;
	else {
		for (i = 0; i < 4 && strcmp(v, other[i]) != 0; i++)
			;
		if (i == 4)
			return -1;
		*t = MF_OTHER;
	}
	return 0;
}

/* One KEY=VALUE; keywords this tool does not use are skipped. */
int
mfio_keyword(struct mfio_rd *r, char *kw, struct mfio_facts *f)
{
	char *v = strchr(kw, '=');
	uint64_t u = 0;
	int rc = 0;

	if (v == NULL)
		return strcmp(kw, "ignore") == 0 || strcmp(kw, "optional") == 0
		    || strcmp(kw, "nochange") == 0 ? 0 :
		    mfio_rd_bad(r, "malformed keyword", kw);
	*v++ = '\0';
	if (strcmp(kw, "type") == 0)
		rc = parse_type(v, &f->type), f->has_type = 1;
	else if (strcmp(kw, "mode") == 0) {
		rc = v[0] == '\0' || strspn(v, "01234567") != strlen(v) ||
		    strlen(v) > 6 || strtoul(v, NULL, 8) > 07777 ? -1 : 0;
		f->mode = (unsigned)strtoul(v, NULL, 8);
	} else if (strcmp(kw, "size") == 0)
		rc = mfio_parse_u64(v, UINT64_MAX - 1, &f->size);
	else if (strcmp(kw, "sha256digest") == 0 || strcmp(kw, "sha256") == 0)
		rc = mfio_parse_sha256(v, f->sha256);
	else if (strcmp(kw, "time") == 0)
		rc = parse_time(v, &f->mtime), f->has_mtime = 1;
	else if (strcmp(kw, "uid") == 0 || strcmp(kw, "gid") == 0) {
		rc = mfio_parse_u64(v, INT64_MAX, &u);
		*(kw[0] == 'u' ? &f->uid : &f->gid) = (int64_t)u;
	} else if (strcmp(kw, "link") == 0)
		rc = mfio_set_text(&f->link, v, SIZE_MAX);
	else if (strcmp(kw, "uname") == 0 || strcmp(kw, "gname") == 0)
		rc = mfio_set_text(kw[0] == 'u' ? &f->uname : &f->gname, v,
		    MANIFEST_MAX_OWNER);
	if (rc == -2)
		return mfio_oom(r);
	if (rc == -3)
		return mfio_rd_err(r, r->line, "%s longer than %d bytes", kw,
		    MANIFEST_MAX_OWNER);
	if (rc < 0) {
		v[-1] = '=';
		return mfio_rd_bad(r, "malformed keyword", kw);
	}
	return 0;
}

static void
unset(struct mfio_facts *f, const char *kw)
{
	if (strcmp(kw, "all") == 0)
		mfio_facts_release(f);
	else if (strcmp(kw, "type") == 0)
		f->has_type = 0;
	else if (strcmp(kw, "mode") == 0)
		f->mode = MFIO_NO_MODE;
	else if (strcmp(kw, "size") == 0)
		f->size = MANIFEST_UNKNOWN;
	else if (strcmp(kw, "sha256digest") == 0 || strcmp(kw, "sha256") == 0)
		f->sha256[0] = '\0';
	else if (strcmp(kw, "time") == 0)
		f->has_mtime = 0;
	else if (strcmp(kw, "uid") == 0)
		f->uid = -1;
	else if (strcmp(kw, "gid") == 0)
		f->gid = -1;
	else if (strcmp(kw, "link") == 0)
		free(f->link), f->link = NULL;
	else if (strcmp(kw, "uname") == 0)
		free(f->uname), f->uname = NULL;
	else if (strcmp(kw, "gname") == 0)
		free(f->gname), f->gname = NULL;
}

/* The full path of an mtree name: with a "/" it is one already ("/." is
 * bsdtar's root); else it is relative to the directory entered last. */
static char *
full_name(struct mfio_rd *r, const char *name, enum manifest_type t)
{
	char *full = NULL;

	if (strcmp(name, "/.") == 0)
		return strdup(".");
	if (strchr(name, '/') != NULL || name[0] == '\0')
		return strdup(name);
	if (r->cur == NULL)
		full = strdup(name);
	else if (asprintf(&full, "%s/%s", r->cur, name) < 0)
		full = NULL;
	if (full != NULL && t == MF_DIR) {
		free(r->cur);
		if ((r->cur = strdup(full)) == NULL) {
			free(full);
			full = NULL;
		}
	}
	return full;
}

static int
up(struct mfio_rd *r)
{
	char *slash;

	if (r->cur == NULL)
		return mfio_rd_err(r, r->line, "'..' above the top directory");
	if ((slash = strrchr(r->cur, '/')) != NULL)
		*slash = '\0';
	else {
		free(r->cur);
		r->cur = NULL;
	}
	return 0;
}

int
mfio_mtree_line(struct mfio_rd *r, char *s)
{
	struct mfio_facts f;
	char *name = mfio_token(&s), *kw;
	int rc = -1;

	if (name == NULL)
		return 0;
	if (strcmp(name, "/set") == 0 || strcmp(name, "/unset") == 0) {
		while ((kw = mfio_token(&s)) != NULL)
			if (name[1] == 'u')
				unset(&r->set, kw);
			else if (mfio_keyword(r, kw, &r->set) < 0)
				return -1;
		return 0;
	}
	if (name[0] == '/' && strcmp(name, "/.") != 0)
		return mfio_rd_bad(r, "unknown special line", name);
	if (mfio_unescape(name) < 0)
		return mfio_rd_bad(r, "malformed path", name);
	if (strcmp(name, "..") == 0)
		return mfio_flush(r) < 0 ? -1 : up(r);
	if (mfio_facts_copy(&f, &r->set) < 0)
		return mfio_oom(r);
	while ((kw = mfio_token(&s)) != NULL)
		if (mfio_keyword(r, kw, &f) < 0)
			goto out;
	if (mfio_pend(r, full_name(r, name, f.has_type ? f.type : MF_FILE),
	    &f) < 0)
		goto out;
	rc = 0;
out:
	mfio_facts_release(&f);
	return rc;
}

