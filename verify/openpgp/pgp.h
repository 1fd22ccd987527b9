/* pgp: read detached OpenPGP signature files (armoured or binary) into a
 * list of signature packets, without trusting anything in them. */
#ifndef EV_PGP_H
#define EV_PGP_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define PGP_MAX_INPUT (1024 * 1024)	/* bytes in one signature file */
#define PGP_MAX_SIGS 64			/* signature packets in all */

struct pgp_sig {
	int version;		/* 3, 4, 5 or 6; any other version is kept
				 * with every other field 0 (created and
				 * crit_type -1) */
	int sigclass;		/* 0x00 binary, 0x01 text, ... */
	int pkalgo;		/* RFC 9580 public-key algorithm id */
	int hashalgo;		/* RFC 9580 hash algorithm id */
	int64_t created;	/* signature creation time, -1 if absent
				 * (only the hashed subpacket counts) */
	int64_t expires;	/* seconds after creation, 0 = never */
	int has_keyid;
	unsigned char keyid[8];	/* issuer key ID (subpacket 16, the v3 field,
				 * or from the issuer fingerprint; the
				 * hashed area wins over the unhashed) */
	int hashed_issuer;	/* the hashed area names the issuer (key ID
				 * or fingerprint): then keyid is that one */
	size_t fpr_len;		/* 0, 20 or 32 */
	unsigned char fpr[32];	/* issuer fingerprint (subpacket 33) */
	int fpr_hashed;		/* fpr is from the hashed area */
	int crit_type;		/* the first critical subpacket GnuPG 2.2
				 * does not understand (it calls such a
				 * signature BAD, whatever the file): its
				 * type, 20 for a notation; -1 if none */
	size_t crit_name_len;	/* that notation's name: its full length, */
	unsigned char crit_name[64];	/* its first bytes (raw) */
	size_t file;		/* index of the input file (pgp_sigs_add call) */
	size_t off, len;	/* the whole packet, header included, in bin */
	size_t hlen;		/* its header's length: the body follows */
};

struct pgp_sigs {
	unsigned char *bin;	/* every packet read, concatenated */
	size_t bin_len;
	struct pgp_sig *v;
	size_t n;
	size_t files;		/* number of pgp_sigs_add calls that succeeded */
};

void pgp_sigs_init(struct pgp_sigs *s);
/* Parses one signature file (ASCII armour, possibly several blocks, or
 * binary) and appends its packets, which must all be signature packets.
 * On error nothing is appended and e says what is wrong and where
 * ("'NAME': line 7: ..."); NAME is printed as given, so pass it escaped. */
int pgp_sigs_add(struct pgp_sigs *s, const unsigned char *buf, size_t len,
    const char *name, struct err *e) EV_WUR;
void pgp_sigs_release(struct pgp_sigs *s);

/* Scans binary key material (a transferable public key as exported) for
 * self-signatures by the primary key (classes 0x10-0x13, 0x18, 0x1F) that
 * use SHA-1. Sets *sha1 to 1 if any. Only v4 primary keys are examined.
 * Uses libgcrypt (SHA-1 for the key ID): call gcry_check_version first.
 * Returns 0, or -1 on malformed input. */
int pgp_key_sha1_selfsig(const unsigned char *buf, size_t len, int *sha1,
    struct err *e) EV_WUR;

/* Walks packets: at *pos in buf[0..len), sets *tag and the body, moves
 * *pos past the packet and returns 1; 0 at the end; -1 (e says what) for
 * a header that is bad, truncated, or of a partial or indeterminate
 * length. */
int pgp_packet_next(const unsigned char *buf, size_t len, size_t *pos,
    int *tag, const unsigned char **body, size_t *blen,
    struct err *e) EV_WUR;

/* The v4 fingerprint of a key packet body p[0..n) (SHA-1 over 0x99, the
 * 2-byte length and the body). -1 if it is no v4 key or too long. Uses
 * libgcrypt: call hash_lib_init first. */
int pgp_v4_fpr(const unsigned char *p, size_t n, unsigned char fpr[20],
    struct err *e) EV_WUR;

/* b[0..n) in upper-case hex, as GnuPG prints fingerprints and key IDs;
 * out holds 2n + 1 bytes. */
void pgp_hex(char *out, const unsigned char *b, size_t n);

const char *pgp_hash_name(int algo);	/* "SHA256", ..., "unknown" */
const char *pgp_pk_name(int algo);	/* "RSA", "ECDSA", ..., "unknown" */
/* 1 for SHA-256, SHA-384 and SHA-512, the digests a signature over a
 * release file may use; 0 for every other. */
int pgp_hash_strong(int algo);

#endif
