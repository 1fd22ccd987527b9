#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "base/hash.h"
#include "walk/authcode.h"
#include "walk/pe.h"

#define PE_CHUNK	65536
#define PE_DOS_SIZE	64
#define PE_COFF_SIZE	24	/* "PE\0\0" and the COFF header */
#define PE_SECT_SIZE	40
#define PE_MAX_PADDING	7	/* Electrum's rule */
#define PE_MAX_SIG	(16u << 20)	/* bytes of a signature audited */

/* bytes_read with this module's wording. */
static int
rd(int fd, uint64_t off, void *buf, size_t len, struct err *e)
{
	return bytes_read(fd, off, buf, len, "PE file", e);
}

/* DOS header, "PE\0\0", COFF and optional header: fills checksum_off,
 * certdir_off and pe32plus; *hdr_end is the end of the section table. */
static int
parse_headers(int fd, uint64_t size, struct pe_info *pi, uint64_t *hdr_end,
    struct err *e)
{
	unsigned char b[PE_DOS_SIZE];
	uint64_t lfanew, opt, optsize, dirs, nrva_off;
	unsigned magic;

	if (size >= PE_DOS_SIZE && rd(fd, 0, b, PE_DOS_SIZE, e) < 0)
		return -1;
	if (size < PE_DOS_SIZE || memcmp(b, "MZ", 2) != 0) {
		err_set(e, "not a PE file: no DOS header");
		return -1;
	}
	lfanew = bytes_le32(b + 0x3c);
	if (lfanew < PE_DOS_SIZE || lfanew > size - PE_COFF_SIZE - 2) {
		err_set(e, "not a PE file: PE header offset %" PRIu64
		    " outside the file", lfanew);
		return -1;
	}
	if (rd(fd, lfanew, b, PE_COFF_SIZE + 2, e) < 0)
		return -1;
	if (memcmp(b, "PE\0\0", 4) != 0) {
		err_set(e, "not a PE file: no PE signature at offset %" PRIu64,
		    lfanew);
		return -1;
	}
	optsize = bytes_le16(b + 20);
	opt = lfanew + PE_COFF_SIZE;
	magic = bytes_le16(b + PE_COFF_SIZE);
	if (magic != 0x10b && magic != 0x20b) {
		err_set(e, "unsupported PE optional header magic 0x%04x",
		    magic);
		return -1;
	}
	pi->pe32plus = magic == 0x20b;
	nrva_off = pi->pe32plus ? 108 : 92;
	dirs = pi->pe32plus ? 112 : 96;
	if (optsize < dirs + 5 * 8 || opt + optsize > size) {
		err_set(e, "PE optional header too short or truncated "
		    "(%" PRIu64 " bytes)", optsize);
		return -1;
	}
	if (rd(fd, opt + nrva_off, b, 4, e) < 0)
		return -1;
	if (bytes_le32(b) < 5) {
		err_set(e, "PE file without a certificate table directory "
		    "(%" PRIu32 " data directories)", bytes_le32(b));
		return -1;
	}
	pi->checksum_off = opt + 64;
	pi->certdir_off = opt + dirs + 4 * 8;
	if (rd(fd, lfanew + 6, b, 2, e) < 0)
		return -1;
	*hdr_end = opt + optsize + (uint64_t)bytes_le16(b) * PE_SECT_SIZE;
	if (*hdr_end > size) {
		err_set(e, "PE section table truncated");
		return -1;
	}
	return 0;
}

/* Scans [off, end) for a non-zero byte. */
static int
scan_zero(int fd, uint64_t off, uint64_t end, int *nonzero, struct err *e)
{
	unsigned char buf[4096];
	size_t n, i;

	*nonzero = 0;
	while (off < end && !*nonzero) {
		n = end - off < sizeof(buf) ? (size_t)(end - off) :
		    sizeof(buf);
		if (rd(fd, off, buf, n, e) < 0)
			return -1;
		for (i = 0; i < n; i++)
			if (buf[i] != 0)
				*nonzero = 1;
		off += n;
	}
	return 0;
}

/* The first entry of dwLength len: its header, and the DER header of
 * its PKCS#7 blob (tag 0x30, a definite length, short form or long form
 * in at most 4 bytes) if one fits the entry; then the bytes after the
 * blob up to dwLength. */
static int
parse_first(int fd, struct pe_info *pi, uint64_t len, struct err *e)
{
	unsigned char h[8 + 6];
	uint64_t room = len - 8, v = 0;
	size_t n = room < 6 ? (size_t)room : 6, nb, i;

	if (rd(fd, pi->cert_off, h, 8 + n, e) < 0)
		return -1;
	pi->entry_len = len;
	pi->cert_revision = bytes_le16(h + 4);
	pi->cert_type = bytes_le16(h + 6);
	if (n < 2 || h[8] != 0x30 || h[9] == 0x80 || h[9] > 0x84)
		return 0;
	nb = h[9] < 0x80 ? 0 : h[9] & 0x7fu;
	if (2 + nb > n)
		return 0;
	v = nb == 0 ? h[9] : 0;
	for (i = 0; i < nb; i++)
		v = v << 8 | h[10 + i];
	pi->sig_der = 1;
	pi->sig_len = 2 + nb + v;
	if (pi->sig_len > room)
		return 0;
	pi->sig_slack = room - pi->sig_len;
	return scan_zero(fd, pi->cert_off + 8 + pi->sig_len,
	    pi->cert_off + len, &pi->slack_nonzero, e);
}

/* Counts WIN_CERTIFICATE entries (the first one parsed further) and
 * measures the padding after the last one. After the first entry, a
 * header that is not a valid entry (all zero, dwLength < 8 or past the
 * end) starts the padding, which is then checked for non-zero bytes:
 * junk there is hostile, not an error. */
static int
walk_table(int fd, struct pe_info *pi, struct err *e)
{
	unsigned char h[8];
	uint64_t pos = 0, len, last_end = 0, size = pi->cert_size;

	pi->ncerts = 0;
	while (size - pos >= 8) {
		if (rd(fd, pi->cert_off + pos, h, 8, e) < 0)
			return -1;
		len = bytes_le32(h);
		if ((len < 8 || len > size - pos) && pi->ncerts > 0)
			break;
		if (len < 8 || len > size - pos) {
			err_set(e, "PE certificate table starts with a bad "
			    "entry length (%" PRIu64 " bytes, table %" PRIu64
			    " bytes)", len, size);
			return -1;
		}
		if (pi->ncerts == PE_MAX_CERTS) {
			err_set(e, "PE certificate table has more than %d "
			    "entries", PE_MAX_CERTS);
			return -1;
		}
		if (pi->ncerts == 0 && parse_first(fd, pi, len, e) < 0)
			return -1;
		pi->ncerts++;
		last_end = pos + len;
		pos = last_end + ((8 - len % 8) % 8);
		if (pos > size)
			pos = size;
	}
	if (pi->ncerts == 0) {
		err_set(e, "PE certificate table too short for an entry "
		    "(%" PRIu64 " bytes)", size);
		return -1;
	}
	pi->cert_padding = pi->sig_slack + (size - last_end);
	if (scan_zero(fd, pi->cert_off + last_end, pi->cert_off + size,
	    &pi->padding_nonzero, e) < 0)
		return -1;
	pi->padding_nonzero |= pi->slack_nonzero;
	return 0;
}

int
pe_parse(int fd, uint64_t file_size, struct pe_info *pi, struct err *e)
{
	unsigned char d[8];
	uint64_t hdr_end;

	memset(pi, 0, sizeof(*pi));
	pi->file_size = file_size;
	if (parse_headers(fd, file_size, pi, &hdr_end, e) < 0 ||
	    rd(fd, pi->certdir_off, d, 8, e) < 0)
		return -1;
	pi->cert_off = bytes_le32(d);
	pi->cert_size = bytes_le32(d + 4);
	if (pi->cert_off == 0 && pi->cert_size == 0)
		return 0;
	if (pi->cert_off == 0 || pi->cert_size == 0) {
		err_set(e, "PE certificate table directory is inconsistent "
		    "(offset %" PRIu64 ", size %" PRIu64 ")", pi->cert_off,
		    pi->cert_size);
		return -1;
	}
	if (pi->cert_off < hdr_end) {
		err_set(e, "PE certificate table at offset %" PRIu64
		    " overlaps the headers (which end at %" PRIu64 ")",
		    pi->cert_off, hdr_end);
		return -1;
	}
	if (pi->cert_off + pi->cert_size > file_size) {
		err_set(e, "PE certificate table (offset %" PRIu64 ", size %"
		    PRIu64 ") extends past the end of the file (%" PRIu64
		    " bytes)", pi->cert_off, pi->cert_size, file_size);
		return -1;
	}
	if (pi->cert_off + pi->cert_size != file_size) {
		err_set(e, "PE file has %" PRIu64 " bytes after its "
		    "certificate table (data hidden outside the signature)",
		    file_size - pi->cert_off - pi->cert_size);
		return -1;
	}
	return walk_table(fd, pi, e);
}

/* What in a signed PE breaks Electrum's rule, and the rule: 0 if
 * nothing does. */
static int
rule_broken(const struct pe_info *pi, char *what, size_t wn, char *rule,
    size_t rn)
{
	int n;

	if (pi->ncerts != 1) {
		snprintf(what, wn, "%zu certificate entries", pi->ncerts);
		snprintf(rule, rn, "exactly one");
	} else if (pi->cert_revision != PE_CERT_REVISION) {
		snprintf(what, wn, "a certificate entry of revision 0x%04x",
		    pi->cert_revision);
		snprintf(rule, rn, "revision 0x%04x", PE_CERT_REVISION);
	} else if (pi->cert_type != PE_CERT_TYPE_PKCS7) {
		snprintf(what, wn, "a certificate entry of type %u",
		    pi->cert_type);
		snprintf(rule, rn, "type %d, PKCS#7 signed data",
		    PE_CERT_TYPE_PKCS7);
	} else if (!pi->sig_der) {
		snprintf(what, wn, "a certificate entry that does not start "
		    "with a DER SEQUENCE");
		snprintf(rule, rn, "a PKCS#7 signature in DER, tag 0x30, "
		    "definite length");
	} else if (pi->sig_len > pi->entry_len - 8) {
		snprintf(what, wn, "a signature of %" PRIu64 " bytes in a "
		    "certificate entry with room for %" PRIu64, pi->sig_len,
		    pi->entry_len - 8);
		snprintf(rule, rn, "the signature fits its entry");
	} else if (pi->slack_nonzero || pi->sig_slack > PE_MAX_PADDING) {
		snprintf(what, wn, "%" PRIu64 " bytes after the signature "
		    "inside the certificate entry%s", pi->sig_slack,
		    pi->slack_nonzero ? ", not all zero" : "");
		snprintf(rule, rn, "at most %d zero padding bytes",
		    PE_MAX_PADDING);
	} else if (pi->padding_nonzero || pi->cert_padding > PE_MAX_PADDING) {
		n = snprintf(what, wn, "%" PRIu64 " padding bytes%s",
		    pi->cert_padding, pi->padding_nonzero ?
		    " (not all zero)" : "");
		if (pi->sig_slack > 0 && n > 0 && (size_t)n < wn)
			snprintf(what + n, wn - (size_t)n, ", %" PRIu64 " of "
			    "them inside the certificate entry",
			    pi->sig_slack);
		snprintf(rule, rn, "at most %d zero padding bytes",
		    PE_MAX_PADDING);
	} else {
		return 0;
	}
	return 1;
}

int
pe_check_one_cert(const struct pe_info *pi, struct err *e)
{
	char what[128], rule[64];

	if (pi->cert_size == 0) {
		err_set(e, "the PE file is not signed (no certificate table)");
		return -1;
	}
	if (!rule_broken(pi, what, sizeof(what), rule, sizeof(rule)))
		return 0;
	err_set(e, "the PE certificate table has %s (Electrum's rule: %s)",
	    what, rule);
	return -1;
}

/* The PE checksum as osslsigncode computes it: little-endian 16-bit
 * words added with end-around carry, a last odd byte ignored, plus the
 * bytes counted. Words may straddle the pieces fed in. */
struct csum {
	uint32_t sum;
	uint64_t len;		/* bytes fed */
	unsigned char odd;	/* first byte of a straddling word */
};

static int
csum_feed(void *ctx, const void *buf, size_t len)
{
	struct csum *c = ctx;
	const unsigned char *p = buf;
	size_t i = 0;

	if (len > 0 && c->len % 2 == 1) {
		c->sum += (uint32_t)(c->odd | p[0] << 8);
		c->sum = (c->sum & 0xffff) + (c->sum >> 16);
		i = 1;
	}
	for (; i + 1 < len; i += 2) {
		c->sum += bytes_le16(p + i);
		c->sum = (c->sum & 0xffff) + (c->sum >> 16);
	}
	if (i < len)
		c->odd = p[i];
	c->len += len;
	return 0;
}

static uint32_t
csum_final(const struct csum *c)
{
	uint32_t s = (c->sum & 0xffff) + (c->sum >> 16);

	return s + (uint32_t)(c->len & ~(uint64_t)1);
}

/* Overwrites the part of field [foff, foff + flen) that falls in
 * buf, which holds the file's bytes [off, off + len). */
static void
patch(unsigned char *buf, uint64_t off, size_t len, uint64_t foff,
    const unsigned char *field, size_t flen)
{
	size_t i;

	for (i = 0; i < flen; i++)
		if (foff + i >= off && foff + i < off + len)
			buf[foff + i - off] = field[i];
}

/* Emits the file without its table, CheckSum set to 'checksum'; an
 * unsigned file as it is. */
static int
emit(int fd, const struct pe_info *pi, uint32_t checksum,
    int (*out)(void *, const void *, size_t), void *ctx, struct err *e)
{
	static const unsigned char zero[8];
	unsigned char cs[4] = { checksum & 0xff, (checksum >> 8) & 0xff,
	    (checksum >> 16) & 0xff, checksum >> 24 };
	unsigned char *buf = NULL;
	int sig = pi->cert_size > 0, ret = -1, r;
	uint64_t off = 0, end = sig ? pi->cert_off : pi->file_size;
	size_t n;

	buf = malloc(PE_CHUNK);
	if (buf == NULL) {
		err_set(e, "cannot read the PE file: %s", ERRNO_STR(ENOMEM));
		goto out;
	}
	for (; off < end; off += n) {
		n = end - off < PE_CHUNK ? (size_t)(end - off) : PE_CHUNK;
		if (rd(fd, off, buf, n, e) < 0)
			goto out;
		if (sig) {
			patch(buf, off, n, pi->checksum_off, cs, 4);
			patch(buf, off, n, pi->certdir_off, zero, 8);
		}
		if ((r = out(ctx, buf, n)) != 0) {
			ret = r;
			goto out;
		}
	}
	if (sig && end % 8 != 0 && (r = out(ctx, zero, 8 - end % 8)) != 0) {
		ret = r;
		goto out;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

int
pe_unsigned_stream(int fd, const struct pe_info *pi,
    int (*out)(void *ctx, const void *buf, size_t len), void *ctx,
    struct err *e)
{
	struct csum c = { 0, 0, 0 };

	if (pi->cert_size == 0)
		return emit(fd, pi, 0, out, ctx, e);
	if (emit(fd, pi, 0, csum_feed, &c, e) != 0)
		return -1;
	return emit(fd, pi, csum_final(&c), out, ctx, e);
}

/* Hashes the whole file into the manifest entry and the table's bytes
 * into table_hex. */
static int
hash_file(int fd, const struct pe_info *pi, struct manifest *m,
    char table_hex[65], struct err *e)
{
	struct hash th;
	unsigned char *buf = NULL;
	uint64_t off, lo, hi;
	size_t n;
	int ret = -1;

	if (hash_init(&th, e) < 0)
		return -1;
	if ((buf = malloc(PE_CHUNK)) == NULL) {
		err_set(e, "cannot read the PE file: %s", ERRNO_STR(ENOMEM));
		goto out;
	}
	for (off = 0; off < pi->file_size; off += n) {
		n = pi->file_size - off < PE_CHUNK ?
		    (size_t)(pi->file_size - off) : PE_CHUNK;
		if (rd(fd, off, buf, n, e) < 0 ||
		    manifest_data_update(m, buf, n, e) < 0)
			goto out;
		lo = off > pi->cert_off ? off : pi->cert_off;
		hi = off + n;
		if (pi->cert_size > 0 && lo < hi)
			hash_update(&th, buf + (lo - off), (size_t)(hi - lo));
	}
	hash_final(&th);
	memcpy(table_hex, th.hex, 65);
	ret = 0;
out:
	free(buf);
	hash_release(&th);
	return ret;
}

int
pe_audit(int fd, const struct pe_info *pi, struct authcode_info *ai,
    char hex[65], struct err *e)
{
	unsigned char *der = NULL;
	struct hash h;
	int rc = -1;

	memset(ai, 0, sizeof(*ai));
	hex[0] = '\0';
	if (pi->cert_size == 0 || !pi->sig_der ||
	    pi->sig_len > pi->entry_len - 8)
		return 1;
	if (pi->sig_len > PE_MAX_SIG) {
		ai->nhostile = 1;
		snprintf(ai->first_hostile, sizeof(ai->first_hostile), "a "
		    "signature of %" PRIu64 " bytes (more than %u audited)",
		    pi->sig_len, PE_MAX_SIG);
		return 0;
	}
	if (hash_init(&h, e) < 0)
		return -1;
	if ((der = malloc((size_t)pi->sig_len)) == NULL) {
		err_set(e, "cannot read the PE file: %s", ERRNO_STR(ENOMEM));
		goto out;
	}
	if (rd(fd, pi->cert_off + 8, der, (size_t)pi->sig_len, e) < 0 ||
	    authcode_audit(der, (size_t)pi->sig_len, ai, e) < 0)
		goto out;
	hash_update(&h, der, (size_t)pi->sig_len);
	hash_final(&h);
	memcpy(hex, h.hex, 65);
	rc = 0;
out:
	hash_release(&h);
	free(der);
	return rc;
}

/* The outside record "pe-signature" on the PKCS#7 blob: signers,
 * certificates and attributes; hostile if the audit found anything.
 * *hostile is set then. */
static int
sig_record(int fd, const struct pe_info *pi, struct manifest *m,
    int *hostile, struct err *e)
{
	struct authcode_info ai;
	char hex[65], list[160], note[256];
	int n, rc;

	if ((rc = pe_audit(fd, pi, &ai, hex, e)) != 0)
		return rc > 0 ? 0 : -1;
	authcode_attr_list(&ai, list, sizeof(list));
	n = snprintf(note, sizeof(note), "%zu signer%s, %zu certificate%s; "
	    "%s", ai.nsigners, ai.nsigners == 1 ? "" : "s", ai.ncerts,
	    ai.ncerts == 1 ? "" : "s", list);
	if (ai.nhostile > 0 && n > 0 && (size_t)n < sizeof(note))
		snprintf(note + n, sizeof(note) - (size_t)n, "; hostile: %.120s",
		    ai.first_hostile);
	*hostile |= ai.nhostile > 0;
	return manifest_outside_add(m, "pe-signature", pi->cert_off + 8,
	    pi->sig_len, hex, note, ai.nhostile > 0, e);
}

int
pe_walk(const struct walker_input *in, struct manifest *m, struct err *e)
{
	int fd = in->fd;
	uint64_t file_size = in->size;
	const char *base = in->base;
	struct pe_info pi;
	struct manifest_entry *ent;
	char table_hex[65], note[256], what[128], rule[64];
	int hostile, sig_hostile = 0;
	size_t n;

	if (pe_parse(fd, file_size, &pi, e) < 0)
		return -1;
	snprintf(m->kind, sizeof(m->kind), "PE");
	ent = manifest_add(m, base, MF_FILE, 0644, file_size, NULL, e);
	if (ent == NULL || manifest_data_begin(m, ent, 0, e) < 0 ||
	    hash_file(fd, &pi, m, table_hex, e) < 0 ||
	    manifest_data_end(m, e) < 0)
		return -1;
	if (pi.cert_size == 0)
		return 0;
	snprintf(note, sizeof(note), "%zu certificate %s, %" PRIu64
	    " padding bytes%s", pi.ncerts,
	    pi.ncerts == 1 ? "entry" : "entries", pi.cert_padding,
	    pi.padding_nonzero ? " (not all zero)" : "");
	hostile = rule_broken(&pi, what, sizeof(what), rule, sizeof(rule));
	if (sig_record(fd, &pi, m, &sig_hostile, e) < 0)
		return -1;
	n = strlen(note);
	if (hostile)
		snprintf(note + n, sizeof(note) - n, "; hostile: %s "
		    "(Electrum's rule: %s)", what, rule);
	else if (sig_hostile)
		snprintf(note + n, sizeof(note) - n, "; hostile: see "
		    "pe-signature");
	return manifest_outside_add(m, "pe-certificate-table", pi.cert_off,
	    pi.cert_size, table_hex, note, hostile || sig_hostile, e);
}
