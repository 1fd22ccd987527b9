/* authcode: audits the PKCS#7 SignedData of an Authenticode signature
 * with libtasn1: every byte must belong to the structure (RFC 5652), one
 * SignerInfo, certificates that are X.509 certificates, and no
 * unauthenticated attribute but timestamps and nested signatures, which
 * are audited in turn. Unauthenticated bytes are what anyone can add to
 * a signed file without the key; a program that scans its own file (the
 * PyInstaller bootloader looks for its archive from the end) may read
 * them. libtasn1's types stay in this module. */
#ifndef EV_AUTHCODE_H
#define EV_AUTHCODE_H

#include <stddef.h>

#include "base/err.h"

#define AUTHCODE_MAX_ATTRS	16	/* attributes listed (all are checked) */
#define AUTHCODE_MAX_DEPTH	3	/* nested signatures audited */

struct authcode_attr {
	char oid[48];			/* dotted, cut if longer */
	size_t size;			/* DER bytes of the Attribute */
	int is_signed;			/* signed (authenticated) attribute */
};

struct authcode_info {
	size_t nsigners;		/* SignerInfos of the outer SignedData */
	size_t ncerts;			/* certificates of the outer one */
	struct authcode_attr attrs[AUTHCODE_MAX_ATTRS];	/* its signer's */
	size_t nattrs;			/* all of them, listed or not */
	size_t nhostile;		/* findings, nested ones included */
	char first_hostile[160];	/* the first, e.g. "unauthenticated
					 * attribute 1.2.3.4 (40 bytes)" */
};

/* OIDs of the unauthenticated attributes allowed, each with one value
 * that is audited like the signature itself. */
#define AUTHCODE_OID_COUNTERSIG	"1.2.840.113549.1.9.6"	/* SignerInfo */
#define AUTHCODE_OID_RFC3161	"1.3.6.1.4.1.311.3.3.1"	/* ContentInfo */
#define AUTHCODE_OID_NESTED	"1.3.6.1.4.1.311.2.4.1"	/* ContentInfo */

/* Audits der[0..len), a ContentInfo holding SignedData. What is wrong
 * with it is counted in ai (nhostile, first_hostile): bytes the
 * structure does not account for, DER that libtasn1 does not decode
 * strictly, another content type, more or fewer than one SignerInfo, a
 * certificate that is no X.509 certificate, an unauthenticated
 * attribute other than the three above, one of those with other than
 * one value or failing the same audit (at most AUTHCODE_MAX_DEPTH
 * deep). 0, or -1 with e set if libtasn1 cannot be set up (out of
 * memory). */
int authcode_audit(const unsigned char *der, size_t len,
    struct authcode_info *ai, struct err *e) EV_WUR;

/* "unsigned 1.3.6.1.4.1.311.3.3.1 (6123), 1.2.840.113549.1.9.3 (15),
 * ..." (the unsigned attributes first, then the signed, each with its
 * DER size) in buf, cut with "..." if it does not fit; "no attributes"
 * if there are none. */
void authcode_attr_list(const struct authcode_info *ai, char *buf,
    size_t cap);

#endif
