#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "openpgp/native.h"
#include "openpgp/sigcheck.h"
#include "trust/onepass.h"
#include "trust/pins.h"
#include "trust/policy.h"

#define BLOCK (1024 * 1024)	/* bytes per read of the download */
#define DIGESTS 8		/* digest ids a check can need at once */

/* One pinned key in the private keyring, its material read lazily. */
struct cand {
	int present;
	struct sigcheck_cert cert;
	unsigned char *export;		/* gpg's binary export, or NULL */
	size_t exlen;
	struct native_key **mat;	/* per cert.keys[], NULL until used */
	int *loaded;			/* 1 tried, 2 none usable */
};

struct onepass {
	struct gpg *g;
	struct verify_result *r;
	struct cand *c;			/* one per pin */
	struct native_md *md[DIGESTS];
	int algo[DIGESTS];
	int text[DIGESTS];		/* over the canonical text */
	int shared[DIGESTS];		/* fed by the reader's own SHA-256 */
	size_t nmd;
	int canonical;			/* the data is canonical text already */
};

/* The digests not shared with the reader, each on a thread of its own,
 * hash block k while the reader reads (and hashes SHA-256 for the
 * report) block k + 1: two buffers; gen counts the blocks handed out,
 * pending the workers still hashing the current one. */
struct pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned char *buf[2];
	long n[2];
	int work;			/* the buffer being hashed */
	unsigned long gen;
	size_t pending;
	int stop;
};

struct worker {
	struct pool *p;
	struct native_md *md;
};

static void
op_release(struct onepass *op)
{
	size_t i, j;

	for (i = 0; op->c != NULL && i < op->r->pins->n; i++) {
		for (j = 0; op->c[i].mat != NULL && j < op->c[i].cert.n; j++)
			native_key_free(op->c[i].mat[j]);
		free(op->c[i].mat);
		free(op->c[i].loaded);
		free(op->c[i].export);
		sigcheck_cert_release(&op->c[i].cert);
	}
	free(op->c);
	for (i = 0; i < op->nmd; i++)
		native_md_free(op->md[i]);
}

/* The pinned keys gpg holds, as gpg validated them. */
static int
load_cands(struct onepass *op, struct err *e)
{
	const struct pins *p = op->r->pins;
	struct cand *c;
	size_t i;
	int found;

	if ((op->c = calloc(p->n ? p->n : 1, sizeof(*op->c))) == NULL)
		goto oom;
	for (i = 0; i < p->n; i++) {
		c = &op->c[i];
		if ((found = gpg_key(op->g, p->v[i].fpr, &c->cert, e)) < 0)
			return -1;
		if (!found)
			continue;
		c->present = 1;
		if ((c->mat = calloc(c->cert.n, sizeof(*c->mat))) == NULL ||
		    (c->loaded = calloc(c->cert.n, sizeof(*c->loaded))) == NULL)
			goto oom;
	}
	return 0;
oom:
	err_set(e, "out of memory");
	return -1;
}

/* The material of key j of candidate c, from gpg's export of the key gpg
 * validated, by that key's fingerprint; NULL if there is none usable. */
static const struct native_key *
material(struct onepass *op, struct cand *c, size_t j)
{
	struct err ignored;
	int sha1 = 0;

	if (c->loaded[j])
		return c->mat[j];
	c->loaded[j] = 1;
	if (c->export == NULL) {
		if (gpg_export(op->g, c->cert.keys[0].fpr, 0, &c->export,
		    &c->exlen, &ignored) != 0)
			return NULL;
		if (pgp_key_sha1_selfsig(c->export, c->exlen, &sha1,
		    &ignored) == 0)
			c->cert.sha1_selfsig = sha1;
	}
	if (native_key_load(c->export, c->exlen, c->cert.keys[j].fpr,
	    &c->mat[j], &ignored) != 1)
		c->mat[j] = NULL;
	return c->mat[j];
}

/* Whether a signature of class cls is made over the canonical text of
 * the data (text-mode, class 0x01), which the data is not already. */
static int
over_text(const struct onepass *op, int cls)
{
	return cls == 0x01 && !op->canonical;
}

static struct native_md *
md_for(struct onepass *op, int hashalgo, int text)
{
	size_t i;

	for (i = 0; i < op->nmd; i++)
		if (op->algo[i] == hashalgo && op->text[i] == text)
			return op->md[i];
	return NULL;
}

/* Key j of c could have made a signature at time t. */
static int
valid_at(const struct cand *c, size_t j, int64_t t)
{
	const struct sigcheck_key *k = &c->cert.keys[j];
	const struct sigcheck_key *pk = &c->cert.keys[0];

	return k->can_sign && !k->revoked && !k->invalid && !pk->revoked &&
	    !c->cert.revoked && !c->cert.invalid && t >= k->created &&
	    (k->expires == 0 || t < k->expires);
}

/* Whether s (of class cls) verifies under key j of c. */
static int
verifies(struct onepass *op, const struct native_sig *ns, int cls,
    struct cand *c, size_t j)
{
	const struct native_key *k = material(op, c, j);
	struct err ignored;

	return k != NULL && native_verify(ns, k, md_for(op,
	    native_sig_hash(ns), over_text(op, cls)), &ignored) == NATIVE_GOOD;
}

/* The candidate and key the packet's issuer key ID names, if any. */
static struct cand *
named(struct onepass *op, const struct verify_sig *s, size_t *j)
{
	const struct sigcheck_key *k;
	size_t i;

	for (i = 0; s->keyid[0] != '\0' && i < op->r->pins->n; i++) {
		if (!op->c[i].present ||
		    (k = sigcheck_find(&op->c[i].cert, s->keyid)) == NULL)
			continue;
		*j = (size_t)(k - op->c[i].cert.keys);
		return &op->c[i];
	}
	return NULL;
}

/* Whether key k is newer than a signature made at t, or dated in the
 * future: gpg 2.2 then refuses to check the signature at all ("time
 * conflict"), whatever the data; why says which. */
static int
time_conflict(const struct sigcheck_key *k, int64_t t, char *why, size_t n)
{
	if (k->created > t)
		snprintf(why, n, "made before its signing key was created");
	else if (k->created > (int64_t)time(NULL))
		snprintf(why, n, "its signing key is dated in the future");
	else
		return 0;
	return 1;
}

/* Checks packet s: under the key its issuer names first, then under every
 * pinned signing key valid when it was made (an issuer stripped, wrong or
 * forged in the unhashed area names nothing to trust). GOOD for the key
 * it verifies under; else BAD for the named pinned key, NO-KEY when its
 * hashed area names a key not at hand, and BAD (naming no one) when
 * nothing names a key: a pinned key's signature over other data is never
 * "could not check". A named key newer than the signature makes it an
 * ERROR, as in gpg. */
static int
judge_one(struct onepass *op, struct verify_sig *s, const struct pgp_sig *p,
    const struct native_sig *ns, struct err *e)
{
	struct sigcheck c;
	struct cand *nc, *by = NULL;
	size_t nj = 0, i, j, bj = 0;

	memset(&c, 0, sizeof(c));
	c.created = s->created;
	c.hashalgo = s->hashalgo;
	nc = named(op, s, &nj);
	if (nc != NULL && time_conflict(&nc->cert.keys[nj], s->created,
	    c.error, sizeof(c.error))) {
		/* gpg checks nothing then: neither does this engine */
		c.status = SIGCHECK_ERROR;
		snprintf(c.fpr, sizeof(c.fpr), "%s", nc->cert.keys[nj].fpr);
		return policy_judge(op->r, s, &c, &nc->cert, e);
	}
	if (nc != NULL && verifies(op, ns, s->sigclass, nc, nj)) {
		by = nc;
		bj = nj;
	}
	for (i = 0; by == NULL && i < op->r->pins->n; i++)
		for (j = 0; by == NULL && op->c[i].present &&
		    j < op->c[i].cert.n; j++)
			if ((&op->c[i] != nc || j != nj) &&
			    valid_at(&op->c[i], j, s->created) &&
			    verifies(op, ns, s->sigclass, &op->c[i], j)) {
				by = &op->c[i];
				bj = j;
			}
	if (by != NULL) {
		c.status = SIGCHECK_GOOD;
		snprintf(c.fpr, sizeof(c.fpr), "%s", by->cert.keys[bj].fpr);
		snprintf(s->keyid, sizeof(s->keyid), "%s",
		    by->cert.keys[bj].keyid);
		c.sig_expired = p->expires > 0 &&
		    (int64_t)time(NULL) >= p->created + p->expires;
		return policy_judge(op->r, s, &c, &by->cert, e);
	}
	if (nc != NULL) {
		c.status = SIGCHECK_BAD;
		c.created = 0;
		snprintf(c.fpr, sizeof(c.fpr), "%s", nc->cert.keys[nj].fpr);
		return policy_judge(op->r, s, &c, &nc->cert, e);
	}
	c.status = p->hashed_issuer ? SIGCHECK_NOKEY : SIGCHECK_BAD;
	c.created = 0;
	return policy_judge(op->r, s, &c, NULL, e);
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->p;
	unsigned long seen = 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->gen == seen && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->stop)
			break;
		seen = p->gen;
		pthread_mutex_unlock(&p->mu);
		native_md_write(w->md, p->buf[p->work], (size_t)p->n[p->work]);
		pthread_mutex_lock(&p->mu);
		if (--p->pending == 0)
			pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Hands buffer cur to the workers (nw of them), or, with stop, ends them. */
static void
hand_out(struct pool *p, size_t nw, int cur, int stop)
{
	pthread_mutex_lock(&p->mu);
	p->work = cur;
	p->stop = stop;
	p->pending = nw;
	p->gen++;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static void
wait_done(struct pool *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->pending > 0)
		pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

/* Reads everything rd delivers into every digest: the shared SHA-256 is
 * fed by rd itself, the others by one thread each. */
static int
read_all(struct onepass *op, gpg_read_fn rd, void *arg, struct err *e)
{
	struct pool p;
	struct worker w[DIGESTS];
	pthread_t tid[DIGESTS];
	size_t i, nw = 0, started = 0;
	int rc = -1, cur = 0;

	memset(&p, 0, sizeof(p));
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	for (i = 0; i < op->nmd; i++)
		if (!op->shared[i]) {
			w[nw].p = &p;
			w[nw++].md = op->md[i];
		}
	if ((p.buf[0] = malloc(BLOCK)) == NULL ||
	    (p.buf[1] = malloc(BLOCK)) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	for (started = 0; started < nw; started++)
		if (pthread_create(&tid[started], NULL, work, &w[started]) !=
		    0) {
			err_set(e, "cannot start a thread for the digests");
			goto out;
		}
	p.n[cur] = rd(arg, p.buf[cur], BLOCK);
	while (p.n[cur] > 0) {
		if (nw > 0)
			hand_out(&p, nw, cur, 0);
		cur ^= 1;
		p.n[cur] = rd(arg, p.buf[cur], BLOCK);
		if (nw > 0)
			wait_done(&p);
	}
	if (p.n[cur] < 0) {
		err_set(e, "cannot read the file");
		goto out;
	}
	rc = 0;
out:
	if (started > 0) {
		hand_out(&p, 0, cur, 1);
		for (i = 0; i < started; i++)
			pthread_join(tid[i], NULL);
	}
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
	free(p.buf[0]);
	free(p.buf[1]);
	return rc;
}

/* The first packet this engine cannot read, as the parser of signature
 * files names it: "'FILE': packet N: why" (N counted in its file). */
static void
say_malformed(struct verify_result *r, const struct pgp_sigs *ps, size_t i,
    const char *why)
{
	size_t j, n = 1;

	if (r->malformed[0] != '\0')
		return;
	for (j = 0; j < i; j++)
		n += ps->v[j].file == ps->v[i].file;
	snprintf(r->malformed, sizeof(r->malformed), "'%.100s': packet %zu: "
	    "%.100s", ps->v[i].file < r->nsigfiles ?
	    r->sigfiles[ps->v[i].file] : "?", n, why);
}

/* A repeat of a key whose signature is already BAD tells nothing new. */
static int
repeat_of_bad(const struct verify_result *r, size_t i)
{
	size_t j;

	for (j = 0; j < i && r->sigs[i].keyid[0] != '\0'; j++)
		if (r->sigs[j].status == SIG_BAD &&
		    strcmp(r->sigs[j].keyid, r->sigs[i].keyid) == 0)
			return 1;
	return 0;
}

int
onepass_check(struct gpg *g, struct verify_result *r,
    const struct pgp_sigs *ps, unsigned char *done, int canonical,
    gpg_read_fn rd, void *arg, struct hash *h, struct err *e)
{
	struct onepass op = { g, r, NULL, { NULL }, { 0 }, { 0 }, { 0 }, 0,
	    canonical };
	struct native_sig **ns = NULL;
	const struct pgp_sig *p;
	struct err pe;
	size_t i;
	int rc = -1, cls, text;

	if ((ns = calloc(r->nsigs ? r->nsigs : 1, sizeof(*ns))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	for (i = 0; i < r->nsigs; i++) {
		p = &ps->v[i];
		cls = r->sigs[i].sigclass;
		if (done[i] || (cls != 0x01 && (canonical || cls != 0x00)))
			continue;
		if (native_sig_parse(ps->bin + p->off + p->hlen,
		    p->len - p->hlen, &ns[i], &pe) != 0) {
			say_malformed(r, ps, i, pe.msg);
			policy_settle(&r->sigs[i], SIG_ERROR, pe.msg);
			done[i] = 1;
			continue;
		}
		text = over_text(&op, cls);
		if (md_for(&op, p->hashalgo, text) != NULL)
			continue;
		if (op.nmd == DIGESTS) {
			err_set(e, "too many digests in one signature file");
			goto out;
		}
		op.shared[op.nmd] = p->hashalgo == 8 && h != NULL && !text;
		if ((op.shared[op.nmd] ? native_md_share(&op.md[op.nmd], h, e) :
		    text ? native_md_open_text(&op.md[op.nmd], p->hashalgo, e) :
		    native_md_open(&op.md[op.nmd], p->hashalgo, e)) != 0)
			goto out;
		op.text[op.nmd] = text;
		op.algo[op.nmd++] = p->hashalgo;
	}
	if (read_all(&op, rd, arg, e) != 0 || load_cands(&op, e) != 0)
		goto out;
	for (i = 0; i < r->nsigs; i++) {
		if (ns[i] == NULL)
			continue;
		if (repeat_of_bad(r, i))
			policy_settle(&r->sigs[i], SIG_NOTCHECKED, "not checked: "
			    "a signature by the same key is already BAD");
		else if (judge_one(&op, &r->sigs[i], &ps->v[i], ns[i], e) != 0)
			goto out;
		done[i] = 1;
	}
	rc = 0;
out:
	for (i = 0; ns != NULL && i < r->nsigs; i++)
		native_sig_free(ns[i]);
	free(ns);
	op_release(&op);
	return rc;
}
