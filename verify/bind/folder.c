#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/artifact.h"
#include "base/escape.h"
#include "base/file.h"
#include "base/pool.h"
#include "bind/bind.h"
#include "bind/folder.h"
#include "openpgp/pgp.h"
#include "openpgp/sigfile.h"

#define SIG_MAX (1024 * 1024)	/* bytes of one signature file read */

void
folder_result_init(struct folder_result *fr)
{
	memset(fr, 0, sizeof(*fr));
	fr->a = NULL;
	fr->missing = fr->extra = NULL;
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
folder_result_release(struct folder_result *fr)
{
	size_t i;

	if (fr == NULL)
		return;
	for (i = 0; i < fr->na; i++) {
		free(fr->a[i].path);
		verify_result_release(&fr->a[i].r);
	}
	free(fr->a);
	free_list(fr->missing, fr->nmissing);
	free_list(fr->extra, fr->nextra);
	folder_result_init(fr);
}

static int
push(char ***v, size_t *n, const char *s, struct err *e)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (nv == NULL || (nv[*n] = escape_dup(s, strlen(s))) == NULL) {
		if (nv != NULL)
			*v = nv;
		err_set(e, "out of memory");
		return -1;
	}
	*v = nv;
	(*n)++;
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of dir, sorted; anything else goes to fr->extra. */
static int
list(const char *dir, char ***names, size_t *n, struct folder_result *fr,
    struct err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;
	char path[4096];
	int rc = -1;

	*names = NULL;
	*n = 0;
	if (d == NULL) {
		err_errno(e, "cannot read the folder", dir, errno);
		return -1;
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (*n + fr->nextra >= FOLDER_MAX_FILES) {
			err_set(e, "the folder holds more than %d entries: not "
			    "a release folder", FOLDER_MAX_FILES);
			goto out;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (push(names, n, de->d_name, e) < 0)
				goto out;
		} else if (push(&fr->extra, &fr->nextra, de->d_name, e) < 0)
			goto out;
	}
	if (errno != 0) {
		err_errno(e, "cannot read the folder", dir, errno);
		goto out;
	}
	if (*n > 1)
		qsort(*names, *n, sizeof(**names), name_cmp);
	rc = 0;
out:
	closedir(d);
	return rc;
}

/* NAME.asc, or NAME.SIGNER.asc of an artifact NAME in the list. */
static int
sig_of(const char *file, char *const *names, size_t n, size_t *art,
    int *split)
{
	size_t fl = strlen(file), i, al;
	const char *signer;

	if (fl < 5 || strcmp(file + fl - 4, ".asc") != 0)
		return 0;
	for (i = 0; i < n; i++) {
		al = strlen(names[i]);
		if (al > fl - 4 || strncmp(file, names[i], al) != 0)
			continue;
		if (al == fl - 4) {
			*art = i;
			*split = 0;
			return 1;
		}
		signer = file + al + 1;
		if (file[al] == '.' && sigfile_signer_name(signer,
		    fl - 4 - al - 1)) {
			*art = i;
			*split = 1;
			return 1;
		}
	}
	return 0;
}

/* ---- the combined .asc against the union of the split files ---- */

struct pkt {
	const unsigned char *p;
	size_t len;
};

static int
pkt_cmp(const void *a, const void *b)
{
	const struct pkt *x = a, *y = b;
	int c;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	c = memcmp(x->p, y->p, x->len);
	return c;
}

/* The packets of ps as a sorted set (repeats dropped). */
static struct pkt *
pkt_set(const struct pgp_sigs *ps, size_t *n)
{
	struct pkt *v = calloc(ps->n + 1, sizeof(*v));
	size_t i, k = 0;

	if (v == NULL)
		return NULL;
	for (i = 0; i < ps->n; i++) {
		v[i].p = ps->bin + ps->v[i].off;
		v[i].len = ps->v[i].len;
	}
	qsort(v, ps->n, sizeof(*v), pkt_cmp);
	for (i = 0; i < ps->n; i++)
		if (k == 0 || pkt_cmp(&v[k - 1], &v[i]) != 0)
			v[k++] = v[i];
	*n = k;
	return v;
}

static int
read_sigs(const char *path, struct pgp_sigs *ps, struct err *e)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	char *q = escape_dup(path, strlen(path));
	int rc = -1;

	if (q == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	if (file_read(path, SIG_MAX, &buf, &len, e) == 0)
		rc = pgp_sigs_add(ps, buf, len, q, e);
	free(buf);
	free(q);
	return rc;
}

/* Compares NAME.asc with the union of NAME.SIGNER.asc (splits). */
static void
compare_split(const char *dir, struct folder_artifact *a,
    char *const *splits, size_t nsplits)
{
	struct pgp_sigs c, u;
	struct pkt *cv = NULL, *uv = NULL;
	size_t nc = 0, nu = 0, i = 0, j = 0, only_c = 0, only_u = 0;
	char path[4096];
	struct err e = { "" };
	int d;

	pgp_sigs_init(&c);
	pgp_sigs_init(&u);
	a->split_match = 0;
	snprintf(path, sizeof(path), "%s.asc", a->path);
	if (read_sigs(path, &c, &e) < 0)
		goto bad;
	for (i = 0; i < nsplits; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, splits[i]);
		if (read_sigs(path, &u, &e) < 0)
			goto bad;
	}
	if ((cv = pkt_set(&c, &nc)) == NULL || (uv = pkt_set(&u, &nu)) ==
	    NULL) {
		err_set(&e, "out of memory");
		goto bad;
	}
	for (i = j = 0; i < nc || j < nu;) {
		d = i == nc ? 1 : j == nu ? -1 : pkt_cmp(&cv[i], &uv[j]);
		only_c += d < 0;
		only_u += d > 0;
		i += d <= 0;
		j += d >= 0;
	}
	if (only_c == 0 && only_u == 0) {
		a->split_match = 1;
		goto out;
	}
	snprintf(a->split_note, sizeof(a->split_note), "'%.200s.asc' differs "
	    "from its %zu per-signer file%s: %zu signature%s only in it, %zu "
	    "only in them", a->name, nsplits, nsplits == 1 ? "" : "s",
	    only_c, only_c == 1 ? "" : "s", only_u);
	goto out;
bad:
	snprintf(a->split_note, sizeof(a->split_note), "cannot compare "
	    "'%.200s.asc' with its per-signer files: %.180s", a->name, e.msg);
out:
	free(cv);
	free(uv);
	pgp_sigs_release(&c);
	pgp_sigs_release(&u);
}

/* ---- the artifacts checked in parallel ---- */

struct pool {
	struct folder_result *fr;
	const struct verify_opts *o;
	atomic_size_t next;
};

static void *
worker(void *arg)
{
	struct pool *p = arg;
	struct verify_opts vo;
	struct folder_artifact *a;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->fr->na) {
		a = &p->fr->a[i];
		vo = *p->o;
		vo.file = a->path;
		vo.sig = NULL;
		vo.progress = NULL;
		a->rc = bind_file(&vo, BIND_NO_MEMORY, &a->r, &a->e);
	}
	return NULL;
}

static int
check_all(struct folder_result *fr, const struct verify_opts *o,
    struct err *e)
{
	struct pool p = { fr, o, 0 };

	pool_run(worker, &p, fr->na);
	if (o->cancel != NULL && *o->cancel) {
		err_set(e, "interrupted: the folder was not checked");
		return -1;
	}
	return 0;
}

/* Sorts the files into artifacts (aidx[i]: the artifact's index + 1),
 * their signature files (aidx[i] the artifact's, as a negative number)
 * and extras (0). */
static int
sort_files(const char *dir, char **names, size_t n, struct folder_result *fr,
    long *aidx, struct err *e)
{
	struct artifact_name an;
	struct folder_artifact *a;
	size_t i, art;
	int split;
	char *q;

	if ((fr->a = calloc(FOLDER_MAX_ARTIFACTS, sizeof(*fr->a))) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!artifact_parse_name(names[i], &an))
			continue;
		if (fr->na == FOLDER_MAX_ARTIFACTS) {
			err_set(e, "the folder holds more than %d release "
			    "files", FOLDER_MAX_ARTIFACTS);
			return -1;
		}
		if (fr->version[0] == '\0')
			memcpy(fr->version, an.version, sizeof(fr->version));
		else if (strcmp(fr->version, an.version) != 0)
			fr->mixed = 1;
		a = &fr->a[fr->na++];
		verify_result_init(&a->r);
		a->split_match = -1;
		aidx[i] = (long)fr->na;
		q = escape_dup(names[i], strlen(names[i]));
		if (asprintf(&a->path, "%s/%s", dir, names[i]) < 0 ||
		    q == NULL) {
			a->path = NULL;
			free(q);
			err_set(e, "out of memory");
			return -1;
		}
		snprintf(a->name, sizeof(a->name), "%s", q);
		free(q);
	}
	for (i = 0; i < n; i++) {
		if (aidx[i] != 0 || !sig_of(names[i], names, n, &art, &split) ||
		    aidx[art] <= 0)
			continue;
		a = &fr->a[aidx[art] - 1];
		if (split)
			a->nsplit++;
		else
			a->has_combined = 1;
		aidx[i] = -aidx[art];
	}
	return 0;
}

/* Electrum's names for the version that are not there. */
static int
find_missing(char *const *names, size_t n, struct folder_result *fr,
    struct err *e)
{
	char want[256];
	size_t k, i;

	if (fr->version[0] == '\0')
		return 0;
	for (k = 0; artifact_release_name(k, fr->version, want,
	    sizeof(want)); k++) {
		for (i = 0; i < n && strcmp(names[i], want) != 0; i++)
			;
		if (i == n && push(&fr->missing, &fr->nmissing, want, e) < 0)
			return -1;
	}
	return 0;
}

int
folder_check(const char *dir, const struct verify_opts *o,
    struct folder_result *fr, struct err *e)
{
	char **names = NULL, **splits = NULL;
	size_t n = 0, i, j, ns;
	long *aidx = NULL;
	int rc = -1;

	if (list(dir, &names, &n, fr, e) < 0)
		goto out;
	if ((aidx = calloc(n + 1, sizeof(*aidx))) == NULL ||
	    (splits = calloc(n + 1, sizeof(*splits))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	if (sort_files(dir, names, n, fr, aidx, e) < 0 ||
	    find_missing(names, n, fr, e) < 0)
		goto out;
	for (i = 0; i < n; i++)
		if (aidx[i] == 0 && push(&fr->extra, &fr->nextra, names[i],
		    e) < 0)
			goto out;
	if (fr->na > 0 && check_all(fr, o, e) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (aidx[i] <= 0 || !fr->a[aidx[i] - 1].has_combined ||
		    fr->a[aidx[i] - 1].nsplit == 0)
			continue;
		for (j = ns = 0; j < n; j++)
			if (aidx[j] == -aidx[i] && strlen(names[j]) !=
			    strlen(names[i]) + 4)
				splits[ns++] = names[j];
		compare_split(dir, &fr->a[aidx[i] - 1], splits, ns);
	}
	rc = 0;
out:
	free_list(names, n);
	free(splits);
	free(aidx);
	return rc;
}

enum verdict
folder_verdict(const struct folder_result *fr, char *why, size_t n)
{
	size_t i, bad = 0, err = 0, differ = 0;

	for (i = 0; i < fr->na; i++) {
		err += fr->a[i].rc != 0 ||
		    fr->a[i].r.verdict == VERDICT_ERROR;
		bad += fr->a[i].rc == 0 &&
		    fr->a[i].r.verdict == VERDICT_NOT_VERIFIED;
		differ += fr->a[i].split_match == 0;
	}
	if (fr->na == 0) {
		snprintf(why, n, "no Electrum release file in the folder");
		return VERDICT_NOT_VERIFIED;
	}
	if (err > 0 || bad > 0 || differ > 0 || fr->mixed) {
		snprintf(why, n, "%zu of %zu release files not verified%s%s%s",
		    err + bad, fr->na, differ ? ", a combined .asc differs "
		    "from its per-signer files" : "", fr->mixed ? ", more "
		    "than one version in one folder" : "", err ? " (some "
		    "could not be checked)" : "");
		return err > 0 && bad == 0 && differ == 0 && !fr->mixed ?
		    VERDICT_ERROR : VERDICT_NOT_VERIFIED;
	}
	snprintf(why, n, "Electrum %s: %zu release file%s, each verified",
	    fr->version, fr->na, fr->na == 1 ? "" : "s");
	return VERDICT_VERIFIED;
}

static void
signers_add(struct folder_signers *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], name) == 0)
			return;
	if (s->n < FOLDER_MAX_SIGNERS)
		s->v[s->n++] = name;
}

void
folder_signers_of(const struct folder_result *fr, struct folder_signers *s)
{
	const struct verify_sig *g;
	size_t i, j;

	s->n = 0;
	for (i = 0; i < fr->na; i++)
		for (j = 0; j < fr->a[i].r.nsigs; j++) {
			g = &fr->a[i].r.sigs[j];
			if (g->signer != NULL && (g->counted ||
			    g->status == SIG_BAD))
				signers_add(s, g->signer);
		}
}

const char *
folder_cell_word(enum folder_cell c)
{
	static const char *const w[] = { "-", "good", "BAD" };

	return w[c];
}

enum folder_cell
folder_cell(const struct folder_artifact *a, const char *signer)
{
	const struct verify_sig *g;
	size_t j;
	int good = 0;

	for (j = 0; j < a->r.nsigs; j++) {
		g = &a->r.sigs[j];
		if (g->signer == NULL || strcmp(g->signer, signer) != 0)
			continue;
		if (g->status == SIG_BAD)
			return FOLDER_CELL_BAD;
		good |= g->counted;
	}
	return good ? FOLDER_CELL_GOOD : FOLDER_CELL_NONE;
}

int
folder_signed_every(const struct folder_result *fr, const char *signer)
{
	size_t i;

	for (i = 0; i < fr->na; i++)
		if (folder_cell(&fr->a[i], signer) != FOLDER_CELL_GOOD)
			return 0;
	return fr->na > 0;
}

enum verdict
folder_row_verdict(const struct folder_artifact *a)
{
	return a->rc != 0 ? VERDICT_ERROR : a->r.verdict;
}
