/* pgp: read detached OpenPGP signature files (RFC 9580) into a list of
 * signature packets. Everything here parses attacker-controlled bytes:
 * every length is checked against what is left before it is used. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#include "base/hash.h"
#include "openpgp/armour.h"
#include "openpgp/pgp.h"

#define MALFORMED	"malformed signature packet"
#define MALFORMED_SUB	"malformed subpacket"

/* What pkt_head found wrong with a packet header. */
enum head {
	HEAD_OK,
	HEAD_BAD,		/* bit 7 of the first byte is clear */
	HEAD_TRUNC,		/* header or body runs past the end */
	HEAD_PARTIAL,		/* new format partial body length */
	HEAD_INDET		/* old format indeterminate length */
};

/* One pgp_sigs_add call, built up before anything is committed. */
struct batch {
	const char *name;
	unsigned char *data;	/* the packets, decoded */
	size_t len;
	size_t room;		/* signature packets still allowed */
	size_t pkts;		/* packets seen so far, for messages */
	struct pgp_sig v[PGP_MAX_SIGS];
	size_t n;
};

/* Key scanning state for pgp_key_sha1_selfsig. */
struct keyscan {
	int primary;		/* 1 after a v4 primary key packet */
	unsigned char keyid[8];
	int sha1;
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static size_t
be16(const unsigned char *p)
{
	return (size_t)p[0] << 8 | p[1];
}

static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\f' || c == '\v';
}

/*
 * Packet framing (RFC 9580 section 4.2).
 */

/* Reads the header of the packet at p[0..n). *tag is set as soon as it is
 * known (-1 if p[0] is not a packet header), so that callers can name the
 * packet type even when its length is unacceptable. */
static enum head
pkt_head(const unsigned char *p, size_t n, int *tag, size_t *hlen,
    size_t *blen)
{
	static const size_t oldlen[] = { 1, 2, 4 };
	size_t k;

	*tag = -1;
	if (n < 1 || (p[0] & 0x80) == 0)
		return HEAD_BAD;
	if (p[0] & 0x40) {
		*tag = p[0] & 0x3f;
		if (n < 2)
			return HEAD_TRUNC;
		if (p[1] < 192) {
			*hlen = 2;
			*blen = p[1];
		} else if (p[1] < 224) {
			if (n < 3)
				return HEAD_TRUNC;
			*hlen = 3;
			*blen = ((size_t)(p[1] - 192) << 8) + p[2] + 192;
		} else if (p[1] == 255) {
			if (n < 6)
				return HEAD_TRUNC;
			*hlen = 6;
			*blen = be32(p + 2);
		} else
			return HEAD_PARTIAL;
	} else {
		*tag = (p[0] >> 2) & 0x0f;
		if ((p[0] & 3) == 3)
			return HEAD_INDET;
		*hlen = 1 + oldlen[p[0] & 3];
		if (n < *hlen)
			return HEAD_TRUNC;
		for (*blen = 0, k = 1; k < *hlen; k++)
			*blen = *blen << 8 | p[k];
	}
	if (*blen > n - *hlen)
		return HEAD_TRUNC;
	return HEAD_OK;
}

static const char *
head_str(enum head h)
{
	switch (h) {
	case HEAD_BAD:
		return "invalid packet header";
	case HEAD_TRUNC:
		return "truncated packet";
	case HEAD_PARTIAL:
		return "partial body length";
	case HEAD_INDET:
		return "indeterminate length";
	case HEAD_OK:
		break;
	}
	return "packet header";
}

/*
 * Signature packet bodies (RFC 9580 section 5.2).
 */

/* Returns -1 if a subpacket this code relies on has the wrong size. */
static int
subpacket(int type, const unsigned char *d, size_t n, int hashed,
    struct pgp_sig *sig)
{
	size_t flen;

	switch (type) {
	case 2:		/* signature creation time */
		if (!hashed)
			return 0;
		if (n != 4)
			return -1;
		if (sig->created < 0)
			sig->created = be32(d);
		return 0;
	case 3:		/* signature expiration time */
		if (!hashed)
			return 0;
		if (n != 4)
			return -1;
		if (sig->expires < 0)
			sig->expires = be32(d);
		return 0;
	case 16:	/* issuer key ID */
		if (n != 8)
			return -1;
		sig->hashed_issuer |= hashed;
		if (!sig->has_keyid) {
			memcpy(sig->keyid, d, 8);
			sig->has_keyid = 1;
		}
		return 0;
	case 33:	/* issuer fingerprint */
		if (n < 1)
			return -1;
		if (d[0] != 4 && d[0] != 5 && d[0] != 6)
			return 0;		/* unknown key version */
		flen = d[0] == 4 ? 20 : 32;
		if (n != 1 + flen)
			return -1;
		sig->hashed_issuer |= hashed;
		if (sig->fpr_len == 0) {
			memcpy(sig->fpr, d + 1, flen);
			sig->fpr_len = flen;
			sig->fpr_hashed = hashed;
		}
		return 0;
	default:
		return 0;
	}
}

/* Whether GnuPG 2.2 understands a critical subpacket of this type
 * (can_handle_critical in its parse-packet.c): of the notations, only
 * the two it registers itself. d[0..n) is the body after the type. */
static int
crit_known(int type, const unsigned char *d, size_t n)
{
	static const int types[] = { 2, 3, 4, 5, 6, 7, 9, 11, 12, 16, 21, 22,
	    24, 25, 26, 27, 29, 30, 32, 33, 0 };
	static const char *const notes[] = { "preferred-email-encoding@pgp.com",
	    "pka-address@gnupg.org", NULL };
	size_t i, l;

	if (type == 38)		/* key block: version 0 only */
		return n > 0 && d[0] == 0;
	if (type != 20) {
		for (i = 0; types[i] != 0; i++)
			if (types[i] == type)
				return 1;
		return 0;
	}
	if (n < 8 || (l = be16(d + 4)) > n - 8)
		return 0;
	for (i = 0; notes[i] != NULL; i++)
		if (strlen(notes[i]) == l && memcmp(notes[i], d + 8, l) == 0)
			return 1;
	return 0;
}

/* Records the first critical subpacket GnuPG does not understand, with
 * the name if it is a notation (flags 4, name and value lengths 2 each). */
static void
crit_record(int type, const unsigned char *d, size_t n, struct pgp_sig *sig)
{
	size_t l;

	if (sig->crit_type != -1 || crit_known(type, d, n))
		return;
	sig->crit_type = type;
	if (type != 20 || n < 8 || (l = be16(d + 4)) > n - 8)
		return;
	sig->crit_name_len = l;
	memcpy(sig->crit_name, d + 8, l < sizeof(sig->crit_name) ? l :
	    sizeof(sig->crit_name));
}

/* Walks one subpacket area (RFC 9580 section 5.2.3.7). */
static const char *
subpackets(const unsigned char *p, size_t n, int hashed, struct pgp_sig *sig)
{
	size_t pos = 0, l;

	while (pos < n) {
		if (p[pos] < 192) {
			l = p[pos];
			pos += 1;
		} else if (p[pos] < 255) {
			if (n - pos < 2)
				return MALFORMED_SUB;
			l = ((size_t)(p[pos] - 192) << 8) + p[pos + 1] + 192;
			pos += 2;
		} else {
			if (n - pos < 5)
				return MALFORMED_SUB;
			l = be32(p + pos + 1);
			pos += 5;
		}
		if (l == 0 || l > n - pos)
			return MALFORMED_SUB;
		if (subpacket(p[pos] & 0x7f, p + pos + 1, l - 1, hashed,
		    sig) == -1)
			return MALFORMED_SUB;
		if (p[pos] & 0x80)	/* critical, in either area */
			crit_record(p[pos] & 0x7f, p + pos + 1, l - 1, sig);
		pos += l;
	}
	return NULL;
}

/* The key ID of a v4 fingerprint is its last 8 bytes, of a v5 or v6 one
 * its first 8. Called after each area, so that what the signature covers
 * (the hashed area) wins over what anyone could have changed. */
static void
keyid_from_fpr(struct pgp_sig *sig)
{
	if (sig->has_keyid || sig->fpr_len == 0)
		return;
	memcpy(sig->keyid, sig->fpr_len == 20 ? sig->fpr + 12 : sig->fpr, 8);
	sig->has_keyid = 1;
}

/* Version 3: hashed-material length 5, class, creation time, key ID,
 * algorithms, left 16 bits of the hash, then MPIs (not parsed). */
static const char *
sig_v3(const unsigned char *p, size_t n, struct pgp_sig *sig)
{
	if (n < 20 || p[1] != 5)
		return MALFORMED;
	sig->sigclass = p[2];
	sig->created = be32(p + 3);
	memcpy(sig->keyid, p + 7, 8);
	sig->has_keyid = 1;
	sig->pkalgo = p[15];
	sig->hashalgo = p[16];
	sig->expires = 0;
	return NULL;
}

/* Versions 4 and 5 (w = 2) and 6 (w = 4, plus a salt): w is the size of
 * the two subpacket area lengths. */
static const char *
sig_v4(const unsigned char *p, size_t n, size_t w, struct pgp_sig *sig)
{
	const unsigned char *hashed, *unhashed;
	const char *r;
	size_t pos, hl, ul;

	if (n < 4 + w)
		return MALFORMED;
	sig->sigclass = p[1];
	sig->pkalgo = p[2];
	sig->hashalgo = p[3];
	hl = w == 2 ? be16(p + 4) : be32(p + 4);
	pos = 4 + w;
	if (hl > n - pos || n - pos - hl < w)
		return MALFORMED;
	hashed = p + pos;
	pos += hl;
	ul = w == 2 ? be16(p + pos) : be32(p + pos);
	pos += w;
	if (ul > n - pos)
		return MALFORMED;
	unhashed = p + pos;
	pos += ul;
	if (n - pos < 2)
		return MALFORMED;
	pos += 2;			/* left 16 bits of the hash */
	if (w == 4) {
		if (n - pos < 1 || p[pos] > n - pos - 1)
			return MALFORMED;
		pos += 1 + p[pos];	/* salt */
	}
	if (pos >= n)			/* no algorithm-specific data */
		return MALFORMED;
	sig->expires = -1;
	if ((r = subpackets(hashed, hl, 1, sig)) != NULL)
		return r;
	keyid_from_fpr(sig);
	if ((r = subpackets(unhashed, ul, 0, sig)) != NULL)
		return r;
	keyid_from_fpr(sig);
	if (sig->expires < 0)
		sig->expires = 0;
	return NULL;
}

/* Fills sig from a signature packet body. An unknown version is not an
 * error: only sig->version is set and the caller reports it. Returns NULL
 * or what is wrong. */
static const char *
sig_parse(const unsigned char *p, size_t n, struct pgp_sig *sig)
{
	memset(sig, 0, sizeof(*sig));
	sig->created = -1;
	sig->crit_type = -1;
	if (n < 1)
		return MALFORMED;
	sig->version = p[0];
	switch (p[0]) {
	case 3:
		return sig_v3(p, n, sig);
	case 4:
	case 5:
		return sig_v4(p, n, 2, sig);
	case 6:
		return sig_v4(p, n, 4, sig);
	default:
		return NULL;
	}
}

/*
 * Packet sequences.
 */

static void
tag_error(const struct batch *b, int tag, struct err *e)
{
	const char *what;

	switch (tag) {
	case 5:
	case 7:
		what = "contains a PRIVATE key; do not share it; it is not "
		    "a signature";
		break;
	case 6:
	case 14:
		what = "contains a public key, not a signature";
		break;
	case 1:
	case 3:
	case 4:
	case 8:
	case 9:
	case 11:
	case 18:
	case 20:
		what = "is an OpenPGP message, not a detached signature";
		break;
	default:
		err_set(e, "'%s': packet %zu: unexpected packet type %d",
		    b->name, b->pkts, tag);
		return;
	}
	err_set(e, "'%s': packet %zu: %s", b->name, b->pkts, what);
}

/* Reads the packets in b->data[off..off+len): signature packets only. */
static int
packets_read(struct batch *b, size_t off, size_t len, struct err *e)
{
	const unsigned char *p;
	const char *r;
	enum head h;
	size_t pos = 0, hl = 0, bl = 0;
	int tag;

	while (pos < len) {
		p = b->data + off + pos;
		b->pkts++;
		h = pkt_head(p, len - pos, &tag, &hl, &bl);
		if (tag != -1 && tag != 2) {
			tag_error(b, tag, e);
			return -1;
		}
		if (h == HEAD_PARTIAL || h == HEAD_INDET) {
			err_set(e, "'%s': packet %zu: %s not allowed in a "
			    "signature", b->name, b->pkts, head_str(h));
			return -1;
		}
		if (h != HEAD_OK) {
			err_set(e, "'%s': packet %zu: %s", b->name, b->pkts,
			    head_str(h));
			return -1;
		}
		if (b->n == b->room) {
			err_set(e, "'%s': too many signature packets (at most "
			    "%d)", b->name, PGP_MAX_SIGS);
			return -1;
		}
		if ((r = sig_parse(p + hl, bl, &b->v[b->n])) != NULL) {
			err_set(e, "'%s': packet %zu: %s", b->name, b->pkts, r);
			return -1;
		}
		b->v[b->n].off = off + pos;
		b->v[b->n].len = hl + bl;
		b->v[b->n].hlen = hl;
		b->n++;
		pos += hl + bl;
	}
	return 0;
}

/* The armour_block_fn for pgp_sigs_add: reads each armoured block's
 * packets as soon as it is decoded, so that a bad packet in one block is
 * reported before anything wrong in a later one. */
static int
block_read(void *arg, size_t off, size_t len, struct err *e)
{
	return packets_read(arg, off, len, e);
}

/* Appends a successful batch; either all of it or nothing. */
static int
commit(struct pgp_sigs *s, const struct batch *b, struct err *e)
{
	unsigned char *bin;
	struct pgp_sig *v;
	size_t i;

	if ((bin = realloc(s->bin, s->bin_len + b->len)) == NULL)
		goto nomem;
	s->bin = bin;
	if ((v = realloc(s->v, (s->n + b->n) * sizeof(*v))) == NULL)
		goto nomem;
	s->v = v;
	memcpy(s->bin + s->bin_len, b->data, b->len);
	for (i = 0; i < b->n; i++) {
		v[s->n + i] = b->v[i];
		v[s->n + i].off += s->bin_len;
		v[s->n + i].file = s->files;
	}
	s->n += b->n;
	s->bin_len += b->len;
	s->files++;
	return 0;
nomem:
	err_set(e, "'%s': out of memory", b->name);
	return -1;
}

void
pgp_sigs_init(struct pgp_sigs *s)
{
	memset(s, 0, sizeof(*s));
}

int
pgp_sigs_add(struct pgp_sigs *s, const unsigned char *buf, size_t len,
    const char *name, struct err *e)
{
	struct batch *b = NULL;
	size_t i;
	int rc = -1;

	if (buf == NULL)
		len = 0;
	if (len > PGP_MAX_INPUT) {
		err_set(e, "'%s': signature file too large (more than %d "
		    "bytes)", name, PGP_MAX_INPUT);
		goto out;
	}
	for (i = 0; i < len && is_blank(buf[i]); i++)
		;
	if (i == len) {
		err_set(e, "'%s': empty signature file", name);
		goto out;
	}
	if ((b = calloc(1, sizeof(*b))) == NULL ||
	    (b->data = malloc(len)) == NULL) {
		err_set(e, "'%s': out of memory", name);
		goto out;
	}
	b->name = name;
	b->room = s->n < PGP_MAX_SIGS ? PGP_MAX_SIGS - s->n : 0;
	if (armour_detect(buf, len))
		rc = armour_decode(buf, len, name, b->data, &b->len,
		    block_read, b, e);
	else if (buf[i] & 0x80) {
		memcpy(b->data, buf + i, len - i);
		b->len = len - i;
		rc = packets_read(b, 0, b->len, e);
	} else
		err_set(e, "'%s': not an OpenPGP signature (neither armoured "
		    "nor binary OpenPGP data)", name);
	if (rc == 0)
		rc = commit(s, b, e);
out:
	if (b != NULL)
		free(b->data);
	free(b);
	return rc;
}

void
pgp_sigs_release(struct pgp_sigs *s)
{
	if (s == NULL)
		return;
	free(s->bin);
	free(s->v);
	pgp_sigs_init(s);
}

/*
 * Public keys: SHA-1 self-signatures.
 */

/* A primary key packet: only v4 keys get a key ID here (SHA-1 over 0x99,
 * the 2-byte length and the body; the key ID is its last 8 bytes). Later
 * versions cannot carry SHA-1 self-signatures in practice. */
int
pgp_v4_fpr(const unsigned char *p, size_t n, unsigned char fpr[20],
    struct err *e)
{
	unsigned char head[3];
	gcry_buffer_t iov[2];
	gcry_error_t ge;

	if (n < 1 || p[0] != 4 || n > 0xFFFF) {
		err_set(e, "malformed public key: not a v4 key packet");
		return -1;
	}
	head[0] = 0x99;
	head[1] = (unsigned char)(n >> 8);
	head[2] = (unsigned char)n;
	memset(iov, 0, sizeof(iov));
	iov[0].data = head;
	iov[0].len = sizeof(head);
	iov[1].data = (void *)p;	/* only read */
	iov[1].len = n;
	if (hash_ready(e) < 0)
		return -1;
	if ((ge = gcry_md_hash_buffers(GCRY_MD_SHA1, 0, fpr, iov, 2)) != 0) {
		err_set(e, "cannot compute a key fingerprint: %s",
		    gcry_strerror(ge));
		return -1;
	}
	return 0;
}

static int
key_primary(struct keyscan *k, const unsigned char *p, size_t n,
    struct err *e)
{
	unsigned char fpr[20];

	k->primary = 0;
	if (n < 1) {
		err_set(e, "malformed public key: empty key packet");
		return -1;
	}
	if (p[0] != 4)
		return 0;
	if (n > 0xFFFF) {
		err_set(e, "malformed public key: key packet too large");
		return -1;
	}
	if (pgp_v4_fpr(p, n, fpr, e) != 0)
		return -1;
	memcpy(k->keyid, fpr + 12, 8);
	k->primary = 1;
	return 0;
}

static int
selfsig_class(int c)
{
	return (c >= 0x10 && c <= 0x13) || c == 0x18 || c == 0x1F;
}

static int
key_sig(struct keyscan *k, const unsigned char *p, size_t n, size_t no,
    struct err *e)
{
	struct pgp_sig sig;
	const char *r;

	if ((r = sig_parse(p, n, &sig)) != NULL) {
		err_set(e, "malformed public key: packet %zu: %s", no, r);
		return -1;
	}
	if (!k->primary || sig.version < 3 || sig.version > 6 ||
	    !selfsig_class(sig.sigclass))
		return 0;
	if (sig.has_keyid && memcmp(sig.keyid, k->keyid, 8) != 0)
		return 0;
	if (sig.hashalgo == 2)
		k->sha1 = 1;
	return 0;
}

int
pgp_packet_next(const unsigned char *buf, size_t len, size_t *pos, int *tag,
    const unsigned char **body, size_t *blen, struct err *e)
{
	enum head h;
	size_t hl = 0, bl = 0;

	if (*pos >= len)
		return 0;
	if ((h = pkt_head(buf + *pos, len - *pos, tag, &hl, &bl)) != HEAD_OK) {
		err_set(e, "%s%s", head_str(h), h == HEAD_PARTIAL ||
		    h == HEAD_INDET ? " not supported" : "");
		return -1;
	}
	*body = buf + *pos + hl;
	*blen = bl;
	*pos += hl + bl;
	return 1;
}

int
pgp_key_sha1_selfsig(const unsigned char *buf, size_t len, int *sha1,
    struct err *e)
{
	struct keyscan k;
	const unsigned char *body;
	size_t pos = 0, no = 0, bl = 0;
	int tag, r;
	struct err pe;

	memset(&k, 0, sizeof(k));
	*sha1 = 0;
	if (buf == NULL || len == 0) {
		err_set(e, "malformed public key: no data");
		return -1;
	}
	while ((r = pgp_packet_next(buf, len, &pos, &tag, &body, &bl,
	    &pe)) == 1) {
		no++;
		if (no == 1 && tag != 6) {
			err_set(e, "malformed public key: the first packet is "
			    "not a public key packet");
			return -1;
		}
		if ((tag == 6 && key_primary(&k, body, bl, e) == -1) ||
		    (tag == 2 && key_sig(&k, body, bl, no, e) == -1))
			return -1;
	}
	if (r < 0) {
		err_set(e, "malformed public key: packet %zu: %s", no + 1,
		    pe.msg);
		return -1;
	}
	*sha1 = k.sha1;
	return 0;
}

void
pgp_hex(char *out, const unsigned char *b, size_t n)
{
	static const char hx[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[b[i] >> 4];
		out[2 * i + 1] = hx[b[i] & 15];
	}
	out[2 * n] = '\0';
}

/*
 * Algorithm names (RFC 9580 sections 9.1 and 9.5).
 */

const char *
pgp_hash_name(int algo)
{
	switch (algo) {
	case 1:
		return "MD5";
	case 2:
		return "SHA1";
	case 3:
		return "RIPEMD160";
	case 8:
		return "SHA256";
	case 9:
		return "SHA384";
	case 10:
		return "SHA512";
	case 11:
		return "SHA224";
	case 12:
		return "SHA3-256";
	case 14:
		return "SHA3-512";
	default:
		return "unknown";
	}
}

const char *
pgp_pk_name(int algo)
{
	switch (algo) {
	case 1:
	case 2:
	case 3:
		return "RSA";
	case 16:
		return "Elgamal";
	case 17:
		return "DSA";
	case 18:
		return "ECDH";
	case 19:
		return "ECDSA";
	case 22:
		return "EdDSA";
	case 27:
		return "Ed25519";
	case 28:
		return "Ed448";
	default:
		return "unknown";
	}
}

int
pgp_hash_strong(int algo)
{
	return algo == 8 || algo == 9 || algo == 10;
}
