/* Unit tests for verify/armour.c: real Electrum signatures from
 * ../shared/electrum (tests run from the top of the repository). The
 * expected digests are SHA-256 of what `gpg --dearmor` (GnuPG 2.2.40)
 * makes of the same input, e.g. `gpg --dearmor < FILE | sha256sum`. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include <gcrypt.h>

#include "openpgp/armour.h"

#define DATA "../shared/electrum/"
#define SIG481 DATA "signatures/4.8.1/Electrum-4.8.1.tar.gz/Electrum-4.8.1.tar.gz."
#define FELIX481 SIG481 "felixb_f321x.asc"
#define EMZY481 SIG481 "Emzy.asc"
#define SVANSTAA481 SIG481 "svanstaa.asc"
#define THOMASV_TAG DATA "signed-tags/4.6.2.tag.asc"

/* gpg --dearmor < FELIX481 | sha256sum (119 bytes); the same for the file
 * with CRLF line endings */
#define FELIX_SHA "d887317ab9eb3428ab0227ef61186117d0561526c014970bc20fe853f1b8c3e2"
/* gpg --dearmor < THOMASV_TAG | sha256sum (566 bytes) */
#define THOMASV_SHA "447e4e7373378d60d2b000fb94fba7add49765c26fbc89898308e3ba6283b9b5"
/* { cat EMZY481 FELIX481; printf '\n \t\n\n'; cat SVANSTAA481; } |
 * gpg --dearmor | sha256sum (566 + 119 + 566 bytes) */
#define CAT3_SHA "68c8941c14d8ff6939ff045f52ecd2e1a2cfacbc90334a311076a8cbe79b0014"

#define MAX_BLOCKS 8

/* What the block callback saw. */
struct seen {
	size_t n;
	size_t off[MAX_BLOCKS], len[MAX_BLOCKS];
	size_t fail_at;		/* 1-based block to refuse, 0 for none */
};

/*
 * Helpers.
 */

static void
check_sha256(const unsigned char *p, size_t n, const char *want)
{
	unsigned char md[32];
	char got[65];
	size_t i;

	gcry_md_hash_buffer(GCRY_MD_SHA256, md, p, n);
	for (i = 0; i < sizeof(md); i++)
		snprintf(got + 2 * i, 3, "%02x", md[i]);
	assert_string_equal(got, want);
}

static int
on_block(void *arg, size_t off, size_t len, struct err *e)
{
	struct seen *s = arg;

	assert_true(s->n < MAX_BLOCKS);
	s->off[s->n] = off;
	s->len[s->n] = len;
	if (++s->n == s->fail_at) {
		err_set(e, "refused block %zu", s->n);
		return -1;
	}
	return 0;
}

/* Decodes buf and checks the result against gpg's digest and size. */
static void
decodes_to(const unsigned char *buf, size_t len, const char *sha,
    size_t want_len, struct seen *seen)
{
	unsigned char *out = malloc(len);
	struct err e;
	size_t outlen = 0;

	assert_non_null(out);
	e.msg[0] = '\0';
	if (armour_decode(buf, len, "x.asc", out, &outlen,
	    seen != NULL ? on_block : NULL, seen, &e) != 0)
		fail_msg("armour_decode failed: %s", e.msg);
	assert_int_equal(outlen, want_len);
	check_sha256(out, outlen, sha);
	free(out);
}

/* Runs armour_decode on buf and checks it fails with exactly msg. */
static void
decode_fails(const void *buf, size_t len, const char *msg)
{
	unsigned char *out = malloc(len + 1);
	struct err e;
	size_t outlen = 12345;

	assert_non_null(out);
	e.msg[0] = '\0';
	assert_int_equal(armour_decode(buf, len, "x.asc", out, &outlen, NULL,
	    NULL, &e), -1);
	assert_string_equal(e.msg, msg);
	assert_true(outlen <= len);
	free(out);
}

/*
 * Tests.
 */

static void
test_real(void **state)
{
	struct seen seen;
	unsigned char *buf;
	size_t len;

	(void)state;
	memset(&seen, 0, sizeof(seen));
	buf = slurp(FELIX481, &len);
	decodes_to(buf, len, FELIX_SHA, 119, &seen);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.off[0], 0);
	assert_int_equal(seen.len[0], 119);
	/* no callback at all */
	decodes_to(buf, len, FELIX_SHA, 119, NULL);
	free(buf);
	buf = slurp(THOMASV_TAG, &len);
	decodes_to(buf, len, THOMASV_SHA, 566, NULL);
	free(buf);
}

/* Electrum's FILE.asc: several signers' armour concatenated, one block
 * after the other in the output, each handed to the callback. */
static void
test_concatenated(void **state)
{
	static const char sep[] = "\n \t\n\n";
	unsigned char *a, *b, *c, *ab, *abs, *abc;
	size_t al, bl, cl, abl, absl, abcl;
	struct seen seen;

	(void)state;
	a = slurp(EMZY481, &al);
	b = slurp(FELIX481, &bl);
	c = slurp(SVANSTAA481, &cl);
	ab = cat(a, al, b, bl, &abl);
	abs = cat(ab, abl, sep, strlen(sep), &absl);
	abc = cat(abs, absl, c, cl, &abcl);
	memset(&seen, 0, sizeof(seen));
	decodes_to(abc, abcl, CAT3_SHA, 566 + 119 + 566, &seen);
	assert_int_equal(seen.n, 3);
	assert_int_equal(seen.off[0], 0);
	assert_int_equal(seen.len[0], 566);
	assert_int_equal(seen.off[1], 566);
	assert_int_equal(seen.len[1], 119);
	assert_int_equal(seen.off[2], 566 + 119);
	assert_int_equal(seen.len[2], 566);
	free(abc);
	free(abs);
	free(ab);
	free(c);
	free(b);
	free(a);
}

/* A callback that refuses a block stops the decoding there: its message
 * stands, and what follows (here a bad checksum) is never looked at. */
static void
test_callback_stops(void **state)
{
	unsigned char *a, *b, *ab, *out;
	size_t al, bl, abl, outlen;
	struct seen seen;
	struct err e;

	(void)state;
	a = slurp(EMZY481, &al);
	b = slurp(FELIX481, &bl);
	patch(b, bl, "=ufQ2", "=ufQ3");
	ab = cat(a, al, b, bl, &abl);
	out = malloc(abl);
	assert_non_null(out);
	memset(&seen, 0, sizeof(seen));
	seen.fail_at = 1;
	assert_int_equal(armour_decode(ab, abl, "ab.asc", out, &outlen,
	    on_block, &seen, &e), -1);
	assert_string_equal(e.msg, "refused block 1");
	assert_int_equal(seen.n, 1);
	/* without the refusal, the first block passes and the second
	 * fails its checksum */
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(armour_decode(ab, abl, "ab.asc", out, &outlen,
	    on_block, &seen, &e), -1);
	assert_string_equal(e.msg, "'ab.asc': line 22: armour checksum "
	    "mismatch");
	assert_int_equal(seen.n, 1);
	free(out);
	free(ab);
	free(b);
	free(a);
}

static void
test_crc_mismatch(void **state)
{
	unsigned char *buf;
	size_t len, at;

	(void)state;
	buf = slurp(FELIX481, &len);
	patch(buf, len, "=ufQ2", "=ufQ3");
	decode_fails(buf, len, "'x.asc': line 6: armour checksum mismatch");
	patch(buf, len, "=ufQ3", "=uf*2");
	decode_fails(buf, len, "'x.asc': line 6: malformed armour checksum");
	free(buf);
	/* a flipped data bit is caught by the checksum */
	buf = slurp(FELIX481, &len);
	patch(buf, len, "iHUEABMIAB0W", "iHUEABMIAB0X");
	decode_fails(buf, len, "'x.asc': line 6: armour checksum mismatch");
	free(buf);
	/* no checksum line at all: RFC 9580 makes it optional */
	buf = slurp(FELIX481, &len);
	at = find(buf, len, "=ufQ2\n");
	memmove(buf + at, buf + at + 6, len - at - 6);
	decodes_to(buf, len - 6, FELIX_SHA, 119, NULL);
	free(buf);
}

static void
test_junk(void **state)
{
	static const char ws[] = "\n  \r\n\t\n";
	unsigned char *buf, *more, *both;
	size_t len, mlen, blen;

	(void)state;
	buf = slurp(FELIX481, &len);
	more = cat(buf, len, "junk\n", 5, &mlen);
	decode_fails(more, mlen, "'x.asc': line 8: unexpected text after the "
	    "signature");
	free(more);
	more = cat(buf, len, "x", 1, &mlen);
	decode_fails(more, mlen, "'x.asc': line 8: unexpected text after the "
	    "signature");
	free(more);
	more = cat("Here is my signature:\n", 22, buf, len, &mlen);
	decode_fails(more, mlen, "'x.asc': line 1: unexpected text before the "
	    "signature");
	free(more);
	/* whitespace around the armour is fine */
	more = cat(ws, strlen(ws), buf, len, &mlen);
	both = cat(more, mlen, ws, strlen(ws), &blen);
	decodes_to(both, blen, FELIX_SHA, 119, NULL);
	free(both);
	free(more);
	/* no END line */
	decode_fails(buf, len - strlen("-----END PGP SIGNATURE-----\n"),
	    "'x.asc': truncated armour (no '-----END PGP SIGNATURE-----' "
	    "line)");
	free(buf);
}

static void
test_not_signature(void **state)
{
	static const char clear[] = "-----BEGIN PGP SIGNED MESSAGE-----\n"
	    "Hash: SHA256\n\nhello\n-----BEGIN PGP SIGNATURE-----\n";
	static const char empty[] = "-----BEGIN PGP SIGNATURE-----\n\n"
	    "-----END PGP SIGNATURE-----\n";
	unsigned char *buf, *key, *both;
	size_t len, keylen, bothlen;

	(void)state;
	key = slurp(DATA "pubkeys/ThomasV.asc", &keylen);
	decode_fails(key, keylen, "'x.asc': this is an OpenPGP public key, "
	    "not a signature");
	/* a public key after a good signature */
	buf = slurp(FELIX481, &len);
	both = cat(buf, len, key, keylen, &bothlen);
	decode_fails(both, bothlen, "'x.asc': this is an OpenPGP public key, "
	    "not a signature");
	free(both);
	free(buf);
	free(key);
	decode_fails(clear, strlen(clear), "'x.asc': this is a clear-signed "
	    "message, not a detached signature");
	decode_fails(empty, strlen(empty), "'x.asc': line 3: empty armour "
	    "block");
}

/* CRLF line endings decode to the same bytes. */
static void
test_crlf(void **state)
{
	unsigned char *buf, *crlf;
	size_t len, n = 0, i;

	(void)state;
	buf = slurp(FELIX481, &len);
	crlf = malloc(2 * len);
	assert_non_null(crlf);
	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = buf[i];
	}
	assert_true(n > len);
	decodes_to(crlf, n, FELIX_SHA, 119, NULL);
	/* a CRLF checksum mismatch names the same line */
	patch(crlf, n, "=ufQ2\r\n", "=ufQ3\r\n");
	decode_fails(crlf, n, "'x.asc': line 6: armour checksum mismatch");
	free(crlf);
	free(buf);
}

static void
test_detect(void **state)
{
	static const char junk_first[] = "signature:\n  -----BEGIN PGP "
	    "SIGNATURE-----\n";
	static const char bin_first[] = "\x88\n-----BEGIN PGP SIGNATURE-----\n";
	static const char ws_first[] = "\r\n \f-----BEGIN PGP SIGNATURE-----\n";
	unsigned char *buf;
	size_t len;

	(void)state;
	buf = slurp(FELIX481, &len);
	assert_int_equal(armour_detect(buf, len), 1);
	free(buf);
	assert_int_equal(armour_detect((const unsigned char *)junk_first,
	    strlen(junk_first)), 1);
	assert_int_equal(armour_detect((const unsigned char *)ws_first,
	    strlen(ws_first)), 1);
	/* binary data is never armour, whatever follows */
	assert_int_equal(armour_detect((const unsigned char *)bin_first,
	    strlen(bin_first)), 0);
	assert_int_equal(armour_detect((const unsigned char *)"hello\n", 6),
	    0);
	assert_int_equal(armour_detect((const unsigned char *)" \n", 2), 0);
	assert_int_equal(armour_detect(NULL, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real),
		cmocka_unit_test(test_concatenated),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_crc_mismatch),
		cmocka_unit_test(test_junk),
		cmocka_unit_test(test_not_signature),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_detect),
	};

	if (gcry_check_version(NULL) == NULL)
		return 1;
	gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	return cmocka_run_group_tests_name("armour", tests, NULL, NULL);
}
