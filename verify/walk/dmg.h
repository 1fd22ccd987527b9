/* dmg: a macOS disk image: its UDIF container (udif_*) and the HFS+ or
 * HFSX volume inside (hfs_*), walked without extracting anything. */
#ifndef EV_DMG_H
#define EV_DMG_H

#include <stddef.h>
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
 * list, the code signature or the trailer), "udif-plist" (the XML
 * property list), "udif-code-signature" (the image's own code signature,
 * when the trailer names one) and
 * "dmg-partition" for every other partition (its decompressed bytes,
 * offset and size on the disk). Does not call manifest_finish. */
int dmg_walk(const struct walker_input *in, struct manifest *m,
    struct err *e) EV_WUR;

/* What dmg_walk_unsigned found of the volume's Mach-O files (macho.h). */
struct dmg_strip {
	int strip;		/* in: remove the signatures (else only
				 * count the signed files) */
	int adhoc;		/* in, with strip: remove only ad-hoc
				 * signatures (macho.h); a file with any
				 * other counts in nsigned, kept as it is */
	size_t nadhoc;		/* files whose ad-hoc signatures were
				 * removed (adhoc) */
	size_t nmacho;		/* Mach-O files */
	size_t nsigned;		/* of those, with a signed slice */
	size_t nslices;		/* signed slices (strip) */
	uint64_t bytes;		/* bytes removed (strip) */
	size_t nunclean;	/* Mach-O files that do not strip cleanly:
				 * hashed as they are */
	char first_signed[256];	/* escaped path, or "" */
	char first_unclean[512];	/* "'PATH': why", or "" */
};

/* dmg_walk, with every Mach-O file (macho_sniff) of the volume parsed:
 * with st->strip, a signed one's entry is its unsigned form
 * (macho_unsigned_stream: size and SHA-256 of that) and, when any was
 * signed, the outside record "macho-signatures" holds the bytes cut off
 * (each signed slice's signature and the padding before it, in volume
 * order; size, SHA-256, note with the counts). A Mach-O that macho_parse
 * refuses is counted in st and hashed as it is. With st->adhoc only the
 * files whose every signed slice is ad-hoc are stripped (and the record
 * holds their bytes). */
int dmg_walk_unsigned(const struct walker_input *in, struct manifest *m,
    struct dmg_strip *st, struct err *e) EV_WUR;

#endif
