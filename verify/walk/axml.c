#include <string.h>

#include "base/bytes.h"
#include "walk/axml.h"

#define RES_XML		0x0003
#define RES_STRINGS	0x0001
#define RES_MAP		0x0180
#define RES_START_EL	0x0102
#define STR_UTF8	0x100u
#define TYPE_STRING	0x03
#define ATTR_VERSION_NAME 0x0101021cu
#define NO_INDEX	0xffffffffu
#define ANDROID_NS	"http://schemas.android.com/apk/res/android"

struct pool {
	const unsigned char *base;	/* the string pool chunk */
	size_t size;
	uint32_t count, start, hdr;
	int utf8;
	const unsigned char *map;	/* resource IDs of the first nmap */
	uint32_t nmap;
};

/* Length prefix of a pool string: one unit, or two with the top bit. */
static int
str_len(const unsigned char *p, size_t avail, int utf8, size_t *len,
    size_t *hdr)
{
	if (utf8) {
		if (avail < 1)
			return -1;
		*len = p[0] & 0x80 ? 2 : 1;	/* UTF-16 length: skipped */
		if (avail < *len + 1)
			return -1;
		p += *len;
		*hdr = *len;
		if (p[0] & 0x80) {
			if (avail < *hdr + 2)
				return -1;
			*len = (size_t)(p[0] & 0x7f) << 8 | p[1];
			*hdr += 2;
		} else {
			*len = p[0];
			*hdr += 1;
		}
		return 0;
	}
	if (avail < 2)
		return -1;
	if (bytes_le16(p) & 0x8000) {
		if (avail < 4)
			return -1;
		*len = (size_t)(bytes_le16(p) & 0x7fff) << 16 | bytes_le16(p + 2);
		*hdr = 4;
	} else {
		*len = bytes_le16(p);
		*hdr = 2;
	}
	return 0;
}

/* String i of the pool as ASCII into out; non-ASCII becomes '?'.
 * -1 if it lies outside the pool. */
static int
pool_get(const struct pool *sp, uint32_t i, char *out, size_t cap)
{
	const unsigned char *p;
	size_t off, avail, len, hdr, k, unit = sp->utf8 ? 1 : 2;

	if (i >= sp->count || cap == 0)
		return -1;
	off = bytes_le32(sp->base + sp->hdr + (size_t)i * 4);
	if (sp->start > sp->size || off > sp->size - sp->start)
		return -1;
	p = sp->base + sp->start + off;
	avail = sp->size - sp->start - off;
	if (str_len(p, avail, sp->utf8, &len, &hdr) < 0 ||
	    len > (avail - hdr) / unit)
		return -1;
	p += hdr;
	for (k = 0; k < len && k + 1 < cap; k++) {
		unsigned c = sp->utf8 ? p[k] : bytes_le16(p + 2 * k);

		out[k] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[k] = '\0';
	return len < cap ? 0 : -1;
}

static int
pool_read(const unsigned char *c, size_t size, struct pool *sp,
    struct err *e)
{
	uint32_t count;

	if (size < 28 || bytes_le16(c + 2) < 28) {
		err_set(e, "AndroidManifest.xml: string pool header too short");
		return -1;
	}
	count = bytes_le32(c + 8);
	sp->base = c;
	sp->size = size;
	sp->count = count;
	sp->hdr = bytes_le16(c + 2);
	sp->start = bytes_le32(c + 20);
	sp->utf8 = (bytes_le32(c + 16) & STR_UTF8) != 0;
	if (sp->hdr > size || count > (size - sp->hdr) / 4 ||
	    sp->start > size || sp->start < sp->hdr + (size_t)count * 4) {
		err_set(e, "AndroidManifest.xml: string pool out of bounds");
		return -1;
	}
	return 0;
}

/* Whether attribute a of the first element is android:versionName. */
static int
is_version_attr(const struct pool *sp, const unsigned char *a)
{
	uint32_t ns = bytes_le32(a), name = bytes_le32(a + 4);
	char s[64];

	if (sp->map != NULL && name < sp->nmap)
		return bytes_le32(sp->map + (size_t)name * 4) ==
		    ATTR_VERSION_NAME;
	return pool_get(sp, name, s, sizeof(s)) == 0 &&
	    strcmp(s, "versionName") == 0 &&
	    pool_get(sp, ns, s, sizeof(s)) == 0 && strcmp(s, ANDROID_NS) == 0;
}

/* The first element: must be <manifest>; its versionName, if any. */
static int
first_element(const struct pool *sp, const unsigned char *c, size_t size,
    char *out, size_t cap, struct err *e)
{
	uint16_t hsize = bytes_le16(c + 2), astart, asize, acount, k;
	const unsigned char *x = c + hsize, *a;
	uint32_t raw, data;
	char name[32];

	if (hsize < 16 || size < (size_t)hsize + 20) {
		err_set(e, "AndroidManifest.xml: element header too short");
		return -1;
	}
	if (pool_get(sp, bytes_le32(x + 4), name, sizeof(name)) != 0 ||
	    strcmp(name, "manifest") != 0) {
		err_set(e, "AndroidManifest.xml: the first element is not "
		    "<manifest>");
		return -1;
	}
	astart = bytes_le16(x + 8);
	asize = bytes_le16(x + 10);
	acount = bytes_le16(x + 12);
	if (asize < 20 || (size_t)hsize + astart > size ||
	    acount > (size - hsize - astart) / asize) {
		err_set(e, "AndroidManifest.xml: attributes out of bounds");
		return -1;
	}
	for (k = 0; k < acount; k++) {
		a = x + astart + (size_t)k * asize;
		if (!is_version_attr(sp, a))
			continue;
		raw = bytes_le32(a + 8);
		data = bytes_le32(a + 16);
		if (raw == NO_INDEX && a[15] == TYPE_STRING)
			raw = data;
		if (raw == NO_INDEX)
			return 0;
		if (pool_get(sp, raw, out, cap) != 0) {
			err_set(e, "AndroidManifest.xml: versionName is not a "
			    "string of the pool");
			return -1;
		}
		return 1;
	}
	return 0;
}

int
axml_version_name(const unsigned char *buf, size_t len, char *out,
    size_t cap, struct err *e)
{
	struct pool sp;
	size_t off, csize;
	uint16_t type;

	memset(&sp, 0, sizeof(sp));
	if (len < 8 || bytes_le16(buf) != RES_XML || bytes_le16(buf + 2) != 8 ||
	    bytes_le32(buf + 4) != len) {
		err_set(e, "AndroidManifest.xml is not Android binary XML");
		return -1;
	}
	for (off = 8; off + 8 <= len; off += csize) {
		type = bytes_le16(buf + off);
		csize = bytes_le32(buf + off + 4);
		if (csize < 8 || csize > len - off) {
			err_set(e, "AndroidManifest.xml: chunk at offset %zu "
			    "out of bounds", off);
			return -1;
		}
		if (type == RES_STRINGS && sp.base == NULL) {
			if (pool_read(buf + off, csize, &sp, e) < 0)
				return -1;
		} else if (type == RES_MAP && sp.map == NULL) {
			sp.map = buf + off + 8;
			sp.nmap = (uint32_t)((csize - 8) / 4);
		} else if (type == RES_START_EL) {
			if (sp.base == NULL) {
				err_set(e, "AndroidManifest.xml: an element "
				    "before the string pool");
				return -1;
			}
			return first_element(&sp, buf + off, csize, out, cap,
			    e);
		}
	}
	err_set(e, "AndroidManifest.xml has no element");
	return -1;
}
