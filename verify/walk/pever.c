#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "walk/pever.h"

#define MAX_SECTIONS	96
#define MAX_VERINFO	65536
#define MAX_DIR_ENTRIES	4096
#define RT_VERSION	16
#define DIR_RESOURCE	2

struct pe {
	int fd;
	uint64_t size;
	unsigned char sect[MAX_SECTIONS * 40];
	unsigned nsect;
	uint32_t rsrc_rva, rsrc_size;
	uint64_t rsrc_off;		/* file offset of the resource tree */
	struct err *e;
};

static int
fail(struct pe *p, const char *what)
{
	err_set(p->e, "PE version resource: %s", what);
	return -1;
}

static int
rd(struct pe *p, uint64_t off, void *buf, size_t len)
{
	if (off > p->size || len > p->size - off ||
	    bytes_pread(p->fd, off, buf, len) < 0)
		return fail(p, "truncated headers or resource");
	return 0;
}

/* File offset of rva (with len bytes after it in the same section). */
static int
rva_off(struct pe *p, uint32_t rva, uint32_t len, uint64_t *off)
{
	const unsigned char *s;
	uint32_t va, raw, ptr;
	unsigned i;

	for (i = 0; i < p->nsect; i++) {
		s = p->sect + i * 40;
		va = bytes_le32(s + 12);
		raw = bytes_le32(s + 16);
		ptr = bytes_le32(s + 20);
		if (rva >= va && rva - va < raw && len <= raw - (rva - va)) {
			*off = (uint64_t)ptr + (rva - va);
			return 0;
		}
	}
	return fail(p, "an address outside the sections");
}

static int
headers(struct pe *p)
{
	unsigned char h[64], coff[24], opt[240];
	uint32_t lfanew, ndirs;
	uint16_t magic, optsize;
	size_t dirs;

	if (rd(p, 0, h, sizeof(h)) < 0)
		return -1;
	lfanew = bytes_le32(h + 0x3c);
	if (rd(p, lfanew, coff, sizeof(coff)) < 0)
		return -1;
	if (memcmp(coff, "PE\0\0", 4) != 0)
		return fail(p, "no PE signature");
	p->nsect = bytes_le16(coff + 6);
	optsize = bytes_le16(coff + 20);
	if (p->nsect > MAX_SECTIONS)
		return fail(p, "too many sections");
	if (optsize > sizeof(opt) || optsize < 2)
		return fail(p, "unexpected optional header size");
	if (rd(p, (uint64_t)lfanew + 24, opt, optsize) < 0)
		return -1;
	magic = bytes_le16(opt);
	dirs = magic == 0x20b ? 112 : magic == 0x10b ? 96 : 0;
	if (dirs == 0 || optsize < dirs)
		return fail(p, "unknown optional header");
	ndirs = bytes_le32(opt + dirs - 4);
	if (rd(p, (uint64_t)lfanew + 24 + optsize, p->sect,
	    (size_t)p->nsect * 40) < 0)
		return -1;
	if (ndirs <= DIR_RESOURCE || optsize < dirs + 8 * (DIR_RESOURCE + 1))
		return 0;
	p->rsrc_rva = bytes_le32(opt + dirs + 8 * DIR_RESOURCE);
	p->rsrc_size = bytes_le32(opt + dirs + 8 * DIR_RESOURCE + 4);
	if (p->rsrc_rva == 0 || p->rsrc_size < 16)
		return 0;
	return rva_off(p, p->rsrc_rva, 16, &p->rsrc_off);
}

/* Entry of the directory at dir (offset in the tree): the one with ID id,
 * or the first one when id < 0. *next: its OffsetToData. 1 found, 0 not,
 * -1 malformed. */
static int
dir_entry(struct pe *p, uint32_t dir, long id, uint32_t *next)
{
	unsigned char d[16], ent[8];
	unsigned named, ids, i;

	if (dir > p->rsrc_size - 16 || rd(p, p->rsrc_off + dir, d, 16) < 0)
		return fail(p, "directory outside the resource section");
	named = bytes_le16(d + 12);
	ids = bytes_le16(d + 14);
	if (named + ids > MAX_DIR_ENTRIES ||
	    (uint64_t)dir + 16 + (uint64_t)(named + ids) * 8 > p->rsrc_size)
		return fail(p, "directory entries outside the resource section");
	for (i = id < 0 ? 0 : named; i < named + ids; i++) {
		if (rd(p, p->rsrc_off + dir + 16 + (uint64_t)i * 8, ent, 8) < 0)
			return -1;
		if (id >= 0 && bytes_le32(ent) != (uint32_t)id)
			continue;
		*next = bytes_le32(ent + 4);
		return 1;
	}
	return 0;
}

/* The RT_VERSION data: type, name, language directories, then data. */
static int
version_data(struct pe *p, unsigned char **buf, size_t *len)
{
	unsigned char de[8];
	uint32_t at = 0, rva, size;
	uint64_t off;
	int r, level;

	for (level = 0; level < 3; level++) {
		r = dir_entry(p, at, level == 0 ? RT_VERSION : -1, &at);
		if (r <= 0)
			return r;
		if (level < 2 && !(at & 0x80000000u))
			return fail(p, "a data entry where a directory belongs");
		at &= 0x7fffffffu;
	}
	if (at & 0x80000000u || at > p->rsrc_size - 8 ||
	    rd(p, p->rsrc_off + at, de, 8) < 0)
		return fail(p, "data entry outside the resource section");
	rva = bytes_le32(de);
	size = bytes_le32(de + 4);
	if (size > MAX_VERINFO)
		size = MAX_VERINFO;
	if (size < 6 || rva_off(p, rva, size, &off) < 0)
		return size < 6 ? fail(p, "VS_VERSION_INFO too short") : -1;
	if ((*buf = malloc(size)) == NULL) {
		err_set(p->e, "out of memory");
		return -1;
	}
	*len = size;
	if (rd(p, off, *buf, size) < 0)
		return -1;
	return 1;
}

/* One version block at [off, end): its key (ASCII) and where its value
 * and its children lie. 0, or -1 if it does not fit. */
struct vblock {
	size_t end, value, vlen, kids;
	char key[32];
	int text;
};

static int
vblock(const unsigned char *b, size_t off, size_t end, struct vblock *v)
{
	size_t len, k, vbytes;
	unsigned c;

	if (off + 6 > end)
		return -1;
	len = bytes_le16(b + off);
	if (len < 6 || len > end - off)
		return -1;
	v->end = off + len;
	v->text = bytes_le16(b + off + 4) == 1;
	vbytes = (size_t)bytes_le16(b + off + 2) * (v->text ? 2 : 1);
	for (k = 0, off += 6; ; k++, off += 2) {
		if (off + 2 > v->end)
			return -1;
		c = bytes_le16(b + off);
		if (c == 0)
			break;
		if (k + 1 < sizeof(v->key))
			v->key[k] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	v->key[k + 1 < sizeof(v->key) ? k : sizeof(v->key) - 1] = '\0';
	off = (off + 2 + 3) & ~(size_t)3;
	v->value = off < v->end ? off : v->end;
	v->vlen = vbytes <= v->end - v->value ? vbytes : v->end - v->value;
	v->kids = (v->value + v->vlen + 3) & ~(size_t)3;
	if (v->kids > v->end)
		v->kids = v->end;
	return 0;
}

static void
utf16_ascii(const unsigned char *b, size_t len, char *out, size_t cap)
{
	size_t k;
	unsigned c;

	for (k = 0; k + 1 < cap && 2 * k + 1 < len; k++) {
		c = bytes_le16(b + 2 * k);
		if (c == 0)
			break;
		out[k] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[k] = '\0';
}

/* Looks through StringFileInfo's string tables for the two keys. */
static int
find_strings(const unsigned char *b, size_t len, char *out, size_t cap)
{
	struct vblock root, sfi, tab, s;
	size_t a, t, i;
	int found = 0;

	if (vblock(b, 0, len, &root) < 0 || strcmp(root.key,
	    "VS_VERSION_INFO") != 0)
		return -1;
	for (a = root.kids; a < root.end; a = (sfi.end + 3) & ~(size_t)3) {
		if (vblock(b, a, root.end, &sfi) < 0)
			return -1;
		if (strcmp(sfi.key, "StringFileInfo") != 0)
			continue;
		for (t = sfi.kids; t < sfi.end; t = (tab.end + 3) & ~(size_t)3) {
			if (vblock(b, t, sfi.end, &tab) < 0)
				return -1;
			for (i = tab.kids; i < tab.end;
			    i = (s.end + 3) & ~(size_t)3) {
				if (vblock(b, i, tab.end, &s) < 0)
					return -1;
				if (strcmp(s.key, "ProductVersion") == 0 ||
				    (!found && strcmp(s.key, "FileVersion") ==
				    0)) {
					utf16_ascii(b + s.value, s.vlen, out, cap);
					if (strcmp(s.key, "ProductVersion") == 0)
						return 1;
					found = 1;
				}
			}
		}
	}
	return found;
}

int
pever_read(int fd, uint64_t file_size, char *out, size_t cap,
    struct err *e)
{
	struct pe *p = calloc(1, sizeof(*p));
	unsigned char *buf = NULL;
	size_t len = 0;
	int rc = -1;

	if (p == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	p->fd = fd;
	p->size = file_size;
	p->e = e;
	out[0] = '\0';
	if (headers(p) < 0)
		goto out;
	rc = 0;
	if (p->rsrc_off == 0 || (rc = version_data(p, &buf, &len)) <= 0)
		goto out;
	if ((rc = find_strings(buf, len, out, cap)) < 0)
		fail(p, "malformed VS_VERSION_INFO");
out:
	free(buf);
	free(p);
	return rc;
}
