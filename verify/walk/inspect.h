/* inspect: build the manifest of any artifact, by its kind (the table
 * in base/artifact.c) and the walker of that kind (walk/walker.h): tar
 * and compressed tar, zip, APK, AppImage, .deb, PE, .dmg, else the
 * file itself. */
#ifndef EV_INSPECT_H
#define EV_INSPECT_H

#include <stdint.h>

#include "base/artifact.h"
#include "base/err.h"
#include "manifest/manifest.h"
#include "walk/walker.h"

/* The kind of the file open on fd (size bytes; path for messages), from
 * its first and last bytes as artifact_sniff reads them. 0, or -1 with e
 * set when they cannot be read. */
int inspect_sniff(int fd, uint64_t size, const char *path,
    const struct artifact_type **type, struct err *e) EV_WUR;
/* The walker of a kind; a kind without one gets the one-entry walker of
 * a plain file. */
walker_fn inspect_walker(enum artifact_kind kind);

/* Opens path (regular file only, O_NONBLOCK), picks the walker from the
 * magic bytes, fills m and calls manifest_finish. m must be initialised
 * (caps, cancel). 0, or -1 with e set; the message names path.
 *
 * By kind (artifact_sniff): AppImage; PE; zip, kind "APK" if it has an
 * APK signing block or an AndroidManifest.xml entry; gzip, xz, bzip2 or
 * tar: tar; .deb; .dmg (UDIF around HFS+, dmg_walk). Anything else (a
 * plain ELF, an empty file, a damaged .dmg without its trailer, an ar
 * that is no .deb) is one entry for the file itself, named
 * by its base name, kind "file", mode 0644 and no time or owner (those
 * of a local copy are not facts of the artifact). Compressed data that
 * does not hold a tar archive (a .gz of a plain file) is an error, not a
 * one-file manifest: a damaged tar.gz must not pass as some other file. */
int inspect_artifact(const char *path, struct manifest *m,
    struct err *e) EV_WUR;

#endif
