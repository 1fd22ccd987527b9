/* deb: walk a Debian package (an ar holding debian-binary, control.tar.*
 * and data.tar.*) into a manifest of data.tar, checking it against the
 * package's md5sums; streaming, on the arc walker. */
#ifndef EV_DEB_H
#define EV_DEB_H

#include "base/err.h"
#include "manifest/manifest.h"
#include "walk/walker.h"

/* Walks the .deb open on fd into m and sets m->kind "deb"; the entries
 * are those of data.tar, with MD5s, marked MF_NOT_LISTED or
 * MF_MD5_DIFFERS against md5sums. Does not call manifest_finish. 0, or
 * -1 with e set; errors as arc_walk's (the tar header rules too, in
 * both tars), and a first member other than debian-binary ("2.N\n" and
 * nothing more), a missing or second control.tar or data.tar, a member
 * whose compression is not what its name says, a malformed md5sums
 * line, a member that does not start where the one before it ends, or
 * an ar padding byte that is not "\n". Every byte read, control.tar's
 * files too, counts against the total cap; a control file against the
 * entry cap (and 16 MiB).
 *
 * Outside records: those of arc_walk with ":data.tar" or ":control.tar"
 * appended, plus
 *   "deb-control"     the control.tar member at offset; size is the bytes
 *                     of its files and sha256 a hash of their names,
 *                     types, modes, contents and link targets (not of
 *                     the compression, times or owners); the note names
 *                     the files
 *   "deb-member"      a member other than the three (hostile unless
 *                     named "_*", which dpkg ignores)
 *   "md5sums-missing" paths md5sums lists that data.tar lacks (hostile)
 *   "md5sums-absent"  no md5sums in control.tar (not hostile)
 *   "trailing-data"   bytes after the last ar member (hostile: dpkg
 *                     ignores them)
 *   "gzip-header:data.tar", "gzip-header:control.tar"  as arc_walk's
 * md5sums lines may use md5sum's "\" escaping; files listed in conffiles
 * are not required in md5sums; control.tar may follow data.tar. */
int deb_walk(const struct walker_input *in, struct manifest *m,
    struct err *e) EV_WUR;

#endif
