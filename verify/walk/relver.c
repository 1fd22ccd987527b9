#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/file.h"
#include "manifest/manifest.h"
#include "walk/axml.h"
#include "walk/inspect.h"
#include "walk/pever.h"
#include "walk/relver.h"

#define KEEP_MAX (1024 * 1024)	/* bytes kept of one version file */

enum want { W_NONE, W_PY, W_MANIFEST };

/* One kept entry: the last version file seen of its kind. */
struct kept {
	unsigned char *buf;
	size_t len;
	int seen;		/* entries of that kind (2: ambiguous) */
	int over;		/* longer than KEEP_MAX */
	char path[160];		/* escaped */
};

struct peek {
	struct kept py, axml;
	struct kept *cur;	/* the entry being read, or NULL */
	int oom;
};

/* "usr/lib/python3.N/site-packages/electrum/version.py" */
static int
appimage_py(const char *p)
{
	static const char pre[] = "usr/lib/python3.";
	static const char post[] = "/site-packages/electrum/version.py";
	const char *s;

	if (strncmp(p, pre, sizeof(pre) - 1) != 0)
		return 0;
	s = p + sizeof(pre) - 1;
	if (*s < '0' || *s > '9')
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	return strcmp(s, post) == 0;
}

/* "TOP/electrum/version.py" with TOP one component */
static int
tarball_py(const char *p)
{
	const char *slash = strchr(p, '/');

	return slash != NULL && slash != p &&
	    strcmp(slash, "/electrum/version.py") == 0;
}

static enum want
wanted(const char *path)
{
	if (strcmp(path, "AndroidManifest.xml") == 0)
		return W_MANIFEST;
	if (tarball_py(path) || appimage_py(path))
		return W_PY;
	return W_NONE;
}

static void
on_peek(void *ctx, const char *path, const void *buf, size_t len)
{
	struct peek *pk = ctx;
	struct kept *k;
	unsigned char *nb;
	char *q;

	if (buf == NULL) {	/* a new entry */
		switch (wanted(path)) {
		case W_PY:
			pk->cur = &pk->py;
			break;
		case W_MANIFEST:
			pk->cur = &pk->axml;
			break;
		default:
			pk->cur = NULL;
			return;
		}
		k = pk->cur;
		k->seen++;
		k->len = 0;
		k->over = 0;
		q = escape_dup(path, strlen(path));
		snprintf(k->path, sizeof(k->path), "%s", q ? q : "?");
		free(q);
		return;
	}
	if ((k = pk->cur) == NULL || k->over)
		return;
	if (len > KEEP_MAX - k->len) {
		k->over = 1;
		return;
	}
	if ((nb = realloc(k->buf, k->len + len + 1)) == NULL) {
		pk->oom = 1;
		k->over = 1;
		return;
	}
	k->buf = nb;
	memcpy(k->buf + k->len, buf, len);
	k->len += len;
	k->buf[k->len] = '\0';
}

int
relver_from_py(const char *text, size_t len, char *out, size_t cap)
{
	static const char key[] = "ELECTRUM_VERSION";
	const char *p = text, *end = text + len, *eol, *q;
	size_t n;
	char quote;

	for (; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if ((size_t)(eol - p) < sizeof(key) ||
		    memcmp(p, key, sizeof(key) - 1) != 0)
			continue;
		q = p + sizeof(key) - 1;
		while (q < eol && *q == ' ')
			q++;
		if (q == eol || *q++ != '=')
			continue;
		while (q < eol && *q == ' ')
			q++;
		if (q == eol || (*q != '\'' && *q != '"'))
			continue;
		quote = *q++;
		for (n = 0; q + n < eol && q[n] != quote; n++)
			;
		if (q + n == eol || n == 0 || n >= cap)
			continue;
		memcpy(out, q, n);
		out[n] = '\0';
		return 1;
	}
	return 0;
}

/* The top directory "Electrum-X/" of a tarball: X in top, "" if no
 * entry lies under such a directory. Other top-level entries are not
 * versions (the manifest marks the hostile ones); two different
 * "Electrum-X" directories are a conflict. */
static void
top_version(const struct manifest *m, struct relver *v, char *top,
    size_t cap)
{
	size_t i, n;
	const char *p, *s;

	top[0] = '\0';
	for (i = 0; i < m->n; i++) {
		p = m->v[i].path;
		s = strchr(p, '/');
		n = s ? (size_t)(s - p) : strlen(p);
		if (n <= 9 || strncmp(p, "Electrum-", 9) != 0)
			continue;
		if (top[0] == '\0') {
			snprintf(top, cap, "%.*s", (int)(n - 9), p + 9);
			continue;
		}
		if (strlen(top) != n - 9 || strncmp(top, p + 9, n - 9) != 0) {
			snprintf(v->conflict, sizeof(v->conflict), "the "
			    "tarball has more than one Electrum-VERSION/ "
			    "top directory");
			top[0] = '\0';
			return;
		}
	}
}

static void
set_version(struct relver *v, const char *ver, const char *where)
{
	char *q = escape_dup(ver, strlen(ver));

	if (v->version[0] == '\0') {
		snprintf(v->version, sizeof(v->version), "%s", q ? q : "?");
		snprintf(v->where, sizeof(v->where), "%s", where);
	} else if (strcmp(v->version, q ? q : "?") != 0) {
		snprintf(v->conflict, sizeof(v->conflict), "%s says %s but %s "
		    "says %.31s", v->where, v->version, where, q ? q : "?");
	} else {
		size_t l = strlen(v->where);

		snprintf(v->where + l, sizeof(v->where) - l, " and %s", where);
	}
	free(q);
}

static void
from_py(struct peek *pk, struct relver *v)
{
	char ver[32], where[200];

	if (pk->py.seen == 0)
		return;
	if (pk->py.seen > 1 || pk->py.over) {
		snprintf(v->conflict, sizeof(v->conflict), "%s", pk->py.seen > 1
		    ? "more than one electrum/version.py" :
		    "electrum/version.py is too large");
		return;
	}
	if (!relver_from_py((const char *)pk->py.buf, pk->py.len, ver,
	    sizeof(ver))) {
		snprintf(v->conflict, sizeof(v->conflict), "'%.120s' sets no "
		    "ELECTRUM_VERSION", pk->py.path);
		return;
	}
	snprintf(where, sizeof(where), "'%.120s'", pk->py.path);
	set_version(v, ver, where);
}

static int
from_apk(struct peek *pk, struct relver *v, struct err *e)
{
	char ver[32];
	int r;

	if (pk->axml.seen == 0)
		return 0;
	if (pk->axml.seen > 1 || pk->axml.over) {
		snprintf(v->conflict, sizeof(v->conflict), "%s", pk->axml.seen
		    > 1 ? "more than one AndroidManifest.xml" :
		    "AndroidManifest.xml is too large");
		return 0;
	}
	r = axml_version_name(pk->axml.buf, pk->axml.len, ver, sizeof(ver), e);
	if (r > 0)
		set_version(v, ver, "versionName in AndroidManifest.xml");
	return r < 0 ? -1 : 0;
}

/* The kind of the file, from its bytes as inspect tells it. */
static int
sniff(const char *path, enum artifact_kind *kind, struct err *e)
{
	const struct artifact_type *type;
	uint64_t size;
	int fd, rc;

	if ((fd = file_open(path, &size, e)) < 0)
		return -1;
	rc = inspect_sniff(fd, size, path, &type, e);
	if (rc == 0)
		*kind = type->kind;
	close(fd);
	return rc;
}

static int
from_pe(const char *path, struct relver *v, struct err *e)
{
	uint64_t size;
	char ver[32];
	int fd, r = -1;

	if ((fd = file_open(path, &size, e)) < 0)
		return -1;
	r = pever_read(fd, size, ver, sizeof(ver), e);
	close(fd);
	if (r > 0)
		set_version(v, ver, "ProductVersion in the version resource");
	return r < 0 ? -1 : 0;
}

/* The tarball, the AppImage or the APK walked, the version files kept. */
static int
from_walk(const char *path, enum artifact_kind kind, atomic_int *cancel,
    struct relver *v, struct err *e)
{
	struct peek pk;
	struct manifest m;
	char top[128];
	int rc = -1;

	memset(&pk, 0, sizeof(pk));
	manifest_init(&m, NULL);
	m.cancel = cancel;
	m.peek = on_peek;
	m.peek_ctx = &pk;
	if (inspect_artifact(path, &m, e) < 0)
		goto out;
	if (pk.oom) {
		err_set(e, "out of memory");
		goto out;
	}
	switch (kind) {
	case ARTIFACT_APPIMAGE:
		from_py(&pk, v);
		break;
	case ARTIFACT_ZIP:
		if (from_apk(&pk, v, e) < 0)
			goto out;
		break;
	default:		/* a tar, compressed or not */
		top_version(&m, v, top, sizeof(top));
		if (top[0] != '\0')
			set_version(v, top, "the top directory");
		if (v->conflict[0] == '\0')
			from_py(&pk, v);
	}
	rc = 0;
out:
	free(pk.py.buf);
	free(pk.axml.buf);
	manifest_release(&m);
	return rc;
}

int
relver_read(const char *path, atomic_int *cancel, struct relver *v,
    struct err *e)
{
	enum artifact_kind kind = ARTIFACT_UNKNOWN;

	memset(v, 0, sizeof(*v));
	if (sniff(path, &kind, e) < 0)
		return -1;
	switch (kind) {
	case ARTIFACT_PE:
		return from_pe(path, v, e);
	case ARTIFACT_APPIMAGE:
	case ARTIFACT_ZIP:
	case ARTIFACT_GZIP:
	case ARTIFACT_XZ:
	case ARTIFACT_BZIP2:
	case ARTIFACT_TAR:
		return from_walk(path, kind, cancel, v, e);
	default:		/* a .dmg, anything else: no version read */
		return 0;
	}
}
