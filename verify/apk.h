/* apk: the parts of an APK that are not zip entries: the APK Signing
 * Block between the entries and the central directory, and whether the
 * central directory agrees with the local headers. */
#ifndef EV_APK_H
#define EV_APK_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "manifest.h"

#define APK_MAX_BLOCKS 32

struct apk_block {
	uint32_t id;
	uint64_t offset, size;		/* of the value */
	const char *name;		/* "v2", "v3", "v3.1", "verity-padding",
					 * "source-stamp", ...; NULL unknown */
};

struct apk_info {
	uint64_t cd_off, cd_size, eocd_off;
	int has_sigblock;
	uint64_t sb_off, sb_size;	/* whole block, magic included */
	struct apk_block blocks[APK_MAX_BLOCKS];
	size_t nblocks;
	size_t nunknown;		/* blocks with an unknown ID */
	size_t nmismatch;		/* CD names not matching local headers
					 * (or no local header where the CD
					 * points, or CD bytes past its count) */
	char first_mismatch[256];	/* "'NAME' (WHY)" or WHY alone,
					 * escaped; "" if none */
	size_t nentries;		/* central directory entries */
	uint64_t gap_off, gap_size;	/* bytes between the end of the last
					 * entry and the signing block (or the
					 * CD); size 0 if none */
	uint64_t lead_size;		/* bytes before the first local
					 * header (at offset 0) */
	uint64_t cdgap_off, cdgap_size;	/* bytes between the CD and EOCD */
	uint64_t trail_off, trail_size;	/* bytes after the EOCD record and
					 * its comment; size 0 if none */
	uint64_t comment_off;		/* the EOCD record's comment ... */
	uint64_t comment_size;		/* ... and its size, 0 if none */
	size_t nbadname;		/* CD names holding "\" or a
					 * control byte */
	char first_badname[256];	/* escaped, "" if none */
};

/* Central directory entries past this many are an error. */
#define APK_MAX_ENTRIES 1000000

/* Reads EOCD, central directory and signing block of the zip on fd.
 * has_sigblock is 0 for a plain zip. The EOCD is the last "PK\5\6" in
 * the last 64 KiB whose comment ends at the end of the file; failing
 * that, the only "PK\5\6" there, followed by data (trail_*). Errors:
 * no EOCD (or several and none ending the file), Zip64 or multi-disk
 * archives, CD out of bounds or malformed, a signing block whose size
 * fields disagree or whose ID-value pairs overrun it. */
int apk_inspect(int fd, uint64_t file_size, struct apk_info *ai,
    struct err *e) EV_WUR;

/* Adds outside records: "apk-signing-block" (note lists the block IDs,
 * e.g. "0x7109871a v2, 0x42726577 verity-padding, 0x12345678 UNKNOWN";
 * hostile if one is unknown); on the CD's bytes, hostile:
 * "zip-central-mismatch" if names disagree with the local headers,
 * "zip-backslash-names" if names hold "\" (which the manifest shows
 * as "/") or control bytes (note: count and first name, escaped); and,
 * all hostile, for bytes no entry covers: "trailing-data" (after the
 * last entry, before the signing block or CD; and after the EOCD),
 * "leading-data" (before the first entry) and "zip-cd-gap" (between the
 * CD and its end record); not hostile, "zip-comment" for the comment
 * after the end record (note "N bytes"), which no entry covers either.
 * Call it for every zip walked. */
int apk_outside(int fd, const struct apk_info *ai, struct manifest *m,
    struct err *e) EV_WUR;

/* Non-zero for v1 (JAR) signature files: META-INF/MANIFEST.MF,
 * META-INF/ *.SF, *.RSA, *.DSA, *.EC. */
int apk_is_v1_sigfile(const char *path);

#endif
