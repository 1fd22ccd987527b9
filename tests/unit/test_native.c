/* native: signatures made by gpg at test time (a temporary home, one key
 * per algorithm GnuPG 2.2 verifies), checked with libgcrypt alone: good
 * over the file, BAD over a tampered file, BAD with a wrong digest prefix
 * or signature value; a subkey's signature only under the subkey; key
 * material used only from the packet whose recomputed fingerprint is the
 * one asked for. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "base/hash.h"
#include "openpgp/native.h"
#include "openpgp/pgp.h"

#define DATA_LEN (1024 * 1024 + 7)

/* name, gpg's algorithm, the digest gpg signs with */
static const struct algo {
	const char *name, *gpg, *digest;
} algos[] = {
	{ "rsa2048", "rsa2048", "SHA256" },
	{ "rsa3072", "rsa3072", "SHA512" },
	{ "dsa2048", "dsa2048", "SHA256" },
	{ "p256", "nistp256", "SHA256" },
	{ "p384", "nistp384", "SHA384" },
	{ "p521", "nistp521", "SHA512" },
	{ "bp256", "brainpoolP256r1", "SHA256" },
	{ "bp384", "brainpoolP384r1", "SHA384" },
	{ "bp512", "brainpoolP512r1", "SHA512" },
	{ "k256", "secp256k1", "SHA256" },
	{ "ed25519", "ed25519", "SHA256" },
	{ "ed25519s", "ed25519", "SHA512" },
};
#define NALGOS (sizeof(algos) / sizeof(algos[0]))

/* Makes $1/NAME.{sig,fpr,pgp} for NAME ALGO DIGEST given as $2.. in
 * threes, over $1/data; "sub" gets an Ed25519 primary key with an RSA
 * signing subkey that makes its signature. */
static const char gen[] =
    "set -e; h=$1; shift; export GNUPGHOME=$h\n"
    "echo 'trust-model always' > $h/gpg.conf\n"
    "g() { gpg --batch --no-tty --quiet --pinentry-mode loopback "
    "--passphrase '' \"$@\"; }\n"
    "fpr() { gpg --with-colons --list-keys \"$1@native.test\" | "
    "awk -F: '/^fpr/ { print $10; exit }'; }\n"
    "while [ $# -gt 0 ]; do\n"
    "  g --quick-gen-key \"$1 <$1@native.test>\" $2 sign never\n"
    "  g -u \"$(fpr $1)\" --digest-algo $3 -o $h/$1.sig \\\n"
    "    --detach-sign $h/data\n"
    "  fpr $1 > $h/$1.fpr; g --export \"$(fpr $1)\" > $h/$1.pgp\n"
    "  shift 3\n"
    "done\n"
    "g --quick-gen-key 'sub <sub@native.test>' ed25519 sign never\n"
    "g --quick-add-key \"$(fpr sub)\" rsa2048 sign never\n"
    "g -u \"$(fpr sub)\" -o $h/sub.sig --detach-sign $h/data\n"
    "gpg --with-colons --list-keys sub@native.test | awk -F: "
    "'/^fpr/ { print $10 }' > $h/sub.fpr\n"
    "g --export \"$(fpr sub)\" > $h/sub.pgp\n";

static char home[256];
static unsigned char *data, *tampered;

static char *
path(const char *name, const char *ext)
{
	static char p[512];

	snprintf(p, sizeof(p), "%s/%s%s", home, name, ext);
	return p;
}

static int
setup(void **state)
{
	struct err e = { "" };
	char cmd[8192];
	size_t i, n;
	FILE *f;

	(void)state;
	if (hash_lib_init(&e) != 0)
		return -1;
	snprintf(home, sizeof(home), "%s/native.XXXXXX", getenv("TMPDIR") ?
	    getenv("TMPDIR") : "/tmp");
	if (mkdtemp(home) == NULL)
		return -1;
	data = malloc(DATA_LEN);
	tampered = malloc(DATA_LEN);
	if (data == NULL || tampered == NULL)
		return -1;
	for (i = 0; i < DATA_LEN; i++)
		data[i] = (unsigned char)(i % 251);
	memcpy(tampered, data, DATA_LEN);
	tampered[DATA_LEN / 2] ^= 1;
	if ((f = fopen(path("data", ""), "wb")) == NULL ||
	    fwrite(data, 1, DATA_LEN, f) != DATA_LEN || fclose(f) != 0)
		return -1;
	/* The script goes in a file: it holds quotes. */
	if ((f = fopen(path("gen.sh", ""), "w")) == NULL ||
	    fputs(gen, f) < 0 || fclose(f) != 0)
		return -1;
	n = (size_t)snprintf(cmd, sizeof(cmd), "sh %s %s", path("gen.sh", ""),
	    home);
	for (i = 0; i < NALGOS; i++)
		n += (size_t)snprintf(cmd + n, sizeof(cmd) - n, " %s %s %s",
		    algos[i].name, algos[i].gpg, algos[i].digest);
	return system(cmd) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "gpgconf --homedir %s --kill all "
	    ">/dev/null 2>&1", home);
	if (system(cmd) != 0)
		fprintf(stderr, "gpgconf --kill failed\n");
	nftw(home, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(data);
	free(tampered);
	return 0;
}

/* The first signature packet of NAME.sig. */
static struct native_sig *
sig_of(const char *name, struct pgp_sigs *ps)
{
	struct native_sig *s = NULL;
	struct err e = { "" };
	unsigned char *buf;
	size_t len;
	const struct pgp_sig *p;

	buf = slurp(path(name, ".sig"), &len);
	pgp_sigs_init(ps);
	assert_int_equal(pgp_sigs_add(ps, buf, len, name, &e), 0);
	free(buf);
	p = &ps->v[0];
	if (native_sig_parse(ps->bin + p->off + p->hlen, p->len - p->hlen, &s,
	    &e) != 0)
		fail_msg("%s: %s", name, e.msg);
	return s;
}

/* Line l (0 first) of NAME.fpr. */
static void
fpr_of(const char *name, int l, char out[41])
{
	unsigned char *buf;
	size_t len;

	buf = slurp(path(name, ".fpr"), &len);
	assert_true(len >= (size_t)41 * (l + 1));
	memcpy(out, buf + 41 * l, 40);
	out[40] = '\0';
	free(buf);
}

static struct native_key *
key_of(const char *name, int l)
{
	struct native_key *k = NULL;
	struct err e = { "" };
	unsigned char *buf;
	size_t len;
	char fpr[41];

	fpr_of(name, l, fpr);
	buf = slurp(path(name, ".pgp"), &len);
	if (native_key_load(buf, len, fpr, &k, &e) != 1)
		fail_msg("%s: no key %s: %s", name, fpr, e.msg);
	free(buf);
	return k;
}

/* Checks s over buf[0..len) under k. */
static int
check(const struct native_sig *s, const struct native_key *k,
    const unsigned char *buf, size_t len)
{
	struct native_md *m = NULL;
	struct err e = { "" };
	size_t off, step = 65536 + 3;
	int r;

	assert_int_equal(native_md_open(&m, native_sig_hash(s), &e), 0);
	for (off = 0; off < len; off += step)	/* in uneven blocks */
		native_md_write(m, buf + off, len - off < step ? len - off :
		    step);
	r = native_verify(s, k, m, &e);
	if (r < 0)
		print_message("native_verify: %s\n", e.msg);
	native_md_free(m);
	return r;
}

/* Every algorithm: good over the data, BAD over one flipped bit. */
static void
test_algorithms(void **state)
{
	struct native_sig *s;
	struct native_key *k;
	struct pgp_sigs ps;
	size_t i;

	(void)state;
	for (i = 0; i < NALGOS; i++) {
		print_message("%s\n", algos[i].name);
		s = sig_of(algos[i].name, &ps);
		k = key_of(algos[i].name, 0);
		assert_int_equal(check(s, k, data, DATA_LEN), NATIVE_GOOD);
		assert_int_equal(check(s, k, tampered, DATA_LEN), NATIVE_BAD);
		assert_int_equal(check(s, k, data, DATA_LEN - 1), NATIVE_BAD);
		native_key_free(k);
		native_sig_free(s);
		pgp_sigs_release(&ps);
	}
}

/* The 16-bit digest prefix is compared first: a wrong one is BAD even
 * where the signature value is right; a wrong value with the right prefix
 * is BAD too. */
static void
test_prefix_and_value(void **state)
{
	struct native_sig *s;
	struct native_key *k;
	struct pgp_sigs ps;
	struct err e = { "" };
	const struct pgp_sig *p;
	unsigned char *body;
	size_t i, n;

	(void)state;
	for (i = 0; i < NALGOS; i++) {
		s = sig_of(algos[i].name, &ps);
		native_sig_free(s);
		k = key_of(algos[i].name, 0);
		p = &ps.v[0];
		body = ps.bin + p->off + p->hlen;
		n = p->len - p->hlen;
		/* the last byte of the last MPI */
		body[n - 1] ^= 0x01;
		assert_int_equal(native_sig_parse(body, n, &s, &e), 0);
		assert_int_equal(check(s, k, data, DATA_LEN), NATIVE_BAD);
		native_sig_free(s);
		body[n - 1] ^= 0x01;
		/* the prefix: after the hashed and unhashed areas */
		n = 6 + ((size_t)body[4] << 8 | body[5]);
		n += 2 + ((size_t)body[n] << 8 | body[n + 1]);
		body[n] ^= 0x80;
		assert_int_equal(native_sig_parse(body, p->len - p->hlen, &s,
		    &e), 0);
		assert_int_equal(check(s, k, data, DATA_LEN), NATIVE_BAD);
		native_sig_free(s);
		native_key_free(k);
		pgp_sigs_release(&ps);
	}
}

/* A signature by a signing subkey verifies under the subkey's material
 * only, not the primary's. */
static void
test_subkey(void **state)
{
	struct native_sig *s;
	struct native_key *pk, *sk;
	struct pgp_sigs ps;
	struct err e = { "" };
	struct native_md *m = NULL;

	(void)state;
	s = sig_of("sub", &ps);
	pk = key_of("sub", 0);
	sk = key_of("sub", 1);
	assert_int_equal(check(s, sk, data, DATA_LEN), NATIVE_GOOD);
	/* an Ed25519 primary: not the signature's algorithm */
	assert_int_equal(native_md_open(&m, native_sig_hash(s), &e), 0);
	assert_int_equal(native_verify(s, pk, m, &e), -1);
	assert_string_equal(e.msg, "the key is EdDSA, the signature RSA");
	native_md_free(m);
	native_key_free(pk);
	native_key_free(sk);
	native_sig_free(s);
	pgp_sigs_release(&ps);
}

/* A key packet with other MPIs (so another fingerprint) placed before the
 * real one is never taken for the fingerprint asked for; alone, it gives
 * no key at all. */
static void
test_fingerprint_decides(void **state)
{
	struct native_sig *s;
	struct native_key *k = NULL;
	struct pgp_sigs ps;
	struct err e = { "" };
	unsigned char *key, *forged;
	const unsigned char *body;
	size_t len, pos = 0, blen, flen, i;
	char fpr[41];
	int tag;

	(void)state;
	for (i = 0; i < NALGOS; i++) {
		s = sig_of(algos[i].name, &ps);
		fpr_of(algos[i].name, 0, fpr);
		key = slurp(path(algos[i].name, ".pgp"), &len);
		pos = 0;
		assert_int_equal(pgp_packet_next(key, len, &pos, &tag, &body,
		    &blen, &e), 1);
		assert_int_equal(tag, 6);
		/* the forged packet, then the real key */
		forged = cat(key, pos, key, len, &flen);
		forged[pos - 1] ^= 0x01;	/* last byte of the material */
		assert_int_equal(native_key_load(forged, pos, fpr, &k, &e), 0);
		assert_null(k);
		assert_int_equal(native_key_load(forged, flen, fpr, &k, &e), 1);
		assert_int_equal(check(s, k, data, DATA_LEN), NATIVE_GOOD);
		native_key_free(k);
		k = NULL;
		free(forged);
		free(key);
		native_sig_free(s);
		pgp_sigs_release(&ps);
	}
}

/* DSA parameters that would make libgcrypt abort on an assertion (an
 * order that is not prime: found by tests/fuzz/fuzz_native) are refused
 * when the key is read, never given to gcry_pk_verify. */
static void
test_dsa_order_not_prime(void **state)
{
	struct native_key *k = NULL;
	struct err e = { "" };
	unsigned char *key, f[20];
	const unsigned char *body;
	size_t len, pos = 0, blen, off, qoff;
	char fpr[41];
	int tag;

	(void)state;
	key = slurp(path("dsa2048", ".pgp"), &len);
	assert_int_equal(pgp_packet_next(key, len, &pos, &tag, &body, &blen,
	    &e), 1);
	/* version, time, algorithm, then p (2-byte bit count, bytes), q */
	off = (size_t)(body - key);
	qoff = off + 6 + 2 + (((size_t)body[6] << 8 | body[7]) + 7) / 8;
	/* q = 2^(8n) - 1: odd, as long as before, divisible by 3 */
	memset(key + qoff + 2, 0xFF, ((((size_t)key[qoff] << 8 |
	    key[qoff + 1]) + 7) / 8));
	assert_int_equal(pgp_v4_fpr(body, blen, f, &e), 0);
	pgp_hex(fpr, f, sizeof(f));
	assert_int_equal(native_key_load(key, len, fpr, &k, &e), -1);
	assert_null(k);
	assert_string_equal(e.msg, "the DSA key's parameters are out of "
	    "range");
	free(key);
}

/* The values read as gpg 2.2 reads them: bytes after them are skipped
 * (still good), and each value in turn emptied to zero bits is BAD under
 * every algorithm, never an error (tests/cases/65-bounds.sh checks the
 * same against the gpg engine). */
static void
test_values_as_gpg_reads(void **state)
{
	struct native_sig *s;
	struct native_key *k;
	struct pgp_sigs ps;
	struct err e = { "" };
	const struct pgp_sig *p;
	const unsigned char *body;
	unsigned char *buf;
	size_t i, j, n, v, bytes;

	(void)state;
	for (i = 0; i < NALGOS; i++) {
		print_message("%s\n", algos[i].name);
		native_sig_free(sig_of(algos[i].name, &ps));
		k = key_of(algos[i].name, 0);
		p = &ps.v[0];
		body = ps.bin + p->off + p->hlen;
		n = p->len - p->hlen;
		assert_non_null(buf = malloc(n + 3));
		memcpy(buf, body, n);
		memcpy(buf + n, "\x00\x08\xff", 3);
		assert_int_equal(native_sig_parse(buf, n + 3, &s, &e), 0);
		assert_int_equal(check(s, k, data, DATA_LEN), NATIVE_GOOD);
		native_sig_free(s);
		/* the first value: after the areas and the prefix */
		v = 6 + ((size_t)body[4] << 8 | body[5]);
		v += 2 + ((size_t)body[v] << 8 | body[v + 1]) + 2;
		for (j = 0; v < n; j++) {
			bytes = (((size_t)body[v] << 8 | body[v + 1]) + 7) / 8;
			memcpy(buf, body, v);
			buf[v] = buf[v + 1] = 0;
			memcpy(buf + v + 2, body + v + 2 + bytes,
			    n - v - 2 - bytes);
			assert_int_equal(native_sig_parse(buf, n - bytes, &s,
			    &e), 0);
			assert_int_equal(check(s, k, data, DATA_LEN),
			    NATIVE_BAD);
			native_sig_free(s);
			v += 2 + bytes;
		}
		assert_int_equal(j, strncmp(algos[i].name, "rsa", 3) ? 2 : 1);
		free(buf);
		native_key_free(k);
		pgp_sigs_release(&ps);
	}
}

/* Truncated or foreign input is an error, never a key or a signature. */
static void
test_malformed(void **state)
{
	struct native_sig *s = NULL;
	struct native_key *k = NULL;
	struct pgp_sigs ps;
	struct err e = { "" };
	unsigned char *key;
	const struct pgp_sig *p;
	size_t len, n;
	char fpr[41];

	(void)state;
	s = sig_of("rsa2048", &ps);
	native_sig_free(s);
	s = NULL;
	p = &ps.v[0];
	for (n = 0; n < p->len - p->hlen; n++) {
		assert_int_equal(native_sig_parse(ps.bin + p->off + p->hlen, n,
		    &s, &e), -1);
		assert_null(s);
	}
	pgp_sigs_release(&ps);
	fpr_of("p256", 0, fpr);
	key = slurp(path("p256", ".pgp"), &len);
	for (n = 1; n < 64; n++) {
		assert_int_not_equal(native_key_load(key, n, fpr, &k, &e), 1);
		assert_null(k);
	}
	free(key);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_algorithms),
		cmocka_unit_test(test_prefix_and_value),
		cmocka_unit_test(test_subkey),
		cmocka_unit_test(test_fingerprint_decides),
		cmocka_unit_test(test_dsa_order_not_prime),
		cmocka_unit_test(test_values_as_gpg_reads),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
