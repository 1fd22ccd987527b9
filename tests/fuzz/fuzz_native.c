/* fuzz_native: the native verification path (native_*): key material,
 * the signature packet and the data, all from the input. Layout: a 2-byte
 * big-endian length and the key material (binary, as gpg exports it), a
 * 2-byte length and a signature packet body, then the data. The key asked
 * for is the first key packet's own fingerprint, so that the material is
 * always read. */
#include "fuzz.h"

#include "openpgp/native.h"
#include "openpgp/pgp.h"

static const uint8_t *
take(const uint8_t **p, size_t *left, size_t *n)
{
	const uint8_t *r;

	if (*left < 2)
		return NULL;
	*n = (size_t)(*p)[0] << 8 | (*p)[1];
	if (*n > *left - 2)
		return NULL;
	r = *p + 2;
	*p += 2 + *n;
	*left -= 2 + *n;
	return r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct native_key *k = NULL;
	struct native_sig *s = NULL;
	struct native_md *m = NULL;
	const uint8_t *key, *sig, *body;
	const uint8_t *p = data;
	size_t left = size, klen, slen, pos = 0, blen;
	unsigned char fpr[20];
	char hex[41];
	struct err e;
	int tag;

	if ((key = take(&p, &left, &klen)) == NULL ||
	    (sig = take(&p, &left, &slen)) == NULL)
		return 0;
	while (pgp_packet_next(key, klen, &pos, &tag, &body, &blen, &e) == 1)
		if (tag == 6 || tag == 14)
			break;
	if (pos > 0 && (tag == 6 || tag == 14) &&
	    pgp_v4_fpr(body, blen, fpr, &e) == 0) {
		pgp_hex(hex, fpr, sizeof(fpr));
		(void)native_key_load(key, klen, hex, &k, &e);
	}
	if (native_sig_parse(sig, slen, &s, &e) == 0 &&
	    native_md_open(&m, native_sig_hash(s), &e) == 0) {
		native_md_write(m, p, left);
		if (k != NULL)
			(void)native_verify(s, k, m, &e);
	}
	native_md_free(m);
	native_sig_free(s);
	native_key_free(k);
	return 0;
}
