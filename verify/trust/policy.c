#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/escape.h"
#include "openpgp/pgp.h"
#include "trust/pins.h"
#include "trust/policy.h"

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

/* MD5, SHA-1 and RIPEMD-160 are too weak; the others (SHA-224, SHA-3,
 * unknown ids) are refused only to keep the list short (README.md). */
static void
say_digest(struct verify_sig *s)
{
	int a = s->hashalgo;

	sig_say(s, 0, "digest %s is not accepted for a signature over a file "
	    "(%s): only SHA-256, SHA-384 and SHA-512", pgp_hash_name(a),
	    a == 1 || a == 2 || a == 3 ? "too weak" : "no signer needs it; "
	    "the list is kept short");
}

/* GnuPG calls a signature with a critical subpacket it does not
 * understand BAD, whether or not it matches the file: say why instead. */
static int
say_critical(struct verify_sig *s, const struct pgp_sig *p, struct err *e)
{
	size_t n = p->crit_name_len;
	char *name;

	if (p->crit_type != 20) {
		sig_say(s, 0, "it carries a critical subpacket (type %d) that "
		    "is not understood: never counted, whether or not it "
		    "matches the file", p->crit_type);
		return 0;
	}
	if ((name = escape_dup((const char *)p->crit_name,
	    n < sizeof(p->crit_name) ? n : sizeof(p->crit_name))) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	sig_say(s, 0, "it carries a critical notation '%.100s%s' that is not "
	    "understood: never counted, whether or not it matches the file",
	    name, n > sizeof(p->crit_name) || strlen(name) > 100 ? "..." :
	    "");
	free(name);
	return 0;
}

/* What gpg 2.2 checks; it exits without reading the file for anything
 * else. SHA-1 and RIPEMD-160 go to the engine, so that a BAD one is
 * known, though they never count. */
static const int engine_hashes[] = { 2, 3, 8, 9, 10, 11, 0 };
static const int engine_pks[] = { 1, 3, 17, 19, 22, 0 };

static int
engine_knows(int algo, const int *list)
{
	for (; *list != 0; list++)
		if (*list == algo)
			return 1;
	return 0;
}

/* Fills the packet facts of every signature and marks the ones the
 * engine is never given. */
int
policy_prepare(struct verify_result *r, const struct pgp_sigs *ps,
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
			pgp_hex(s->keyid, p->keyid, 8);
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
		else if (!engine_knows(p->hashalgo, engine_hashes))
			say_digest(s);
		else if (!engine_knows(p->pkalgo, engine_pks))
			sig_say(s, 0, "public-key algorithm %d is not supported",
			    p->pkalgo);
		else if (p->crit_type != -1) {
			if (say_critical(s, p, e) != 0)
				return -1;
		} else
			s->status = SIG_ERROR;	/* until the engine says */
	}
	return 0;
}

static enum sig_status
engine_status(const struct sigcheck *c)
{
	switch (c->status) {
	case SIGCHECK_GOOD:
		return SIG_GOOD;
	case SIGCHECK_BAD:
		return SIG_BAD;
	case SIGCHECK_NOKEY:
		return SIG_NOKEY;
	default:
		return SIG_ERROR;
	}
}

/* The --keyring files' names when the pins are their keys (then the
 * messages speak of keys in them), else NULL. */
static const char *
keyring(const struct verify_result *r)
{
	return r->pins != NULL ? r->pins->keyring : NULL;
}

/* Was the key that made s valid when s was made, and is it still? */
static void
check_key_time(const struct verify_result *r, struct verify_sig *s,
    const struct sigcheck_cert *k, const struct sigcheck_key *sk)
{
	const struct sigcheck_key *pk = &k->keys[0];
	char d[32];
	int64_t now = (int64_t)time(NULL);
	const struct sigcheck_key *which[2] = { pk, sk != pk ? sk : NULL };
	int i;

	if (k->revoked || pk->revoked)
		sig_say(s, 0, "the key was revoked by its owner");
	else if (sk->revoked)
		sig_say(s, 0, "the signing subkey was revoked by its owner");
	if (!sk->can_sign)
		sig_say(s, 0, "%s %s is not bound for signing", sk != pk ?
		    "subkey" : "key", sk->fpr);
	if (k->invalid || sk->invalid)
		sig_say(s, 0, "the key is invalid");
	for (i = 0; i < 2; i++) {
		if (which[i] == NULL)
			continue;
		if (s->created < which[i]->created)
			sig_say(s, 0, "made before its key was created");
		if (which[i]->expires == 0)
			continue;
		fmt_date(d, sizeof(d), which[i]->expires);
		if (s->created >= which[i]->expires && keyring(r) != NULL)
			sig_say(s, 0, "made after the key expired on %s: if the "
			    "signer has extended the key, put the new key in "
			    "%.150s", d, keyring(r));
		else if (s->created >= which[i]->expires)
			sig_say(s, 0, "made after the key expired on %s: if the "
			    "signer has extended the key, refresh it with "
			    "'electrum-verify keys import'", d);
		else if (now >= which[i]->expires)
			sig_say(s, 1, "the %s has since expired (%s); the "
			    "signature was made before", i ? "signing subkey" :
			    "key", d);
	}
}

/* A v4 key ID is the tail of the primary fingerprint: name the pinned
 * signer whose key is missing, where the signature says enough. */
static void
no_key(struct verify_result *r, struct verify_sig *s)
{
	size_t i, n;

	if (keyring(r) != NULL) {
		sig_say(s, 0, "no key %s %.150s has key ID %s", r->pins->chosen ?
		    "chosen with --fingerprint from" : "in", keyring(r),
		    s->keyid[0] ? s->keyid : "(none)");
		return;
	}
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

/* Whether the engine's answer c is about packet s: a good answer must
 * carry the packet's time, digest and issuer; others what they have. */
static int
lines_up(const struct verify_sig *s, const struct sigcheck *c)
{
	size_t n = strlen(c->fpr);

	if (s->status == SIG_GOOD && (c->created == 0 || n < 16))
		return 0;
	if (c->created != 0 && c->created != s->created)
		return 0;
	if (c->hashalgo != 0 && c->hashalgo != s->hashalgo)
		return 0;
	/* A v4 key ID is the tail of the signing key's fingerprint. */
	if (s->keyid[0] != '\0' && n >= 16 && (n == 16 || n == 40) &&
	    strcasecmp(c->fpr + n - 16, s->keyid) != 0)
		return 0;
	return 1;
}

const char *
policy_issuer(const struct verify_sig *s, const struct sigcheck *c)
{
	return c->fpr[0] != '\0' ? c->fpr : s->keyid;
}

/* Applies the policy to one signature the engine checked. */
int
policy_judge(struct verify_result *r, struct verify_sig *s,
    const struct sigcheck *c, const struct sigcheck_cert *k, struct err *e)
{
	const struct sigcheck_key *sk;
	const struct pin *pin;
	const char *id = policy_issuer(s, c);
	char d[32];

	s->status = engine_status(c);
	if (!lines_up(s, c)) {
		err_set(e, "the engine's result does not line up with the "
		    "signature packets");
		return -1;
	}
	if (k != NULL && k->n == 0)
		k = NULL;
	if (k == NULL && s->status == SIG_BAD) {
		sig_say(s, 0, "BAD signature from an unnamed signer: it names "
		    "no key at hand and does not match this file under any "
		    "%s%.150s", keyring(r) ? "key in " : "pinned key",
		    keyring(r) ? keyring(r) : "");
		return 0;
	}
	if (s->status == SIG_ERROR && !pgp_hash_strong(s->hashalgo))
		say_digest(s);
	else if (s->status == SIG_ERROR)
		sig_say(s, 0, "the engine could not check it: %s", c->error);
	if (k == NULL || s->status == SIG_NOKEY) {
		s->status = s->status == SIG_ERROR ? SIG_ERROR : SIG_NOKEY;
		if (s->status == SIG_NOKEY)
			no_key(r, s);
		return 0;
	}
	snprintf(s->fpr, sizeof(s->fpr), "%s", k->keys[0].fpr);
	if ((sk = sigcheck_find(k, id)) == NULL)
		sk = &k->keys[0];
	if (sk != &k->keys[0])
		snprintf(s->subkey, sizeof(s->subkey), "%s", sk->fpr);
	pin = pins_by_fpr(r->pins, s->fpr);
	s->signer = pin != NULL ? pin->name : NULL;
	if (pin == NULL)
		sig_say(s, 0, "the key is not pinned");
	if (s->status != SIG_GOOD) {
		if (s->status == SIG_BAD)
			sig_say(s, 0, "BAD signature from %s: it does not match "
			    "this file", s->signer ? s->signer : "an unpinned key");
		return 0;
	}
	if (s->sigclass != 0x00 && !(r->text_list && s->sigclass == 0x01))
		sig_say(s, 0, "text-mode signature (class 0x%02x): release "
		    "files are signed in binary mode", s->sigclass);
	if (!pgp_hash_strong(s->hashalgo))
		say_digest(s);
	if (s->created > (int64_t)time(NULL) + VERIFY_SKEW) {
		fmt_date(d, sizeof(d), s->created);
		sig_say(s, 0, "dated in the future (%s): check the clock, or "
		    "the signature was forged with a later date", d);
	}
	if (c->key_revoked && !k->revoked && !sk->revoked)
		sig_say(s, 0, "the key was revoked by its owner");
	if (c->sig_expired)
		sig_say(s, 0, "the signature has expired (its signer gave it "
		    "an end date)");
	check_key_time(r, s, k, sk);
	if (k->sha1_selfsig)
		sig_say(s, 1, "the key binds its user IDs or subkeys with "
		    "SHA-1 self-signatures: accepted there, never for a file");
	return 0;
}

void
policy_settle(struct verify_sig *s, enum sig_status st, const char *why)
{
	s->status = st;
	sig_say(s, 0, "%.250s", why);
}

/* Counts distinct pinned primary keys and words the verdict. */
/* Whether a signature before i with status st has the same signer. */
static int
named_before(const struct verify_result *r, size_t i, enum sig_status st)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (r->sigs[j].status == st &&
		    r->sigs[j].signer == r->sigs[i].signer)
			return 1;
	return 0;
}

void
policy_decide(struct verify_result *r)
{
	struct verify_sig *s;
	char bad[512] = "", counted[512] = "";
	size_t i, j, nokey = 0, nbad = 0, len;

	for (i = 0; i < r->nsigs; i++) {
		s = &r->sigs[i];
		if (s->status == SIG_BAD && (s->signer != NULL ||
		    s->fpr[0] == '\0') && !named_before(r, i, SIG_BAD)) {
			len = strlen(bad);
			snprintf(bad + len, sizeof(bad) - len, "%s%s",
			    len ? ", " : "", s->signer != NULL ? s->signer :
			    "an unnamed signer");
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
		if (keyring(r) != NULL)
			snprintf(r->reason, sizeof(r->reason), "signed by %zu "
			    "key%s in %.300s: %s", r->ncounted, r->ncounted ==
			    1 ? "" : "s", keyring(r), counted);
		else
			snprintf(r->reason, sizeof(r->reason), "signed by %zu "
			    "pinned signer%s: %s", r->ncounted, r->ncounted ==
			    1 ? "" : "s", counted);
	} else if (r->nsigs > 0 && nokey == r->nsigs && keyring(r) != NULL)
		snprintf(r->reason, sizeof(r->reason), "all %zu signature%s "
		    "from unknown keys: none was made by a key %s %.300s",
		    r->nsigs, r->nsigs == 1 ? " is" : "s are",
		    r->pins->chosen ? "chosen with --fingerprint from" : "in",
		    keyring(r));
	else if (r->nsigs > 0 && nokey == r->nsigs)
		snprintf(r->reason, sizeof(r->reason), "all %zu signature%s "
		    "from unknown keys: not made by a pinned Electrum signer, "
		    "or their keys are not imported", r->nsigs,
		    r->nsigs == 1 ? " is" : "s are");
	else
		snprintf(r->reason, sizeof(r->reason), "%zu good signature%s "
		    "from %s%.300s, %u needed", r->ncounted,
		    r->ncounted == 1 ? "" : "s", keyring(r) ? "keys in " :
		    "pinned signers", keyring(r) ? keyring(r) : "",
		    r->min_sigs);
}

