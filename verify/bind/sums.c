#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/file.h"
#include "base/hash.h"
#include "base/pool.h"
#include "bind/sumlist.h"
#include "bind/sums.h"
#include "openpgp/cleartext.h"
#include "openpgp/pgp.h"
#include "trust/pins.h"

#define CHUNK (256 * 1024)

void
sums_result_init(struct sums_result *sr)
{
	memset(sr, 0, sizeof(*sr));
	verify_result_init(&sr->list);
}

void
sums_result_release(struct sums_result *sr)
{
	size_t i;

	if (sr == NULL)
		return;
	verify_result_release(&sr->list);
	for (i = 0; i < sr->nf; i++)
		free(sr->f[i].name);
	free(sr->f);
	for (i = 0; i < sr->nunlisted; i++)
		free(sr->unlisted[i]);
	free(sr->unlisted);
	sums_result_init(sr);
}

const char *
sums_state_name(enum sums_state s)
{
	static const char *const n[] = { "match", "changed", "missing",
	    "error" };

	return n[s];
}

/* Hashes name in the folder dfd into f; a link is not followed. */
static void
hash_one(int dfd, const char *name, struct sums_file *f, unsigned char *buf,
    atomic_int *cancel)
{
	struct hash h;
	struct stat st;
	struct err e;
	ssize_t n;
	int fd;

	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW |
	    O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    fcntl(fd, F_SETFL, 0) != 0) {
		f->state = SUMS_ERROR;
		snprintf(f->error, sizeof(f->error), "%s", fd < 0 && errno ==
		    ELOOP ? "a symbolic link: not followed" : fd < 0 ?
		    ERRNO_STR(errno) : "not a regular file");
		goto out;
	}
	if (hash_init(&h, &e) != 0) {
		f->state = SUMS_ERROR;
		snprintf(f->error, sizeof(f->error), "%.300s", e.msg);
		goto out;
	}
	while ((n = read(fd, buf, CHUNK)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (cancel != NULL && *cancel)) {
			f->state = SUMS_ERROR;
			snprintf(f->error, sizeof(f->error), "%s", n < 0 ?
			    ERRNO_STR(errno) : "interrupted");
			hash_release(&h);
			goto out;
		}
		hash_update(&h, buf, (size_t)n);
	}
	hash_final(&h);
	memcpy(f->sha256, h.hex, sizeof(f->sha256));
	f->size = h.size;
	hash_release(&h);
	f->state = strcmp(f->sha256, f->listed) == 0 ? SUMS_MATCH :
	    SUMS_CHANGED;
out:
	if (fd >= 0)
		close(fd);
}

struct pool {
	int dfd;
	const struct sumlist *l;
	struct sums_file *f;
	atomic_size_t next;
	atomic_int *cancel;
};

static void *
worker(void *arg)
{
	struct pool *p = arg;
	unsigned char *buf = malloc(CHUNK);
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->l->n) {
		if (p->f[i].state != SUMS_ERROR)	/* not yet looked at */
			continue;
		if (buf == NULL) {
			snprintf(p->f[i].error, sizeof(p->f[i].error),
			    "out of memory");
			continue;
		}
		hash_one(p->dfd, p->l->v[i].name, &p->f[i], buf, p->cancel);
	}
	free(buf);
	return NULL;
}

/* Whether a folder entry is the list or one of its signature files
 * (LIST.asc, LIST.sig, LIST.SIGNER.asc, the --sig file). */
static int
is_own(const char *name, const char *base, const char *sigbase)
{
	size_t b = strlen(base), n = strlen(name);

	if (strcmp(name, base) == 0 || (sigbase != NULL &&
	    strcmp(name, sigbase) == 0))
		return 1;
	return n >= b + 4 && strncmp(name, base, b) == 0 && name[b] == '.' &&
	    (strcmp(name + n - 4, ".asc") == 0 || strcmp(name + n - 4,
	    ".sig") == 0);
}

static int
add_unlisted(struct sums_result *sr, const char *name, struct err *e)
{
	char **v = realloc(sr->unlisted, (sr->nunlisted + 1) * sizeof(*v));

	if (v == NULL || (v[sr->nunlisted] = escape_dup(name, strlen(name)))
	    == NULL) {
		if (v != NULL)
			sr->unlisted = v;
		err_set(e, "out of memory");
		return -1;
	}
	sr->unlisted = v;
	sr->nunlisted++;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the folder: marks each listed file here as to be hashed
 * (SUMS_ERROR until it is), the others missing; collects the unlisted. */
static int
scan_dir(DIR *d, const char *dirname, const struct sumlist *l,
    const char *base, const char *sigbase, struct sums_result *sr,
    struct err *e)
{
	struct dirent *de;
	const struct sumlist_entry *en;
	size_t i, count = 0;

	for (i = 0; i < l->n; i++)
		sr->f[i].state = SUMS_MISSING;
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name,
		    "..") == 0)
			continue;
		if (++count > SUMS_MAX_DIR) {
			err_set(e, "'%s' holds more than %d entries: not "
			    "checked", dirname, SUMS_MAX_DIR);
			return -1;
		}
		if ((en = sumlist_find(l, de->d_name)) != NULL)
			sr->f[en - l->v].state = SUMS_ERROR;
		else if (!is_own(de->d_name, base, sigbase) &&
		    add_unlisted(sr, de->d_name, e) != 0)
			return -1;
		errno = 0;
	}
	if (errno != 0) {
		err_set(e, "cannot read the folder '%s': %s", dirname,
		    ERRNO_STR(errno));
		return -1;
	}
	if (sr->nunlisted > 1)
		qsort(sr->unlisted, sr->nunlisted, sizeof(*sr->unlisted),
		    cmp_str);
	return 0;
}

/* Looks at the listed files in the list's folder. */
static int
check_files(const char *path, const char *sig, const struct sumlist *l,
    struct sums_result *sr, atomic_int *cancel, struct err *e)
{
	char *dir = NULL, *qdir = NULL;
	const char *slash = strrchr(path, '/'), *base, *sigbase = NULL;
	DIR *d = NULL;
	struct pool p = { -1, l, NULL, 0, cancel };
	size_t i;
	int rc = -1;

	base = slash != NULL ? slash + 1 : path;
	if (sig != NULL && strchr(sig, '/') == NULL && slash == NULL)
		sigbase = sig;
	else if (sig != NULL && slash != NULL && strncmp(sig, path,
	    (size_t)(slash - path) + 1) == 0 && strchr(sig + (slash - path) +
	    1, '/') == NULL)
		sigbase = sig + (slash - path) + 1;
	dir = slash == NULL ? strdup(".") : slash == path ? strdup("/") :
	    strndup(path, (size_t)(slash - path));
	if (dir == NULL || (qdir = escape_dup(dir, strlen(dir))) == NULL ||
	    (sr->f = calloc(l->n, sizeof(*sr->f))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	for (i = 0; i < l->n; i++, sr->nf++) {
		if ((sr->f[i].name = escape_dup(l->v[i].name,
		    strlen(l->v[i].name))) == NULL) {
			err_set(e, "out of memory");
			goto out;
		}
		memcpy(sr->f[i].listed, l->v[i].sha256, 65);
	}
	if ((d = opendir(dir)) == NULL) {
		err_set(e, "cannot read the folder '%s': %s", qdir,
		    ERRNO_STR(errno));
		goto out;
	}
	if (scan_dir(d, qdir, l, base, sigbase, sr, e) != 0)
		goto out;
	p.dfd = dirfd(d);
	p.f = sr->f;
	pool_run(worker, &p, l->n);
	if (cancel != NULL && *cancel) {
		err_set(e, "interrupted: the listed files were not checked");
		goto out;
	}
	sr->checked = 1;
	rc = 0;
out:
	if (d != NULL)
		closedir(d);
	free(qdir);
	free(dir);
	return rc;
}

/* The list's signatures, with one engine or (cross) both. */
static int
check_list(struct verify_opts *vo, int cross, struct sums_result *sr,
    struct err *e)
{
	struct verify_result g;
	char why[sizeof(sr->list.reason)];
	int rc;

	if (!cross)
		return verify_file(vo, &sr->list, e);
	vo->engine = VERIFY_ENGINE_NATIVE;
	if (verify_file(vo, &sr->list, e) != 0)
		return -1;
	verify_result_init(&g);
	vo->engine = VERIFY_ENGINE_GPG;
	rc = verify_file(vo, &g, e);
	if (rc == 0 && !verify_agree(&sr->list, &g)) {
		sr->disagree = 1;
		snprintf(why, sizeof(why), "the native and gpg engines "
		    "disagree about the list: native: %.400s; gpg: %.400s",
		    sr->list.reason, g.reason);
		memcpy(sr->list.reason, why, sizeof(why));
	}
	verify_result_release(&g);
	return rc;
}

/* A clear-signed list whose Hash headers do not name the digest of one
 * of its signatures is refused, as gpg refuses it ("signature digest
 * conflict"): the headers are not signed, and two readers must not
 * differ on the message. 1 and sr->refused set if so. */
static int
hash_conflict(const struct cleartext *ct, const char *q,
    struct sums_result *sr)
{
	size_t i;
	int a;

	for (i = 0; i < sr->list.nsigs; i++) {
		a = sr->list.sigs[i].hashalgo;
		if (a <= 0 || cleartext_hash_named(ct, a))
			continue;
		snprintf(sr->refused, sizeof(sr->refused), "'%s': signature "
		    "#%zu is made with %s, which the message's Hash headers "
		    "do not name (gpg refuses it too: a signature digest "
		    "conflict)", q, i + 1, pgp_hash_name(a));
		return 1;
	}
	return 0;
}

int
sums_check(const char *path, const struct verify_opts *o, int cross,
    struct sums_result *sr, struct err *e)
{
	struct verify_opts vo = *o;
	struct cleartext ct;
	struct sumlist l;
	unsigned char *buf = NULL;
	const unsigned char *text;
	size_t len, tlen;
	char *q = escape_dup(path, strlen(path));
	struct err pe;
	int rc = -1;

	cleartext_init(&ct);
	sumlist_init(&l);
	if (q == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	if (file_read(path, SUMLIST_MAX_BYTES, &buf, &len, e) != 0) {
		if (errno != EFBIG)
			goto out;
		snprintf(sr->refused, sizeof(sr->refused), "'%s' is larger "
		    "than %d bytes: not a checksum list this tool reads", q,
		    SUMLIST_MAX_BYTES);
		rc = 0;
		goto out;
	}
	vo.file = path;
	vo.text_list = 1;
	vo.progress = NULL;
	text = buf;
	tlen = len;
	if ((sr->clear_signed = cleartext_detect(buf, len))) {
		if (o->sig != NULL) {
			err_set(e, "'%s' is a clear-signed list: it carries "
			    "its signatures, --sig is not used", q);
			goto out;
		}
		switch (cleartext_split(buf, len, q, &ct, &pe)) {
		case ERR_OK:
			break;
		case ERR_REFUSED:
			snprintf(sr->refused, sizeof(sr->refused), "%s",
			    pe.msg);
			rc = 0;
			goto out;
		default:
			err_set(e, "%s", pe.msg);
			goto out;
		}
		text = ct.text;
		tlen = ct.len;
		vo.data_canonical = 1;
		vo.sigdata = buf + ct.sig_off;
		vo.sigdata_len = len - ct.sig_off;
		vo.sig = path;
	}
	/* The bytes checked are the bytes read as the list. */
	vo.data = text;
	vo.data_len = tlen;
	if (check_list(&vo, cross, sr, e) != 0)
		goto out;
	if (sr->clear_signed && hash_conflict(&ct, q, sr)) {
		rc = 0;
		goto out;
	}
	switch (sumlist_parse(text, tlen, q, &l, &pe)) {
	case ERR_OK:
		break;
	case ERR_REFUSED:
		snprintf(sr->refused, sizeof(sr->refused), "%s", pe.msg);
		rc = 0;
		goto out;
	default:
		err_set(e, "%s", pe.msg);
		goto out;
	}
	if (sr->list.verdict != VERDICT_VERIFIED || sr->disagree) {
		rc = 0;
		goto out;
	}
	rc = check_files(path, o->sig, &l, sr, o->cancel, e);
out:
	free(q);
	free(buf);
	cleartext_release(&ct);
	sumlist_release(&l);
	return rc;
}

/* Appends the escaped names of the files in state st to out. */
static size_t
names_in(const struct sums_result *sr, enum sums_state st, char *out,
    size_t n)
{
	size_t i, k = 0, len;

	out[0] = '\0';
	for (i = 0; i < sr->nf; i++) {
		if (sr->f[i].state != st)
			continue;
		len = strlen(out);
		if (k++ < 8)
			snprintf(out + len, n - len, "%s'%s'", k > 1 ? ", " :
			    "", sr->f[i].name);
		else if (k == 9)
			snprintf(out + len, n - len, ", ...");
	}
	return k;
}

/* The signers counted for the list, "a, b". */
static void
signers(const struct verify_result *r, char *out, size_t n)
{
	size_t i, len;

	out[0] = '\0';
	for (i = 0; i < r->nsigs; i++)
		if (r->sigs[i].counted && r->sigs[i].signer != NULL) {
			len = strlen(out);
			snprintf(out + len, n - len, "%s%s", len ? ", " : "",
			    r->sigs[i].signer);
		}
}

enum verdict
sums_verdict(const struct sums_result *sr, char *why, size_t n)
{
	char names[768], by[400];
	size_t changed, errs, match, missing;

	if (sr->disagree) {
		snprintf(why, n, "%s", sr->list.reason);
		return VERDICT_ERROR;
	}
	if (sr->refused[0] != '\0') {
		snprintf(why, n, "the list is refused: %s", sr->refused);
		return VERDICT_NOT_VERIFIED;
	}
	if (sr->list.verdict != VERDICT_VERIFIED) {
		snprintf(why, n, "the list is not verified: %s; no file was "
		    "checked against it", sr->list.reason);
		return sr->list.verdict;
	}
	if ((changed = names_in(sr, SUMS_CHANGED, names, sizeof(names))) > 0) {
		snprintf(why, n, "%zu listed file%s changed: %s; do not use "
		    "%s", changed, changed == 1 ? "" : "s", names,
		    changed == 1 ? "it" : "them");
		return VERDICT_NOT_VERIFIED;
	}
	if ((errs = names_in(sr, SUMS_ERROR, names, sizeof(names))) > 0) {
		snprintf(why, n, "%zu listed file%s could not be read: %s",
		    errs, errs == 1 ? "" : "s", names);
		return VERDICT_ERROR;
	}
	match = names_in(sr, SUMS_MATCH, names, sizeof(names));
	missing = names_in(sr, SUMS_MISSING, names, sizeof(names));
	if (match == 0) {
		snprintf(why, n, "none of the %zu listed files is here",
		    missing);
		return VERDICT_NOT_VERIFIED;
	}
	signers(&sr->list, names, sizeof(names));
	/* with --keyring: the keys in its files, never pinned signers */
	if (sr->list.pins != NULL && sr->list.pins->keyring != NULL)
		snprintf(by, sizeof(by), "%zu key%s in %.300s",
		    sr->list.ncounted, sr->list.ncounted == 1 ? "" : "s",
		    sr->list.pins->keyring);
	else
		snprintf(by, sizeof(by), "%zu pinned signer%s",
		    sr->list.ncounted, sr->list.ncounted == 1 ? "" : "s");
	snprintf(why, n, "%zu listed file%s here match%s the list, signed "
	    "by %s: %s (%zu listed not here, %zu here not listed)", match,
	    match == 1 ? "" : "s", match == 1 ? "es" : "", by, names,
	    missing, sr->nunlisted);
	return VERDICT_VERIFIED;
}
