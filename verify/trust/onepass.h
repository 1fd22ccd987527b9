/* onepass: the native engine. The download is read once, in large
 * blocks, feeding every digest its signatures need; each signature is
 * then checked with libgcrypt (native_*) against key material that gpg
 * validated in the private home, and judged by the policy. */
#ifndef EV_ONEPASS_H
#define EV_ONEPASS_H

#include "base/err.h"
#include "base/hash.h"
#include "openpgp/gpg.h"
#include "openpgp/pgp.h"
#include "trust/verify.h"

/* Reads the data through rd to its end and judges every signature in r
 * (filled by policy_prepare) that is still SIG_ERROR, binary (class
 * 0x00) or text-mode (0x01, over the canonical text of the data fed in
 * the same read, see textmode.h); done[i] is set for each one judged.
 * With canonical, the data is canonical text already (a clear-signed
 * list): only text-mode signatures are judged, over the data itself. h, if not NULL, is the
 * SHA-256 that rd feeds as it reads: signatures over SHA-256 use it
 * instead of hashing the file again. Digests run on threads of their
 * own, two 1 MiB buffers in all. Returns 0, or -1 when the file could not
 * be read or a key not looked up (e says why). */
int onepass_check(struct gpg *g, struct verify_result *r,
    const struct pgp_sigs *ps, unsigned char *done, int canonical,
    gpg_read_fn rd, void *arg, struct hash *h, struct err *e) EV_WUR;

#endif
