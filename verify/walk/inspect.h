/* inspect: build the manifest of any artifact, by content type: tar and
 * compressed tar, zip, APK, AppImage, .deb, PE, else the file itself. */
#ifndef EV_INSPECT_H
#define EV_INSPECT_H

#include "base/err.h"
#include "manifest/manifest.h"

/* Opens path (regular file only, O_NONBLOCK), picks the walker from the
 * magic bytes, fills m and calls manifest_finish. m must be initialised
 * (caps, cancel). 0, or -1 with e set; the message names path.
 *
 * By magic: ELF with "AI\2" at offset 8: AppImage; "MZ" whose e_lfanew
 * points at "PE\0\0": PE; "PK\3\4" or "PK\5\6": zip, kind "APK" if it has
 * an APK signing block or an AndroidManifest.xml entry; gzip, xz, bzip2
 * or "ustar" at 257: tar; "!<arch>\n" whose first member is
 * debian-binary: .deb. Anything else (a .dmg, a plain ELF, an empty
 * file, an ar that is no .deb) is one entry for the file itself, named
 * by its base name, kind "file", mode 0644 and no time or owner (those
 * of a local copy are not facts of the artifact). Compressed data that
 * does not hold a tar archive (a .gz of a plain file) is an error, not a
 * one-file manifest: a damaged tar.gz must not pass as some other file. */
int inspect_artifact(const char *path, struct manifest *m,
    struct err *e) EV_WUR;

#endif
