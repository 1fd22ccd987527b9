/* policy: one test per rule of README.md's "What counts as a good
 * signature", fed with the engine's answers and key facts in the
 * project's own structs (openpgp/sigcheck.h): no gpg, no key material. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "openpgp/pgp.h"
#include "openpgp/sigcheck.h"
#include "trust/pins.h"
#include "trust/policy.h"
#include "trust/verify.h"

/* Two pinned primaries, a subkey of alice's, and a key nobody pinned. */
#define ALICE "1111111111111111111111111111111111111111"
#define ALICE_SUB "2222222222222222222222222222222222222222"
#define BOB "3333333333333333333333333333333333333333"
#define EVE "4444444444444444444444444444444444444444"
#define KEYID(fpr) ((fpr) + 24)

#define DAY (24 * 3600)
#define SHA1 2
#define SHA256 8
#define SHA224 11

struct fx {
	struct verify_result r;
	struct pgp_sigs ps;
	struct pgp_sig v[8];
	int64_t now;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct err e = { "" };

	assert_non_null(f);
	verify_result_init(&f->r);
	f->r.min_sigs = 1;
	assert_non_null(f->r.pins = calloc(1, sizeof(*f->r.pins)));
	pins_init(f->r.pins);
	assert_int_equal(pins_add(f->r.pins, "alice", ALICE, &e), 0);
	assert_int_equal(pins_add(f->r.pins, "bob", BOB, &e), 0);
	f->ps.v = f->v;
	f->now = (int64_t)time(NULL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	verify_result_release(&f->r);
	free(f);
	return 0;
}

static void
unhex(unsigned char *out, const char *hex, size_t n)
{
	size_t i;
	unsigned v;

	for (i = 0; i < n; i++) {
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (unsigned char)v;
	}
}

/* Appends a signature packet: v4, binary, SHA-256, made a day ago by the
 * key whose fingerprint is by; the caller changes what a test is about. */
static struct pgp_sig *
packet(struct fx *f, const char *by)
{
	struct pgp_sig *p = &f->v[f->ps.n++];

	memset(p, 0, sizeof(*p));
	p->version = 4;
	p->sigclass = 0x00;
	p->pkalgo = 1;
	p->hashalgo = SHA256;
	p->created = f->now - DAY;
	p->crit_type = -1;
	if (by != NULL) {
		p->has_keyid = 1;
		unhex(p->keyid, KEYID(by), 8);
	}
	return p;
}

static void
prepare(struct fx *f)
{
	struct err e = { "" };

	assert_int_equal(policy_prepare(&f->r, &f->ps, &e), 0);
	assert_int_equal(f->r.nsigs, f->ps.n);
}

/* The engine's answer about packet i. */
static struct sigcheck
answer(const struct fx *f, size_t i, enum sigcheck_status st,
    const char *fpr)
{
	struct sigcheck c;

	memset(&c, 0, sizeof(c));
	c.status = st;
	snprintf(c.fpr, sizeof(c.fpr), "%s", fpr);
	c.created = f->v[i].created;
	c.hashalgo = f->v[i].hashalgo;
	snprintf(c.error, sizeof(c.error), "%s", "General error");
	return c;
}

/* A key with one signing subkey, both created 100 days ago, valid. */
struct cert {
	struct sigcheck_cert c;
	struct sigcheck_key k[2];
};

static void
cert(struct cert *x, const struct fx *f, const char *primary,
    const char *sub)
{
	size_t i;

	memset(x, 0, sizeof(*x));
	x->c.keys = x->k;
	x->c.n = sub != NULL ? 2 : 1;
	for (i = 0; i < x->c.n; i++) {
		snprintf(x->k[i].fpr, sizeof(x->k[i].fpr), "%s",
		    i ? sub : primary);
		snprintf(x->k[i].keyid, sizeof(x->k[i].keyid), "%s",
		    KEYID(x->k[i].fpr));
		x->k[i].created = f->now - 100 * DAY;
		x->k[i].can_sign = 1;
	}
}

static void
judge(struct fx *f, size_t i, const struct sigcheck *c,
    const struct sigcheck_cert *k)
{
	struct err e = { "" };

	assert_int_equal(policy_judge(&f->r, &f->r.sigs[i], c, k, &e), 0);
}

/* Judges packet i as GOOD by primary (through sub if given). */
static void
judge_good(struct fx *f, size_t i, const char *primary, const char *sub)
{
	struct cert x;
	struct sigcheck c = answer(f, i, SIGCHECK_GOOD, sub ? sub : primary);

	cert(&x, f, primary, sub);
	judge(f, i, &c, &x.c);
}

static int
has(const char (*msgs)[256], size_t n, const char *what)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strstr(msgs[i], what) != NULL)
			return 1;
	return 0;
}

#define REASON(s, w) has((const char (*)[256])(s)->reasons, (s)->nreasons, (w))
#define NOTE(s, w) has((const char (*)[256])(s)->notes, (s)->nnotes, (w))

static void
assert_not_counted(const struct fx *f, size_t i, const char *why)
{
	const struct verify_sig *s = &f->r.sigs[i];

	assert_int_equal(s->counted, 0);
	if (!REASON(s, why))
		fail_msg("no reason '%s' (first: '%s')", why,
		    s->nreasons ? s->reasons[0] : "");
}

/* A cryptographically good v4 binary SHA-256 signature by a pinned
 * primary key counts, and the verdict names the signer. */
static void
test_good_primary_counts(void **state)
{
	struct fx *f = *state;

	packet(f, ALICE);
	prepare(f);
	assert_int_equal(f->r.sigs[0].status, SIG_ERROR);	/* until judged */
	judge_good(f, 0, ALICE, NULL);
	policy_decide(&f->r);
	assert_int_equal(f->r.sigs[0].status, SIG_GOOD);
	assert_int_equal(f->r.sigs[0].counted, 1);
	assert_string_equal(f->r.sigs[0].fpr, ALICE);
	assert_string_equal(f->r.sigs[0].subkey, "");
	assert_string_equal(f->r.sigs[0].signer, "alice");
	assert_int_equal(f->r.verdict, VERDICT_VERIFIED);
	assert_string_equal(f->r.reason, "signed by 1 pinned signer: alice");
}

/* A bound signing subkey of a pinned primary counts for the primary. */
static void
test_signing_subkey_counts(void **state)
{
	struct fx *f = *state;

	packet(f, ALICE_SUB);
	prepare(f);
	judge_good(f, 0, ALICE, ALICE_SUB);
	policy_decide(&f->r);
	assert_int_equal(f->r.sigs[0].counted, 1);
	assert_string_equal(f->r.sigs[0].fpr, ALICE);
	assert_string_equal(f->r.sigs[0].subkey, ALICE_SUB);
	assert_int_equal(f->r.verdict, VERDICT_VERIFIED);
}

/* A subkey (or key) not bound for signing never counts. */
static void
test_not_bound_for_signing(void **state)
{
	struct fx *f = *state;
	struct cert x;
	struct sigcheck c;

	packet(f, ALICE_SUB);
	prepare(f);
	cert(&x, f, ALICE, ALICE_SUB);
	x.k[1].can_sign = 0;
	c = answer(f, 0, SIGCHECK_GOOD, ALICE_SUB);
	judge(f, 0, &c, &x.c);
	policy_decide(&f->r);
	assert_not_counted(f, 0, "subkey " ALICE_SUB " is not bound for "
	    "signing");
	assert_int_equal(f->r.verdict, VERDICT_NOT_VERIFIED);
}

/* A revoked key, primary or subkey, or one the engine calls revoked,
 * never counts. */
static void
test_revoked_never_counts(void **state)
{
	struct fx *f = *state;
	struct cert x;
	struct sigcheck c;
	size_t i;

	for (i = 0; i < 3; i++)
		packet(f, ALICE_SUB);
	prepare(f);
	for (i = 0; i < 3; i++) {
		cert(&x, f, ALICE, ALICE_SUB);
		c = answer(f, i, SIGCHECK_GOOD, ALICE_SUB);
		if (i == 0)
			x.c.revoked = 1;
		else if (i == 1)
			x.k[1].revoked = 1;
		else
			c.key_revoked = 1;
		judge(f, i, &c, &x.c);
	}
	policy_decide(&f->r);
	assert_not_counted(f, 0, "the key was revoked by its owner");
	assert_not_counted(f, 1, "the signing subkey was revoked");
	assert_not_counted(f, 2, "the key was revoked by its owner");
	assert_int_equal(f->r.ncounted, 0);
	assert_int_equal(f->r.verdict, VERDICT_NOT_VERIFIED);
}

/* More than VERIFY_SKEW seconds in the future never counts; within it
 * (a clock a little behind) it does. */
static void
test_future_dated(void **state)
{
	struct fx *f = *state;

	packet(f, ALICE)->created = f->now + VERIFY_SKEW + 60;
	packet(f, BOB)->created = f->now + VERIFY_SKEW - 60;
	prepare(f);
	judge_good(f, 0, ALICE, NULL);
	judge_good(f, 1, BOB, NULL);
	policy_decide(&f->r);
	assert_not_counted(f, 0, "dated in the future");
	assert_int_equal(f->r.sigs[1].counted, 1);
	assert_int_equal(f->r.sigs[1].nreasons, 0);
}

/* A signature made before its key (or subkey) existed never counts. */
static void
test_made_before_key(void **state)
{
	struct fx *f = *state;
	struct cert x;
	struct sigcheck c;

	packet(f, ALICE_SUB)->created = f->now - 50 * DAY;
	prepare(f);
	cert(&x, f, ALICE, ALICE_SUB);
	x.k[1].created = f->now - 10 * DAY;	/* the subkey came later */
	c = answer(f, 0, SIGCHECK_GOOD, ALICE_SUB);
	judge(f, 0, &c, &x.c);
	policy_decide(&f->r);
	assert_not_counted(f, 0, "made before its key was created");
}

/* Made before both the key and its subkey existed: said once. */
static void
test_made_before_both_said_once(void **state)
{
	struct fx *f = *state;
	struct cert x;
	struct sigcheck c;
	const struct verify_sig *s;
	size_t i, n = 0;

	packet(f, ALICE_SUB)->created = f->now - 200 * DAY;
	prepare(f);
	cert(&x, f, ALICE, ALICE_SUB);
	c = answer(f, 0, SIGCHECK_GOOD, ALICE_SUB);
	judge(f, 0, &c, &x.c);
	policy_decide(&f->r);
	assert_not_counted(f, 0, "made before its key was created");
	s = &f->r.sigs[0];
	for (i = 0; i < s->nreasons; i++)
		n += strcmp(s->reasons[i], "made before its key was "
		    "created") == 0;
	assert_int_equal(n, 1);
}

/* Made before its key expired: counts, with a note that the key has
 * expired since. */
static void
test_expired_since_counts(void **state)
{
	struct fx *f = *state;
	struct cert x;
	struct sigcheck c;

	packet(f, ALICE_SUB)->created = f->now - 20 * DAY;
	prepare(f);
	cert(&x, f, ALICE, ALICE_SUB);
	x.k[1].expires = f->now - 10 * DAY;
	c = answer(f, 0, SIGCHECK_GOOD, ALICE_SUB);
	judge(f, 0, &c, &x.c);
	policy_decide(&f->r);
	assert_int_equal(f->r.sigs[0].counted, 1);
	assert_true(NOTE(&f->r.sigs[0], "the signing subkey has since "
	    "expired"));
	assert_int_equal(f->r.verdict, VERDICT_VERIFIED);
}

/* Made after the expiry the key material shows: does not count, and the
 * reason says to refresh the key. */
static void
test_made_after_expiry(void **state)
{
	struct fx *f = *state;
	struct cert x;
	struct sigcheck c;

	packet(f, ALICE)->created = f->now - 5 * DAY;
	prepare(f);
	cert(&x, f, ALICE, NULL);
	x.k[0].expires = f->now - 10 * DAY;
	c = answer(f, 0, SIGCHECK_GOOD, ALICE);
	judge(f, 0, &c, &x.c);
	policy_decide(&f->r);
	assert_not_counted(f, 0, "made after the key expired");
	assert_not_counted(f, 0, "refresh it with 'electrum-verify keys "
	    "import'");
	assert_int_equal(f->r.verdict, VERDICT_NOT_VERIFIED);
}

/* SHA-1 in the key's own self-signatures: counts, with a note. */
static void
test_sha1_selfsig_note(void **state)
{
	struct fx *f = *state;
	struct cert x;
	struct sigcheck c;

	packet(f, ALICE);
	prepare(f);
	cert(&x, f, ALICE, NULL);
	x.c.sha1_selfsig = 1;
	c = answer(f, 0, SIGCHECK_GOOD, ALICE);
	judge(f, 0, &c, &x.c);
	policy_decide(&f->r);
	assert_int_equal(f->r.sigs[0].counted, 1);
	assert_true(NOTE(&f->r.sigs[0], "SHA-1 self-signatures: accepted "
	    "there, never for a file"));
}

/* Any BAD signature from a pinned key makes the verdict NOT VERIFIED,
 * naming the signer, whatever the good ones say. */
static void
test_bad_pinned_decides(void **state)
{
	struct fx *f = *state;
	struct cert x;
	struct sigcheck c;

	packet(f, ALICE);
	packet(f, ALICE_SUB);
	packet(f, BOB);
	prepare(f);
	judge_good(f, 0, ALICE, NULL);
	judge_good(f, 1, ALICE, ALICE_SUB);
	cert(&x, f, BOB, NULL);
	c = answer(f, 2, SIGCHECK_BAD, KEYID(BOB));
	c.created = 0;		/* gpg gives a BAD one no time */
	judge(f, 2, &c, &x.c);
	policy_decide(&f->r);
	assert_int_equal(f->r.sigs[2].status, SIG_BAD);
	assert_string_equal(f->r.sigs[2].signer, "bob");
	assert_not_counted(f, 2, "BAD signature from bob");
	assert_int_equal(f->r.verdict, VERDICT_NOT_VERIFIED);
	assert_string_equal(f->r.reason, "BAD signature from bob: it does not "
	    "match this file; do not use the file");
}

/* A BAD signature that names no key at hand (the native engine found
 * no pinned key it verifies under, and its hashed area names none) makes
 * the verdict NOT VERIFIED too, by "an unnamed signer"; a BAD one by a
 * key the keyring holds but nobody pinned does not decide. */
static void
test_bad_unnamed_decides(void **state)
{
	struct fx *f = *state;
	struct sigcheck c;

	packet(f, NULL);
	packet(f, ALICE);
	prepare(f);
	c = answer(f, 0, SIGCHECK_BAD, "");
	c.created = 0;
	judge(f, 0, &c, NULL);
	judge_good(f, 1, ALICE, NULL);
	policy_decide(&f->r);
	assert_int_equal(f->r.sigs[0].status, SIG_BAD);
	assert_not_counted(f, 0, "BAD signature from an unnamed signer");
	assert_int_equal(f->r.verdict, VERDICT_NOT_VERIFIED);
	assert_string_equal(f->r.reason, "BAD signature from an unnamed "
	    "signer: it does not match this file; do not use the file");
}

static void
test_bad_unpinned_does_not_decide(void **state)
{
	struct fx *f = *state;
	struct cert x;
	struct sigcheck c;

	packet(f, EVE);
	packet(f, ALICE);
	prepare(f);
	cert(&x, f, EVE, NULL);
	c = answer(f, 0, SIGCHECK_BAD, EVE);
	judge(f, 0, &c, &x.c);
	judge_good(f, 1, ALICE, NULL);
	policy_decide(&f->r);
	assert_not_counted(f, 0, "BAD signature from an unpinned key");
	assert_int_equal(f->r.verdict, VERDICT_VERIFIED);
}

/* A key that is not pinned never counts, however good. */
static void
test_unpinned_never_counts(void **state)
{
	struct fx *f = *state;

	packet(f, EVE);
	prepare(f);
	judge_good(f, 0, EVE, NULL);
	policy_decide(&f->r);
	assert_int_equal(f->r.sigs[0].status, SIG_GOOD);
	assert_null(f->r.sigs[0].signer);
	assert_not_counted(f, 0, "the key is not pinned");
	assert_int_equal(f->r.verdict, VERDICT_NOT_VERIFIED);
	assert_int_equal(f->r.code, VR_NOT_PINNED);
	assert_int_equal(f->r.sigs[0].code, SR_NOT_PINNED);
	assert_string_equal(f->r.reason, "signed only by keys that are not "
	    "pinned");
}

/* Every signature from a key that is not at hand and not pinned: not
 * verified. */
static void
test_only_unknown_keys(void **state)
{
	struct fx *f = *state;
	struct sigcheck c;

	packet(f, EVE);
	prepare(f);
	c = answer(f, 0, SIGCHECK_NOKEY, KEYID(EVE));
	judge(f, 0, &c, NULL);
	policy_decide(&f->r);
	assert_int_equal(f->r.verdict, VERDICT_NOT_VERIFIED);
	assert_int_equal(f->r.code, VR_NOT_PINNED);
	assert_int_equal(f->r.sigs[0].code, SR_NOT_PINNED);
	assert_null(f->r.sigs[0].missing);
	assert_string_equal(f->r.reason, "all 1 signature is from unknown "
	    "keys: not made by a pinned signer");
}

/* A signature by a pinned signer whose key is not at hand: the check
 * cannot be made, and the verdict names the signer. */
static void
test_all_unknown_keys(void **state)
{
	struct fx *f = *state;
	struct sigcheck c;

	packet(f, EVE);
	packet(f, BOB);
	prepare(f);
	c = answer(f, 0, SIGCHECK_NOKEY, KEYID(EVE));
	judge(f, 0, &c, NULL);
	c = answer(f, 1, SIGCHECK_NOKEY, KEYID(BOB));
	judge(f, 1, &c, NULL);
	policy_decide(&f->r);
	assert_int_equal(f->r.sigs[0].status, SIG_NOKEY);
	assert_not_counted(f, 0, "no key at hand for key ID 4444444444444444: "
	    "not a pinned signer's");
	assert_not_counted(f, 1, "made by the key of pinned signer bob, "
	    "which is not at hand: import it with 'electrum-verify keys "
	    "import'");
	assert_int_equal(f->r.sigs[1].code, SR_KEY_MISSING);
	assert_string_equal(f->r.sigs[1].missing, "bob");
	assert_int_equal(f->r.verdict, VERDICT_ERROR);
	assert_int_equal(f->r.code, VR_KEY_MISSING);
	assert_string_equal(f->r.reason, "signed by pinned signer bob, whose "
	    "key is not at hand: the signature cannot be checked; fetch the "
	    "signers' newest keys with 'electrum-verify keys fetch', or import "
	    "the key with 'electrum-verify keys import'");
}

/* With --keyring (issue 11): the reasons and the verdict speak of the
 * keys in the file, never of pinned Electrum signers or importing. */
static void
test_keyring_words(void **state)
{
	struct fx *f = *state;
	struct cert x;
	struct sigcheck c;
	size_t i, j;
	static const char *const never[] = { "pinned", "Electrum", "import" };

	assert_non_null(f->r.pins->keyring = strdup("'up.asc'"));
	packet(f, ALICE)->created = f->now - 5 * DAY;
	packet(f, EVE);
	prepare(f);
	cert(&x, f, ALICE, NULL);
	x.k[0].expires = f->now - 10 * DAY;
	c = answer(f, 0, SIGCHECK_GOOD, ALICE);
	judge(f, 0, &c, &x.c);
	c = answer(f, 1, SIGCHECK_NOKEY, KEYID(EVE));
	judge(f, 1, &c, NULL);
	policy_decide(&f->r);
	assert_not_counted(f, 0, "made after the key expired");
	assert_not_counted(f, 0, "if the signer has extended the key, put "
	    "the new key in 'up.asc'");
	assert_not_counted(f, 1, "no key in 'up.asc' has key ID "
	    "4444444444444444");
	assert_string_equal(f->r.reason, "0 good signatures from keys in "
	    "'up.asc', 1 needed");
	for (i = 0; i < f->r.nsigs; i++)
		for (j = 0; j < f->r.sigs[i].nreasons; j++) {
			assert_null(strstr(f->r.sigs[i].reasons[j], never[0]));
			assert_null(strstr(f->r.sigs[i].reasons[j], never[1]));
			assert_null(strstr(f->r.sigs[i].reasons[j], never[2]));
		}
	/* --fingerprint left alice's key out: neither key is at hand */
	f->r.pins->chosen = 1;
	for (i = 0; i < f->r.nsigs; i++) {
		f->r.sigs[i].nreasons = 0;
		f->r.sigs[i].code = SR_NONE;
	}
	c = answer(f, 0, SIGCHECK_NOKEY, KEYID(ALICE));
	judge(f, 0, &c, NULL);
	c = answer(f, 1, SIGCHECK_NOKEY, KEYID(EVE));
	judge(f, 1, &c, NULL);
	policy_decide(&f->r);
	assert_string_equal(f->r.reason, "all 2 signatures are from unknown "
	    "keys: none was made by a key chosen with --fingerprint from "
	    "'up.asc'");
}

/* v3 packets, and versions GnuPG 2.2 cannot check, are never given to
 * the engine. */
static void
test_v3_and_other_versions(void **state)
{
	struct fx *f = *state;

	packet(f, ALICE)->version = 3;
	packet(f, ALICE)->version = 6;
	prepare(f);
	assert_int_equal(f->r.sigs[0].status, SIG_UNSUPPORTED);
	assert_not_counted(f, 0, "v3 signature packet: an obsolete format");
	assert_int_equal(f->r.sigs[1].status, SIG_UNSUPPORTED);
	assert_not_counted(f, 1, "v6 signature packet: not supported");
}

/* Only class 0x00 counts: text mode (0x01) is checked but never counts,
 * other classes are not signatures over a file. */
static void
test_text_mode_and_classes(void **state)
{
	struct fx *f = *state;

	packet(f, ALICE)->sigclass = 0x01;
	packet(f, ALICE)->sigclass = 0x10;
	prepare(f);
	assert_int_equal(f->r.sigs[1].status, SIG_UNSUPPORTED);
	assert_not_counted(f, 1, "not a signature over a file (class 0x10)");
	judge_good(f, 0, ALICE, NULL);
	policy_decide(&f->r);
	assert_not_counted(f, 0, "text-mode signature (class 0x01)");
	assert_int_equal(f->r.verdict, VERDICT_NOT_VERIFIED);
}

/* Only SHA-256/384/512 count over a file: MD5 is never given to the
 * engine, SHA-1 and SHA-224 are checked (a BAD one still decides) but
 * never count, each with its reason. */
static void
test_digests(void **state)
{
	struct fx *f = *state;
	const int ok[] = { 8, 9, 10 };
	size_t i;

	packet(f, ALICE)->hashalgo = 1;
	packet(f, ALICE)->hashalgo = SHA1;
	packet(f, ALICE)->hashalgo = SHA224;
	for (i = 0; i < 3; i++)
		packet(f, ALICE)->hashalgo = ok[i];
	prepare(f);
	assert_int_equal(f->r.sigs[0].status, SIG_UNSUPPORTED);
	assert_not_counted(f, 0, "digest MD5 is not accepted for a "
	    "signature over a file (too weak)");
	for (i = 1; i < 6; i++)
		judge_good(f, i, ALICE, NULL);
	policy_decide(&f->r);
	assert_not_counted(f, 1, "digest SHA1 is not accepted for a "
	    "signature over a file (too weak)");
	assert_not_counted(f, 2, "(no signer needs it; the list is kept "
	    "short)");
	for (i = 3; i < 6; i++)
		assert_int_equal(f->r.sigs[i].nreasons, 0);
	assert_int_equal(f->r.sigs[3].counted, 1);
	assert_int_equal(f->r.sigs[4].duplicate, 1);
}

/* A critical notation or subpacket GnuPG does not understand: never
 * given to the engine (it would call it BAD), listed with the reason. */
static void
test_critical_subpackets(void **state)
{
	struct fx *f = *state;
	struct pgp_sig *p;

	p = packet(f, ALICE);
	p->crit_type = 20;
	p->crit_name_len = 11;
	memcpy(p->crit_name, "x@example\n!", 11);
	packet(f, ALICE)->crit_type = 35;
	prepare(f);
	assert_int_equal(f->r.sigs[0].status, SIG_UNSUPPORTED);
	assert_not_counted(f, 0, "critical notation 'x@example\\n!' that "
	    "is not understood");
	assert_not_counted(f, 1, "critical subpacket (type 35)");
	assert_int_equal(f->r.sigs[1].status, SIG_UNSUPPORTED);
}

/* A signature past the end date its signer gave it never counts. */
static void
test_signature_expired(void **state)
{
	struct fx *f = *state;
	struct cert x;
	struct sigcheck c;

	packet(f, ALICE);
	prepare(f);
	cert(&x, f, ALICE, NULL);
	c = answer(f, 0, SIGCHECK_GOOD, ALICE);
	c.sig_expired = 1;
	judge(f, 0, &c, &x.c);
	policy_decide(&f->r);
	assert_not_counted(f, 0, "the signature has expired");
}

/* --min-sigs counts distinct pinned primary keys: never packets or
 * subkeys. */
static void
test_min_sigs_distinct_primaries(void **state)
{
	struct fx *f = *state;

	f->r.min_sigs = 2;
	packet(f, ALICE);
	packet(f, ALICE_SUB);
	prepare(f);
	judge_good(f, 0, ALICE, NULL);
	judge_good(f, 1, ALICE, ALICE_SUB);
	policy_decide(&f->r);
	assert_int_equal(f->r.ncounted, 1);
	assert_int_equal(f->r.sigs[1].duplicate, 1);
	assert_int_equal(f->r.sigs[1].counted, 0);
	assert_int_equal(f->r.verdict, VERDICT_NOT_VERIFIED);
	assert_string_equal(f->r.reason, "1 good signature from pinned "
	    "signers, 2 needed");
}

/* Two pinned primaries make --min-sigs 2. */
static void
test_min_sigs_two_signers(void **state)
{
	struct fx *f = *state;

	f->r.min_sigs = 2;
	packet(f, ALICE_SUB);
	packet(f, BOB);
	prepare(f);
	judge_good(f, 0, ALICE, ALICE_SUB);
	judge_good(f, 1, BOB, NULL);
	policy_decide(&f->r);
	assert_int_equal(f->r.ncounted, 2);
	assert_int_equal(f->r.verdict, VERDICT_VERIFIED);
	assert_string_equal(f->r.reason, "signed by 2 pinned signers: alice, "
	    "bob");
}

/* An engine answer about another packet (time, digest or issuer) is an
 * error, never judged. */
static void
test_answer_must_line_up(void **state)
{
	struct fx *f = *state;
	struct cert x;
	struct sigcheck c;
	struct err e = { "" };

	packet(f, ALICE);
	prepare(f);
	cert(&x, f, ALICE, NULL);
	c = answer(f, 0, SIGCHECK_GOOD, ALICE);
	c.created++;
	assert_int_equal(policy_judge(&f->r, &f->r.sigs[0], &c, &x.c, &e), -1);
	assert_string_equal(e.msg, "the engine's result does not line up "
	    "with the signature packets");
	c = answer(f, 0, SIGCHECK_GOOD, BOB);
	assert_int_equal(policy_judge(&f->r, &f->r.sigs[0], &c, &x.c, &e), -1);
	c = answer(f, 0, SIGCHECK_GOOD, ALICE);
	c.hashalgo = 10;
	assert_int_equal(policy_judge(&f->r, &f->r.sigs[0], &c, &x.c, &e), -1);
	c = answer(f, 0, SIGCHECK_GOOD, "");
	assert_int_equal(policy_judge(&f->r, &f->r.sigs[0], &c, &x.c, &e), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_good_primary_counts),
		T(test_signing_subkey_counts),
		T(test_not_bound_for_signing),
		T(test_revoked_never_counts),
		T(test_future_dated),
		T(test_made_before_key),
		T(test_made_before_both_said_once),
		T(test_expired_since_counts),
		T(test_made_after_expiry),
		T(test_sha1_selfsig_note),
		T(test_bad_pinned_decides),
		T(test_bad_unnamed_decides),
		T(test_bad_unpinned_does_not_decide),
		T(test_unpinned_never_counts),
		T(test_only_unknown_keys),
		T(test_all_unknown_keys),
		T(test_keyring_words),
		T(test_v3_and_other_versions),
		T(test_text_mode_and_classes),
		T(test_digests),
		T(test_critical_subpackets),
		T(test_signature_expired),
		T(test_min_sigs_distinct_primaries),
		T(test_min_sigs_two_signers),
		T(test_answer_must_line_up),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
