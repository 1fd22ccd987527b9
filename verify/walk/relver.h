/* relver: the version an Electrum artifact carries in its content, read
 * without extracting anything to disk:
 *   source tarball  the top directory "Electrum-X/" and ELECTRUM_VERSION
 *                   in "Electrum-X/electrum/version.py";
 *   AppImage        ELECTRUM_VERSION in the squashfs's
 *                   "usr/lib/python3.N/site-packages/electrum/version.py";
 *   APK             android:versionName of AndroidManifest.xml;
 *   Windows PE      ProductVersion (else FileVersion) of the version
 *                   resource (pever.h: Electrum's NSIS setup has one, its
 *                   PyInstaller executables do not).
 * The walk is inspect_artifact's, so what it refuses is refused here. */
#ifndef EV_RELVER_H
#define EV_RELVER_H

#include <stdatomic.h>

#include "base/err.h"

struct relver {
	char version[32];	/* "" when the content carries none */
	char where[128];	/* where it was read: "the top directory
				 * Electrum-X/ and electrum/version.py" */
	char conflict[256];	/* non-empty: the content disagrees with
				 * itself (two version files, a top directory
				 * and version.py that differ ...): what */
};

/* Reads the version of the artifact at path. 0 (v->version may be ""),
 * or -1 with e set when the artifact cannot be read. */
int relver_read(const char *path, atomic_int *cancel, struct relver *v,
    struct err *e) EV_WUR;

/* ELECTRUM_VERSION = 'X' (or "X") in the text of a version.py: 1 and X
 * in out, 0 if there is no such line. Exposed for the unit tests. */
int relver_from_py(const char *text, size_t len, char *out, size_t cap);

#endif
