/* mfio: manifests written and read as BSD mtree (as libarchive writes
 * it), sha256sum lines, or JSON. */
#ifndef EV_MFIO_H
#define EV_MFIO_H

#include <stdio.h>

#include "base/err.h"
#include "manifest/manifest.h"

/* A manifest file larger than this is refused; a JSON one past
 * MFIO_MAX_JSON (jansson holds about 20 times the file in memory). */
#define MFIO_MAX_FILE	((size_t)256 << 20)
#define MFIO_MAX_JSON	((size_t)32 << 20)

/* An entry's mode when the manifest did not give it (sha256sum lines, an
 * mtree or JSON entry without one): outside 07777, never compared. Other
 * unknown facts: size MANIFEST_UNKNOWN, sha256 "", has_mtime 0, uid and
 * gid -1, uname and gname NULL. */
#define MFIO_NO_MODE	0x10000u

enum mfio_format { MFIO_MTREE, MFIO_SHA256SUM, MFIO_JSON };

int mfio_format_parse(const char *s, enum mfio_format *f);
/* Writes a finished manifest. Outside records and marks are written as
 * comments in mtree and sha256sum (so bsdtar and sha256sum -c still
 * read them), as fields in JSON. Fails (e set) if f reports an error;
 * the caller flushes f. */
int mfio_write(FILE *f, const struct manifest *m, enum mfio_format fmt,
    struct err *e) EV_WUR;
enum mfio_status {
	MFIO_FAILED = -1,	/* e says why */
	MFIO_NOT_MANIFEST = 0,	/* an artifact, or JSON that is no manifest */
	MFIO_MANIFEST = 1	/* read */
};

/* Reads path as a manifest if it is one of the three formats (detected
 * from its first bytes): MFIO_MANIFEST; MFIO_NOT_MANIFEST if it is not
 * (an artifact; m is left as it was); MFIO_FAILED for a manifest that
 * does not parse (FILE:LINE), one named like an artifact (see
 * mfio_artifact_name) or a read error. m must be initialised (caps,
 * cancel); sets m->kind to the format's name and calls manifest_finish
 * when read. */
enum mfio_status mfio_read(const char *path, struct manifest *m,
    struct err *e) EV_WUR;
/* The extension if path is named like an artifact (.tar, .tar.gz, .tgz,
 * .tar.xz, .tar.bz2, .zip, .apk, .AppImage, .exe, .deb, .dmg, in any
 * case), else NULL: such a file is never read as a manifest, so that a
 * manifest cannot pass for the artifact it describes. */
const char *mfio_artifact_name(const char *path);
/* Writes a note (or any text) with control bytes as \xNN: notes are
 * escaped by the walkers, but one read from a manifest file may not be,
 * and must not break a line. */
void mfio_put_note(FILE *f, const char *s);

#endif
