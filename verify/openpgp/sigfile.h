/* sigfile: find and read the detached signatures of a download: --sig,
 * else FILE.asc, else FILE.sig, else Electrum's per-signer files
 * FILE.SIGNER.asc, read together. */
#ifndef EV_SIGFILE_H
#define EV_SIGFILE_H

#include <stddef.h>

#include "base/err.h"
#include "openpgp/pgp.h"

/* Reads the signature files of file (sig is --sig, or NULL) into ps and
 * appends their escaped names to *names (*n of them). A missing or
 * malformed signature is no error: why then says what is wrong, for a
 * "not verified" verdict. Returns -1 only when a file cannot be read. */
int sigfile_read(const char *file, const char *sig, struct pgp_sigs *ps,
    char ***names, size_t *n, char *why, size_t whylen, struct err *e) EV_WUR;

/* Whether name[0..len) may be the SIGNER of FILE.SIGNER.asc: not empty,
 * no "." or "/", and not a file-type extension (gz, tar, zip, exe, asc,
 * sha256 ..., in any case), so that X.tar.gz.asc is never read as signer
 * "gz" of X.tar. */
int sigfile_signer_name(const char *name, size_t len);

#endif
