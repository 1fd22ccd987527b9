/* axml: the one fact electrum-verify reads from Android's binary XML: the
 * versionName of the <manifest> element of an APK's AndroidManifest.xml.
 * Every offset and length is checked against the buffer. */
#ifndef EV_AXML_H
#define EV_AXML_H

#include <stddef.h>

#include "base/err.h"

/* Finds android:versionName on the first element (it must be
 * <manifest>): by the attribute's resource ID (0x0101021c) or, without
 * one, by its name "versionName" in the android namespace. A string
 * value (raw, or typed TYPE_STRING) is copied into out (cap bytes, NUL
 * ended). Returns 1 found, 0 no such attribute (or its value is a
 * reference into resources.arsc, which is not read), -1 malformed (e
 * says where). */
int axml_version_name(const unsigned char *buf, size_t len, char *out,
    size_t cap, struct err *e) EV_WUR;

#endif
