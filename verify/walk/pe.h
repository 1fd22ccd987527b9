/* pe: Windows PE executables: the Authenticode certificate table, and the
 * same file with it removed (as osslsigncode remove-signature does). */
#ifndef EV_PE_H
#define EV_PE_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "manifest/manifest.h"
#include "walk/authcode.h"
#include "walk/walker.h"

struct pe_info {
	uint64_t file_size;
	uint64_t checksum_off;		/* offset of OptionalHeader.CheckSum */
	uint64_t certdir_off;		/* offset of data directory entry 4 */
	uint64_t cert_off, cert_size;	/* table; both 0 if unsigned */
	size_t ncerts;			/* WIN_CERTIFICATE entries */
	uint64_t cert_padding;		/* sig_slack, plus the bytes after
					 * the last entry's dwLength up to
					 * the table's end */
	int padding_nonzero;		/* one of those bytes is not zero */
	int pe32plus;
	/* the first entry (if signed) */
	uint64_t entry_len;		/* dwLength, header included */
	unsigned cert_revision;		/* wRevision */
	unsigned cert_type;		/* wCertificateType */
	int sig_der;			/* bCertificate starts with a DER
					 * SEQUENCE header: tag 0x30, a
					 * definite length in at most 4
					 * bytes, inside the entry */
	uint64_t sig_len;		/* with sig_der: that SEQUENCE's
					 * length, header included; may be
					 * more than entry_len - 8 */
	uint64_t sig_slack;		/* bytes after it up to dwLength
					 * (0 unless it fits) */
	int slack_nonzero;		/* one of those is not zero */
};

#define PE_CERT_REVISION	0x0200	/* WIN_CERT_REVISION_2_0 */
#define PE_CERT_TYPE_PKCS7	2	/* WIN_CERT_TYPE_PKCS_SIGNED_DATA */

/* Certificate entries past this many are an error, not a count. */
#define PE_MAX_CERTS 4096

/* Parses the headers of the PE on fd. 0, or -1 with e set (not a PE,
 * truncated, table not at the end of the file, overlapping ...). The
 * table is walked as WIN_CERTIFICATE entries (dwLength >= 8, each
 * rounded up to 8); after the first entry, fewer than 8 bytes left or a
 * header that is no valid entry (all zero, say) ends the walk and the
 * rest counts as padding (padding_nonzero if it is not all zero). The
 * first entry's header and the DER header of its PKCS#7 blob are read
 * (the entry_len ... slack_nonzero fields); bytes after the blob inside
 * dwLength count as padding too (the CVE-2013-3900 hiding place). A
 * blob that is no DER SEQUENCE is not an error here: the rule says. */
int pe_parse(int fd, uint64_t file_size, struct pe_info *pi,
    struct err *e) EV_WUR;

/* Checks Electrum's rule: exactly one certificate entry, of revision
 * 0x0200 and type 2 (PKCS#7 signed data), holding one DER SEQUENCE
 * that fits it, and at most 7 zero padding bytes in all (after the
 * SEQUENCE inside dwLength, and after the entry). 0, or -1 with e
 * saying what was found and which rule it breaks. */
int pe_check_one_cert(const struct pe_info *pi, struct err *e) EV_WUR;

/* Streams the file without its signature, byte for byte what
 * osslsigncode 2.9 remove-signature writes: cut at the table, directory
 * entry zeroed, padded with zeros to a multiple of 8, checksum
 * recomputed over that output (two passes over fd, nothing buffered
 * whole). An unsigned file is streamed unchanged. Calls out(ctx, buf,
 * len) for each piece in order; a non-zero return from out stops and is
 * returned. -1 on read error. */
int pe_unsigned_stream(int fd, const struct pe_info *pi,
    int (*out)(void *ctx, const void *buf, size_t len), void *ctx,
    struct err *e) EV_WUR;

/* Reads the first entry's PKCS#7 blob (when pe_parse found one that
 * fits its entry) and audits it (authcode.h) into ai; hex is its
 * SHA-256. A blob over 16 MiB is a finding, not read. 0 audited, 1 no
 * blob to audit (unsigned, or pe_check_one_cert fails on it), -1 with e
 * set on a read error or out of memory. */
int pe_audit(int fd, const struct pe_info *pi, struct authcode_info *ai,
    char hex[65], struct err *e) EV_WUR;

/* Manifest of a PE: one entry for the file itself (named in->base, type
 * file, mode 0644 whatever the file's mode, no owner or time) and, if
 * signed, the outside record "pe-certificate-table" (the table's bytes;
 * note "N certificate entries, M padding bytes"; hostile unless
 * pe_check_one_cert passes, and then the note goes on "; hostile: "
 * and what breaks the rule), and "pe-signature" on the PKCS#7 blob
 * (pe_audit: note "1 signer, 2 certificates; OID (SIZE), ..., unsigned
 * OID (SIZE)"; hostile, and the table too, if the audit found
 * anything, the note going on "; hostile: " and the first finding).
 * Sets m->kind "PE". */
int pe_walk(const struct walker_input *in, struct manifest *m,
    struct err *e) EV_WUR;

#endif
