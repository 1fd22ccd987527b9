#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/escape.h"
#include "openpgp/gpg.h"
#include "base/hash.h"
#include "trust/keys.h"
#include "trust/onepass.h"
#include "openpgp/pgp.h"
#include "trust/pins.h"
#include "trust/policy.h"
#include "openpgp/sigfile.h"
#include "trust/verify.h"

#define READ_CHUNK (256 * 1024)

/* The download being hashed while the engine reads it. */
struct source {
	int fd;
	const char *name;
	struct hash h;
	int failed;			/* errno of a failed read, or 0 */
	int hashing;			/* feed what is read to h */
	atomic_int *cancel;	/* from verify_opts */
	const struct verify_opts *opts;	/* for the progress callback */
	uint64_t pos, reported;		/* bytes read in this run, reported */
	unsigned char *buf;		/* for draining what gpg left unread */
	struct stat st;			/* as opened, to notice a change */
	const unsigned char *mem;	/* verify_opts.data: read from here */
	size_t mem_len;
};

static long
source_read(void *arg, void *buf, size_t len)
{
	struct source *s = arg;
	ssize_t n;

	if (s->cancel != NULL && *s->cancel) {
		s->failed = ECANCELED;
		return -1;
	}
	if (s->mem != NULL) {
		n = (ssize_t)(len < s->mem_len - s->pos ? len :
		    s->mem_len - s->pos);
		memcpy(buf, s->mem + s->pos, (size_t)n);
	} else
		do
			n = read(s->fd, buf, len);
		while (n < 0 && errno == EINTR);
	if (n < 0) {
		s->failed = errno;
		return -1;
	}
	if (s->hashing)
		hash_update(&s->h, buf, (size_t)n);
	s->pos += (uint64_t)n;
	if (s->opts->progress != NULL && (s->pos - s->reported >=
	    VERIFY_PROGRESS_STEP || (n == 0 && s->pos != s->reported))) {
		s->reported = s->pos;
		s->opts->progress(s->opts->progress_ctx, s->pos,
		    (uint64_t)s->st.st_size);
	}
	return (long)n;
}

/* Hashes whatever the engine did not read. */
static int
source_drain(struct source *s, struct err *e)
{
	long n;

	if (s->buf == NULL && (s->buf = malloc(READ_CHUNK)) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	while ((n = source_read(s, s->buf, READ_CHUNK)) > 0)
		;
	if (n < 0 || s->failed) {
		err_set(e, "cannot read '%s': %s", s->name,
		    ERRNO_STR(s->failed));
		return -1;
	}
	return 0;
}

/* p->keyring: the --keyring files' names, for messages. */
static int
keyring_names(const struct verify_opts *o, struct pins *p, struct err *e)
{
	char *q, *s = NULL, *t;
	size_t i;

	for (i = 0; i < o->nkeyrings; i++) {
		if ((q = escape_dup(o->keyrings[i], strlen(o->keyrings[i])))
		    == NULL || asprintf(&t, "%s%s'%s'", s ? s : "", s ?
		    (i + 1 == o->nkeyrings ? " and " : ", ") : "", q) < 0) {
			free(q);
			free(s);
			err_set(e, "out of memory");
			return -1;
		}
		free(q);
		free(s);
		s = t;
	}
	free(p->keyring);
	p->keyring = s;
	p->chosen = o->nfprs > 0;
	return 0;
}

static int
load_keys(const struct verify_opts *o, struct gpg *g, struct pins *p,
    struct err *e)
{
	size_t i, loaded;

	if (o->nkeyrings == 0) {
		if (pins_load_default(p, e) != 0 ||
		    keys_load_pinned(g, p, NULL, &loaded, e) != 0)
			return -1;
		if (loaded == 0) {
			err_set(e, "no key material for any pinned signer: "
			    "none is bundled with the pins of '%s' and the key "
			    "store holds none; import the signers' keys with "
			    "'electrum-verify keys import FILE'", p->origin);
			return -1;
		}
		return 0;
	}
	if (keyring_names(o, p, e) != 0)
		return -1;
	for (i = 0; i < o->nkeyrings; i++)
		if (keys_load_keyring(g, p, o->keyrings[i], o->fprs, o->nfprs,
		    e) != 0)
			return -1;
	for (i = 0; i < o->nfprs; i++)
		if (pins_by_fpr(p, o->fprs[i]) == NULL) {
			err_set(e, "--fingerprint %s: no primary key with this "
			    "fingerprint in %s", o->fprs[i], p->keyring);
			return -1;
		}
	return 0;
}

/* The identity of a file: device, inode, size, modification and change
 * times. */
static void
ident_of(const struct stat *st, struct verify_ident *id)
{
	id->known = 1;
	id->dev = st->st_dev;
	id->ino = st->st_ino;
	id->size = st->st_size;
	id->mtime = st->st_mtim;
	id->ctime = st->st_ctim;
}

static int
ident_eq(const struct verify_ident *a, const struct verify_ident *b)
{
	return a->known && b->known && a->dev == b->dev && a->ino == b->ino &&
	    a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec &&
	    a->mtime.tv_nsec == b->mtime.tv_nsec &&
	    a->ctime.tv_sec == b->ctime.tv_sec &&
	    a->ctime.tv_nsec == b->ctime.tv_nsec;
}

/* Whether the file is still the one opened and as long as what was
 * read. */
static int
source_same(struct source *src, struct err *e)
{
	struct stat st;
	struct verify_ident now, then;

	if (src->mem != NULL)	/* bytes in memory do not change */
		return 0;
	if (fstat(src->fd, &st) != 0) {
		err_set(e, "cannot read '%s' again: %s", src->name,
		    ERRNO_STR(errno));
		return -1;
	}
	ident_of(&st, &now);
	ident_of(&src->st, &then);
	if (!ident_eq(&now, &then) ||
	    (src->pos != 0 && src->pos != (uint64_t)src->st.st_size)) {
		err_set(e, "'%s' changed while it was being checked",
		    src->name);
		return -1;
	}
	return 0;
}

int
verify_ident_same(const struct verify_ident *id, const char *path)
{
	struct stat st;
	struct verify_ident now;

	if (stat(path, &st) != 0)
		return 0;
	ident_of(&st, &now);
	return ident_eq(id, &now);
}

/* Back to the start for another run of the engine, if the file is still
 * what was hashed: later runs only report, and must see the same bytes. */
static int
source_rewind(struct source *src, struct err *e)
{
	src->pos = src->reported = 0;
	if (source_same(src, e) != 0)
		return -1;
	if (src->mem == NULL && lseek(src->fd, 0, SEEK_SET) != 0) {
		err_set(e, "cannot read '%s' again: %s", src->name,
		    ERRNO_STR(errno));
		return -1;
	}
	return 0;
}

static int
open_source(struct source *src, const struct verify_opts *o, struct err *e)
{
	const char *file = o->file;

	if (o->data != NULL) {
		src->mem = o->data;
		src->mem_len = o->data_len;
		src->st.st_size = (off_t)o->data_len;
		return 0;
	}
	/* Non-blocking, so that a FIFO cannot hang the open. */
	src->fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (src->fd < 0) {
		err_set(e, "cannot open '%s': %s", src->name, ERRNO_STR(errno));
		return -1;
	}
	if (fstat(src->fd, &src->st) != 0) {
		err_set(e, "cannot read '%s': %s", src->name, ERRNO_STR(errno));
		return -1;
	}
	if (!S_ISREG(src->st.st_mode)) {
		err_set(e, "'%s' is not a regular file", src->name);
		return -1;
	}
	if (fcntl(src->fd, F_SETFL, 0) != 0) {
		err_set(e, "cannot read '%s': %s", src->name, ERRNO_STR(errno));
		return -1;
	}
	return 0;
}

/* The signatures: o->sigdata (named by o->sig), else the files found
 * beside o->file. */
static int
read_sigs(const struct verify_opts *o, struct pgp_sigs *ps,
    struct verify_result *r, char *why, size_t whylen, struct err *e)
{
	struct err pe;
	const char *name = o->sig != NULL ? o->sig : o->file;

	if (o->sigdata == NULL)
		return sigfile_read(o->file, o->sig, ps, &r->sigfiles,
		    &r->nsigfiles, why, whylen, e);
	if ((r->sigfiles = calloc(1, sizeof(*r->sigfiles))) == NULL ||
	    (r->sigfiles[0] = escape_dup(name, strlen(name))) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	r->nsigfiles = 1;
	if (pgp_sigs_add(ps, o->sigdata, o->sigdata_len, r->sigfiles[0],
	    &pe) != 0)
		snprintf(why, whylen, "malformed signature: %.900s", pe.msg);
	return 0;
}

#define MAX_PASSES 8	/* engine runs over one file, at the most */

/* Marks pending packet i as settled without the engine. */
static void
settle(struct verify_result *r, unsigned char *done, size_t i,
    enum sig_status st, const char *why)
{
	policy_settle(&r->sigs[i], st, why);
	done[i] = 1;
}

/* Packets of class cls still to give to the engine. */
static size_t
pending(const struct verify_result *r, const unsigned char *done, int cls)
{
	size_t i, n = 0;

	for (i = 0; i < r->nsigs; i++)
		n += !done[i] && r->sigs[i].sigclass == cls;
	return n;
}

/* A second BAD signature by the same key tells nothing new, and each one
 * would cost a run over the whole file: a crafted .asc could hold 64. */
static void
skip_repeats(struct verify_result *r, unsigned char *done, int cls)
{
	size_t i, j;

	for (i = 0; i < r->nsigs; i++) {
		if (done[i] || r->sigs[i].sigclass != cls)
			continue;
		for (j = 0; j < r->nsigs; j++)
			if (r->sigs[j].status == SIG_BAD &&
			    r->sigs[i].keyid[0] != '\0' &&
			    strcmp(r->sigs[j].keyid, r->sigs[i].keyid) == 0)
				break;
		if (j < r->nsigs)
			settle(r, done, i, SIG_NOTCHECKED, "not checked: a "
			    "signature by the same key is already BAD");
	}
}

/* The facts about the key that the engine's answer c about s names: 1 and
 * *k, 0 if the keyring has none, -1 on error. */
static int
issuer_facts(struct gpg *g, const struct verify_sig *s,
    const struct sigcheck *c, struct sigcheck_cert *k, struct err *e)
{
	const char *id = policy_issuer(s, c);
	unsigned char *key = NULL;
	size_t len;
	struct err ignored;
	int found, sha1 = 0;

	sigcheck_cert_init(k);
	if (id[0] == '\0')
		return 0;
	if ((found = gpg_key(g, id, k, e)) != 1)
		return found;
	/* Only a note depends on it: a key that cannot be read back just
	 * goes without it. */
	if (gpg_export(g, k->keys[0].fpr, 0, &key, &len, &ignored) == 0 &&
	    pgp_key_sha1_selfsig(key, len, &sha1, &ignored) == 0)
		k->sha1_selfsig = sha1;
	free(key);
	return 1;
}

/* Gives the engine the pending packets of class cls, judges what it
 * reports and marks those done. */
static int
engine_pass(struct gpg *g, struct verify_result *r, const struct pgp_sigs *ps,
    struct source *src, unsigned char *done, int cls, struct err *e)
{
	unsigned char *send = NULL;
	size_t len = 0, i, j = 0, nsent = 0, njudged = 0, last = 0, nres = 0;
	struct sigcheck *res = NULL;
	struct sigcheck_cert k;
	struct err ge;
	enum err_status got;
	int rc = -1;

	sigcheck_cert_init(&k);
	if ((send = malloc(ps->bin_len ? ps->bin_len : 1)) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	for (i = 0; i < r->nsigs; i++)
		if (!done[i] && r->sigs[i].sigclass == cls) {
			memcpy(send + len, ps->bin + ps->v[i].off, ps->v[i].len);
			len += ps->v[i].len;
			nsent++;
		}
	got = gpg_verify(g, send, len, source_read, src, src->cancel, &res,
	    &nres, &ge);
	if (got == ERR_REFUSED) {	/* gpg could not read the packets */
		snprintf(r->malformed, sizeof(r->malformed), "gpg could not "
		    "read the signature packets");
		for (i = 0; i < r->nsigs; i++)
			if (!done[i] && r->sigs[i].sigclass == cls)
				settle(r, done, i, SIG_ERROR, ge.msg);
		rc = 0;
		goto out;
	}
	if (got != ERR_OK) {
		err_set(e, "%s", ge.msg);
		goto out;
	}
	for (i = 0; i < r->nsigs && j < nres; i++) {
		if (done[i] || r->sigs[i].sigclass != cls)
			continue;
		if (issuer_facts(g, &r->sigs[i], &res[j], &k, e) < 0 ||
		    policy_judge(r, &r->sigs[i], &res[j], k.n ? &k : NULL,
		    e) != 0)
			goto out;
		sigcheck_cert_release(&k);
		done[i] = 1;
		last = i;
		njudged++;
		j++;
	}
	/* gpg --batch, as GPGME runs it, stops at a bad signature: the
	 * ones after it get a run of their own. */
	if (j < nres || njudged == 0 || (njudged < nsent &&
	    r->sigs[last].status != SIG_BAD &&
	    r->sigs[last].status != SIG_ERROR)) {
		err_set(e, "the engine's results do not line up with the "
		    "signature packets");
		goto out;
	}
	rc = 0;
out:
	sigcheck_cert_release(&k);
	free(res);
	free(send);
	return rc;
}

/* Hashes the file while the engine checks the signatures, and judges.
 * The engine checks one signature class per run and stops at a bad
 * signature, so odd files take more runs: those read the file again only
 * to report on every signature; the hash is final after the first, and
 * so is the verdict whenever a later run is needed for a pinned key (a
 * BAD one makes it "not verified", text-mode ones never count). */
static int
check_sigs(struct gpg *g, struct verify_result *r, const struct pgp_sigs *ps,
    struct source *src, const struct verify_opts *o, struct err *e)
{
	enum verify_engine engine = o->engine;
	static const int classes[] = { 0x00, 0x01 };
	unsigned char *done = NULL;
	size_t i, c, runs = 0;
	int rc = -1;

	if (policy_prepare(r, ps, e) != 0)
		goto out;
	if ((done = calloc(r->nsigs ? r->nsigs : 1, 1)) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	for (i = 0; i < r->nsigs; i++)
		done[i] = r->sigs[i].status == SIG_UNSUPPORTED;
	/* The native engine reads the file once and checks the binary and
	 * the text-mode signatures in that read (over a clear-signed list,
	 * canonical text already, the text-mode ones only). */
	if (engine == VERIFY_ENGINE_NATIVE) {
		if (onepass_check(g, r, ps, done, o->data_canonical, source_read, src,
		    src->hashing ? &src->h : NULL, e) != 0) {
			if (src->failed)
				err_set(e, "cannot read '%s': %s", src->name,
				    ERRNO_STR(src->failed));
			goto out;
		}
		runs = 1;
		src->hashing = 0;
	}
	for (c = 0; c < sizeof(classes) / sizeof(classes[0]); c++) {
		while (r->malformed[0] == '\0' && pending(r, done, classes[c]) > 0) {
			if (runs > 0)
				skip_repeats(r, done, classes[c]);
			if (pending(r, done, classes[c]) == 0)
				break;
			if (runs == MAX_PASSES) {
				for (i = 0; i < r->nsigs; i++)
					if (!done[i])
						settle(r, done, i, SIG_NOTCHECKED,
						    "not checked: too many bad "
						    "signatures in one file");
				break;
			}
			if (runs > 0 && source_rewind(src, e) != 0)
				goto out;
			if (engine_pass(g, r, ps, src, done, classes[c], e)
			    != 0)
				goto out;
			if (runs++ == 0 && source_drain(src, e) != 0)
				goto out;
			src->hashing = 0;
		}
	}
	if (src->hashing && source_drain(src, e) != 0)
		goto out;
	rc = 0;
out:
	free(done);
	return rc;
}

int
verify_file(const struct verify_opts *o, struct verify_result *r,
    struct err *e)
{
	struct gpg *g = NULL;
	struct pgp_sigs ps;
	struct source src = { .fd = -1, .hashing = 1, .cancel = o->cancel,
	    .opts = o };
	const char *base;
	char why[1024] = "";
	int rc = -1, hash_open = 0;

	pgp_sigs_init(&ps);
	r->verdict = VERDICT_ERROR;
	r->code = VR_ERROR;
	r->name_matches = -1;
	r->min_sigs = o->min_sigs ? o->min_sigs : 1;
	if ((r->file = escape_dup(o->file, strlen(o->file))) == NULL ||
	    (r->pins = calloc(1, sizeof(*r->pins))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	pins_init(r->pins);
	src.name = r->file;
	base = strrchr(o->file, '/') ? strrchr(o->file, '/') + 1 : o->file;
	r->has_release = artifact_parse_name(base, &r->release);
	r->text_list = o->text_list;
	r->code = VR_UNREADABLE;
	if (open_source(&src, o, e) != 0)
		goto out;
	r->code = VR_ERROR;
	if (gpg_open(&g, e) != 0 || load_keys(o, g, r->pins, e) != 0)
		goto out;
	r->code = VR_SIG_UNREADABLE;
	if (read_sigs(o, &ps, r, why, sizeof(why), e) != 0)
		goto out;
	r->code = VR_ERROR;
	if (hash_init(&src.h, e) != 0)
		goto out;
	hash_open = 1;
	if (why[0] != '\0') {
		pgp_sigs_release(&ps);
		pgp_sigs_init(&ps);
	}
	if (check_sigs(g, r, &ps, &src, o, e) != 0) {
		r->code = src.failed ? VR_UNREADABLE : VR_ERROR;
		goto out;
	}
	if (source_same(&src, e) != 0) {
		r->code = VR_UNREADABLE;
		goto out;
	}
	if (src.mem == NULL)
		ident_of(&src.st, &r->ident);
	hash_final(&src.h);
	if (src.h.hex[0] == '\0') {
		err_set(e, "cannot compute the SHA-256 of '%s'", r->file);
		goto out;
	}
	memcpy(r->sha256, src.h.hex, sizeof(r->sha256));
	r->size = src.h.size;
	r->type = artifact_sniff(&(struct artifact_bytes){ src.h.head,
	    src.h.head_len, src.h.tail, src.h.tail_len, src.h.size });
	if (r->has_release)
		r->name_matches = r->release.kind == r->type->kind;
	/* No signature, or none that can be read: nothing was checked. */
	r->verdict = VERDICT_ERROR;
	if (why[0] != '\0') {
		r->code = r->nsigfiles == 0 ? VR_NO_SIGNATURE :
		    VR_SIG_UNREADABLE;
		snprintf(r->reason, sizeof(r->reason), "%s", why);
	} else if (r->malformed[0] != '\0') {
		r->code = VR_SIG_UNREADABLE;
		snprintf(r->reason, sizeof(r->reason), "malformed signature: "
		    "%s", r->malformed);
	} else if (ps.n == 0) {
		r->code = VR_NO_SIGNATURE;
		snprintf(r->reason, sizeof(r->reason), "the signature file "
		    "holds no signature");
	} else
		policy_decide(r);
	rc = 0;
out:
	if (rc != 0 && o->cancel != NULL && *o->cancel) {
		err_set(e, "interrupted: '%s' was not verified", r->file);
		r->code = VR_CANCELLED;
	}
	if (hash_open)
		hash_release(&src.h);
	if (src.fd >= 0)
		close(src.fd);
	free(src.buf);
	pgp_sigs_release(&ps);
	gpg_close(g);
	return rc;
}

void
verify_result_init(struct verify_result *r)
{
	memset(r, 0, sizeof(*r));
	r->verdict = VERDICT_ERROR;
	r->code = VR_ERROR;
	r->name_matches = -1;
	r->type = artifact_type(ARTIFACT_UNKNOWN);
}

void
verify_result_release(struct verify_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->file);
	for (i = 0; i < r->nsigfiles; i++)
		free(r->sigfiles[i]);
	free(r->sigfiles);
	free(r->sigs);
	if (r->pins != NULL)
		pins_release(r->pins);
	free(r->pins);
	verify_result_init(r);
}

int
verify_agree(const struct verify_result *a, const struct verify_result *b)
{
	const struct verify_sig *x, *y;
	size_t i;

	if (a->verdict != b->verdict || a->nsigs != b->nsigs ||
	    a->ncounted != b->ncounted)
		return 0;
	for (i = 0; i < a->nsigs; i++) {
		x = &a->sigs[i];
		y = &b->sigs[i];
		if (x->status != y->status || x->counted != y->counted ||
		    x->duplicate != y->duplicate ||
		    strcmp(x->fpr, y->fpr) != 0 ||
		    strcmp(x->subkey, y->subkey) != 0)
			return 0;
	}
	return 1;
}

const char *
verify_status_name(enum sig_status s)
{
	switch (s) {
	case SIG_GOOD:
		return "good";
	case SIG_BAD:
		return "bad";
	case SIG_NOKEY:
		return "no-key";
	case SIG_ERROR:
		return "error";
	case SIG_NOTCHECKED:
		return "not-checked";
	default:
		return "unsupported";
	}
}

const char *
verify_reason_name(enum verify_reason c)
{
	static const char *const names[] = {
		[VR_SIGNED] = "signed",
		[VR_BAD_SIGNATURE] = "bad-signature",
		[VR_NOT_PINNED] = "not-pinned",
		[VR_TOO_FEW] = "too-few-signatures",
		[VR_NAME_MISMATCH] = "content-not-as-named",
		[VR_VERSION_MISMATCH] = "version-mismatch",
		[VR_SIGNED_BEFORE] = "signed-before-release",
		[VR_DOWNGRADE] = "downgrade",
		[VR_NO_SIGNATURE] = "no-signature",
		[VR_KEY_MISSING] = "key-missing",
		[VR_SIG_UNREADABLE] = "signature-unreadable",
		[VR_UNREADABLE] = "file-unreadable",
		[VR_CANCELLED] = "cancelled",
		[VR_ERROR] = "error"
	};

	return (size_t)c < sizeof(names) / sizeof(names[0]) ? names[c] :
	    "error";
}

const char *
verify_sig_reason_name(enum sig_reason c)
{
	static const char *const names[] = {
		[SR_NONE] = "not-judged",
		[SR_COUNTED] = "counted",
		[SR_DUPLICATE] = "duplicate",
		[SR_BAD] = "bad",
		[SR_NOT_PINNED] = "not-pinned",
		[SR_KEY_MISSING] = "key-missing",
		[SR_WEAK_DIGEST] = "digest-refused",
		[SR_TEXT_MODE] = "text-mode",
		[SR_FUTURE] = "future-date",
		[SR_REVOKED] = "revoked",
		[SR_EXPIRED] = "expired",
		[SR_KEY_UNUSABLE] = "key-unusable",
		[SR_UNSUPPORTED] = "unsupported",
		[SR_ENGINE_ERROR] = "engine-error",
		[SR_NOT_CHECKED] = "not-checked"
	};

	return (size_t)c < sizeof(names) / sizeof(names[0]) ? names[c] :
	    "engine-error";
}

size_t
verify_missing(const struct verify_result *r, const char **v, size_t max)
{
	size_t i, j, n = 0;

	for (i = 0; i < r->nsigs; i++) {
		if (r->sigs[i].missing == NULL)
			continue;
		for (j = 0; j < n && j < max; j++)
			if (strcmp(v[j], r->sigs[i].missing) == 0)
				break;
		if (j < n)
			continue;
		if (n < max)
			v[n] = r->sigs[i].missing;
		n++;
	}
	return n;
}
