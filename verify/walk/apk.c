#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "walk/apk.h"
#include "base/bytes.h"
#include "walk/zipcd.h"

#define EOCD_SIZE	22
#define EOCD_SEARCH	(0xffff + EOCD_SIZE)	/* comment up to 65535 */
#define SB_MAGIC	"APK Sig Block 42"
#define SB_TAIL		24			/* size field and magic */
#define SB_MIN		(8 + SB_TAIL)		/* no pair at all */
#define VERITY_ID	0x42726577u

static const struct {
	uint32_t id;
	const char *name;
} known_ids[] = {
	{ 0x7109871a, "v2" },
	{ 0xf05368c0, "v3" },
	{ 0x1b93ad61, "v3.1" },
	{ VERITY_ID, "verity-padding" },
	{ 0x6dff800d, "source-stamp-v2" },
	{ 0x2b09189e, "source-stamp" },
	{ 0x504b4453, "dependency-info" },
	{ 0x2146444e, "google-play-frosting" },
};

/* bytes_read with this module's wording. */
static int
rd(int fd, uint64_t off, void *buf, size_t len, struct err *e)
{
	return bytes_read(fd, off, buf, len, "zip file", e);
}

/* SHA-256 of [off, off + size) of fd; *nonzero as bytes_hash_range. */
static int
hash_range(int fd, uint64_t off, uint64_t size, char hex[65], int *nonzero,
    struct err *e)
{
	if (bytes_hash_range(fd, off, size, hex, nonzero, e) == 0)
		return 0;
	if (errno != 0)
		err_set(e, "cannot read the zip file: %s", ERRNO_STR(errno));
	return -1;
}

enum eocd_pick { EOCD_OK, EOCD_NONE, EOCD_SEVERAL, EOCD_LATER };

/* The EOCD record in buf, the last n bytes of the file: the last
 * "PK\5\6" there if its comment ends exactly at the end (*at); or else
 * the only one, if its comment fits, with bytes after it (*trail).
 * EOCD_LATER: one ends the file but another follows it (*later); the
 * bytes of the record itself (its offsets) do not count. */
static enum eocd_pick
pick_eocd(const unsigned char *buf, size_t n, size_t *at, size_t *trail,
    size_t *later)
{
	size_t i, last = n, nsig = 0, clen;

	*trail = 0;
	for (i = n - 3; i-- > 0;) {
		if (memcmp(buf + i, "PK\5\6", 4) != 0)
			continue;
		if (nsig++ == 0)
			last = i;
		if (i + EOCD_SIZE <= n &&
		    bytes_le16(buf + i + 20) == n - EOCD_SIZE - i) {
			*at = i;
			*later = last;
			return last < i + EOCD_SIZE ? EOCD_OK : EOCD_LATER;
		}
	}
	if (nsig > 1)
		return EOCD_SEVERAL;
	if (nsig == 0 || last + EOCD_SIZE > n)
		return EOCD_NONE;
	clen = bytes_le16(buf + last + 20);
	if (clen >= n - EOCD_SIZE - last)
		return EOCD_NONE;
	*at = last;
	*trail = n - EOCD_SIZE - last - clen;
	return EOCD_OK;
}

/* Finds the EOCD record (see pick_eocd); bytes after it are recorded
 * in ai->trail_off and trail_size. */
static int
find_eocd(int fd, uint64_t size, struct apk_info *ai, unsigned char rec[22],
    struct err *e)
{
	size_t n = size < EOCD_SEARCH ? (size_t)size : EOCD_SEARCH;
	size_t i = 0, trail = 0, later = 0;
	unsigned char *buf = NULL;
	int ret = -1;

	if (size < EOCD_SIZE) {
		err_set(e, "not a zip file: too short (%" PRIu64 " bytes)",
		    size);
		return -1;
	}
	if ((buf = malloc(n)) == NULL) {
		err_set(e, "cannot read the zip file: %s", ERRNO_STR(ENOMEM));
		return -1;
	}
	if (rd(fd, size - n, buf, n, e) < 0)
		goto out;
	switch (pick_eocd(buf, n, &i, &trail, &later)) {
	case EOCD_OK:
		break;
	case EOCD_NONE:
		err_set(e, "not a zip file: no end of central directory "
		    "record");
		goto out;
	case EOCD_SEVERAL:
		err_set(e, "not a zip file: several end of central directory "
		    "records, none at the end of the file");
		goto out;
	case EOCD_LATER:
		err_set(e, "ambiguous zip file: another end of central "
		    "directory record at offset %" PRIu64 " follows the one "
		    "at %" PRIu64 " (zip readers disagree on which to use)",
		    size - n + later, size - n + i);
		goto out;
	}
	memcpy(rec, buf + i, EOCD_SIZE);
	ai->eocd_off = size - n + i;
	ai->comment_off = ai->eocd_off + EOCD_SIZE;
	ai->comment_size = bytes_le16(rec + 20);
	if (trail > 0) {
		ai->trail_off = size - trail;
		ai->trail_size = trail;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

/* EOCD fields: CD offset and size, entry count; no Zip64, one disk. */
static int
read_eocd(int fd, uint64_t size, struct apk_info *ai, struct err *e)
{
	unsigned char r[EOCD_SIZE], loc[4];

	if (find_eocd(fd, size, ai, r, e) < 0)
		return -1;
	if (ai->eocd_off >= 20) {
		if (rd(fd, ai->eocd_off - 20, loc, 4, e) < 0)
			return -1;
		if (memcmp(loc, "PK\6\7", 4) == 0) {
			err_set(e, "Zip64 archives are not supported (an APK "
			    "is never Zip64)");
			return -1;
		}
	}
	if (bytes_le16(r + 4) != 0 || bytes_le16(r + 6) != 0 ||
	    bytes_le16(r + 8) != bytes_le16(r + 10)) {
		err_set(e, "multi-disk zip archives are not supported");
		return -1;
	}
	ai->nentries = bytes_le16(r + 10);
	ai->cd_size = bytes_le32(r + 12);
	ai->cd_off = bytes_le32(r + 16);
	if (ai->cd_off > ai->eocd_off ||
	    ai->cd_size > ai->eocd_off - ai->cd_off) {
		err_set(e, "zip central directory (offset %" PRIu64 ", size %"
		    PRIu64 ") does not end before its end record at %" PRIu64,
		    ai->cd_off, ai->cd_size, ai->eocd_off);
		return -1;
	}
	return 0;
}

static const char *
block_name(uint32_t id)
{
	size_t i;

	for (i = 0; i < sizeof(known_ids) / sizeof(known_ids[0]); i++)
		if (known_ids[i].id == id)
			return known_ids[i].name;
	return NULL;
}

/* Sets ai->padding_nonzero if the verity padding b holds a byte that
 * is not zero: apksigner writes zeros, anything else is hidden data. */
static int
check_padding(int fd, struct apk_info *ai, const struct apk_block *b,
    struct err *e)
{
	char hex[65];
	int nonzero = 0;

	if (hash_range(fd, b->offset, b->size, hex, &nonzero, e) < 0)
		return -1;
	ai->padding_nonzero |= nonzero;
	return 0;
}

/* Walks the ID-value pairs between the two size fields. */
static int
read_pairs(int fd, struct apk_info *ai, struct err *e)
{
	unsigned char h[12];
	uint64_t pos = ai->sb_off + 8, end = ai->cd_off - SB_TAIL, len;
	struct apk_block *b;

	while (pos < end) {
		if (end - pos < 12) {
			err_set(e, "APK signing block: truncated ID-value "
			    "pair at offset %" PRIu64, pos);
			return -1;
		}
		if (rd(fd, pos, h, 12, e) < 0)
			return -1;
		len = bytes_le64(h);
		if (len < 4 || len > end - pos - 8) {
			err_set(e, "APK signing block: ID-value pair at "
			    "offset %" PRIu64 " has a bad length (%" PRIu64
			    ")", pos, len);
			return -1;
		}
		if (ai->nblocks == APK_MAX_BLOCKS) {
			err_set(e, "APK signing block: more than %d "
			    "ID-value pairs", APK_MAX_BLOCKS);
			return -1;
		}
		b = &ai->blocks[ai->nblocks++];
		b->id = bytes_le32(h + 8);
		b->offset = pos + 12;
		b->size = len - 4;
		b->name = block_name(b->id);
		if (b->name == NULL)
			ai->nunknown++;
		if (b->id == VERITY_ID && check_padding(fd, ai, b, e) < 0)
			return -1;
		pos += 8 + len;
	}
	return 0;
}

/* The signing block, if the 24 bytes before the CD end in its magic. */
static int
read_sigblock(int fd, struct apk_info *ai, struct err *e)
{
	unsigned char t[SB_TAIL], h[8];
	uint64_t size;

	if (ai->cd_off < SB_MIN)
		return 0;
	if (rd(fd, ai->cd_off - SB_TAIL, t, SB_TAIL, e) < 0)
		return -1;
	if (memcmp(t + 8, SB_MAGIC, 16) != 0)
		return 0;
	size = bytes_le64(t);
	if (size < SB_MIN - 8 || size > ai->cd_off - 8) {
		err_set(e, "APK signing block: size %" PRIu64 " does not fit "
		    "before the central directory at %" PRIu64, size,
		    ai->cd_off);
		return -1;
	}
	ai->has_sigblock = 1;
	ai->sb_size = size + 8;
	ai->sb_off = ai->cd_off - ai->sb_size;
	if (rd(fd, ai->sb_off, h, 8, e) < 0)
		return -1;
	if (bytes_le64(h) != size) {
		err_set(e, "APK signing block: its size fields disagree (%"
		    PRIu64 " at the start, %" PRIu64 " at the end)",
		    bytes_le64(h), size);
		return -1;
	}
	return read_pairs(fd, ai, e);
}

int
apk_inspect(int fd, uint64_t file_size, struct apk_info *ai, struct err *e)
{
	memset(ai, 0, sizeof(*ai));
	if (read_eocd(fd, file_size, ai, e) < 0 ||
	    read_sigblock(fd, ai, e) < 0 ||
	    zipcd_walk(fd, ai, e) < 0)
		return -1;
	return 0;
}

int
apk_each_name(int fd, const struct apk_info *ai,
    int (*fn)(const char *name, size_t len, void *ctx), void *ctx,
    struct err *e)
{
	return zipcd_each_name(fd, ai, fn, ctx, e);
}

/* "0x7109871a v2, 0x42726577 verity-padding, 0x12345678 UNKNOWN",
 * cut with "..." if it does not fit. */
static void
block_note(const struct apk_info *ai, char *note, size_t cap)
{
	char item[64];
	size_t i, len = 0, n;

	note[0] = '\0';
	for (i = 0; i < ai->nblocks; i++) {
		n = (size_t)snprintf(item, sizeof(item), "%s0x%08" PRIx32 " %s",
		    i > 0 ? ", " : "", ai->blocks[i].id,
		    ai->blocks[i].name != NULL ? ai->blocks[i].name :
		    "UNKNOWN");
		if (len + n + 6 > cap) {	/* room for ", ..." */
			memcpy(note + len, ", ...", 6);
			return;
		}
		memcpy(note + len, item, n + 1);
		len += n;
	}
	if (ai->nblocks == 0)
		snprintf(note, cap, "no ID-value pairs");
}

/* A record on [off, off + size). */
static int
range_record(int fd, struct manifest *m, const char *name, uint64_t off,
    uint64_t size, const char *note, int hostile, struct err *e)
{
	char hex[65];

	if (hash_range(fd, off, size, hex, NULL, e) < 0)
		return -1;
	return manifest_outside_add(m, name, off, size, hex, note, hostile, e);
}

/* A hostile record on the CD's bytes (hashed once, into hex). */
static int
cd_record(int fd, const struct apk_info *ai, struct manifest *m,
    char hex[65], const char *name, const char *note, struct err *e)
{
	if (hex[0] == '\0' &&
	    hash_range(fd, ai->cd_off, ai->cd_size, hex, NULL, e) < 0)
		return -1;
	return manifest_outside_add(m, name, ai->cd_off, ai->cd_size, hex,
	    note, 1, e);
}

/* Records on the central directory: names that disagree with the local
 * headers, names libarchive shows otherwise. */
static int
name_records(int fd, const struct apk_info *ai, struct manifest *m,
    char hex[65], struct err *e)
{
	char note[256];

	snprintf(note, sizeof(note), "%zu central directory %s with the "
	    "local headers, first: %.160s", ai->nmismatch, ai->nmismatch == 1 ?
	    "entry disagrees" : "entries disagree", ai->first_mismatch);
	if (ai->nmismatch > 0 && cd_record(fd, ai, m, hex,
	    "zip-central-mismatch", note, e) < 0)
		return -1;
	snprintf(note, sizeof(note), "%zu central directory name%s with "
	    "\"\\\" or a control byte (shown with \"/\" for \"\\\"), "
	    "first '%.160s'", ai->nbadname, ai->nbadname == 1 ? "" : "s",
	    ai->first_badname);
	if (ai->nbadname > 0 && cd_record(fd, ai, m, hex,
	    "zip-backslash-names", note, e) < 0)
		return -1;
	snprintf(note, sizeof(note), "%zu %s an Info-ZIP Unicode Path "
	    "(0x7075) or Comment (0x6375) extra field, whose name libarchive "
	    "may show for the header's, first '%.100s' (0x%04x)",
	    ai->nunicode, ai->nunicode == 1 ? "entry has" : "entries have",
	    ai->first_unicode, ai->first_unicode_id);
	if (ai->nunicode > 0 && cd_record(fd, ai, m, hex, "zip-unicode-path",
	    note, e) < 0)
		return -1;
	return 0;
}

/* Entries with data that the manifest shows as no file: a directory or
 * special file, and in an APK a symlink (Android reads a file). */
static int
type_record(int fd, const struct apk_info *ai, struct manifest *m,
    char hex[65], struct err *e)
{
	int apk = strcmp(m->kind, "APK") == 0;
	size_t n = ai->nnonreg + (apk ? ai->nlinkdata : 0);
	char note[256];

	if (n == 0)
		return 0;
	snprintf(note, sizeof(note), "%zu zip %s with data of another type "
	    "than a regular file (a reader may take the data for a file), "
	    "first '%.100s' (%s)", n, n == 1 ? "entry" : "entries",
	    ai->nnonreg > 0 ? ai->first_nonreg : ai->first_link,
	    ai->nnonreg > 0 ? zipcd_type_name(ai->first_nonreg_type) :
	    "symlink");
	return cd_record(fd, ai, m, hex, "zip-nonregular", note, e);
}

/* Bytes after the end record: zero padding (bsdtar pads a zip written to
 * a pipe) is how the file was written, not hidden; anything else is. */
static int
trail_record(int fd, const struct apk_info *ai, struct manifest *m,
    struct err *e)
{
	char hex[65];
	int nonzero = 0;

	if (hash_range(fd, ai->trail_off, ai->trail_size, hex, &nonzero,
	    e) < 0)
		return -1;
	return manifest_outside_add(m, "trailing-data", ai->trail_off,
	    ai->trail_size, hex, nonzero ? "bytes after the zip end of "
	    "central directory record" : "zero padding after the zip end of "
	    "central directory record", nonzero, e);
}

/* Hostile records for bytes that no entry covers. */
static int
gap_records(int fd, const struct apk_info *ai, struct manifest *m,
    struct err *e)
{
	char note[256];

	snprintf(note, sizeof(note), "%zu %s between zip entries, first: %"
	    PRIu64 " bytes %s at offset %" PRIu64, ai->ngaps, ai->ngaps == 1 ?
	    "gap or overlap" : "gaps or overlaps", ai->gap1_size,
	    ai->gap1_overlap ? "in two entries" : "in no entry", ai->gap1_off);
	if (ai->ngaps > 0 && range_record(fd, m, "zip-gap", ai->gap1_off,
	    ai->gap1_size, note, 1, e) < 0)
		return -1;
	if (ai->gap_size > 0 && range_record(fd, m, "trailing-data",
	    ai->gap_off, ai->gap_size, ai->has_sigblock ?
	    "bytes between the last zip entry and the APK signing block" :
	    "bytes between the last zip entry and the central directory", 1,
	    e) < 0)
		return -1;
	if (ai->lead_size > 0 && range_record(fd, m, "leading-data", 0,
	    ai->lead_size, "bytes before the first zip entry", 1, e) < 0)
		return -1;
	if (ai->cdgap_size > 0 && range_record(fd, m, "zip-cd-gap",
	    ai->cdgap_off, ai->cdgap_size, "bytes between the zip central "
	    "directory and its end record", 1, e) < 0)
		return -1;
	return ai->trail_size > 0 ? trail_record(fd, ai, m, e) : 0;
}

/* Bytes that are not entries but not hidden either: the zip comment,
 * extra fields, entry comments. */
static int
field_records(int fd, const struct apk_info *ai, struct manifest *m,
    struct err *e)
{
	char note[256];
	int n;

	snprintf(note, sizeof(note), "%" PRIu64 " bytes", ai->comment_size);
	if (ai->comment_size > 0 && range_record(fd, m, "zip-comment",
	    ai->comment_off, ai->comment_size, note, 0, e) < 0)
		return -1;
	n = snprintf(note, sizeof(note), "%zu extra field%s in %zu %s "
	    "(zipalign's 0xd935 left out)", ai->nextra, ai->nextra == 1 ? "" :
	    "s", ai->nextra_entries, ai->nextra_entries == 1 ? "entry" :
	    "entries");
	if (ai->nextra_bad > 0 && n > 0 && (size_t)n < sizeof(note))
		snprintf(note + n, sizeof(note) - (size_t)n, "; hostile: %zu "
		    "malformed, first in '%.100s'", ai->nextra_bad,
		    ai->first_extra_bad);
	if (ai->nextra_entries > 0 && manifest_outside_add(m,
	    "zip-extra-fields", ai->cd_off, ai->extra_size, ai->extra_sha256,
	    note, ai->nextra_bad > 0, e) < 0)
		return -1;
	snprintf(note, sizeof(note), "%zu entry comment%s in the central "
	    "directory", ai->ncomments, ai->ncomments == 1 ? "" : "s");
	if (ai->ncomments > 0 && manifest_outside_add(m, "zip-entry-comments",
	    ai->cd_off, ai->comments_size, ai->comments_sha256, note, 0,
	    e) < 0)
		return -1;
	return 0;
}

int
apk_outside(int fd, const struct apk_info *ai, struct manifest *m,
    struct err *e)
{
	static const char bad_pad[] = "; hostile: verity padding not all "
	    "zero";
	char note[256], hex[65] = "";

	if (ai->has_sigblock) {
		block_note(ai, note, sizeof(note) - (sizeof(bad_pad) - 1));
		if (ai->padding_nonzero)
			strcat(note, bad_pad);
		if (range_record(fd, m, "apk-signing-block", ai->sb_off,
		    ai->sb_size, note, ai->nunknown > 0 ||
		    ai->padding_nonzero, e) < 0)
			return -1;
	}
	if (name_records(fd, ai, m, hex, e) < 0 ||
	    type_record(fd, ai, m, hex, e) < 0 ||
	    gap_records(fd, ai, m, e) < 0 || field_records(fd, ai, m, e) < 0)
		return -1;
	return 0;
}

static int
has_suffix(const char *s, size_t len, const char *suf)
{
	size_t n = strlen(suf);

	return len > n && memcmp(s + len - n, suf, n) == 0;
}

int
apk_is_v1_sigfile(const char *path)
{
	const char *base;
	size_t len;

	if (strncmp(path, "META-INF/", 9) != 0)
		return 0;
	base = path + 9;
	if (strchr(base, '/') != NULL)
		return 0;
	len = strlen(base);
	return strcmp(base, "MANIFEST.MF") == 0 ||
	    has_suffix(base, len, ".SF") || has_suffix(base, len, ".RSA") ||
	    has_suffix(base, len, ".DSA") || has_suffix(base, len, ".EC");
}
