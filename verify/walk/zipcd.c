#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "base/escape.h"
#include "base/hash.h"
#include "walk/zipcd.h"
#include "walk/ziphdr.h"

#define CDH_SIZE	46			/* central directory header */
#define LFH_SIZE	30			/* local file header */
#define FIELD_MAX	0xffff			/* name, extra, comment */
#define NAME_CUT	100			/* bytes of a name in a note */
#define DESC_MAX	24			/* data descriptor, zip64 */

/* extra field IDs */
#define X_UPATH		0x7075u		/* Info-ZIP Unicode Path */
#define X_UCOMMENT	0x6375u		/* Info-ZIP Unicode Comment */
#define X_ALIGN		0xd935u		/* zipalign, apksigner: alignment */
#define X_JAR		0xcafeu		/* JAR magic, empty */
#define X_XL		0x6c78u		/* libarchive's "xl": attributes */

/* file types in a Unix mode, as zips store them */
#define T_MASK		0170000u
#define T_FIFO		0010000u
#define T_CHR		0020000u
#define T_DIR		0040000u
#define T_BLK		0060000u
#define T_REG		0100000u
#define T_LNK		0120000u
#define T_SOCK		0140000u

/* One central directory entry and its local header. */
struct cd_entry {
	unsigned flags, method, made_by;
	unsigned lsys;			/* local header byte 5 */
	uint32_t attr;			/* external attributes */
	uint64_t csize, usize, local_off;
	struct ziphdr cz;		/* method, flags, CRC, sizes */
	int cz_bad;			/* a zip64 size missing */
	size_t nlen, xlen, clen, lxlen;
	char name[FIELD_MAX + 1];
	char lname[FIELD_MAX + 1];	/* the local header's */
	unsigned char x[FIELD_MAX];	/* central extra field */
	unsigned char lx[FIELD_MAX];	/* local extra field */
	unsigned char comment[FIELD_MAX];
};

/* An entry's bytes: local header to the end of its data. */
struct span {
	uint64_t start, end;
};

/* The walk over the central directory. */
struct cd_walk {
	struct cd_entry ce;
	struct span *sp;
	size_t nsp;
	struct hash xh, ch;		/* extra fields, comments */
	uint64_t limit;			/* where entries must end */
};

/* What one extra field area holds. */
struct xscan {
	size_t nkept;			/* fields kept */
	unsigned unicode;		/* X_UPATH or X_UCOMMENT, or 0 */
	int bad;			/* malformed */
};

/* bytes_read with this module's wording. */
static int
rd(int fd, uint64_t off, void *buf, size_t len, struct err *e)
{
	return bytes_read(fd, off, buf, len, "zip file", e);
}

/* name[0..nlen) escaped, cut after NAME_CUT bytes with "...". */
static void
quote_name(char *buf, size_t cap, const char *name, size_t nlen)
{
	char *q = escape_dup(name, nlen > NAME_CUT ? NAME_CUT : nlen);

	snprintf(buf, cap, "%s%s", q != NULL ? q : "?",
	    nlen > NAME_CUT ? "..." : "");
	free(q);
}

/* Notes the first mismatch: "'CDNAME' (WHY)", or WHY alone if name is
 * NULL; why is already escaped. */
static void
mismatch(struct apk_info *ai, const char *name, size_t nlen,
    const char *why)
{
	char q[256];

	if (ai->nmismatch++ > 0)
		return;
	if (name == NULL) {
		snprintf(ai->first_mismatch, sizeof(ai->first_mismatch), "%s",
		    why);
		return;
	}
	quote_name(q, sizeof(q), name, nlen);
	snprintf(ai->first_mismatch, sizeof(ai->first_mismatch), "'%.120s' "
	    "(%.120s)", q, why);
}

/* Counts a CD name holding "\" or a control byte (libarchive turns
 * the backslash into "/", so the manifest cannot mark it); notes the
 * first. */
static void
bad_name(struct apk_info *ai, const struct cd_entry *ce)
{
	size_t i;

	for (i = 0; i < ce->nlen; i++)
		if (ce->name[i] == '\\' || (unsigned char)ce->name[i] < 0x20 ||
		    ce->name[i] == 0x7f)
			break;
	if (i < ce->nlen && ai->nbadname++ == 0)
		quote_name(ai->first_badname, sizeof(ai->first_badname),
		    ce->name, ce->nlen);
}

/* The type libarchive gives attributes made on host sys: Unix keeps a
 * mode in the high half, MS-DOS a directory bit; 0 for none. */
static unsigned
host_type(unsigned sys, uint32_t attr)
{
	if (sys == 3)
		return (attr >> 16) & T_MASK;
	if (sys == 0)
		return (attr & 0x10) ? T_DIR : T_REG;
	return 0;
}

/* libarchive's "xl" field: a version made by (else sys) and external
 * attributes that replace those read so far (the central directory's,
 * then the local header's). */
static void
xl_type(const unsigned char *d, size_t sz, unsigned sys, unsigned *type)
{
	unsigned bitmap, last;
	size_t i = 1;

	if (sz < 1)
		return;
	bitmap = last = d[0];
	while ((last & 0x80) && i < sz)
		last = d[i++];
	if (bitmap & 1) {
		if (sz - i < 2)
			return;
		sys = bytes_le16(d + i) >> 8;
		i += 2;
	}
	if (bitmap & 2) {
		if (sz - i < 2)
			return;
		i += 2;
	}
	if ((bitmap & 4) && sz - i >= 4)
		*type = host_type(sys, bytes_le32(d + i));
}

static int
all_zero(const unsigned char *p, size_t n)
{
	while (n > 0 && p[n - 1] == 0)
		n--;
	return n == 0;
}

/* Scans the extra field area p[0..*len) of a header made on host sys
 * (an "xl" field changes *type). The fields that carry something (all
 * but zipalign's, an empty JAR magic and zero padding), and bytes that
 * are no field, are moved to its start; *len becomes their length. */
static void
scan_extra(unsigned char *p, size_t *len, unsigned sys, struct xscan *xs,
    unsigned *type)
{
	size_t off = 0, keep = 0, sz;
	unsigned id;

	while (*len - off >= 4) {
		id = bytes_le16(p + off);
		sz = bytes_le16(p + off + 2);
		if (sz > *len - off - 4)
			break;
		if ((id == X_UPATH || id == X_UCOMMENT) && xs->unicode == 0)
			xs->unicode = id;
		if (id == X_XL)
			xl_type(p + off + 4, sz, sys, type);
		if (id != X_ALIGN && !(sz == 0 && (id == 0 || id == X_JAR))) {
			memmove(p + keep, p + off, 4 + sz);
			keep += 4 + sz;
			xs->nkept++;
		}
		off += 4 + sz;
	}
	if (!all_zero(p + off, *len - off)) {
		memmove(p + keep, p + off, *len - off);
		keep += *len - off;
		xs->bad = 1;
	}
	*len = keep;
}

/* An entry with data whose type is not a regular file: libarchive
 * shows no content for it, Android reads a file. */
static void
check_type(struct apk_info *ai, const struct cd_entry *ce, unsigned type)
{
	int data = ce->usize > 0 || ce->csize > (ce->method == 8 ? 2u : 0u);

	if (ce->nlen > 0 && ce->name[ce->nlen - 1] == '/')
		type = T_DIR;
	else if (type == 0)
		type = T_REG;
	if (!data || type == T_REG)
		return;
	if (type == T_LNK) {
		if (ai->nlinkdata++ == 0)
			quote_name(ai->first_link, sizeof(ai->first_link),
			    ce->name, ce->nlen);
		return;
	}
	if (ai->nnonreg++ > 0)
		return;
	quote_name(ai->first_nonreg, sizeof(ai->first_nonreg), ce->name,
	    ce->nlen);
	ai->first_nonreg_type = type;
}

static void
put_le(unsigned char *p, uint64_t v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Hashes entry idx's kept extra fields and its comment (see apk.h,
 * apk_outside). */
static void
hash_fields(struct cd_walk *w, struct apk_info *ai, size_t idx)
{
	const struct cd_entry *ce = &w->ce;
	unsigned char f[8];

	if (ce->lxlen + ce->xlen > 0) {
		put_le(f, idx, 4);
		put_le(f + 4, ce->lxlen, 2);
		put_le(f + 6, ce->xlen, 2);
		hash_update(&w->xh, f, 8);
		hash_update(&w->xh, ce->lx, ce->lxlen);
		hash_update(&w->xh, ce->x, ce->xlen);
		ai->nextra_entries++;
		ai->extra_size += ce->lxlen + ce->xlen;
	}
	if (ce->clen > 0) {
		put_le(f, idx, 4);
		put_le(f + 4, ce->clen, 2);
		hash_update(&w->ch, f, 6);
		hash_update(&w->ch, ce->comment, ce->clen);
		ai->ncomments++;
		ai->comments_size += ce->clen;
	}
}

/* Extra fields, comment and type of entry idx; end (0 if its local
 * header was not found) closes its span. */
static void
entry_facts(struct cd_walk *w, struct apk_info *ai, size_t idx,
    uint64_t end)
{
	struct cd_entry *ce = &w->ce;
	struct xscan xs = { 0, 0, 0 };
	unsigned type = host_type(ce->made_by >> 8, ce->attr);

	scan_extra(ce->x, &ce->xlen, ce->made_by >> 8, &xs, &type);
	scan_extra(ce->lx, &ce->lxlen, ce->lsys, &xs, &type);
	ai->nextra += xs.nkept;
	if (xs.unicode != 0 && ai->nunicode++ == 0) {
		quote_name(ai->first_unicode, sizeof(ai->first_unicode),
		    ce->name, ce->nlen);
		ai->first_unicode_id = xs.unicode;
	}
	if (xs.bad && ai->nextra_bad++ == 0)
		quote_name(ai->first_extra_bad, sizeof(ai->first_extra_bad),
		    ce->name, ce->nlen);
	hash_fields(w, ai, idx);
	check_type(ai, ce, type);
	if (end > 0) {
		w->sp[w->nsp].start = ce->local_off;
		w->sp[w->nsp++].end = end;
	}
}

/* Why the local header at ce->local_off (h, its name and extra field
 * read) disagrees with the CD entry, or NULL. */
static const char *
local_differs(const struct cd_entry *ce, const unsigned char *h,
    size_t lnlen, struct ziphdr *lz, char *why, size_t cap)
{
	int lbad = ziphdr_local(lz, h, ce->lx, ce->lxlen) < 0;
	char q[160];

	if (lnlen != ce->nlen || memcmp(ce->lname, ce->name, lnlen) != 0) {
		quote_name(q, sizeof(q), ce->lname, lnlen);
		snprintf(why, cap, "local header: '%.140s'", q);
		return why;
	}
	if (lbad || ce->cz_bad) {
		snprintf(why, cap, "a zip64 size missing in the %s",
		    ce->cz_bad ? "central directory" : "local header");
		return why;
	}
	if (ziphdr_differ(lz, &ce->cz, why, cap) != NULL)
		return why;
	return ziphdr_extra_differ(ce->lx, ce->lxlen, ce->x, ce->xlen, why,
	    cap);
}

/* The data descriptor at *end (before limit) of an entry flagged so:
 * *end moves past it; why says how it disagrees with the CD, or NULL. */
static int
check_descriptor(int fd, const struct cd_entry *ce, const struct ziphdr *lz,
    uint64_t limit, uint64_t *end, const char **bad, char *why, size_t cap,
    struct err *e)
{
	unsigned char d[DESC_MAX];
	size_t n, len;
	const char *w;

	if (*end > limit)
		return 0;
	n = limit - *end < DESC_MAX ? (size_t)(limit - *end) : DESC_MAX;
	if (rd(fd, *end, d, n, e) < 0)
		return -1;
	w = ziphdr_descriptor(lz, &ce->cz, d, n, &len, why, cap);
	*end += len < n ? len : n;
	if (*bad == NULL)
		*bad = w;
	return 0;
}

/* Compares the local header at ce->local_off with the CD entry (see
 * ziphdr.h), reads its extra field; sets *end to the end of the entry's
 * data (and data descriptor), 0 if there is no local header. */
static int
check_local(int fd, struct apk_info *ai, struct cd_entry *ce, uint64_t limit,
    uint64_t *end, struct err *e)
{
	unsigned char h[LFH_SIZE];
	char why[200], dwhy[200];
	const char *bad;
	struct ziphdr lz;
	size_t lnlen, lxlen;

	*end = 0;
	ce->lxlen = 0;
	if (ce->local_off > limit || limit - ce->local_off < LFH_SIZE) {
		mismatch(ai, ce->name, ce->nlen, "local header out of bounds");
		return 0;
	}
	if (rd(fd, ce->local_off, h, LFH_SIZE, e) < 0)
		return -1;
	lnlen = bytes_le16(h + 26);
	lxlen = bytes_le16(h + 28);
	if (memcmp(h, "PK\3\4", 4) != 0 ||
	    lnlen + lxlen > limit - ce->local_off - LFH_SIZE) {
		mismatch(ai, ce->name, ce->nlen, "no local header there");
		return 0;
	}
	if (rd(fd, ce->local_off + LFH_SIZE, ce->lname, lnlen, e) < 0 ||
	    rd(fd, ce->local_off + LFH_SIZE + lnlen, ce->lx, lxlen, e) < 0)
		return -1;
	ce->lxlen = lxlen;
	ce->lsys = h[5];
	bad = local_differs(ce, h, lnlen, &lz, why, sizeof(why));
	*end = ce->local_off + LFH_SIZE + lnlen + lxlen + ce->csize;
	if ((ce->flags & ZIPHDR_DESC) && check_descriptor(fd, ce, &lz, limit,
	    end, &bad, dwhy, sizeof(dwhy), e) < 0)
		return -1;
	if (bad != NULL)
		mismatch(ai, ce->name, ce->nlen, bad);
	return 0;
}

/* Reads the CD entry at *pos (inside [.., cd_end)) and advances *pos. */
static int
read_cd_entry(int fd, uint64_t *pos, uint64_t cd_end, struct cd_entry *ce,
    struct err *e)
{
	unsigned char h[CDH_SIZE];
	uint64_t len, p;

	if (cd_end - *pos < CDH_SIZE) {
		err_set(e, "zip central directory truncated at offset %"
		    PRIu64, *pos);
		return -1;
	}
	if (rd(fd, *pos, h, CDH_SIZE, e) < 0)
		return -1;
	ce->nlen = bytes_le16(h + 28);
	ce->xlen = bytes_le16(h + 30);
	ce->clen = bytes_le16(h + 32);
	len = CDH_SIZE + ce->nlen + ce->xlen + ce->clen;
	if (memcmp(h, "PK\1\2", 4) != 0 || len > cd_end - *pos) {
		err_set(e, "zip central directory: bad entry at offset %"
		    PRIu64, *pos);
		return -1;
	}
	ce->made_by = bytes_le16(h + 4);
	ce->flags = bytes_le16(h + 8);
	ce->method = bytes_le16(h + 10);
	ce->attr = bytes_le32(h + 38);
	ce->local_off = bytes_le32(h + 42);
	p = *pos + CDH_SIZE;
	if (rd(fd, p, ce->name, ce->nlen, e) < 0 ||
	    rd(fd, p + ce->nlen, ce->x, ce->xlen, e) < 0 ||
	    rd(fd, p + ce->nlen + ce->xlen, ce->comment, ce->clen, e) < 0)
		return -1;
	ce->name[ce->nlen] = '\0';
	ce->cz_bad = ziphdr_central(&ce->cz, h, ce->x, ce->xlen) < 0;
	ce->csize = ce->cz.csize;
	ce->usize = ce->cz.usize;
	*pos += len;
	return 0;
}

static int
span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* Where the uncovered bytes are: before the first entry, between two
 * (or where two overlap), after the last; and between CD and EOCD. */
static void
find_gaps(struct cd_walk *w, struct apk_info *ai)
{
	uint64_t end = 0, cd_end = ai->cd_off + ai->cd_size;
	const struct span *s;
	size_t i;

	qsort(w->sp, w->nsp, sizeof(*w->sp), span_cmp);
	for (i = 0; i < w->nsp; i++) {
		s = &w->sp[i];
		if (i > 0 && s->start != end && ai->ngaps++ == 0) {
			ai->gap1_overlap = s->start < end;
			ai->gap1_off = s->start < end ? s->start : end;
			ai->gap1_size = s->start > end ? s->start - end :
			    (s->end < end ? s->end : end) - s->start;
		}
		if (s->end > end)
			end = s->end;
	}
	if (w->nsp > 0 && w->sp[0].start > 0)
		ai->lead_size = w->sp[0].start;
	if (end > w->limit) {
		mismatch(ai, NULL, 0, "entry data runs into the signing "
		    "block or central directory");
	} else if (end < w->limit) {
		ai->gap_off = end;
		ai->gap_size = w->limit - end;
	}
	if (cd_end < ai->eocd_off) {
		ai->cdgap_off = cd_end;
		ai->cdgap_size = ai->eocd_off - cd_end;
	}
}

static void
walk_finish(struct cd_walk *w, struct apk_info *ai)
{
	find_gaps(w, ai);
	if (ai->nextra_entries > 0) {
		hash_final(&w->xh);
		memcpy(ai->extra_sha256, w->xh.hex, 65);
	}
	if (ai->ncomments > 0) {
		hash_final(&w->ch);
		memcpy(ai->comments_sha256, w->ch.hex, 65);
	}
}

int
zipcd_walk(int fd, struct apk_info *ai, struct err *e)
{
	struct cd_walk *w = NULL;
	uint64_t pos = ai->cd_off, cd_end = ai->cd_off + ai->cd_size, end;
	size_t i;
	int ret = -1;

	if (ai->nentries > APK_MAX_ENTRIES) {
		err_set(e, "zip central directory: more than %d entries",
		    APK_MAX_ENTRIES);
		return -1;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL ||
	    (w->sp = calloc(ai->nentries + 1, sizeof(*w->sp))) == NULL) {
		err_set(e, "cannot read the zip file: %s", ERRNO_STR(ENOMEM));
		goto out;
	}
	if (hash_init(&w->xh, e) < 0 ||
	    hash_init(&w->ch, e) < 0)
		goto out;
	w->limit = ai->has_sigblock ? ai->sb_off : ai->cd_off;
	for (i = 0; i < ai->nentries; i++) {
		if (read_cd_entry(fd, &pos, cd_end, &w->ce, e) < 0 ||
		    check_local(fd, ai, &w->ce, w->limit, &end, e) < 0)
			goto out;
		bad_name(ai, &w->ce);
		entry_facts(w, ai, i, end);
	}
	if (pos != cd_end)
		mismatch(ai, NULL, 0, "central directory has bytes after "
		    "its last entry");
	walk_finish(w, ai);
	ret = 0;
out:
	if (w != NULL) {
		hash_release(&w->xh);
		hash_release(&w->ch);
		free(w->sp);
	}
	free(w);
	return ret;
}

int
zipcd_each_name(int fd, const struct apk_info *ai,
    int (*fn)(const char *name, size_t len, void *ctx), void *ctx,
    struct err *e)
{
	struct cd_entry *ce = malloc(sizeof(*ce));
	uint64_t pos = ai->cd_off, cd_end = ai->cd_off + ai->cd_size;
	size_t i;
	int ret = -1;

	if (ce == NULL) {
		err_set(e, "cannot read the zip file: %s", ERRNO_STR(ENOMEM));
		return -1;
	}
	for (i = 0; i < ai->nentries; i++)
		if (read_cd_entry(fd, &pos, cd_end, ce, e) < 0 ||
		    fn(ce->name, ce->nlen, ctx) < 0)
			goto out;
	ret = 0;
out:
	free(ce);
	return ret;
}

const char *
zipcd_type_name(unsigned type)
{
	switch (type) {
	case T_DIR:
		return "directory";
	case T_LNK:
		return "symlink";
	case T_CHR:
		return "character device";
	case T_BLK:
		return "block device";
	case T_FIFO:
		return "fifo";
	case T_SOCK:
		return "socket";
	default:
		return "unknown type";
	}
}
