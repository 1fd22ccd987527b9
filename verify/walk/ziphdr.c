#include <inttypes.h>
#include <stdio.h>
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
