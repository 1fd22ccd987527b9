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

/* What a file given on the command line holds, told by its content. */
enum sigfile_kind {
	SIGFILE_DATA,		/* anything else (also: unreadable, a folder) */
	SIGFILE_SIGNATURE,	/* armour whose first block is a PGP SIGNATURE,
				 * or binary signature packets only */
	SIGFILE_PUBKEY		/* a PGP PUBLIC KEY BLOCK, or binary data that
				 * starts with a public key packet */
};

/* Reads the start of path (all of it, at most PGP_MAX_INPUT bytes, when
 * it may be a binary signature) and says what it holds. A file that
 * cannot be read is SIGFILE_DATA: the check that follows says why. */
enum sigfile_kind sigfile_kind(const char *path);

/* Which file a detached signature named path signs. */
enum sigfile_for {
	SIGFILE_UNNAMED,	/* path does not end in .asc or .sig */
	SIGFILE_BESIDE,		/* X.asc or X.sig: *file is X, beside it */
	SIGFILE_EVERY,		/* X.SIGNER.asc: *file is X, beside it, and the
				 * lookup beside X finds the per-signer files
				 * (no X.asc, no X.sig): check X without --sig
				 * so that every signer's file is read */
	SIGFILE_SIGNER,		/* X.SIGNER.asc: *file is X, beside it, but
				 * X.asc or X.sig is there too: check X with
				 * path as the signature */
	SIGFILE_MISSING		/* the file is not there: *file is the name
				 * looked for first, *alt the per-signer base
				 * X also looked for, or NULL */
};

/* Returns the enum sigfile_for, or -1 (e set) when out of memory. Sets
 * *file (and *alt, else NULL) to new strings, NULL for SIGFILE_UNNAMED. SIGNER is never a
 * file-type extension (sigfile_signer_name): X.tar.gz.asc signs X.tar.gz,
 * never X.tar. */
int sigfile_signed(const char *path, char **file, char **alt,
    struct err *e) EV_WUR;

#endif
