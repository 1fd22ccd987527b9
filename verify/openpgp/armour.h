/* armour: decode the ASCII armour of detached OpenPGP signatures
 * (RFC 9580 section 6): one or more "PGP SIGNATURE" blocks and nothing
 * else, checked strictly, into the binary packets they carry; and, the
 * same way, gpg --enarmor's "PGP ARMORED FILE" blocks (a key file). */
#ifndef EV_ARMOUR_H
#define EV_ARMOUR_H

#include <stddef.h>

#include "base/err.h"

/* Called as soon as a block's END line and checksum have been checked,
 * with the block's bytes at out[off..off+len) (len > 0). Returns 0 to go
 * on, or -1 with e set to stop armour_decode, which then fails. */
typedef int (*armour_block_fn)(void *arg, size_t off, size_t len,
    struct err *e);

/* Whether buf should be read as armour: its first non-blank byte starts
 * "-----BEGIN PGP ", or it is not binary OpenPGP data (bit 7 of the first
 * non-blank byte clear) and some line starts, after blanks, with
 * "-----BEGIN PGP " (so that text before the armour gets a message that
 * names its line). */
int armour_detect(const unsigned char *buf, size_t len);

/* Decodes every block in buf[0..len) into out, which must hold len bytes
 * (the decoded data is never larger), one block after the other; sets
 * *outlen. Blank lines may surround the blocks; anything else, another
 * armour type (public key, clear-signed message, ...), a bad header, bad
 * base64, a checksum mismatch, an empty or unterminated block is an error
 * naming NAME (printed as given, so pass it escaped) and, where there is
 * one, the line. block (may be NULL) is called after each block, so that
 * an error in an earlier block is reported before one in a later block.
 * Returns 0, or -1 with e set; out then holds partial data. */
int armour_decode(const unsigned char *buf, size_t len, const char *name,
    unsigned char *out, size_t *outlen, armour_block_fn block, void *arg,
    struct err *e) EV_WUR;

/* Whether buf is the output of 'gpg --enarmor': its first non-blank bytes
 * are "-----BEGIN PGP ARMORED FILE-----". */
int armour_is_file(const unsigned char *buf, size_t len);

/* Decodes such a file as armour_decode decodes signatures: one or more
 * "PGP ARMORED FILE" blocks, blank lines around them, nothing else; out
 * holds len bytes. Returns 0, or -1 with e set. */
int armour_decode_file(const unsigned char *buf, size_t len,
    const char *name, unsigned char *out, size_t *outlen,
    struct err *e) EV_WUR;

#endif
