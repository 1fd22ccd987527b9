/* bind: the verdict bound to the release, not only to the signer. A
 * file whose name is an Electrum release name and whose signatures are
 * good must also carry that release's version in its content (relver.h)
 * when its kind carries one; else it is not verified, and the report
 * names the version the content has. */
#ifndef EV_BIND_H
#define EV_BIND_H

#include "base/err.h"
#include "trust/verify.h"

/* verify_file, then, for a verified file with a release name, the
 * version from the content: r->content_version and r->version_where
 * when read (the verdict becomes NOT_VERIFIED when it differs from the
 * name's, or when the content names two versions), r->version_note when
 * not (the kind carries none, or the content could not be read: the
 * verdict stays, the version is from the file name only); then the
 * counted signatures' dates against the release index (releases.h): one
 * made before the named release was first signed (or, for a version
 * newer than the index, not after the newest release's last signature)
 * makes it NOT_VERIFIED; then, without --keyring, the key store's rollback memory
 * (rollback.h): a version older than the highest verified for its
 * platform is said (r->older) and, with BIND_NO_DOWNGRADE,
 * NOT_VERIFIED; a higher one is recorded. Returns as verify_file does;
 * -1 also when cancelled while reading the content, or when the release
 * index cannot be read. */
int bind_file(const struct verify_opts *o, unsigned flags,
    struct verify_result *r, struct err *e) EV_WUR;

/* bind_file's flags */
#define BIND_NO_DOWNGRADE 0x1u	/* --no-downgrade: a version older than
				 * one verified before is NOT_VERIFIED */
#define BIND_NO_MEMORY	0x2u	/* the rollback memory is neither read nor
				 * written (folder audits) */

#endif
