/* native: checks a v4 signature over a file with libgcrypt alone
 * (gcry_pk_verify over digest(data || hashed area || trailer)), against
 * public key material taken from gpg's export of a key gpg validated,
 * matched by its recomputed fingerprint. RSA (PKCS#1 v1.5), DSA, ECDSA
 * (NIST P-256/384/521, brainpool P256r1/P384r1/P512r1, secp256k1) and
 * EdDSA (Ed25519): what GnuPG 2.2 verifies. */
#ifndef EV_NATIVE_H
#define EV_NATIVE_H

#include <stddef.h>

#include "base/err.h"
#include "base/hash.h"

struct native_key;
struct native_sig;
struct native_md;

enum native_result {
	NATIVE_BAD = 0,		/* does not verify under the key */
	NATIVE_GOOD = 1
};

/* Takes from binary key material buf[0..len) (a transferable public key
 * as gpg exports it) the v4 key or subkey packet whose recomputed
 * fingerprint is fpr (40 hex digits, any case): nothing else in buf is
 * used. Returns 1 and *k (free with native_key_free); 0 when no packet
 * has that fingerprint; -1 when buf is malformed or the key's algorithm
 * or curve cannot sign here (e says which). */
int native_key_load(const unsigned char *buf, size_t len, const char *fpr,
    struct native_key **k, struct err *e) EV_WUR;
void native_key_free(struct native_key *k);		/* accepts NULL */

/* Reads a signature packet body p[0..n) (the header stripped). Returns 0
 * and *s (free with native_sig_free); -1 when it is not a v4 signature
 * this module checks, or malformed (e says why). As gpg 2.2 does, bytes
 * after the signature's values are skipped, and a value of zero bits is
 * read (it verifies under no key). */
int native_sig_parse(const unsigned char *p, size_t n,
    struct native_sig **s, struct err *e) EV_WUR;
void native_sig_free(struct native_sig *s);		/* accepts NULL */
int native_sig_hash(const struct native_sig *s);	/* RFC 9580 digest id */

/* A digest of the file's bytes, for every signature using that digest:
 * open it (RFC 9580 digest id), write the data, then verify. */
int native_md_open(struct native_md **m, int hashalgo,
    struct err *e) EV_WUR;
/* The same over the canonical text of the data that text-mode (class
 * 0x01) signatures are made over (see textmode.h): each write goes on
 * where the last one stopped, in the middle of a line or not. */
int native_md_open_text(struct native_md **m, int hashalgo,
    struct err *e) EV_WUR;
void native_md_write(struct native_md *m, const void *buf, size_t len);
/* A SHA-256 digest that is h's own (h keeps being fed and released by its
 * owner; native_md_free leaves it alone): the file's SHA-256 for the
 * report and for the signatures is computed once. */
int native_md_share(struct native_md **m, struct hash *h,
    struct err *e) EV_WUR;
void native_md_free(struct native_md *m);		/* accepts NULL */

/* Checks s over the data written to m (m is left as it was) under k: the
 * 16-bit digest prefix first (a mismatch is BAD), then gcry_pk_verify.
 * Returns NATIVE_GOOD or NATIVE_BAD; -1 when it cannot be checked (the
 * key's algorithm is not the signature's, m's digest is another, a
 * digest too short for the key, a libgcrypt failure: e says why). */
int native_verify(const struct native_sig *s, const struct native_key *k,
    const struct native_md *m, struct err *e) EV_WUR;

#endif
