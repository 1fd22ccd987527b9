/* native: v4 signatures checked with libgcrypt (RFC 9580 sections 5.2.4,
 * 5.5.2 and 11.2; GnuPG 2.2's g10/pkglue.c and g10/seskey.c for how the
 * digest meets each algorithm). Everything here reads bytes an attacker
 * may have shaped: every length is checked before it is used. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gcrypt.h>

#include "base/hash.h"
#include "openpgp/native.h"
#include "openpgp/pgp.h"
#include "openpgp/textmode.h"

#define NATIVE_MPIS 4		/* DSA keys have the most: p, q, g, y */

/* A run of bytes inside a copy that the struct owns. */
struct span {
	const unsigned char *p;
	size_t n;
};

struct native_key {
	int algo;			/* RFC 9580 public-key id */
	const char *curve;		/* libgcrypt's name, ECC only */
	unsigned qbits;			/* DSA q, or the curve's order */
	struct span mpi[NATIVE_MPIS];	/* RSA n e; DSA p q g y; ECC q */
	unsigned char *copy;
};

struct native_sig {
	int pkalgo, hashalgo;
	unsigned char prefix[2];	/* left 16 bits of the digest */
	struct span hashed;		/* version .. end of the hashed area */
	struct span mpi[2];		/* RSA s; DSA, ECDSA, EdDSA r s */
	unsigned char *copy;
};

struct native_md {
	int hashalgo;
	gcry_md_hd_t h;
	int shared;		/* h belongs to a struct hash */
	int text;		/* h gets the canonical text (tm) */
	struct textmode tm;
};

/* Curves GnuPG 2.2 verifies, by the OID in the key packet. */
static const struct curve {
	const char *name;
	unsigned char oid[10];
	size_t oidlen;
	unsigned qbits;
	int algo;		/* 19 ECDSA, 22 EdDSA */
} curves[] = {
	{ "NIST P-256", { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07 },
	    8, 256, 19 },
	{ "NIST P-384", { 0x2B, 0x81, 0x04, 0x00, 0x22 }, 5, 384, 19 },
	{ "NIST P-521", { 0x2B, 0x81, 0x04, 0x00, 0x23 }, 5, 521, 19 },
	{ "brainpoolP256r1", { 0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01,
	    0x01, 0x07 }, 9, 256, 19 },
	{ "brainpoolP384r1", { 0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01,
	    0x01, 0x0B }, 9, 384, 19 },
	{ "brainpoolP512r1", { 0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01,
	    0x01, 0x0D }, 9, 512, 19 },
	{ "secp256k1", { 0x2B, 0x81, 0x04, 0x00, 0x0A }, 5, 256, 19 },
	{ "Ed25519", { 0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F,
	    0x01 }, 9, 256, 22 },
};

/* RFC 9580 digest ids and libgcrypt's. */
static int
md_algo(int hashalgo)
{
	switch (hashalgo) {
	case 2:
		return GCRY_MD_SHA1;
	case 3:
		return GCRY_MD_RMD160;
	case 8:
		return GCRY_MD_SHA256;
	case 9:
		return GCRY_MD_SHA384;
	case 10:
		return GCRY_MD_SHA512;
	case 11:
		return GCRY_MD_SHA224;
	default:
		return 0;
	}
}

static int
is_rsa(int algo)
{
	return algo == 1 || algo == 3;	/* RSA, RSA sign-only */
}

/* Reads an MPI (2-byte bit count, then the bytes) at *pos; one of no
 * bytes (a bit count of 0) only if empty_ok. */
static int
mpi_read(const unsigned char *p, size_t n, size_t *pos, struct span *out,
    int empty_ok)
{
	size_t bits, bytes;

	if (n - *pos < 2)
		return -1;
	bits = (size_t)p[*pos] << 8 | p[*pos + 1];
	bytes = (bits + 7) / 8;
	*pos += 2;
	if ((bytes == 0 && !empty_ok) || bytes > n - *pos)
		return -1;
	out->p = p + *pos;
	out->n = bytes;
	*pos += bytes;
	return 0;
}

static unsigned
span_bits(const struct span *s)
{
	size_t i;
	unsigned bits;
	unsigned char c;

	for (i = 0; i < s->n && s->p[i] == 0; i++)
		;
	if (i == s->n)
		return 0;
	for (bits = (unsigned)(s->n - i) * 8, c = s->p[i]; !(c & 0x80);
	    c <<= 1)
		bits--;
	return bits;
}

static int
span_odd(const struct span *s)
{
	return s->n > 0 && (s->p[s->n - 1] & 1);
}

/* Whether s is a prime (libgcrypt's test): a DSA order that is not one
 * leaves a signature value without an inverse, and libgcrypt's verify
 * then aborts the process on an assertion. */
static int
span_prime(const struct span *s)
{
	gcry_mpi_t m = NULL;
	int prime;

	if (gcry_mpi_scan(&m, GCRYMPI_FMT_USG, s->p, s->n, NULL) != 0)
		return 0;
	prime = gcry_prime_check(m, 0) == 0;
	gcry_mpi_release(m);
	return prime;
}

/* Parameters libgcrypt may be given: hostile ones (a DSA order of 1 or
 * not prime, an even modulus) make its assertions abort the process.
 * The sizes are those GnuPG 2.2 makes and accepts for signing keys. */
static int
key_sane(const struct native_key *k)
{
	unsigned pb, qb;
	size_t i, nm = is_rsa(k->algo) ? 2 : k->algo == 17 ? 4 : 1;

	for (i = 0; i < nm; i++)
		if (span_bits(&k->mpi[i]) == 0)
			return 0;
	if (is_rsa(k->algo)) {
		pb = span_bits(&k->mpi[0]);
		return span_odd(&k->mpi[0]) && span_odd(&k->mpi[1]) &&
		    pb >= 1024 && pb <= 16384 && span_bits(&k->mpi[1]) < pb;
	}
	if (k->algo == 17) {
		pb = span_bits(&k->mpi[0]);
		qb = span_bits(&k->mpi[1]);
		return span_odd(&k->mpi[0]) && span_odd(&k->mpi[1]) &&
		    pb >= 1024 && pb <= 3072 && qb >= 160 && qb <= 256 &&
		    span_bits(&k->mpi[2]) > 1 && span_bits(&k->mpi[2]) <= pb &&
		    span_bits(&k->mpi[3]) > 1 && span_bits(&k->mpi[3]) <= pb &&
		    span_prime(&k->mpi[1]);
	}
	return 1;
}

/* The algorithm-specific part of a v4 key packet body p[0..n). */
static int
key_material(struct native_key *k, const unsigned char *p, size_t n,
    struct err *e)
{
	size_t pos = 6, i, nm, olen;

	k->algo = p[5];
	if (is_rsa(k->algo) || k->algo == 17) {
		nm = is_rsa(k->algo) ? 2 : 4;
		for (i = 0; i < nm; i++)
			if (mpi_read(p, n, &pos, &k->mpi[i], 0) != 0)
				goto malformed;
		if (k->algo == 17)
			k->qbits = span_bits(&k->mpi[1]);
		if (!key_sane(k)) {
			err_set(e, "the %s key's parameters are out of range",
			    pgp_pk_name(k->algo));
			return -1;
		}
		return 0;
	}
	if (k->algo != 19 && k->algo != 22) {
		err_set(e, "public-key algorithm %d (%s) cannot sign here",
		    k->algo, pgp_pk_name(k->algo));
		return -1;
	}
	if (n - pos < 1 || (olen = p[pos]) == 0 || olen > n - pos - 1)
		goto malformed;
	for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
		if (curves[i].oidlen == olen && curves[i].algo == k->algo &&
		    memcmp(curves[i].oid, p + pos + 1, olen) == 0)
			break;
	if (i == sizeof(curves) / sizeof(curves[0])) {
		err_set(e, "the key's curve is not one GnuPG 2.2 verifies "
		    "with %s", pgp_pk_name(k->algo));
		return -1;
	}
	k->curve = curves[i].name;
	k->qbits = curves[i].qbits;
	pos += 1 + olen;
	if (mpi_read(p, n, &pos, &k->mpi[0], 0) != 0)
		goto malformed;
	/* Ed25519's point is 0x40 and 32 bytes (RFC 9580 section 11.2.2). */
	if (k->algo == 22 && (k->mpi[0].n != 33 || k->mpi[0].p[0] != 0x40))
		goto malformed;
	return 0;
malformed:
	err_set(e, "malformed public key: the %s key material is truncated "
	    "or inconsistent", pgp_pk_name(k->algo));
	return -1;
}

int
native_key_load(const unsigned char *buf, size_t len, const char *fpr,
    struct native_key **out, struct err *e)
{
	struct native_key *k = NULL;
	const unsigned char *body;
	unsigned char f[20];
	char hex[41];
	size_t pos = 0, bl;
	int tag, r, rc = -1;
	struct err pe;

	*out = NULL;
	while ((r = pgp_packet_next(buf, len, &pos, &tag, &body, &bl, &pe))
	    == 1) {
		if ((tag != 6 && tag != 14) || bl < 6 || body[0] != 4 ||
		    bl > 0xFFFF)
			continue;
		if (pgp_v4_fpr(body, bl, f, e) != 0)
			goto out;
		pgp_hex(hex, f, sizeof(f));
		if (strcasecmp(hex, fpr) != 0)
			continue;
		if ((k = calloc(1, sizeof(*k))) == NULL ||
		    (k->copy = malloc(bl)) == NULL) {
			err_set(e, "out of memory");
			goto out;
		}
		memcpy(k->copy, body, bl);
		if (key_material(k, k->copy, bl, e) != 0)
			goto out;
		*out = k;
		k = NULL;
		rc = 1;
		goto out;
	}
	if (r < 0) {
		err_set(e, "malformed public key: %s", pe.msg);
		goto out;
	}
	rc = 0;
out:
	native_key_free(k);
	return rc;
}

void
native_key_free(struct native_key *k)
{
	if (k == NULL)
		return;
	free(k->copy);
	free(k);
}

int
native_sig_parse(const unsigned char *p, size_t n, struct native_sig **out,
    struct err *e)
{
	struct native_sig *s = NULL;
	size_t hl, ul, pos, i, nm;
	int rc = -1;

	*out = NULL;
	if (n < 1 || p[0] != 4) {
		err_set(e, "not a v4 signature packet");
		return -1;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->copy = malloc(n)) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	memcpy(s->copy, p, n);
	p = s->copy;
	if (n < 6)
		goto malformed;
	s->pkalgo = p[2];
	s->hashalgo = p[3];
	hl = (size_t)p[4] << 8 | p[5];
	if (hl > n - 6)
		goto malformed;
	s->hashed.p = p;
	s->hashed.n = 6 + hl;
	pos = 6 + hl;
	if (n - pos < 2)
		goto malformed;
	ul = (size_t)p[pos] << 8 | p[pos + 1];
	pos += 2;
	if (ul > n - pos || n - pos - ul < 2)
		goto malformed;
	pos += ul;
	memcpy(s->prefix, p + pos, 2);
	pos += 2;
	if (md_algo(s->hashalgo) == 0) {
		err_set(e, "digest %s cannot be checked here",
		    pgp_hash_name(s->hashalgo));
		goto out;
	}
	if (!is_rsa(s->pkalgo) && s->pkalgo != 17 && s->pkalgo != 19 &&
	    s->pkalgo != 22) {
		err_set(e, "public-key algorithm %d (%s) cannot be checked "
		    "here", s->pkalgo, pgp_pk_name(s->pkalgo));
		goto out;
	}
	/* As in gpg 2.2: a value of zero bits is read (and verifies under
	 * no key), bytes after the values are skipped. */
	nm = is_rsa(s->pkalgo) ? 1 : 2;
	for (i = 0; i < nm; i++)
		if (mpi_read(p, n, &pos, &s->mpi[i], 1) != 0) {
			err_set(e, "the signature's values run past the end of "
			    "its packet");
			goto out;
		}
	*out = s;
	s = NULL;
	rc = 0;
	goto out;
malformed:
	err_set(e, "malformed signature packet");
out:
	native_sig_free(s);
	return rc;
}

void
native_sig_free(struct native_sig *s)
{
	if (s == NULL)
		return;
	free(s->copy);
	free(s);
}

int
native_sig_hash(const struct native_sig *s)
{
	return s->hashalgo;
}

int
native_md_open(struct native_md **out, int hashalgo, struct err *e)
{
	struct native_md *m;
	gcry_error_t ge;

	*out = NULL;
	if (hash_ready(e) < 0)
		return -1;
	if (md_algo(hashalgo) == 0) {
		err_set(e, "digest %s cannot be checked here",
		    pgp_hash_name(hashalgo));
		return -1;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	m->hashalgo = hashalgo;
	if ((ge = gcry_md_open(&m->h, md_algo(hashalgo), 0)) != 0) {
		err_set(e, "cannot start %s: %s", pgp_hash_name(hashalgo),
		    gcry_strerror(ge));
		free(m);
		return -1;
	}
	*out = m;
	return 0;
}

int
native_md_open_text(struct native_md **out, int hashalgo, struct err *e)
{
	if (native_md_open(out, hashalgo, e) != 0)
		return -1;
	(*out)->text = 1;
	textmode_init(&(*out)->tm);
	return 0;
}

int
native_md_share(struct native_md **out, struct hash *h, struct err *e)
{
	struct native_md *m;

	*out = NULL;
	if (h->md == NULL || gcry_md_get_algo(h->md) != GCRY_MD_SHA256) {
		err_set(e, "no SHA-256 digest to share");
		return -1;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	m->hashalgo = 8;
	m->h = h->md;
	m->shared = 1;
	*out = m;
	return 0;
}

static void
md_put(void *h, const void *buf, size_t len)
{
	gcry_md_write(h, buf, len);
}

void
native_md_write(struct native_md *m, const void *buf, size_t len)
{
	if (m->text)
		textmode_feed(&m->tm, buf, len, md_put, m->h);
	else
		gcry_md_write(m->h, buf, len);
}

void
native_md_free(struct native_md *m)
{
	if (m == NULL)
		return;
	if (!m->shared)
		gcry_md_close(m->h);
	free(m);
}

/* digest(data || hashed area || 0x04 0xFF || 4-byte length of the hashed
 * part), RFC 9580 section 5.2.4, into d (its length in *dlen). */
static int
final_digest(const struct native_sig *s, const struct native_md *m,
    unsigned char *d, size_t *dlen, struct err *e)
{
	gcry_md_hd_t h = NULL;
	gcry_error_t ge;
	unsigned char trailer[6];
	size_t n = s->hashed.n;

	if ((ge = gcry_md_copy(&h, m->h)) != 0) {
		err_set(e, "cannot copy a digest: %s", gcry_strerror(ge));
		return -1;
	}
	trailer[0] = 4;
	trailer[1] = 0xFF;
	trailer[2] = (unsigned char)(n >> 24);
	trailer[3] = (unsigned char)(n >> 16);
	trailer[4] = (unsigned char)(n >> 8);
	trailer[5] = (unsigned char)n;
	gcry_md_write(h, s->hashed.p, n);
	gcry_md_write(h, trailer, sizeof(trailer));
	*dlen = gcry_md_get_algo_dlen(md_algo(s->hashalgo));
	memcpy(d, gcry_md_read(h, 0), *dlen);
	gcry_md_close(h);
	return 0;
}

static unsigned order_bits(const struct native_key *k);

/* Left-pads an EdDSA value to 32 bytes, as the MPI encoding drops the
 * leading zeros. */
static int
pad32(const struct span *v, unsigned char out[32])
{
	if (v->n > 32)
		return -1;
	memset(out, 0, 32);
	memcpy(out + 32 - v->n, v->p, v->n);
	return 0;
}

/* The S-expressions gcry_pk_verify takes: key, signature and data. */
static gcry_error_t
build(const struct native_sig *s, const struct native_key *k,
    const unsigned char *d, size_t dlen, gcry_sexp_t x[3])
{
	const struct span *km = k->mpi, *sm = s->mpi;
	unsigned char r[32], t[32];
	size_t qlen;
	gcry_error_t ge;

	/* An empty value (zero) verifies under no key: libgcrypt is not
	 * given one. */
	if (sm[0].n == 0 || (!is_rsa(k->algo) && sm[1].n == 0))
		return gcry_error(GPG_ERR_BAD_SIGNATURE);
	if (is_rsa(k->algo)) {
		if ((ge = gcry_sexp_build(&x[0], NULL,
		    "(public-key(rsa(n%b)(e%b)))", (int)km[0].n, km[0].p,
		    (int)km[1].n, km[1].p)) != 0 ||
		    (ge = gcry_sexp_build(&x[1], NULL, "(sig-val(rsa(s%b)))",
		    (int)sm[0].n, sm[0].p)) != 0)
			return ge;
		return gcry_sexp_build(&x[2], NULL,
		    "(data(flags pkcs1)(hash %s %b))",
		    gcry_md_algo_name(md_algo(s->hashalgo)), (int)dlen, d);
	}
	if (k->algo == 22) {
		/* Values longer than the field verify under no key. */
		if (pad32(&sm[0], r) != 0 || pad32(&sm[1], t) != 0)
			return gcry_error(GPG_ERR_BAD_SIGNATURE);
		if ((ge = gcry_sexp_build(&x[0], NULL,
		    "(public-key(ecc(curve %s)(flags eddsa)(q%b)))", k->curve,
		    (int)km[0].n, km[0].p)) != 0 ||
		    (ge = gcry_sexp_build(&x[1], NULL,
		    "(sig-val(eddsa(r%b)(s%b)))", 32, r, 32, t)) != 0)
			return ge;
		return gcry_sexp_build(&x[2], NULL,
		    "(data(flags eddsa)(hash-algo sha512)(value %b))",
		    (int)dlen, d);
	}
	/* DSA and ECDSA sign the digest's leftmost bytes, as many as the
	 * order has whole bytes (GnuPG's encode_md_value). */
	qlen = order_bits(k) / 8 < dlen ? order_bits(k) / 8 : dlen;
	if (k->algo == 17)
		ge = gcry_sexp_build(&x[0], NULL,
		    "(public-key(dsa(p%b)(q%b)(g%b)(y%b)))", (int)km[0].n,
		    km[0].p, (int)km[1].n, km[1].p, (int)km[2].n, km[2].p,
		    (int)km[3].n, km[3].p);
	else
		ge = gcry_sexp_build(&x[0], NULL,
		    "(public-key(ecc(curve %s)(q%b)))", k->curve, (int)km[0].n,
		    km[0].p);
	if (ge != 0 || (ge = gcry_sexp_build(&x[1], NULL,
	    k->algo == 17 ? "(sig-val(dsa(r%b)(s%b)))" :
	    "(sig-val(ecdsa(r%b)(s%b)))", (int)sm[0].n, sm[0].p,
	    (int)sm[1].n, sm[1].p)) != 0)
		return ge;
	return gcry_sexp_build(&x[2], NULL, "(data(flags raw)(value %b))",
	    (int)qlen, d);
}

/* The order's size in bits as GnuPG's encode_md_value takes it: P-521's
 * is larger than any digest, so 512 there. */
static unsigned
order_bits(const struct native_key *k)
{
	return k->algo == 19 && k->qbits > 512 ? 512 : k->qbits;
}

/* Whether the digest is long enough for the key, as GnuPG asks. */
static int
digest_fits(const struct native_key *k, size_t dlen, struct err *e)
{
	if ((k->algo == 17 || k->algo == 19) && dlen < order_bits(k) / 8) {
		err_set(e, "the digest is shorter than the %s key's %u-bit "
		    "order", pgp_pk_name(k->algo), k->qbits);
		return 0;
	}
	return 1;
}

int
native_verify(const struct native_sig *s, const struct native_key *k,
    const struct native_md *m, struct err *e)
{
	unsigned char d[64];
	size_t dlen;
	gcry_sexp_t x[3] = { NULL, NULL, NULL };
	gcry_error_t ge;
	int rc = -1, i;

	if (m->hashalgo != s->hashalgo) {
		err_set(e, "the digest at hand is not the signature's");
		return -1;
	}
	if (k->algo != s->pkalgo && !(is_rsa(k->algo) && is_rsa(s->pkalgo))) {
		err_set(e, "the key is %s, the signature %s",
		    pgp_pk_name(k->algo), pgp_pk_name(s->pkalgo));
		return -1;
	}
	if (final_digest(s, m, d, &dlen, e) != 0)
		return -1;
	if (memcmp(d, s->prefix, 2) != 0)
		return NATIVE_BAD;
	if (!digest_fits(k, dlen, e))
		return -1;
	ge = build(s, k, d, dlen, x);
	if (gcry_err_code(ge) == GPG_ERR_BAD_SIGNATURE) {
		rc = NATIVE_BAD;
		goto out;
	}
	if (ge != 0) {
		err_set(e, "cannot set up the check: %s", gcry_strerror(ge));
		goto out;
	}
	ge = gcry_pk_verify(x[1], x[2], x[0]);
	if (ge == 0)
		rc = NATIVE_GOOD;
	else if (gcry_err_code(ge) == GPG_ERR_BAD_SIGNATURE)
		rc = NATIVE_BAD;
	else
		err_set(e, "libgcrypt could not check the signature: %s",
		    gcry_strerror(ge));
out:
	for (i = 0; i < 3; i++)
		gcry_sexp_release(x[i]);
	return rc;
}
