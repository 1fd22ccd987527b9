/* cleartext: the framework of a clear-signed message (RFC 9580 section 7,
 * RFC 4880 section 7): the "BEGIN PGP SIGNED MESSAGE" line, its "Hash"
 * headers, the dash-escaped text and the signature block after it. Gives
 * the text as it was signed (its canonical form) and where the
 * signature block starts; the block itself is read as any armoured
 * signature (pgp_sigs_add). */
#ifndef EV_CLEARTEXT_H
#define EV_CLEARTEXT_H

#include <stddef.h>

#include "base/err.h"

#define CLEARTEXT_BEGIN "-----BEGIN PGP SIGNED MESSAGE-----"

struct cleartext {
	unsigned char *text;	/* the signed text, canonical: dash-escapes
				 * removed, trailing spaces and tabs cut,
				 * lines joined by CR LF, no line end after
				 * the last line; NUL-terminated (not
				 * counted) */
	size_t len;
	size_t sig_off;		/* the "BEGIN PGP SIGNATURE" line in the
				 * input */
	size_t sig_line;	/* and its line number */
	unsigned hashes;	/* bit N: the "Hash" headers name OpenPGP
				 * hash algorithm N; without a header, MD5
				 * (1) alone, as RFC 4880 says and gpg
				 * holds */
};

/* Whether a signature made with OpenPGP hash algorithm algo may stand in
 * the message: its Hash headers name it. gpg refuses a message where
 * they do not ("signature digest conflict"), so this tool does too. */
int cleartext_hash_named(const struct cleartext *c, int algo);

/* Whether buf is meant as a clear-signed message: some line of it is
 * the BEGIN line (text before it is for cleartext_split to refuse). */
int cleartext_detect(const unsigned char *buf, size_t len);

void cleartext_init(struct cleartext *c);
void cleartext_release(struct cleartext *c);	/* accepts NULL */

/* Splits the clear-signed message buf[0..len). ERR_OK; ERR_REFUSED with
 * e naming NAME (printed as given: pass it escaped) and the line when
 * the framework is broken: text before the BEGIN line, a header other
 * than "Hash" or one naming an unknown algorithm, no blank line after
 * the headers, a line starting with '-'
 * that is not dash-escaped, a NUL byte, no signature block; ERR_FAILED
 * when out of memory. */
enum err_status cleartext_split(const unsigned char *buf, size_t len,
    const char *name, struct cleartext *c, struct err *e) EV_WUR;

#endif
