/* dmg: a macOS disk image: its UDIF container (udif_*) and the HFS+ or
 * HFSX volume inside (hfs_*), walked without extracting anything. */
#ifndef EV_DMG_H
#define EV_DMG_H

#include <stdint.h>

#include "base/err.h"
#include "manifest/manifest.h"
#include "walk/walker.h"

/* Bytes of a partition other than the volume hashed for its outside
 * record; a larger one is recorded unhashed and hostile. */
#define DMG_MAX_OTHER	(64u << 20)

/* Walks the .dmg in into m, kind "dmg": the entries of
 * its one HFS+/HFSX partition (one named Apple_HFS or Apple_HFSX, else
 * the one with an HFS+ signature; none or several is an error) as
 * hfs_walk lists them; outside records "udif-trailer" (the koly trailer;
 * its note counts the file's bytes that lie in no chunk, the property
 * list or the trailer), "udif-plist" (the XML property list) and
 * "dmg-partition" for every other partition (its decompressed bytes,
 * offset and size on the disk). Does not call manifest_finish. */
int dmg_walk(const struct walker_input *in, struct manifest *m,
    struct err *e) EV_WUR;

#endif
