/* apk: the parts of a zip or APK that are not entries: the APK Signing
 * Block between the entries and the central directory, bytes no entry
 * covers, extra fields and comments, and whether the central directory
 * agrees with the local headers and with what libarchive reads. */
#ifndef EV_APK_H
#define EV_APK_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "manifest/manifest.h"

#define APK_MAX_BLOCKS 32

struct apk_block {
	uint32_t id;
	uint64_t offset, size;		/* of the value */
	const char *name;		/* "v2", "v3", "v3.1", "verity-padding",
					 * "source-stamp", ...; NULL unknown */
};

/* Bytes and facts that no entry records, counted over the central
 * directory; "first" names are escaped and cut, "" if none. */
struct apk_info {
	uint64_t cd_off, cd_size, eocd_off;
	int has_sigblock;
	uint64_t sb_off, sb_size;	/* whole block, magic included */
	struct apk_block blocks[APK_MAX_BLOCKS];
	size_t nblocks;
	size_t nunknown;		/* blocks with an unknown ID */
	int padding_nonzero;		/* a verity-padding value not all 0 */
	size_t nmismatch;		/* CD entries not matching their local
					 * header (name, method, flags, CRC,
					 * sizes; see ziphdr.h) or descriptor,
					 * or no local header where the CD
					 * points, or CD bytes past its count */
	char first_mismatch[256];	/* "'NAME' (WHY)" or WHY alone */
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
	char first_badname[256];
	size_t nunicode;		/* entries with an Info-ZIP Unicode
					 * Path (0x7075) or Comment (0x6375)
					 * extra field, local or central */
	char first_unicode[256];
	unsigned first_unicode_id;	/* 0x7075 or 0x6375 */
	size_t nnonreg;			/* entries with data whose type (as
					 * libarchive reads it) is a directory
					 * or a special file */
	char first_nonreg[256];
	unsigned first_nonreg_type;	/* its S_IFMT bits */
	size_t nlinkdata;		/* symlinks (their data is the
					 * target): fine in a zip, not in an
					 * APK */
	char first_link[256];
	size_t ngaps;			/* gaps and overlaps between entries */
	uint64_t gap1_off, gap1_size;	/* the first one */
	int gap1_overlap;		/* ... is an overlap */
	size_t nextra;			/* extra fields kept: all but 0xd935
					 * (zipalign), empty 0xcafe (JAR) and
					 * zero padding */
	size_t nextra_entries;		/* entries holding them */
	uint64_t extra_size;		/* their bytes */
	char extra_sha256[65];		/* see apk_outside, "" if none */
	size_t nextra_bad;		/* malformed extra field areas */
	char first_extra_bad[256];
	size_t ncomments;		/* non-empty CD entry comments */
	uint64_t comments_size;
	char comments_sha256[65];
};

/* Central directory entries past this many are an error. */
#define APK_MAX_ENTRIES 1000000

/* Reads EOCD, central directory and signing block of the zip on fd,
 * and every local header the CD points at (name, extra fields, where
 * its data ends). has_sigblock is 0 for a plain zip. The EOCD is the
 * last "PK\5\6" in the last 64 KiB, and its comment must end at the
 * end of the file, or else it is the only one there, followed by data
 * (trail_*). Readers take the last one (libarchive, Android, Python) or
 * the last whose comment ends the file (Java), so a "PK\5\6" after the
 * one ending the file is an error. Other errors: no EOCD, Zip64 or
 * multi-disk archives, CD out of bounds or malformed, a signing block
 * whose size fields disagree or whose ID-value pairs overrun it. */
int apk_inspect(int fd, uint64_t file_size, struct apk_info *ai,
    struct err *e) EV_WUR;

/* Adds outside records: "apk-signing-block" (note lists the block IDs,
 * e.g. "0x7109871a v2, 0x42726577 verity-padding, 0x12345678 UNKNOWN";
 * hostile if one is unknown or the verity padding is not all zero); on
 * the CD's bytes (note: count and first name, escaped), hostile:
 * "zip-central-mismatch" if the central directory and the local
 * headers (or data descriptors) disagree on a field (see ziphdr.h),
 * "zip-backslash-names" if names hold "\" (which the manifest shows
 * as "/") or control bytes, "zip-unicode-path" for Info-ZIP Unicode
 * Path (0x7075) or Comment (0x6375) extra fields (libarchive takes the
 * name from the field, Android and Java from the header),
 * "zip-nonregular" for entries with data that libarchive reads as a
 * directory or special file (Android reads a file; in an APK, m->kind
 * "APK", symlinks too); for bytes no entry covers, all hostile:
 * "trailing-data" (after the last entry, before the signing block or
 * CD; and after the EOCD), "leading-data" (before the first entry),
 * "zip-gap" (between two entries, or where two overlap: offset, size
 * and SHA-256 of the first, note: count) and "zip-cd-gap" (between the
 * CD and its end record); not hostile, "zip-comment" for the comment
 * after the end record (note "N bytes"), and, at the CD's offset,
 * "zip-extra-fields" and "zip-entry-comments": their total size and the
 * SHA-256 of, in CD order, for each entry holding any, the u32le CD
 * index, u16le local and u16le central length and the fields kept (see
 * nextra) as stored, local then central; for each CD entry comment, the
 * u32le index, u16le length and the comment. "zip-extra-fields" is
 * hostile if an extra field area is malformed. Call it for every zip
 * walked, after setting m->kind. */
int apk_outside(int fd, const struct apk_info *ai, struct manifest *m,
    struct err *e) EV_WUR;

/* Calls fn with the raw name of each central directory entry, in order
 * (len bytes, which may hold NUL bytes; name[len] is NUL). fn returns 0
 * to go on, or -1 with e set to stop. 0, or -1 with e set. */
int apk_each_name(int fd, const struct apk_info *ai,
    int (*fn)(const char *name, size_t len, void *ctx), void *ctx,
    struct err *e) EV_WUR;

/* Non-zero for v1 (JAR) signature files: META-INF/MANIFEST.MF,
 * META-INF/ *.SF, *.RSA, *.DSA, *.EC. */
int apk_is_v1_sigfile(const char *path);

#endif
