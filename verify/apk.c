#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apk.h"
#include "bytes.h"
#include "escape.h"

#define EOCD_SIZE	22
#define EOCD_SEARCH	(0xffff + EOCD_SIZE)	/* comment up to 65535 */
#define CDH_SIZE	46			/* central directory header */
#define LFH_SIZE	30			/* local file header */
#define SB_MAGIC	"APK Sig Block 42"
#define SB_TAIL		24			/* size field and magic */
#define SB_MIN		(8 + SB_TAIL)		/* no pair at all */
#define NAME_MAX_LEN	0xffff

static const struct {
	uint32_t id;
	const char *name;
} known_ids[] = {
	{ 0x7109871a, "v2" },
	{ 0xf05368c0, "v3" },
	{ 0x1b93ad61, "v3.1" },
	{ 0x42726577, "verity-padding" },
	{ 0x6dff800d, "source-stamp-v2" },
	{ 0x2b09189e, "source-stamp" },
	{ 0x504b4453, "dependency-info" },
	{ 0x2146444e, "google-play-frosting" },
};

/* One central directory entry, as far as the checks need it. */
struct cd_entry {
	unsigned flags;
	uint64_t csize, local_off;
	size_t nlen;
	char name[NAME_MAX_LEN + 1];
	char lname[NAME_MAX_LEN + 1];	/* scratch for the local name */
};

/* bytes_pread with this module's wording. */
static int
rd(int fd, uint64_t off, void *buf, size_t len, struct err *e)
{
	if (bytes_pread(fd, off, buf, len) == 0)
		return 0;
	err_set(e, "cannot read the zip file: %s", strerror(errno));
	return -1;
}

/* The EOCD record in buf, the last n bytes of the file: the last
 * "PK\5\6" whose comment ends exactly at the end; or else the only
 * "PK\5\6" there, if its comment fits, with bytes after it (*trail).
 * Its index, or n for none, or n + 1 for several candidates. */
static size_t
pick_eocd(const unsigned char *buf, size_t n, size_t *trail)
{
	size_t i, found = n, nsig = 0;

	*trail = 0;
	for (i = n - EOCD_SIZE + 1; i-- > 0;) {
		if (memcmp(buf + i, "PK\5\6", 4) != 0)
			continue;
		if (bytes_le16(buf + i + 20) == n - EOCD_SIZE - i)
			return i;
		if (nsig++ == 0)
			found = i;
	}
	if (nsig > 1)
		return n + 1;
	if (found < n && bytes_le16(buf + found + 20) < n - EOCD_SIZE - found)
		*trail = n - EOCD_SIZE - found - bytes_le16(buf + found + 20);
	return *trail > 0 ? found : n;
}

/* Finds the EOCD record (see pick_eocd); bytes after it are recorded
 * in ai->trail_off and trail_size. */
static int
find_eocd(int fd, uint64_t size, struct apk_info *ai, unsigned char rec[22],
    struct err *e)
{
	size_t n = size < EOCD_SEARCH ? (size_t)size : EOCD_SEARCH, i, trail;
	unsigned char *buf = NULL;
	int ret = -1;

	if (size < EOCD_SIZE) {
		err_set(e, "not a zip file: too short (%" PRIu64 " bytes)",
		    size);
		return -1;
	}
	if ((buf = malloc(n)) == NULL) {
		err_set(e, "cannot read the zip file: %s", strerror(ENOMEM));
		return -1;
	}
	if (rd(fd, size - n, buf, n, e) < 0)
		goto out;
	if ((i = pick_eocd(buf, n, &trail)) >= n) {
		err_set(e, "not a zip file: %s", i == n ? "no end of central "
		    "directory record" : "several end of central directory "
		    "records, none at the end of the file");
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

/* Notes the first mismatch: "'CDNAME' (WHY)", or WHY alone if name is
 * NULL; why is already escaped. */
static void
mismatch(struct apk_info *ai, const char *name, size_t nlen,
    const char *why)
{
	char *q;

	if (ai->nmismatch++ > 0)
		return;
	if (name == NULL) {
		snprintf(ai->first_mismatch, sizeof(ai->first_mismatch), "%s",
		    why);
		return;
	}
	q = escape_dup(name, nlen > 100 ? 100 : nlen);
	snprintf(ai->first_mismatch, sizeof(ai->first_mismatch), "'%s%s' (%s)",
	    q != NULL ? q : "?", nlen > 100 ? "..." : "", why);
	free(q);
}

/* Counts a CD name holding "\" or a control byte (libarchive turns
 * the backslash into "/", so the manifest cannot mark it); notes the
 * first. */
static void
bad_name(struct apk_info *ai, const struct cd_entry *ce)
{
	size_t i;
	char *q;

	for (i = 0; i < ce->nlen; i++)
		if (ce->name[i] == '\\' || (unsigned char)ce->name[i] < 0x20 ||
		    ce->name[i] == 0x7f)
			break;
	if (i == ce->nlen || ai->nbadname++ > 0)
		return;
	q = escape_dup(ce->name, ce->nlen > 100 ? 100 : ce->nlen);
	snprintf(ai->first_badname, sizeof(ai->first_badname), "%s%s",
	    q != NULL ? q : "?", ce->nlen > 100 ? "..." : "");
	free(q);
}

/* Compares the local header at ce->local_off with the CD entry; sets
 * *end to the end of the entry's data (and data descriptor). */
static int
check_local(int fd, struct apk_info *ai, struct cd_entry *ce, uint64_t limit,
    uint64_t *end, struct err *e)
{
	unsigned char h[LFH_SIZE];
	char why[160], *q;
	size_t lnlen;

	*end = 0;
	if (ce->local_off > limit || limit - ce->local_off < LFH_SIZE) {
		mismatch(ai, ce->name, ce->nlen, "local header out of bounds");
		return 0;
	}
	if (rd(fd, ce->local_off, h, LFH_SIZE, e) < 0)
		return -1;
	lnlen = bytes_le16(h + 26);
	if (memcmp(h, "PK\3\4", 4) != 0 ||
	    lnlen > limit - ce->local_off - LFH_SIZE) {
		mismatch(ai, ce->name, ce->nlen, "no local header there");
		return 0;
	}
	if (rd(fd, ce->local_off + LFH_SIZE, ce->lname, lnlen, e) < 0)
		return -1;
	if (lnlen != ce->nlen || memcmp(ce->lname, ce->name, lnlen) != 0) {
		q = escape_dup(ce->lname, lnlen > 100 ? 100 : lnlen);
		snprintf(why, sizeof(why), "local header: '%s%s'",
		    q != NULL ? q : "?", lnlen > 100 ? "..." : "");
		free(q);
		mismatch(ai, ce->name, ce->nlen, why);
	} else if (!(ce->flags & 0x08) && bytes_le32(h + 18) != ce->csize) {
		mismatch(ai, ce->name, ce->nlen, "local header gives another "
		    "compressed size");
	}
	*end = ce->local_off + LFH_SIZE + lnlen + bytes_le16(h + 28) +
	    ce->csize;
	if ((ce->flags & 0x08) && *end <= limit && limit - *end >= 4) {
		if (rd(fd, *end, h, 4, e) < 0)
			return -1;
		*end += memcmp(h, "PK\7\10", 4) == 0 ? 16 : 12;
	}
	return 0;
}

/* Reads the CD entry at *pos (inside [.., cd_end)) and advances *pos. */
static int
read_cd_entry(int fd, uint64_t *pos, uint64_t cd_end, struct cd_entry *ce,
    struct err *e)
{
	unsigned char h[CDH_SIZE];
	uint64_t len;

	if (cd_end - *pos < CDH_SIZE) {
		err_set(e, "zip central directory truncated at offset %"
		    PRIu64, *pos);
		return -1;
	}
	if (rd(fd, *pos, h, CDH_SIZE, e) < 0)
		return -1;
	ce->nlen = bytes_le16(h + 28);
	len = CDH_SIZE + ce->nlen + bytes_le16(h + 30) + bytes_le16(h + 32);
	if (memcmp(h, "PK\1\2", 4) != 0 || len > cd_end - *pos) {
		err_set(e, "zip central directory: bad entry at offset %"
		    PRIu64, *pos);
		return -1;
	}
	ce->flags = bytes_le16(h + 8);
	ce->csize = bytes_le32(h + 20);
	ce->local_off = bytes_le32(h + 42);
	if (rd(fd, *pos + CDH_SIZE, ce->name, ce->nlen, e) < 0)
		return -1;
	ce->name[ce->nlen] = '\0';
	*pos += len;
	return 0;
}

/* Where the uncovered bytes are, from the first and last entry bytes. */
static void
find_gaps(struct apk_info *ai, uint64_t first, uint64_t last,
    uint64_t limit)
{
	uint64_t cd_end = ai->cd_off + ai->cd_size;

	if (ai->nentries > 0 && first <= last && first > 0)
		ai->lead_size = first;
	if (last > limit) {
		mismatch(ai, NULL, 0, "entry data runs into the signing "
		    "block or central directory");
	} else if (last < limit) {
		ai->gap_off = last;
		ai->gap_size = limit - last;
	}
	if (cd_end < ai->eocd_off) {
		ai->cdgap_off = cd_end;
		ai->cdgap_size = ai->eocd_off - cd_end;
	}
}

/* Walks the CD, checks every local header, finds the bytes no entry
 * covers. */
static int
walk_cd(int fd, struct apk_info *ai, struct err *e)
{
	struct cd_entry *ce = NULL;
	uint64_t pos = ai->cd_off, cd_end = ai->cd_off + ai->cd_size;
	uint64_t limit = ai->has_sigblock ? ai->sb_off : ai->cd_off;
	uint64_t end, last = 0, first = UINT64_MAX;
	size_t i;
	int ret = -1;

	if (ai->nentries > APK_MAX_ENTRIES) {
		err_set(e, "zip central directory: more than %d entries",
		    APK_MAX_ENTRIES);
		return -1;
	}
	if ((ce = malloc(sizeof(*ce))) == NULL) {
		err_set(e, "cannot read the zip file: %s", strerror(ENOMEM));
		return -1;
	}
	for (i = 0; i < ai->nentries; i++) {
		if (read_cd_entry(fd, &pos, cd_end, ce, e) < 0 ||
		    check_local(fd, ai, ce, limit, &end, e) < 0)
			goto out;
		bad_name(ai, ce);
		if (end > last)
			last = end;
		if (end > 0 && ce->local_off < first)
			first = ce->local_off;
	}
	if (pos != cd_end)
		mismatch(ai, NULL, 0, "central directory has bytes after "
		    "its last entry");
	find_gaps(ai, first, last, limit);
	ret = 0;
out:
	free(ce);
	return ret;
}

int
apk_inspect(int fd, uint64_t file_size, struct apk_info *ai, struct err *e)
{
	memset(ai, 0, sizeof(*ai));
	if (read_eocd(fd, file_size, ai, e) < 0 ||
	    read_sigblock(fd, ai, e) < 0 ||
	    walk_cd(fd, ai, e) < 0)
		return -1;
	return 0;
}

/* SHA-256 of [off, off + size) of fd. */
static int
hash_range(int fd, uint64_t off, uint64_t size, char hex[65], struct err *e)
{
	if (bytes_hash_range(fd, off, size, hex, NULL, e) == 0)
		return 0;
	if (errno != 0)
		err_set(e, "cannot read the zip file: %s", strerror(errno));
	return -1;
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

	if (hash_range(fd, off, size, hex, e) < 0)
		return -1;
	return manifest_outside_add(m, name, off, size, hex, note, hostile, e);
}

/* Records on the central directory: names that disagree with the local
 * headers, names libarchive shows otherwise. */
static int
cd_records(int fd, const struct apk_info *ai, struct manifest *m,
    struct err *e)
{
	char note[256], hex[65];

	if (ai->nmismatch == 0 && ai->nbadname == 0)
		return 0;
	if (hash_range(fd, ai->cd_off, ai->cd_size, hex, e) < 0)
		return -1;
	snprintf(note, sizeof(note), "%zu central directory %s with the "
	    "local headers, first: %.160s", ai->nmismatch, ai->nmismatch == 1 ?
	    "entry disagrees" : "entries disagree", ai->first_mismatch);
	if (ai->nmismatch > 0 && manifest_outside_add(m,
	    "zip-central-mismatch", ai->cd_off, ai->cd_size, hex, note, 1,
	    e) < 0)
		return -1;
	snprintf(note, sizeof(note), "%zu central directory name%s with "
	    "\"\\\" or a control byte (shown with \"/\" for \"\\\"), "
	    "first '%.160s'", ai->nbadname, ai->nbadname == 1 ? "" : "s",
	    ai->first_badname);
	if (ai->nbadname > 0 && manifest_outside_add(m, "zip-backslash-names",
	    ai->cd_off, ai->cd_size, hex, note, 1, e) < 0)
		return -1;
	return 0;
}

/* Hostile records for bytes that no entry covers. */
static int
gap_records(int fd, const struct apk_info *ai, struct manifest *m,
    struct err *e)
{
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
	if (ai->trail_size > 0 && range_record(fd, m, "trailing-data",
	    ai->trail_off, ai->trail_size, "bytes after the zip end of "
	    "central directory record", 1, e) < 0)
		return -1;
	return 0;
}

int
apk_outside(int fd, const struct apk_info *ai, struct manifest *m,
    struct err *e)
{
	char note[256];

	if (ai->has_sigblock) {
		block_note(ai, note, sizeof(note));
		if (range_record(fd, m, "apk-signing-block", ai->sb_off,
		    ai->sb_size, note, ai->nunknown > 0, e) < 0)
			return -1;
	}
	if (cd_records(fd, ai, m, e) < 0 || gap_records(fd, ai, m, e) < 0)
		return -1;
	snprintf(note, sizeof(note), "%" PRIu64 " bytes", ai->comment_size);
	if (ai->comment_size > 0 && range_record(fd, m, "zip-comment",
	    ai->comment_off, ai->comment_size, note, 0, e) < 0)
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
