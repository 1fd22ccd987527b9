/* zipcd: the walk over a zip's central directory for apk: each entry
 * and the local header it points at, their names, types and extra
 * fields and comments, and the bytes no entry covers. */
#ifndef EV_ZIPCD_H
#define EV_ZIPCD_H

#include <stddef.h>

#include "walk/apk.h"
#include "base/err.h"

/* Walks the central directory that ai->cd_off, cd_size and nentries
 * describe (read from the EOCD, with eocd_off; has_sigblock and sb_off
 * set: entries must end before the signing block, or else the CD),
 * checks every local header and fills in the rest of ai: nmismatch,
 * nbadname, nunicode, nnonreg, nlinkdata, the extra field and comment
 * counts and hashes, and the gaps (lead_*, gap*, cdgap_*), each with
 * its "first". Errors: more than APK_MAX_ENTRIES entries, a truncated
 * or malformed CD entry, a read error. 0, or -1 with e set. */
int zipcd_walk(int fd, struct apk_info *ai, struct err *e) EV_WUR;

/* apk_each_name: fn with the raw name of each CD entry, in order. */
int zipcd_each_name(int fd, const struct apk_info *ai,
    int (*fn)(const char *name, size_t len, void *ctx), void *ctx,
    struct err *e) EV_WUR;

/* "directory", "symlink", ... for the S_IFMT bits in
 * apk_info.first_nonreg_type; "unknown type" for others. */
const char *zipcd_type_name(unsigned type);

#endif
