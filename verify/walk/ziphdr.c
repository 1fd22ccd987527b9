#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "walk/ziphdr.h"

#define X_ZIP64		0x0001u		/* zip64 extended information */
#define SIZE32_MAX	0xffffffffu	/* "see the zip64 field" */

/* The data of the first zip64 field in x[0..xlen), or NULL. */
static const unsigned char *
zip64_field(const unsigned char *x, size_t xlen, size_t *sz)
{
	size_t off = 0, n;

	while (xlen - off >= 4) {
		n = bytes_le16(x + off + 2);
		if (n > xlen - off - 4)
			return NULL;
		if (bytes_le16(x + off) == X_ZIP64) {
			*sz = n;
			return x + off + 4;
		}
		off += 4 + n;
	}
	return NULL;
}

/* Each size that is SIZE32_MAX from the zip64 field, in its order. */
static int
zip64_sizes(struct ziphdr *z, const unsigned char *x, size_t xlen)
{
	const unsigned char *f;
	size_t sz = 0, at = 0;

	f = zip64_field(x, xlen, &sz);
	z->zip64 = f != NULL;
	if (z->usize == SIZE32_MAX) {
		if (f == NULL || sz - at < 8)
			return -1;
		z->usize = bytes_le64(f + at);
		at += 8;
	}
	if (z->csize == SIZE32_MAX) {
		if (f == NULL || sz - at < 8)
			return -1;
		z->csize = bytes_le64(f + at);
	}
	return 0;
}

/* The fields from the flags on, at h + at: the central directory
 * header holds the local header's fields two bytes later. */
static int
fill(struct ziphdr *z, const unsigned char *h, size_t at,
    const unsigned char *x, size_t xlen)
{
	z->flags = bytes_le16(h + at);
	z->method = bytes_le16(h + at + 2);
	z->dostime = bytes_le16(h + at + 4);
	z->dosdate = bytes_le16(h + at + 6);
	z->crc = bytes_le32(h + at + 8);
	z->csize = bytes_le32(h + at + 12);
	z->usize = bytes_le32(h + at + 16);
	return zip64_sizes(z, x, xlen);
}

int
ziphdr_local(struct ziphdr *z, const unsigned char *h,
    const unsigned char *x, size_t xlen)
{
	return fill(z, h, 6, x, xlen);
}

int
ziphdr_central(struct ziphdr *z, const unsigned char *h,
    const unsigned char *x, size_t xlen)
{
	return fill(z, h, 8, x, xlen);
}

/* A value of the local header against the central directory's; with a
 * data descriptor the local header may leave it 0. */
static int
value_differs(uint64_t local, uint64_t cd, int desc)
{
	return local != cd && !(desc && local == 0);
}

const char *
ziphdr_differ(const struct ziphdr *l, const struct ziphdr *c, char *why,
    size_t cap)
{
	int desc = (c->flags & ZIPHDR_DESC) != 0;

	if (l->method != c->method)
		snprintf(why, cap, "method: %u in the local header, %u in the "
		    "central directory", l->method, c->method);
	else if ((l->flags ^ c->flags) & ZIPHDR_FLAGS)
		snprintf(why, cap, "flags: 0x%04x in the local header, 0x%04x "
		    "in the central directory", l->flags, c->flags);
	else if (l->dostime != c->dostime || l->dosdate != c->dosdate)
		snprintf(why, cap, "modification time: %04x %04x in the local "
		    "header, %04x %04x in the central directory", l->dosdate,
		    l->dostime, c->dosdate, c->dostime);
	else if (value_differs(l->crc, c->crc, desc))
		snprintf(why, cap, "CRC: %08" PRIx32 " in the local header, %08"
		    PRIx32 " in the central directory", l->crc, c->crc);
	else if (value_differs(l->csize, c->csize, desc))
		snprintf(why, cap, "compressed size: %" PRIu64 " in the local "
		    "header, %" PRIu64 " in the central directory", l->csize,
		    c->csize);
	else if (value_differs(l->usize, c->usize, desc))
		snprintf(why, cap, "size: %" PRIu64 " in the local header, %"
		    PRIu64 " in the central directory", l->usize, c->usize);
	else
		return NULL;
	return why;
}

#define X_UT		0x5455u		/* extended timestamp */
#define X_UX_OLD	0x5855u		/* Info-ZIP Unix, old */
#define X_UX		0x7875u		/* Info-ZIP Unix owner */
#define X_ALIGN		0xd935u		/* zipalign padding */
#define X_JAR		0xcafeu		/* JAR marker */

/* Fields that say nothing of the entry: zip64 (compared as sizes),
 * zipalign and JAR padding, and zero padding (id 0). */
static int
xskip(unsigned id)
{
	return id == 0 || id == X_ZIP64 || id == X_ALIGN || id == X_JAR;
}

/* One extra field: its id and data. */
struct xf {
	unsigned id;
	const unsigned char *p;
	size_t n;
};

static int
xf_cmp(const void *a, const void *b)
{
	const struct xf *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->p < y->p ? -1 : x->p > y->p;
}

/* The fields of x[0..xlen) that xskip keeps, as far as the area parses,
 * into *out (a new array, NULL when there are none), sorted by id, so
 * that matching the two headers' fields takes n log n, not the square
 * of a hostile area's 16383 fields; *twice: an id given twice, or -1.
 * 0, or -1 when out of memory. */
static int
xfields(const unsigned char *x, size_t xlen, struct xf **out, size_t *n,
    long *twice)
{
	size_t off, k, i;
	int pass;

	*out = NULL;
	*twice = -1;
	for (pass = 0; pass < 2; pass++) {
		*n = 0;
		for (off = 0; xlen - off >= 4; off += 4 + k) {
			k = bytes_le16(x + off + 2);
			if (k > xlen - off - 4)
				break;
			if (xskip(bytes_le16(x + off)))
				continue;
			if (pass == 1) {
				(*out)[*n].id = bytes_le16(x + off);
				(*out)[*n].p = x + off + 4;
				(*out)[*n].n = k;
			}
			++*n;
		}
		if (pass == 0 && (*n == 0 ||
		    (*out = malloc(*n * sizeof(**out))) == NULL))
			return *n == 0 ? 0 : -1;
	}
	qsort(*out, *n, sizeof(**out), xf_cmp);
	for (i = 1; i < *n && *twice < 0; i++)
		if ((*out)[i].id == (*out)[i - 1].id)
			*twice = (long)(*out)[i].id;
	return 0;
}

/* What field id (at l, ln bytes; at c, cn bytes) means differs. */
static int
xmeaning_differs(unsigned id, const unsigned char *l, size_t ln,
    const unsigned char *c, size_t cn)
{
	switch (id) {
	case X_UT:		/* flags, then the mtime if bit 0 */
		if (ln >= 5 && cn >= 5 && (l[0] & 1) && (c[0] & 1))
			return bytes_le32(l + 1) != bytes_le32(c + 1);
		return ((ln >= 5 && (l[0] & 1)) != (cn >= 5 && (c[0] & 1)));
	case X_UX_OLD:		/* atime, mtime (then uid, gid locally) */
		return ln < 8 || cn < 8 || memcmp(l, c, 8) != 0;
	case X_UX:		/* the central one is empty by custom */
		return cn > 0 && (ln != cn || memcmp(l, c, ln) != 0);
	default:
		return ln != cn || memcmp(l, c, ln) != 0;
	}
}

const char *
ziphdr_extra_differ(const unsigned char *lx, size_t llen,
    const unsigned char *cx, size_t clen, char *why, size_t cap)
{
	struct xf *l = NULL, *c = NULL;
	size_t nl = 0, nc = 0, i = 0, j = 0;
	long lt, ct;
	const char *r = why;

	if (xfields(lx, llen, &l, &nl, &lt) < 0 ||
	    xfields(cx, clen, &c, &nc, &ct) < 0) {
		snprintf(why, cap, "out of memory comparing the extra fields");
		goto out;
	}
	if (lt >= 0 || ct >= 0) {
		snprintf(why, cap, "extra field 0x%04lx given twice in the %s",
		    lt >= 0 ? lt : ct, lt >= 0 ? "local header" :
		    "central directory");
		goto out;
	}
	/* both sorted by id, each id once: the fields both give pair up */
	while (i < nl && j < nc) {
		if (l[i].id != c[j].id) {
			l[i].id < c[j].id ? i++ : j++;
			continue;
		}
		if (xmeaning_differs(l[i].id, l[i].p, l[i].n, c[j].p,
		    c[j].n)) {
			snprintf(why, cap, "extra field 0x%04x: %zu bytes in "
			    "the local header, %zu in the central directory, "
			    "meaning differs", l[i].id, l[i].n, c[j].n);
			goto out;
		}
		i++;
		j++;
	}
	r = NULL;
out:
	free(l);
	free(c);
	return r;
}

const char *
ziphdr_descriptor(const struct ziphdr *l, const struct ziphdr *c,
    const unsigned char *d, size_t n, size_t *len, char *why, size_t cap)
{
	size_t w = l->zip64 ? 8 : 4, at = 0;
	uint64_t cs, us;

	if (n >= 4 && memcmp(d, "PK\7\10", 4) == 0)
		at = 4;
	*len = at + 4 + 2 * w;
	if (n < *len) {
		snprintf(why, cap, "data descriptor cut short");
		return why;
	}
	cs = w == 8 ? bytes_le64(d + at + 4) : bytes_le32(d + at + 4);
	us = w == 8 ? bytes_le64(d + at + 4 + w) : bytes_le32(d + at + 4 + w);
	if (bytes_le32(d + at) != c->crc || cs != c->csize || us != c->usize)
		snprintf(why, cap, "data descriptor: CRC %08" PRIx32 ", sizes %"
		    PRIu64 " and %" PRIu64 "; central directory: %08" PRIx32
		    ", %" PRIu64 " and %" PRIu64, bytes_le32(d + at), cs, us,
		    c->crc, c->csize, c->usize);
	else
		return NULL;
	return why;
}
