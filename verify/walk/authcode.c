#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libtasn1.h>

#include "walk/authcode.h"

#define OID_SIGNED_DATA	"1.2.840.113549.1.7.2"
#define NAME_MAX_LEN	160		/* an element's name in the module */

/* generated from authcode.asn (authcode_asn1.c) */
extern const asn1_static_node authcode_asn1_tab[];

enum { OK = 0, HOSTILE = 1, NOMEM = -1 };

struct audit {
	asn1_node defs;
	struct authcode_info *ai;
};

static void finding(struct audit *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Counts one finding; the first one is kept. */
static void
finding(struct audit *a, const char *fmt, ...)
{
	va_list ap;

	if (a->ai->nhostile++ > 0)
		return;
	va_start(ap, fmt);
	vsnprintf(a->ai->first_hostile, sizeof(a->ai->first_hostile), fmt,
	    ap);
	va_end(ap);
}

/* "PREFIX.REST" or "REST" into buf. */
static void
path(char *buf, size_t cap, const char *prefix, const char *rest)
{
	snprintf(buf, cap, "%s%s%s", prefix, prefix[0] != '\0' ? "." : "",
	    rest);
}

/* Decodes der[0..len) as type, strictly, every byte; OK, HOSTILE (a
 * finding, *node NULL) or NOMEM. */
static int
decode(struct audit *a, const char *type, const char *what,
    const unsigned char *der, size_t len, asn1_node *node)
{
	char msg[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
	int n = (int)len, rc;

	*node = NULL;
	if (len > INT_MAX) {
		finding(a, "%s too large", what);
		return HOSTILE;
	}
	rc = asn1_create_element(a->defs, type, node);
	if (rc == ASN1_MEM_ERROR || rc == ASN1_MEM_ALLOC_ERROR)
		return NOMEM;
	if (rc == ASN1_SUCCESS)
		rc = asn1_der_decoding2(node, der, &n, ASN1_DECODE_FLAG_STRICT_DER,
		    msg);
	if (rc != ASN1_SUCCESS) {
		finding(a, "%s does not decode as DER (%s)", what,
		    asn1_strerror(rc));
	} else if ((size_t)n != len) {
		finding(a, "%zu bytes after %s", len - (size_t)n, what);
		rc = ASN1_DER_ERROR;
	}
	if (rc != ASN1_SUCCESS) {
		asn1_delete_structure(node);
		return HOSTILE;
	}
	return OK;
}

/* The value of element name (its DER for an ANY), malloc'd. */
static int
read_any(asn1_node node, const char *name, unsigned char **buf, size_t *len)
{
	int n = 0, rc;

	*buf = NULL;
	rc = asn1_read_value(node, name, NULL, &n);
	if (rc != ASN1_MEM_ERROR || n <= 0)
		return rc == ASN1_SUCCESS ? ASN1_VALUE_NOT_FOUND : rc;
	if ((*buf = malloc((size_t)n)) == NULL)
		return ASN1_MEM_ALLOC_ERROR;
	rc = asn1_read_value(node, name, *buf, &n);
	if (rc != ASN1_SUCCESS) {
		free(*buf);
		*buf = NULL;
		return rc;
	}
	*len = (size_t)n;
	return ASN1_SUCCESS;
}

static void
read_oid(asn1_node node, const char *name, char *oid, size_t cap)
{
	int n = (int)cap - 1;

	memset(oid, 0, cap);
	if (asn1_read_value(node, name, oid, &n) != ASN1_SUCCESS)
		snprintf(oid, cap, "?");
}

/* Elements of the SET OF at name (0 if absent). */
static int
count(asn1_node node, const char *name)
{
	int n = 0;

	return asn1_number_of_elements(node, name, &n) == ASN1_SUCCESS ? n : 0;
}

/* Bytes of element name in der, the buffer node was decoded from. */
static size_t
size_of(asn1_node node, const unsigned char *der, size_t len,
    const char *name)
{
	int start = 0, end = -1;

	if (asn1_der_decoding_startEnd(node, der, (int)len, name, &start,
	    &end) != ASN1_SUCCESS || end < start)
		return 0;
	return (size_t)(end - start + 1);
}

static int audit_content(struct audit *a, const unsigned char *der,
    size_t len, int depth, int top);
static int audit_signer(struct audit *a, asn1_node node,
    const unsigned char *der, size_t len, const char *prefix, int depth,
    int top);

static void
record(struct audit *a, const char *oid, size_t size, int is_signed)
{
	struct authcode_attr *at;

	if (a->ai->nattrs++ >= AUTHCODE_MAX_ATTRS)
		return;
	at = &a->ai->attrs[a->ai->nattrs - 1];
	snprintf(at->oid, sizeof(at->oid), "%s", oid);
	at->size = size;
	at->is_signed = is_signed;
}

/* An allowed unauthenticated attribute: one value, audited in turn. */
static int
audit_value(struct audit *a, asn1_node node, const char *attr,
    const char *oid, int depth)
{
	char name[NAME_MAX_LEN + 32];
	unsigned char *v = NULL;
	asn1_node sig = NULL;
	size_t vlen = 0;
	int rc, n;

	snprintf(name, sizeof(name), "%s.attrValues", attr);
	if ((n = count(node, name)) != 1) {
		finding(a, "unauthenticated attribute %s with %d values", oid,
		    n);
		return OK;
	}
	if (depth >= AUTHCODE_MAX_DEPTH) {
		finding(a, "signatures nested more than %d deep",
		    AUTHCODE_MAX_DEPTH);
		return OK;
	}
	snprintf(name, sizeof(name), "%s.attrValues.?1", attr);
	rc = read_any(node, name, &v, &vlen);
	if (rc == ASN1_MEM_ALLOC_ERROR)
		return NOMEM;
	if (rc != ASN1_SUCCESS) {
		finding(a, "unauthenticated attribute %s unreadable", oid);
		return OK;
	}
	if (strcmp(oid, AUTHCODE_OID_COUNTERSIG) != 0)
		rc = audit_content(a, v, vlen, depth + 1, 0);
	else if ((rc = decode(a, "Authenticode.SignerInfo",
	    "a countersignature", v, vlen, &sig)) == OK)
		rc = audit_signer(a, sig, v, vlen, "", depth + 1, 0);
	asn1_delete_structure(&sig);
	free(v);
	return rc == NOMEM ? NOMEM : OK;
}

static int
allowed(const char *oid)
{
	return strcmp(oid, AUTHCODE_OID_COUNTERSIG) == 0 ||
	    strcmp(oid, AUTHCODE_OID_RFC3161) == 0 ||
	    strcmp(oid, AUTHCODE_OID_NESTED) == 0;
}

/* The attributes of the SignerInfo at prefix of node (decoded from der);
 * top: the outer signer, whose attributes are listed. */
static int
audit_signer(struct audit *a, asn1_node node, const unsigned char *der,
    size_t len, const char *prefix, int depth, int top)
{
	char name[NAME_MAX_LEN + 32], attr[NAME_MAX_LEN], oid[48], rest[32];
	size_t size;
	int i, n;

	path(name, sizeof(name), prefix, "signedAttrs");
	n = count(node, name);
	for (i = 1; top && i <= n; i++) {
		snprintf(rest, sizeof(rest), "signedAttrs.?%d", i);
		path(attr, sizeof(attr), prefix, rest);
		snprintf(name, sizeof(name), "%s.attrType", attr);
		read_oid(node, name, oid, sizeof(oid));
		record(a, oid, size_of(node, der, len, attr), 1);
	}
	path(name, sizeof(name), prefix, "unsignedAttrs");
	n = count(node, name);
	for (i = 1; i <= n; i++) {
		snprintf(rest, sizeof(rest), "unsignedAttrs.?%d", i);
		path(attr, sizeof(attr), prefix, rest);
		snprintf(name, sizeof(name), "%s.attrType", attr);
		read_oid(node, name, oid, sizeof(oid));
		size = size_of(node, der, len, attr);
		if (top)
			record(a, oid, size, 0);
		if (!allowed(oid))
			finding(a, "unauthenticated attribute %s (%zu bytes)",
			    oid, size);
		else if (audit_value(a, node, attr, oid, depth) == NOMEM)
			return NOMEM;
	}
	return OK;
}

/* Every certificate must decode as an X.509 certificate. */
static int
audit_certs(struct audit *a, asn1_node sd, int top)
{
	char name[NAME_MAX_LEN + 32];
	unsigned char *c = NULL;
	asn1_node cert = NULL;
	size_t clen = 0;
	int i, n = count(sd, "certificates"), rc;

	if (top)
		a->ai->ncerts = (size_t)n;
	for (i = 1; i <= n; i++) {
		snprintf(name, sizeof(name), "certificates.?%d", i);
		if ((rc = read_any(sd, name, &c, &clen)) == ASN1_MEM_ALLOC_ERROR)
			return NOMEM;
		if (rc != ASN1_SUCCESS)
			finding(a, "certificate %d unreadable", i);
		else if (decode(a, "Authenticode.Certificate",
		    "a certificate", c, clen, &cert) == NOMEM)
			rc = NOMEM;
		asn1_delete_structure(&cert);
		free(c);
		c = NULL;
		if (rc == NOMEM)
			return NOMEM;
	}
	if ((n = count(sd, "crls")) > 0)
		finding(a, "%d CRLs in the signature (Authenticode carries "
		    "none)", n);
	return OK;
}

/* A ContentInfo holding SignedData, with one SignerInfo. */
static int
audit_content(struct audit *a, const unsigned char *der, size_t len,
    int depth, int top)
{
	asn1_node ci = NULL, sd = NULL;
	unsigned char *body = NULL;
	size_t blen = 0;
	char oid[48], name[NAME_MAX_LEN];
	int rc, i, n;

	if ((rc = decode(a, "Authenticode.ContentInfo", top ? "the "
	    "signature" : "a nested signature", der, len, &ci)) != OK)
		goto out;
	read_oid(ci, "contentType", oid, sizeof(oid));
	if (strcmp(oid, OID_SIGNED_DATA) != 0) {
		finding(a, "content type %s, not SignedData", oid);
		goto out;
	}
	if ((rc = read_any(ci, "content", &body, &blen)) != ASN1_SUCCESS) {
		rc = rc == ASN1_MEM_ALLOC_ERROR ? NOMEM : OK;
		if (rc == OK)
			finding(a, "SignedData unreadable");
		goto out;
	}
	if ((rc = decode(a, "Authenticode.SignedData", "the SignedData",
	    body, blen, &sd)) != OK)
		goto out;
	n = count(sd, "signerInfos");
	if (top)
		a->ai->nsigners = (size_t)n;
	if (n != 1)
		finding(a, "%d SignerInfos (Authenticode has one)", n);
	if ((rc = audit_certs(a, sd, top)) != OK)
		goto out;
	for (i = 1; i <= n; i++) {
		snprintf(name, sizeof(name), "signerInfos.?%d", i);
		if ((rc = audit_signer(a, sd, body, blen, name, depth,
		    top && i == 1)) != OK)
			goto out;
	}
out:
	asn1_delete_structure(&sd);
	asn1_delete_structure(&ci);
	free(body);
	return rc == NOMEM ? NOMEM : OK;
}

int
authcode_audit(const unsigned char *der, size_t len,
    struct authcode_info *ai, struct err *e)
{
	char msg[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
	struct audit a = { NULL, ai };
	int rc;

	memset(ai, 0, sizeof(*ai));
	rc = asn1_array2tree(authcode_asn1_tab, &a.defs, msg);
	if (rc != ASN1_SUCCESS) {
		err_set(e, "cannot set up the ASN.1 decoder: %s (%s)",
		    asn1_strerror(rc), msg);
		return -1;
	}
	rc = audit_content(&a, der, len, 0, 1);
	asn1_delete_structure(&a.defs);
	if (rc == NOMEM) {
		err_set(e, "out of memory auditing the Authenticode signature");
		return -1;
	}
	return 0;
}

void
authcode_attr_list(const struct authcode_info *ai, char *buf, size_t cap)
{
	char item[80];
	size_t i, k, len = 0, n, done = 0, shown = ai->nattrs <
	    AUTHCODE_MAX_ATTRS ? ai->nattrs : AUTHCODE_MAX_ATTRS;
	const struct authcode_attr *at;

	buf[0] = '\0';
	if (ai->nattrs == 0)
		snprintf(buf, cap, "no attributes");
	for (k = 0; k < 2; k++)		/* the unsigned ones first */
		for (i = 0; i < shown; i++) {
			at = &ai->attrs[i];
			if (at->is_signed != (int)k)
				continue;
			n = (size_t)snprintf(item, sizeof(item), "%s%s%s (%zu)",
			    done > 0 ? ", " : "", at->is_signed ? "" :
			    "unsigned ", at->oid, at->size);
			if (len + n + 6 > cap) {
				if (len + 6 <= cap)
					memcpy(buf + len, ", ...", 6);
				return;
			}
			memcpy(buf + len, item, n + 1);
			len += n;
			done++;
		}
	if (shown < ai->nattrs && len + 6 <= cap)
		memcpy(buf + len, ", ...", 6);
}
