#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"
#include "file.h"
#include "gpg.h"
#include "hash.h"
#include "keys.h"
#include "pgp.h"
#include "pins.h"
#include "verify.h"

#define READ_CHUNK (256 * 1024)

/* The download being hashed while the engine reads it. */
struct source {
	int fd;
	const char *name;
	struct hash h;
	int failed;			/* errno of a failed read, or 0 */
	int hashing;			/* feed what is read to h */
	volatile sig_atomic_t *cancel;	/* from verify_opts */
	unsigned char *buf;		/* for draining what gpg left unread */
};

static char *
xescape(const char *s)
{
	return escape_dup(s, strlen(s));
}

static void
sig_say(struct verify_sig *s, int note, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
sig_say(struct verify_sig *s, int note, const char *fmt, ...)
{
	va_list ap;
	size_t *n = note ? &s->nnotes : &s->nreasons;
	char *m;

	if (*n >= VERIFY_MSGS)
		return;
	m = note ? s->notes[*n] : s->reasons[*n];
	va_start(ap, fmt);
	vsnprintf(m, 256, fmt, ap);
	va_end(ap);
	(*n)++;
}

static void
fmt_date(char *out, size_t n, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL)
		snprintf(out, n, "@%lld", (long long)t);
	else
		strftime(out, n, "%Y-%m-%d", &tm);
}

static long
source_read(void *arg, void *buf, size_t len)
{
	struct source *s = arg;
	ssize_t n;

	if (s->cancel != NULL && *s->cancel) {
		s->failed = ECANCELED;
		return -1;
	}
	do
		n = read(s->fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		s->failed = errno;
		return -1;
	}
	if (s->hashing)
		hash_update(&s->h, buf, (size_t)n);
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
		    strerror(s->failed));
		return -1;
	}
	return 0;
}

static int
add_sigfile(struct verify_result *r, struct pgp_sigs *ps, const char *path,
    char *why, size_t whylen, struct err *e)
{
	unsigned char *buf = NULL;
	size_t len;
	char **v;
	struct err pe;
	int rc = -1;

	if (file_read(path, PGP_MAX_INPUT, &buf, &len, e) != 0)
		return -1;
	if ((v = realloc(r->sigfiles, (r->nsigfiles + 1) * sizeof(*v)))
	    == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	r->sigfiles = v;
	if ((v[r->nsigfiles] = xescape(path)) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	r->nsigfiles++;
	if (pgp_sigs_add(ps, buf, len, v[r->nsigfiles - 1], &pe) != 0)
		snprintf(why, whylen, "malformed signature: %.900s", pe.msg);
	rc = 0;
out:
	free(buf);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Electrum's signatures repository: FILE.SIGNER.asc, one per signer. */
static int
find_per_signer(const char *file, char ***out, size_t *n, struct err *e)
{
	char *dir = NULL, *base;
	const char *slash = strrchr(file, '/');
	DIR *d = NULL;
	struct dirent *de;
	size_t blen, nlen;
	char **v = NULL, **nv;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if ((dir = strdup(slash ? file : ".")) == NULL)
		goto oom;
	if (slash != NULL)
		dir[slash - file] = '\0';
	base = (char *)(slash ? slash + 1 : file);
	blen = strlen(base);
	if ((d = opendir(slash && slash == file ? "/" : dir)) == NULL) {
		err_set(e, "cannot list '%s': %s", dir, strerror(errno));
		goto out;
	}
	while ((de = readdir(d)) != NULL) {
		nlen = strlen(de->d_name);
		if (nlen < blen + 6 || strncmp(de->d_name, base, blen) != 0 ||
		    de->d_name[blen] != '.' ||
		    strcmp(de->d_name + nlen - 4, ".asc") != 0 ||
		    memchr(de->d_name + blen + 1, '.', nlen - blen - 5) != NULL)
			continue;
		if ((nv = realloc(v, (*n + 1) * sizeof(*v))) == NULL)
			goto oom;
		v = nv;
		if (asprintf(&v[*n], "%s%s%s", slash ? dir : "",
		    slash ? "/" : "", de->d_name) < 0)
			goto oom;
		(*n)++;
		if (*n > PGP_MAX_SIGS) {
			err_set(e, "too many signature files beside '%s'",
			    file);
			goto out;
		}
	}
	if (*n > 0)
		qsort(v, *n, sizeof(*v), cmp_str);
	*out = v;
	v = NULL;
	rc = 0;
	goto out;
oom:
	err_set(e, "out of memory");
out:
	if (v != NULL) {
		while (*n > 0)
			free(v[--*n]);
		free(v);
	}
	if (d != NULL)
		closedir(d);
	free(dir);
	return rc;
}

static int
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Reads the signature files; on a missing or malformed signature, why
 * says so and the check goes on to hash the file. */
static int
read_sigs(const struct verify_opts *o, struct verify_result *r,
    struct pgp_sigs *ps, char *why, size_t whylen, struct err *e)
{
	char *cand = NULL, **list = NULL, *shown = NULL;
	size_t i, n = 0;
	int rc = -1;

	if (o->sig != NULL)
		return add_sigfile(r, ps, o->sig, why, whylen, e);
	if (asprintf(&cand, "%s.asc", o->file) < 0)
		goto oom;
	if (!exists(cand)) {
		free(cand);
		if (asprintf(&cand, "%s.sig", o->file) < 0)
			goto oom;
	}
	if (exists(cand)) {
		rc = add_sigfile(r, ps, cand, why, whylen, e);
		goto out;
	}
	if (find_per_signer(o->file, &list, &n, e) != 0)
		goto out;
	for (i = 0; i < n && why[0] == '\0'; i++)
		if (add_sigfile(r, ps, list[i], why, whylen, e) != 0)
			goto out;
	if (n == 0) {
		if ((shown = xescape(o->file)) == NULL)
			goto oom;
		snprintf(why, whylen, "no signature found (looked for '%s.asc', "
		    "'%s.sig' and '%s.SIGNER.asc'): download the signature "
		    "from the same page as the file and name it with --sig",
		    shown, shown, shown);
	}
	rc = 0;
	goto out;
oom:
	err_set(e, "out of memory");
out:
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	free(cand);
	free(shown);
	return rc;
}

static void
hexify(char *out, const unsigned char *b, size_t n)
{
	static const char hx[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[b[i] >> 4];
		out[2 * i + 1] = hx[b[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Fills the packet facts of every signature and marks the ones the
 * engine is never given. */
static int
prepare_sigs(struct verify_result *r, const struct pgp_sigs *ps,
    struct err *e)
{
	struct verify_sig *s;
	const struct pgp_sig *p;
	size_t i;

	if ((r->sigs = calloc(ps->n ? ps->n : 1, sizeof(*r->sigs))) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	r->nsigs = ps->n;
	for (i = 0; i < ps->n; i++) {
		p = &ps->v[i];
		s = &r->sigs[i];
		s->file = p->file;
		s->created = p->created;
		s->version = p->version;
		s->sigclass = p->sigclass;
		s->pkalgo = p->pkalgo;
		s->hashalgo = p->hashalgo;
		if (p->has_keyid)
			hexify(s->keyid, p->keyid, 8);
		s->status = SIG_UNSUPPORTED;
		if (p->version == 3)
			sig_say(s, 0, "v3 signature packet: an obsolete format "
			    "that is never accepted");
		else if (p->version != 4)
			sig_say(s, 0, "v%d signature packet: not supported by "
			    "this GnuPG", p->version);
		else if (p->sigclass != 0x00 && p->sigclass != 0x01)
			sig_say(s, 0, "not a signature over a file (class "
			    "0x%02x)", p->sigclass);
		else if (p->created < 0)
			sig_say(s, 0, "no signed creation time");
		else
			s->status = SIG_ERROR;	/* until the engine says */
	}
	return 0;
}

static enum sig_status
engine_status(gpgme_signature_t gs)
{
	switch (gpgme_err_code(gs->status)) {
	case GPG_ERR_NO_ERROR:
	case GPG_ERR_KEY_EXPIRED:	/* good, by a key expired since */
	case GPG_ERR_SIG_EXPIRED:
	case GPG_ERR_CERT_REVOKED:	/* good, by a revoked key */
		return SIG_GOOD;
	case GPG_ERR_BAD_SIGNATURE:
		return SIG_BAD;
	case GPG_ERR_NO_PUBKEY:
		return SIG_NOKEY;
	default:
		return SIG_ERROR;
	}
}

static gpgme_subkey_t
find_subkey(gpgme_key_t k, const char *id)
{
	gpgme_subkey_t sk;
	size_t n = strlen(id);

	for (sk = k->subkeys; sk != NULL; sk = sk->next) {
		if (sk->fpr != NULL && strcasecmp(sk->fpr, id) == 0)
			return sk;
		if (n == 16 && sk->keyid != NULL && strcasecmp(sk->keyid, id)
		    == 0)
			return sk;
	}
	return NULL;
}

/* Was the key that made s valid when s was made, and is it still? */
static void
check_key_time(struct verify_sig *s, gpgme_key_t k, gpgme_subkey_t sk)
{
	gpgme_subkey_t pk = k->subkeys;
	char d[32];
	int64_t now = (int64_t)time(NULL);
	gpgme_subkey_t which[2] = { pk, sk != pk ? sk : NULL };
	int i;

	if (k->revoked || pk->revoked || sk->revoked)
		sig_say(s, 0, "the key was revoked by its owner");
	if (sk != pk && !sk->can_sign)
		sig_say(s, 0, "subkey %s is not bound for signing", sk->fpr);
	if (k->invalid || sk->invalid)
		sig_say(s, 0, "the key is invalid");
	for (i = 0; i < 2; i++) {
		if (which[i] == NULL)
			continue;
		if (s->created < which[i]->timestamp)
			sig_say(s, 0, "made before its key was created");
		if (which[i]->expires == 0)
			continue;
		fmt_date(d, sizeof(d), which[i]->expires);
		if (s->created >= which[i]->expires)
			sig_say(s, 0, "made after the key expired on %s: if the "
			    "signer has extended the key, refresh it with "
			    "'electrum-verify keys import'", d);
		else if (now >= which[i]->expires)
			sig_say(s, 1, "the %s has since expired (%s); the "
			    "signature was made before", i ? "signing subkey" :
			    "key", d);
	}
}

static void
check_sha1_selfsigs(struct gpg *g, struct verify_sig *s)
{
	unsigned char *key = NULL;
	size_t len;
	struct err e;
	int sha1 = 0;

	if (gpg_export(g, s->fpr, 0, &key, &len, &e) == 0 &&
	    pgp_key_sha1_selfsig(key, len, &sha1, &e) == 0 && sha1)
		sig_say(s, 1, "the key binds its user IDs or subkeys with "
		    "SHA-1 self-signatures: accepted there, never for a file");
	free(key);
}

static void
say_digest(struct verify_sig *s)
{
	sig_say(s, 0, "digest %s is not accepted for a signature over a file "
	    "(SHA-1, MD5 and RIPEMD-160 are too weak): only SHA-256, SHA-384 "
	    "and SHA-512", pgp_hash_name(s->hashalgo));
}

/* A v4 key ID is the tail of the primary fingerprint: name the pinned
 * signer whose key is missing, where the signature says enough. */
static void
no_key(struct verify_result *r, struct verify_sig *s)
{
	size_t i, n;

	for (i = 0; s->keyid[0] != '\0' && i < r->pins->n; i++) {
		n = strlen(r->pins->v[i].fpr);
		if (n == 40 && strcmp(r->pins->v[i].fpr + 24, s->keyid) == 0) {
			sig_say(s, 0, "made by the key of pinned signer %s, "
			    "which is not in the key store: import it with "
			    "'electrum-verify keys import'",
			    r->pins->v[i].name);
			return;
		}
	}
	sig_say(s, 0, "no key at hand for key ID %s: not a pinned signer, "
	    "or a pinned signer whose key is not imported",
	    s->keyid[0] ? s->keyid : "(none)");
}

/* Applies the policy to one signature the engine checked. */
static int
judge(struct gpg *g, struct verify_result *r, struct verify_sig *s,
    gpgme_signature_t gs, struct err *e)
{
	gpgme_key_t k = NULL;
	gpgme_subkey_t sk;
	const struct pin *pin;
	const char *id = gs->fpr;
	char d[32];
	int found, rc = -1;

	s->status = engine_status(gs);
	if (gs->timestamp != 0 && (int64_t)gs->timestamp != s->created) {
		err_set(e, "the engine's result does not line up with the "
		    "signature packets");
		goto out;
	}
	if (id == NULL || id[0] == '\0')
		id = s->keyid;
	found = id[0] != '\0' ? gpg_key(g, id, &k, e) : 0;
	if (found < 0)
		goto out;
	if (s->status == SIG_ERROR && !pgp_hash_strong(s->hashalgo))
		say_digest(s);
	else if (s->status == SIG_ERROR)
		sig_say(s, 0, "the engine could not check it: %s",
		    gpgme_strerror(gs->status));
	if (!found || s->status == SIG_NOKEY) {
		s->status = s->status == SIG_ERROR ? SIG_ERROR : SIG_NOKEY;
		if (s->status == SIG_NOKEY)
			no_key(r, s);
		rc = 0;
		goto out;
	}
	snprintf(s->fpr, sizeof(s->fpr), "%s", k->subkeys->fpr);
	sk = find_subkey(k, id);
	if (sk == NULL)
		sk = k->subkeys;
	if (sk != k->subkeys)
		snprintf(s->subkey, sizeof(s->subkey), "%s", sk->fpr);
	pin = pins_by_fpr(r->pins, s->fpr);
	s->signer = pin != NULL ? pin->name : NULL;
	if (pin == NULL)
		sig_say(s, 0, "the key is not pinned");
	if (s->status != SIG_GOOD) {
		if (s->status == SIG_BAD)
			sig_say(s, 0, "BAD signature from %s: it does not match "
			    "this file", s->signer ? s->signer : "an unpinned key");
		rc = 0;
		goto out;
	}
	if (s->sigclass != 0x00)
		sig_say(s, 0, "text-mode signature (class 0x%02x): release "
		    "files are signed in binary mode", s->sigclass);
	if (!pgp_hash_strong(s->hashalgo))
		say_digest(s);
	if (s->created > (int64_t)time(NULL) + VERIFY_SKEW) {
		fmt_date(d, sizeof(d), s->created);
		sig_say(s, 0, "dated in the future (%s): check the clock, or "
		    "the signature was forged with a later date", d);
	}
	if (gpgme_err_code(gs->status) == GPG_ERR_CERT_REVOKED && !k->revoked)
		sig_say(s, 0, "the key was revoked by its owner");
	if (gpgme_err_code(gs->status) == GPG_ERR_SIG_EXPIRED)
		sig_say(s, 0, "the signature has expired (its signer gave it "
		    "an end date)");
	check_key_time(s, k, sk);
	check_sha1_selfsigs(g, s);
	rc = 0;
out:
	gpgme_key_unref(k);
	return rc;
}

/* Counts distinct pinned primary keys and words the verdict. */
static void
decide(struct verify_result *r)
{
	struct verify_sig *s;
	char bad[512] = "", counted[512] = "";
	size_t i, j, nokey = 0, nbad = 0, len;

	for (i = 0; i < r->nsigs; i++) {
		s = &r->sigs[i];
		if (s->status == SIG_BAD && s->signer != NULL) {
			len = strlen(bad);
			snprintf(bad + len, sizeof(bad) - len, "%s%s",
			    len ? ", " : "", s->signer);
			nbad++;
		}
		if (s->status == SIG_NOKEY)
			nokey++;
		if (s->status != SIG_GOOD || s->signer == NULL ||
		    s->nreasons > 0)
			continue;
		for (j = 0; j < i; j++)
			if (r->sigs[j].counted &&
			    strcmp(r->sigs[j].fpr, s->fpr) == 0)
				break;
		if (j < i) {
			s->duplicate = 1;
			continue;
		}
		s->counted = 1;
		r->ncounted++;
		len = strlen(counted);
		snprintf(counted + len, sizeof(counted) - len, "%s%s",
		    len ? ", " : "", s->signer);
	}
	r->verdict = VERDICT_NOT_VERIFIED;
	if (nbad > 0)
		snprintf(r->reason, sizeof(r->reason), "BAD signature%s from %s: "
		    "%s not match this file; do not use the file",
		    nbad > 1 ? "s" : "", bad, nbad > 1 ? "they do" : "it does");
	else if (r->ncounted >= r->min_sigs) {
		r->verdict = VERDICT_VERIFIED;
		snprintf(r->reason, sizeof(r->reason), "signed by %zu pinned "
		    "signer%s: %s", r->ncounted, r->ncounted == 1 ? "" : "s",
		    counted);
	} else if (r->nsigs > 0 && nokey == r->nsigs)
		snprintf(r->reason, sizeof(r->reason), "all %zu signature%s "
		    "from unknown keys: not made by a pinned Electrum signer, "
		    "or their keys are not imported", r->nsigs,
		    r->nsigs == 1 ? " is" : "s are");
	else
		snprintf(r->reason, sizeof(r->reason), "%zu good signature%s "
		    "from pinned signers, %u needed", r->ncounted,
		    r->ncounted == 1 ? "" : "s", r->min_sigs);
}

static int
load_keys(const struct verify_opts *o, struct gpg *g, struct pins *p,
    struct err *e)
{
	size_t i, loaded;

	if (o->nkeyrings == 0) {
		if (pins_load_default(p, e) != 0 ||
		    keys_load_store(g, p, &loaded, e) != 0)
			return -1;
		if (loaded == 0) {
			err_set(e, "no key material for any pinned signer: "
			    "import the Electrum signers' keys first, e.g. "
			    "'electrum-verify keys import ThomasV.asc'");
			return -1;
		}
		return 0;
	}
	for (i = 0; i < o->nkeyrings; i++)
		if (keys_load_keyring(g, p, o->keyrings[i], e) != 0)
			return -1;
	return 0;
}

static int
open_source(struct source *src, const char *file, struct err *e)
{
	struct stat st;

	src->fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (src->fd < 0) {
		err_set(e, "cannot open '%s': %s", src->name, strerror(errno));
		return -1;
	}
	if (fstat(src->fd, &st) != 0) {
		err_set(e, "cannot read '%s': %s", src->name, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		err_set(e, "'%s' is not a regular file", src->name);
		return -1;
	}
	return 0;
}

/* Gives the engine the packets of class cls it has not reported on yet,
 * judges what it reports and marks those done. *left counts the packets
 * of that class still pending afterwards. */
static int
engine_pass(struct gpg *g, struct verify_result *r, const struct pgp_sigs *ps,
    struct source *src, unsigned char *done, int cls, size_t *left,
    struct err *e)
{
	unsigned char *send = NULL;
	size_t len = 0, i, nsent = 0, njudged = 0, last = 0;
	gpgme_verify_result_t vr = NULL;
	gpgme_signature_t gs;
	int rc = -1;

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
	if (gpg_verify(g, send, len, source_read, src, &vr, e) != 0)
		goto out;
	gpgme_result_ref(vr);	/* judge() runs key look-ups on the ctx */
	gs = vr->signatures;
	for (i = 0; i < r->nsigs && gs != NULL; i++) {
		if (done[i] || r->sigs[i].sigclass != cls)
			continue;
		if (judge(g, r, &r->sigs[i], gs, e) != 0)
			goto out;
		done[i] = 1;
		last = i;
		njudged++;
		gs = gs->next;
	}
	/* gpg --batch, as GPGME runs it, stops at a bad signature: the
	 * ones after it get a pass of their own. */
	if (gs != NULL || njudged == 0 || (njudged < nsent &&
	    r->sigs[last].status != SIG_BAD &&
	    r->sigs[last].status != SIG_ERROR)) {
		err_set(e, "the engine's results do not line up with the "
		    "signature packets");
		goto out;
	}
	*left = nsent - njudged;
	rc = 0;
out:
	if (vr != NULL)
		gpgme_result_unref(vr);
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
    struct source *src, struct err *e)
{
	static const int classes[] = { 0x00, 0x01 };
	unsigned char *done = NULL;
	size_t i, c, left;
	int rc = -1;

	if (prepare_sigs(r, ps, e) != 0)
		goto out;
	if ((done = calloc(r->nsigs ? r->nsigs : 1, 1)) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	for (c = 0; c < sizeof(classes) / sizeof(classes[0]); c++) {
		for (left = 0, i = 0; i < r->nsigs; i++)
			if (r->sigs[i].status != SIG_UNSUPPORTED &&
			    r->sigs[i].sigclass == classes[c])
				left++;
			else if (r->sigs[i].sigclass == classes[c])
				done[i] = 1;
		while (left > 0) {
			if (!src->hashing && lseek(src->fd, 0, SEEK_SET) != 0) {
				err_set(e, "cannot rewind '%s': %s",
				    src->name, strerror(errno));
				goto out;
			}
			if (engine_pass(g, r, ps, src, done, classes[c], &left,
			    e) != 0)
				goto out;
			if (src->hashing && source_drain(src, e) != 0)
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
	struct source src = { -1, NULL, { 0 }, 0, 1, o->cancel, NULL };
	const char *base;
	char why[1024] = "";
	int rc = -1, hashing = 0;

	pgp_sigs_init(&ps);
	r->verdict = VERDICT_ERROR;
	r->min_sigs = o->min_sigs ? o->min_sigs : 1;
	if ((r->file = xescape(o->file)) == NULL ||
	    (r->pins = calloc(1, sizeof(*r->pins))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	pins_init(r->pins);
	src.name = r->file;
	base = strrchr(o->file, '/') ? strrchr(o->file, '/') + 1 : o->file;
	r->has_release = artifact_parse_name(base, &r->release);
	if (hash_lib_init(e) != 0 || open_source(&src, o->file, e) != 0 ||
	    gpg_open(&g, e) != 0 || load_keys(o, g, r->pins, e) != 0 ||
	    read_sigs(o, r, &ps, why, sizeof(why), e) != 0 ||
	    hash_init(&src.h, e) != 0)
		goto out;
	hashing = 1;
	if (why[0] != '\0') {
		pgp_sigs_release(&ps);
		pgp_sigs_init(&ps);
	}
	if (check_sigs(g, r, &ps, &src, e) != 0)
		goto out;
	hash_final(&src.h);
	memcpy(r->sha256, src.h.hex, sizeof(r->sha256));
	r->size = src.h.size;
	r->type = artifact_detect(src.h.head, src.h.head_len, src.h.tail,
	    src.h.tail_len, src.h.size);
	if (why[0] != '\0') {
		r->verdict = VERDICT_NOT_VERIFIED;
		snprintf(r->reason, sizeof(r->reason), "%s", why);
	} else if (ps.n == 0) {
		r->verdict = VERDICT_NOT_VERIFIED;
		snprintf(r->reason, sizeof(r->reason), "the signature file "
		    "holds no signature");
	} else
		decide(r);
	rc = 0;
out:
	if (rc != 0 && src.failed == ECANCELED)
		err_set(e, "interrupted: '%s' was not verified", r->file);
	if (hashing)
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
	r->type = "unknown";
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
	default:
		return "unsupported";
	}
}
