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

#define NOTE SR_NONE	/* sig_say: a note, no reason against it */

static void
sig_say(struct verify_sig *s, enum sig_reason code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Adds a reason why s does not count (code: what kind; the first one is
 * s->code), or a note (code NOTE). */
static void
sig_say(struct verify_sig *s, enum sig_reason code, const char *fmt, ...)
{
	va_list ap;
	int note = code == NOTE;
	size_t *n = note ? &s->nnotes : &s->nreasons;
	char *m;

	if (!note && s->code == SR_NONE)
		s->code = code;
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

	sig_say(s, SR_WEAK_DIGEST, "digest %s is not accepted for a signature over a file "
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
		sig_say(s, SR_UNSUPPORTED, "it carries a critical subpacket (type %d) that "
		    "is not understood: never counted, whether or not it "
		    "matches the file", p->crit_type);
		return 0;
	}
	if ((name = escape_dup((const char *)p->crit_name,
	    n < sizeof(p->crit_name) ? n : sizeof(p->crit_name))) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	sig_say(s, SR_UNSUPPORTED, "it carries a critical notation '%.100s%s' that is not "
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
		if (p->fpr_len > 0 && p->fpr_hashed)
			pgp_hex(s->issuer, p->fpr, p->fpr_len);
		s->status = SIG_UNSUPPORTED;
		if (p->version == 3)
			sig_say(s, SR_UNSUPPORTED, "v3 signature packet: an obsolete format "
			    "that is never accepted");
		else if (p->version != 4)
			sig_say(s, SR_UNSUPPORTED, "v%d signature packet: not supported by "
			    "this GnuPG", p->version);
		else if (p->sigclass != 0x00 && p->sigclass != 0x01)
			sig_say(s, SR_UNSUPPORTED, "not a signature over a file (class "
			    "0x%02x)", p->sigclass);
		else if (p->created < 0)
			sig_say(s, SR_UNSUPPORTED, "no signed creation time");
		else if (!engine_knows(p->hashalgo, engine_hashes))
			say_digest(s);
		else if (!engine_knows(p->pkalgo, engine_pks))
			sig_say(s, SR_UNSUPPORTED, "public-key algorithm %d is not supported",
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
	int i, early = 0;

	if (k->revoked || pk->revoked)
		sig_say(s, SR_REVOKED, "the key was revoked by its owner");
	else if (sk->revoked)
		sig_say(s, SR_REVOKED, "the signing subkey was revoked by its owner");
	if (!sk->can_sign)
		sig_say(s, SR_KEY_UNUSABLE, "%s %s is not bound for signing", sk != pk ?
		    "subkey" : "key", sk->fpr);
	if (k->invalid || sk->invalid)
		sig_say(s, SR_KEY_UNUSABLE, "the key is invalid");
	for (i = 0; i < 2; i++) {
		if (which[i] == NULL)
			continue;
		/* said once, when both the key and its subkey are newer */
		if (s->created < which[i]->created && !early++)
			sig_say(s, SR_KEY_UNUSABLE, "made before its key was created");
		if (which[i]->expires == 0)
			continue;
		fmt_date(d, sizeof(d), which[i]->expires);
		if (s->created >= which[i]->expires && keyring(r) != NULL)
			sig_say(s, SR_EXPIRED, "made after the key expired on "
			    "%s: if the signer has extended the key, put the "
			    "new key in %.150s", d, keyring(r));
		else if (s->created >= which[i]->expires)
			sig_say(s, SR_EXPIRED, "made after the key expired on %s: if the "
			    "signer has extended the key, refresh it with "
			    "'electrum-verify keys import'", d);
		else if (now >= which[i]->expires)
			sig_say(s, NOTE, "the %s has since expired (%s); the "
			    "signature was made before", i ? "signing subkey" :
			    "key", d);
	}
}

/* A signature whose key is not at hand: name the pinned signer whose
 * primary key or listed signing subkey its hashed Issuer Fingerprint (or
 * key ID) names; that signer's key is missing. */
static void
no_key(struct verify_result *r, struct verify_sig *s)
{
	const struct pin *pin = pins_by_issuer(r->pins, s->issuer, s->keyid);

	if (keyring(r) != NULL) {
		sig_say(s, SR_NOT_PINNED, "no key %s %.150s has key ID %s",
		    r->pins->chosen ? "chosen with --fingerprint from" : "in",
		    keyring(r), s->keyid[0] ? s->keyid : "(none)");
		return;
	}
	if (pin != NULL) {
		s->missing = pin->name;
		sig_say(s, SR_KEY_MISSING, "made by the key of pinned signer "
		    "%s, which is not at hand: import it with "
		    "'electrum-verify keys import'", pin->name);
		return;
	}
	sig_say(s, SR_NOT_PINNED, "no key at hand for %s %s: not a pinned "
	    "signer's", s->issuer[0] ? "issuer" : "key ID", s->issuer[0] ?
	    s->issuer : s->keyid[0] ? s->keyid : "(none)");
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
		sig_say(s, SR_BAD, "BAD signature from an unnamed signer: it names "
		    "no key at hand and does not match this file under any "
		    "%s%.150s", keyring(r) ? "key in " : "pinned key",
		    keyring(r) ? keyring(r) : "");
		return 0;
	}
	if (s->status == SIG_ERROR && !pgp_hash_strong(s->hashalgo))
		say_digest(s);
	else if (s->status == SIG_ERROR)
		sig_say(s, SR_ENGINE_ERROR, "the engine could not check it: %s", c->error);
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
		sig_say(s, SR_NOT_PINNED, "the key is not pinned");
	if (s->status != SIG_GOOD) {
		if (s->status == SIG_BAD)
			sig_say(s, SR_BAD, "BAD signature from %s: it does not match "
			    "this file", s->signer ? s->signer : "an unpinned key");
		return 0;
	}
	if (s->sigclass != 0x00 && !(r->text_list && s->sigclass == 0x01))
		sig_say(s, SR_TEXT_MODE, "text-mode signature (class 0x%02x): release "
		    "files are signed in binary mode", s->sigclass);
	if (!pgp_hash_strong(s->hashalgo))
		say_digest(s);
	if (s->created > (int64_t)time(NULL) + VERIFY_SKEW) {
		fmt_date(d, sizeof(d), s->created);
		sig_say(s, SR_FUTURE, "dated in the future (%s): check the clock, or "
		    "the signature was forged with a later date", d);
	}
	if (c->key_revoked && !k->revoked && !sk->revoked)
		sig_say(s, SR_REVOKED, "the key was revoked by its owner");
	if (c->sig_expired)
		sig_say(s, SR_EXPIRED, "the signature has expired (its signer gave it "
		    "an end date)");
	check_key_time(r, s, k, sk);
	if (k->sha1_selfsig)
		sig_say(s, NOTE, "the key binds its user IDs or subkeys with "
		    "SHA-1 self-signatures: accepted there, never for a file");
	return 0;
}

void
policy_settle(struct verify_sig *s, enum sig_status st, const char *why)
{
	s->status = st;
	sig_say(s, st == SIG_NOTCHECKED ? SR_NOT_CHECKED : st == SIG_BAD ?
	    SR_BAD : st == SIG_UNSUPPORTED ? SR_UNSUPPORTED : SR_ENGINE_ERROR,
	    "%.250s", why);
}

/* The pinned signers whose keys are missing, "A, B" in out; how many. */
static size_t
missing_keys(const struct verify_result *r, char *out, size_t n)
{
	const char *v[PGP_MAX_SIGS];
	size_t i, k = verify_missing(r, v, PGP_MAX_SIGS), len;

	out[0] = '\0';
	for (i = 0; i < k && i < PGP_MAX_SIGS; i++) {
		len = strlen(out);
		snprintf(out + len, n - len, "%s%s", i ? ", " : "", v[i]);
	}
	return k;
}

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
	size_t i, j, nokey = 0, nbad = 0, nunpinned = 0, nmissing, len;

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
		if (s->code == SR_NOT_PINNED)
			nunpinned++;
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
	if (nbad > 0) {
		r->code = VR_BAD_SIGNATURE;
		snprintf(r->reason, sizeof(r->reason), "BAD signature%s from %s: "
		    "%s not match this file; do not use the file",
		    nbad > 1 ? "s" : "", bad, nbad > 1 ? "they do" : "it does");
	} else if (r->ncounted >= r->min_sigs) {
		r->verdict = VERDICT_VERIFIED;
		r->code = VR_SIGNED;
		if (keyring(r) != NULL)
			snprintf(r->reason, sizeof(r->reason), "signed by %zu "
			    "key%s in %.300s: %s", r->ncounted, r->ncounted ==
			    1 ? "" : "s", keyring(r), counted);
		else
			snprintf(r->reason, sizeof(r->reason), "signed by %zu "
			    "pinned signer%s: %s", r->ncounted, r->ncounted ==
			    1 ? "" : "s", counted);
	} else if (keyring(r) == NULL &&
	    (nmissing = missing_keys(r, bad, sizeof(bad))) > 0) {
		r->verdict = VERDICT_ERROR;
		r->code = VR_KEY_MISSING;
		snprintf(r->reason, sizeof(r->reason), "signed by pinned "
		    "signer%s %s, whose key%s not at hand: the signature%s "
		    "cannot be checked; fetch the signers' newest keys with "
		    "'electrum-verify keys fetch', or import the key%s with "
		    "'electrum-verify keys import'", nmissing > 1 ? "s" : "",
		    bad, nmissing > 1 ? "s are" : " is", nmissing > 1 ? "s" :
		    "", nmissing > 1 ? "s" : "");
	} else if (r->nsigs > 0 && nunpinned == r->nsigs) {
		r->code = VR_NOT_PINNED;
		if (nokey == r->nsigs && keyring(r) != NULL)
			snprintf(r->reason, sizeof(r->reason), "all %zu "
			    "signature%s from unknown keys: none was made by a "
			    "key %s %.300s", r->nsigs, r->nsigs == 1 ? " is" :
			    "s are", r->pins->chosen ? "chosen with "
			    "--fingerprint from" : "in", keyring(r));
		else if (nokey == r->nsigs)
			snprintf(r->reason, sizeof(r->reason), "all %zu "
			    "signature%s from unknown keys: not made by a "
			    "pinned signer", r->nsigs, r->nsigs == 1 ? " is" :
			    "s are");
		else if (keyring(r) != NULL)
			snprintf(r->reason, sizeof(r->reason), "signed only by "
			    "keys that are not in %.300s", keyring(r));
		else
			snprintf(r->reason, sizeof(r->reason), "signed only by "
			    "keys that are not pinned");
	} else {
		r->code = VR_TOO_FEW;
		snprintf(r->reason, sizeof(r->reason), "%zu good signature%s "
		    "from %s%.300s, %u needed", r->ncounted,
		    r->ncounted == 1 ? "" : "s", keyring(r) ? "keys in " :
		    "pinned signers", keyring(r) ? keyring(r) : "",
		    r->min_sigs);
	}
	for (i = 0; i < r->nsigs; i++)
		if (r->sigs[i].code == SR_NONE)
			r->sigs[i].code = r->sigs[i].counted ? SR_COUNTED :
			    r->sigs[i].duplicate ? SR_DUPLICATE :
			    SR_ENGINE_ERROR;
}
