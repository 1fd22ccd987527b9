/* hfs: HFS+ / HFSX (Apple TN1150), read-only, through hfs_dev. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "base/escape.h"
#include "base/hash.h"
#include "walk/hfs.h"

#define VH_OFF		1024
#define HFS_EPOCH	2082844800LL	/* 1904-01-01 to 1970-01-01 */
#define JOURNALED	(1u << 13)
#define UF_COMPRESSED	0x20u
#define CNID_ROOT	2
#define CNID_EXTENTS	3
#define CNID_CATALOG	4
#define CNID_ATTR	8
#define REC_FOLDER	1
#define REC_FILE	2
#define S_TYPE		0170000u
#define S_DIR		0040000u
#define S_REG		0100000u
#define S_LNK		0120000u
#define PIECE		65536
#define FOURCC(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
	(uint32_t)(c) << 8 | (uint32_t)(d))

struct ext {
	uint32_t start, count;
};

struct fork {
	uint64_t size;		/* logical */
	struct ext *x;
	size_t n;
};

/* An extents overflow record: 8 more extents of a fork. */
struct xrec {
	uint32_t id, start;	/* file, first file block it maps */
	uint8_t type;		/* 0 data, 0xff resource */
	unsigned char ext[64];
};

/* A catalog folder or file record. */
struct rec {
	uint32_t parent, id;
	int type;		/* REC_FOLDER, REC_FILE */
	char *name;		/* UTF-8, ":" for "/" */
	int priv;		/* an HFS+ private directory */
	int hidden;		/* inside one (hard link inodes) */
	int met;		/* private: how many records it holds */
	uint16_t mode;
	uint32_t uid, gid, special, fdtype, fdcreator;
	uint8_t oflags;
	int64_t mtime;
	unsigned char data[80], rsrc[80];
	char *path;		/* built on demand */
	int busy;		/* its path is being built */
	int level;		/* directories above it */
	char *first;		/* hard link inode: the path it went to */
};

struct attr {
	uint32_t id;
	char *name;
	uint32_t type;		/* 0x10 inline, 0x20 fork */
	unsigned char *val;	/* inline data, or the fork's 80 bytes */
	size_t len;
};

struct hfs {
	const struct hfs_dev *d;
	struct manifest *m;
	struct err *e;
	uint32_t bs, nblocks;
	struct xrec *xr;
	size_t nxr, capxr;
	struct rec *r;
	size_t nr, capr;
	struct attr *a;
	size_t na, capa;
	unsigned char *buf;	/* PIECE bytes */
};

/* A B-tree being walked. */
struct bt {
	const char *what;	/* "catalog" */
	struct fork f;
	uint32_t ns, total, depth, root, leafrecs, attrs;
	unsigned maxkey;
	unsigned char *visited;	/* one bit per node */
	unsigned char *node;
	uint32_t found;		/* leaf records seen */
	int (*leaf)(struct hfs *h, const unsigned char *key, size_t klen,
	    const unsigned char *rec, size_t rlen);
	/* the catalog's: its leaf keys must rise in the volume's name order */
	int order;		/* 0 not checked, 1 binary, 2 case-insensitive,
				 * -1 from the header's keyCompareType */
	unsigned char prev[2 + 516];	/* the last leaf key */
	size_t prevlen;
};

/* ---- forks ---- */

static int
hread(struct hfs *h, uint64_t off, void *buf, size_t len)
{
	return h->d->read(h->d->ctx, off, buf, len, h->e);
}

static int
add_ext(struct hfs *h, struct fork *f, const unsigned char *p, size_t *cap,
    uint64_t *blocks)
{
	uint32_t s = bytes_be32(p), c = bytes_be32(p + 4);
	struct ext *nx;

	if (c == 0)
		return 0;
	if (s > h->nblocks || c > h->nblocks - s) {
		err_set(h->e, "HFS+ volume: an extent lies outside the "
		    "volume's %" PRIu32 " blocks", h->nblocks);
		return -1;
	}
	if (f->n >= HFS_MAX_EXTENTS) {
		err_set(h->e, "HFS+ volume: a fork of more than %d extents",
		    HFS_MAX_EXTENTS);
		return -1;
	}
	if (f->n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		if ((nx = realloc(f->x, *cap * sizeof(*nx))) == NULL) {
			err_set(h->e, "out of memory");
			return -1;
		}
		f->x = nx;
	}
	f->x[f->n].start = s;
	f->x[f->n++].count = c;
	*blocks += c;
	return 1;
}

static int
xrec_cmp(const void *a, const void *b)
{
	const struct xrec *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return (x->start > y->start) - (x->start < y->start);
}

/* The fork of file id (type 0 data, 0xff resource) from its 80-byte
 * record, continued from the extents overflow file. On failure f
 * holds nothing. */
static int
fork_load(struct hfs *h, const unsigned char *raw, uint32_t id, uint8_t type,
    struct fork *f)
{
	uint64_t blocks = 0, need;
	size_t i, cap = 0;
	int more = 1;

	memset(f, 0, sizeof(*f));
	f->size = bytes_be64(raw);
	need = f->size / h->bs + (f->size % h->bs != 0);
	for (i = 0; i < 8 && blocks < need; i++)
		if (add_ext(h, f, raw + 16 + 8 * i, &cap, &blocks) < 0)
			goto fail;
	while (blocks < need && more) {
		struct xrec key, *x;

		key.id = id;
		key.type = type;
		key.start = (uint32_t)blocks;
		more = 0;
		if (blocks > UINT32_MAX || h->nxr == 0 || (x = bsearch(&key,
		    h->xr, h->nxr, sizeof(*x), xrec_cmp)) == NULL)
			break;
		for (i = 0; i < 8 && blocks < need; i++)
			if (add_ext(h, f, x->ext + 8 * i, &cap, &blocks) < 0)
				goto fail;
		more = 1;
	}
	if (blocks < need) {
		err_set(h->e, "HFS+ volume: file %" PRIu32 " has a fork of "
		    "%" PRIu64 " bytes but extents for %" PRIu64 " blocks",
		    id, f->size, blocks);
		goto fail;
	}
	return 0;
fail:
	free(f->x);
	f->x = NULL;
	return -1;
}

static int
fork_read(struct hfs *h, const struct fork *f, uint64_t off, void *buf,
    size_t len)
{
	unsigned char *o = buf;
	uint64_t base = 0, bytes, in;
	size_t i, n;

	for (i = 0; i < f->n && len > 0; i++) {
		bytes = (uint64_t)f->x[i].count * h->bs;
		if (off >= base + bytes) {
			base += bytes;
			continue;
		}
		in = off - base;
		n = bytes - in < len ? (size_t)(bytes - in) : len;
		if (hread(h, (uint64_t)f->x[i].start * h->bs + in, o, n) < 0)
			return -1;
		o += n;
		off += n;
		len -= n;
		base += bytes;
	}
	if (len > 0) {
		err_set(h->e, "HFS+ volume: read past a fork's extents");
		return -1;
	}
	return 0;
}

/* SHA-256 of a fork's logical bytes. */
static int
fork_hash(struct hfs *h, const struct fork *f, char hex[65])
{
	struct hash hh;
	uint64_t off;
	size_t n;
	int rc = -1;

	if (hash_init(&hh, h->e) < 0)
		return -1;
	for (off = 0; off < f->size; off += n) {
		n = f->size - off < PIECE ? (size_t)(f->size - off) : PIECE;
		if (fork_read(h, f, off, h->buf, n) < 0)
			goto out;
		hash_update(&hh, h->buf, n);
	}
	hash_final(&hh);
	memcpy(hex, hh.hex, 65);
	rc = 0;
out:
	hash_release(&hh);
	return rc;
}

/* ---- B-trees ---- */

static int
bt_fail(struct hfs *h, const struct bt *t, uint32_t node, const char *what)
{
	err_set(h->e, "HFS+ volume: %s B-tree node %" PRIu32 ": %s", t->what,
	    node, what);
	return -1;
}

/* The next unit of a catalog name for the case-insensitive order, or -1
 * when it is not ASCII (or NUL): TN1150's FastUnicodeCompare folds ASCII
 * as tolower does, but skips some other characters and folds the rest by
 * Apple's table, which this reader does not carry, so such a pair of
 * names is not decided. */
static int
fold(unsigned u)
{
	if (u == 0 || u >= 0x80)
		return -1;
	return u >= 'A' && u <= 'Z' ? (int)(u + 32) : (int)u;
}

/* Catalog keys a and b (checked: at least 8 bytes): -1, 0 or 1 as a
 * sorts before, with or after b, or 2 when ci and the names are not
 * decided (fold). */
static int
cat_cmp(const unsigned char *a, size_t alen, const unsigned char *b,
    size_t blen, int ci)
{
	uint32_t pa = bytes_be32(a + 2), pb = bytes_be32(b + 2);
	size_t na = bytes_be16(a + 6), nb = bytes_be16(b + 6), i;
	int x, y;

	if (pa != pb)
		return pa < pb ? -1 : 1;
	na = na < (alen - 8) / 2 ? na : (alen - 8) / 2;
	nb = nb < (blen - 8) / 2 ? nb : (blen - 8) / 2;
	for (i = 0; i < na && i < nb; i++) {
		x = bytes_be16(a + 8 + 2 * i);
		y = bytes_be16(b + 8 + 2 * i);
		if (ci && ((x = fold((unsigned)x)) < 0 ||
		    (y = fold((unsigned)y)) < 0))
			return 2;
		if (x != y)
			return x < y ? -1 : 1;
	}
	if (na == nb)
		return 0;
	if (ci && fold(bytes_be16((na > nb ? a : b) + 8 + 2 * i)) < 0)
		return 2;
	return na < nb ? -1 : 1;
}

/* A leaf key of the catalog after the one before it. */
static int
order_check(struct hfs *h, struct bt *t, uint32_t node,
    const unsigned char *k, size_t klen)
{
	int c;

	if (t->order <= 0 || klen < 8)
		return 0;
	if (t->prevlen > 0 && (c = cat_cmp(t->prev, t->prevlen, k, klen,
	    t->order == 2)) != -1 && c != 2)
		return bt_fail(h, t, node, c == 0 ? "two records with one key "
		    "(a name twice in a folder)" : "keys out of order (names "
		    "not in the volume's order)");
	memcpy(t->prev, k, klen);
	t->prevlen = klen;
	return 0;
}

static int
bt_node(struct hfs *h, struct bt *t, uint32_t node, uint32_t height)
{
	const unsigned char *b = t->node;
	uint16_t nrec, i, o0, o1;
	uint32_t *child = NULL;
	size_t nchild = 0, klen, kfield;
	int kind, rc = -1;

	if (node == 0 || node >= t->total)
		return bt_fail(h, t, node, "outside the tree");
	if (t->visited[node / 8] & (1u << (node % 8)))
		return bt_fail(h, t, node, "reached twice (a cycle)");
	t->visited[node / 8] |= (unsigned char)(1u << (node % 8));
	if (fork_read(h, &t->f, (uint64_t)node * t->ns, t->node, t->ns) < 0)
		return -1;
	kind = (signed char)b[8];
	nrec = bytes_be16(b + 10);
	if ((height == 1 ? kind != -1 : kind != 0) || b[9] != height)
		return bt_fail(h, t, node, "of the wrong kind or height");
	if ((size_t)nrec * 2 + 2 > t->ns - 14u)
		return bt_fail(h, t, node, "too many records");
	if (height > 1 && (child = calloc(nrec + 1u, sizeof(*child))) ==
	    NULL) {
		err_set(h->e, "out of memory");
		return -1;
	}
	for (i = 0; i < nrec; i++) {
		o0 = bytes_be16(b + t->ns - 2 * (i + 1));
		o1 = bytes_be16(b + t->ns - 2 * (i + 2));
		if (o0 < 14 || o1 < o0 + 2 || o1 > t->ns - 2 * (nrec + 1)) {
			bt_fail(h, t, node, "record offsets out of order or "
			    "outside the node");
			goto out;
		}
		kfield = bytes_be16(b + o0);
		klen = height == 1 || (t->attrs & 4) ? kfield + 2 :
		    t->maxkey + 2u;
		if (klen > (size_t)(o1 - o0) || kfield > t->maxkey) {
			bt_fail(h, t, node, "a key longer than its record");
			goto out;
		}
		if (height == 1) {
			t->found++;
			if (t->leaf(h, b + o0, klen, b + o0 + klen,
			    (size_t)(o1 - o0) - klen) < 0 ||
			    order_check(h, t, node, b + o0, klen) < 0)
				goto out;
			continue;
		}
		if ((size_t)(o1 - o0) - klen < 4) {
			bt_fail(h, t, node, "an index record without its "
			    "pointer");
			goto out;
		}
		child[nchild++] = bytes_be32(b + o0 + klen);
	}
	for (i = 0; i < nchild; i++)
		if (bt_node(h, t, child[i], height - 1) < 0)
			goto out;
	rc = 0;
out:
	free(child);
	return rc;
}

/* Walks the tree of fork raw (file id) calling leaf for every leaf
 * record in key order. */
static int
bt_walk(struct hfs *h, struct bt *t, const unsigned char *raw, uint32_t id)
{
	unsigned char hd[106];
	int rc = -1;

	if (fork_load(h, raw, id, 0, &t->f) < 0)
		return -1;
	if (t->f.size == 0) {
		rc = 0;
		goto out;
	}
	if (t->f.size > HFS_MAX_TREE) {
		err_set(h->e, "HFS+ volume: the %s B-tree of %" PRIu64 " bytes "
		    "is past the cap of %u MiB", t->what, t->f.size,
		    HFS_MAX_TREE >> 20);
		goto out;
	}
	if (t->f.size < sizeof(hd))
		goto out_bad;
	if (fork_read(h, &t->f, 0, hd, sizeof(hd)) < 0)
		goto out;
	t->depth = bytes_be16(hd + 14);
	t->root = bytes_be32(hd + 16);
	t->leafrecs = bytes_be32(hd + 20);
	t->ns = bytes_be16(hd + 32);
	t->maxkey = bytes_be16(hd + 34);
	t->total = bytes_be32(hd + 36);
	t->attrs = bytes_be32(hd + 52);
	if (t->order < 0 && hd[51] != 0xCF && hd[51] != 0xBC) {
		err_set(h->e, "HFS+ volume: the %s B-tree's key compare type "
		    "0x%02x is neither 0xCF (case-insensitive) nor 0xBC "
		    "(binary)", t->what, hd[51]);
		goto out;
	}
	if (t->order < 0)
		t->order = hd[51] == 0xBC ? 1 : 2;
	if (hd[8] != 1 || t->ns < 512 || (t->ns & (t->ns - 1)) != 0 ||
	    t->total == 0 || (uint64_t)t->total * t->ns > t->f.size ||
	    t->depth > HFS_MAX_LEVELS || t->maxkey > 516)
		goto out_bad;
	if ((t->visited = calloc(t->total / 8 + 1, 1)) == NULL ||
	    (t->node = malloc(t->ns)) == NULL) {
		err_set(h->e, "out of memory");
		goto out;
	}
	if (t->depth > 0 && bt_node(h, t, t->root, t->depth) < 0)
		goto out;
	if (t->found != t->leafrecs) {
		err_set(h->e, "HFS+ volume: the %s B-tree claims %" PRIu32
		    " leaf records, its nodes hold %" PRIu32, t->what,
		    t->leafrecs, t->found);
		goto out;
	}
	rc = 0;
	goto out;
out_bad:
	err_set(h->e, "HFS+ volume: the %s B-tree has no valid header node",
	    t->what);
out:
	free(t->visited);
	free(t->node);
	free(t->f.x);
	return rc;
}

/* ---- records ---- */

/* UTF-16BE name of n units at p as UTF-8, "/" as ":" (how macOS shows
 * HFS+ names). *nul: it holds U+0000 (only the private directory
 * does). NULL on invalid UTF-16 or no memory. */
static char *
name_utf8(const unsigned char *p, size_t n, int *nul)
{
	char *s = malloc(n * 3 + 1), *o = s;
	uint32_t c, d;
	size_t i;

	*nul = 0;
	if (s == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		c = bytes_be16(p + 2 * i);
		if (c >= 0xd800 && c < 0xdc00 && i + 1 < n &&
		    (d = bytes_be16(p + 2 * i + 2)) >= 0xdc00 && d < 0xe000) {
			c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
			i++;
		} else if (c >= 0xd800 && c < 0xe000) {
			free(s);
			return NULL;
		}
		if (c == 0)
			*nul = 1;
		if (c == '/')
			c = ':';
		if (c < 0x80)
			*o++ = (char)c;
		else if (c < 0x800) {
			*o++ = (char)(0xc0 | c >> 6);
			*o++ = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			*o++ = (char)(0xe0 | c >> 12);
			*o++ = (char)(0x80 | ((c >> 6) & 0x3f));
			*o++ = (char)(0x80 | (c & 0x3f));
		} else {
			*o++ = (char)(0xf0 | c >> 18);
			*o++ = (char)(0x80 | ((c >> 12) & 0x3f));
			*o++ = (char)(0x80 | ((c >> 6) & 0x3f));
			*o++ = (char)(0x80 | (c & 0x3f));
		}
	}
	*o = '\0';
	return s;
}

static int
ext_leaf(struct hfs *h, const unsigned char *k, size_t klen,
    const unsigned char *r, size_t rlen)
{
	struct xrec *n;

	if (klen < 12 || rlen < 64) {
		err_set(h->e, "HFS+ volume: a short extents overflow record");
		return -1;
	}
	if (h->nxr == h->capxr) {
		h->capxr = h->capxr ? h->capxr * 2 : 16;
		if ((n = realloc(h->xr, h->capxr * sizeof(*n))) == NULL) {
			err_set(h->e, "out of memory");
			return -1;
		}
		h->xr = n;
	}
	n = &h->xr[h->nxr++];
	n->type = k[2];
	n->id = bytes_be32(k + 4);
	n->start = bytes_be32(k + 8);
	memcpy(n->ext, r, 64);
	return 0;
}

static int
cat_leaf(struct hfs *h, const unsigned char *k, size_t klen,
    const unsigned char *r, size_t rlen)
{
	struct rec *n;
	size_t nlen;
	int type, nul;

	if (klen < 8 || rlen < 2)
		goto bad;
	type = bytes_be16(r);
	if (type != REC_FOLDER && type != REC_FILE)
		return 0;	/* threads */
	nlen = bytes_be16(k + 6);
	if (klen < 8 + 2 * nlen || rlen < (type == REC_FILE ? 248u : 88u))
		goto bad;
	if (h->nr >= h->m->caps.entries + 2) {
		err_set(h->e, "HFS+ volume: more than %" PRIu64 " catalog "
		    "records", h->m->caps.entries);
		return -1;
	}
	if (h->nr == h->capr) {
		h->capr = h->capr ? h->capr * 2 : 64;
		if ((n = realloc(h->r, h->capr * sizeof(*n))) == NULL) {
			err_set(h->e, "out of memory");
			return -1;
		}
		h->r = n;
	}
	n = &h->r[h->nr];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->parent = bytes_be32(k + 2);
	n->id = bytes_be32(r + 8);
	n->mtime = (int64_t)bytes_be32(r + 16) - HFS_EPOCH;
	n->uid = bytes_be32(r + 32);
	n->gid = bytes_be32(r + 36);
	n->oflags = r[41];
	n->mode = bytes_be16(r + 42);
	n->special = bytes_be32(r + 44);
	n->fdtype = bytes_be32(r + 48);
	n->fdcreator = bytes_be32(r + 52);
	if (type == REC_FILE) {
		memcpy(n->data, r + 88, 80);
		memcpy(n->rsrc, r + 168, 80);
	}
	if ((n->name = name_utf8(k + 8, nlen, &nul)) == NULL) {
		err_set(h->e, "HFS+ volume: a catalog name (in folder %"
		    PRIu32 ") is not valid UTF-16", n->parent);
		return -1;
	}
	h->nr++;
	if (type == REC_FOLDER && n->parent == CNID_ROOT &&
	    ((nlen == 21 && memcmp(n->name, "\0\0\0\0HFS+ Private Data",
	    21) == 0) || strcmp(n->name, ".HFS+ Private Directory Data\r") ==
	    0)) {
		n->priv = 1;
		if (nlen == 21)
			memmove(n->name, n->name + 4, 18);
	} else if (nul || nlen == 0) {
		err_set(h->e, "HFS+ volume: a catalog name (in folder %"
		    PRIu32 ") is empty or holds NUL", n->parent);
		return -1;
	}
	return 0;
bad:
	err_set(h->e, "HFS+ volume: a catalog record shorter than its type");
	return -1;
}

static int
attr_leaf(struct hfs *h, const unsigned char *k, size_t klen,
    const unsigned char *r, size_t rlen)
{
	struct attr *n;
	size_t nlen;
	uint32_t type;
	int nul;

	if (klen < 14 || rlen < 4)
		goto bad;
	nlen = bytes_be16(k + 12);
	type = bytes_be32(r);
	if (klen < 14 + 2 * nlen || (type == 0x10 && (rlen < 16 ||
	    bytes_be32(r + 12) > rlen - 16)) || (type == 0x20 && rlen < 88) ||
	    (type != 0x10 && type != 0x20 && type != 0x30))
		goto bad;
	if (type == 0x30)
		return 0;	/* more extents of a fork attribute */
	if (h->na == h->capa) {
		h->capa = h->capa ? h->capa * 2 : 16;
		if ((n = realloc(h->a, h->capa * sizeof(*n))) == NULL) {
			err_set(h->e, "out of memory");
			return -1;
		}
		h->a = n;
	}
	n = &h->a[h->na];
	memset(n, 0, sizeof(*n));
	n->id = bytes_be32(k + 4);
	n->type = type;
	n->len = type == 0x10 ? bytes_be32(r + 12) : 80;
	if ((n->name = name_utf8(k + 14, nlen, &nul)) == NULL ||
	    (n->val = malloc(n->len + 1)) == NULL) {
		free(n->name);
		err_set(h->e, "HFS+ volume: an attribute name is not valid "
		    "UTF-16");
		return -1;
	}
	memcpy(n->val, type == 0x10 ? r + 16 : r + 8, n->len);
	h->na++;
	return 0;
bad:
	err_set(h->e, "HFS+ volume: a malformed attribute record");
	return -1;
}

/* ---- the tree ---- */

static int
by_id(const void *a, const void *b)
{
	const struct rec *x = *(struct rec *const *)a,
	    *y = *(struct rec *const *)b;

	return (x->id > y->id) - (x->id < y->id);
}

static struct rec *
find_id(struct rec **ix, size_t n, uint32_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ix[mid]->id == id)
			return ix[mid];
		if (ix[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static char *
shown(const char *p)
{
	return escape_dup(p, strlen(p) > 200 ? 200 : strlen(p));
}

/* r's path ("" for the root), built from its parents. */
static const char *
rec_path(struct hfs *h, struct rec **ix, size_t n, struct rec *r, int depth)
{
	struct rec *p;
	const char *pp;
	size_t len;

	if (r->path != NULL)
		return r->path;
	if (r->id == CNID_ROOT && r->type == REC_FOLDER) {
		r->path = strdup("");
		goto done;
	}
	if (r->busy) {
		err_set(h->e, "HFS+ volume: directories in a loop");
		return NULL;
	}
	if (depth > HFS_MAX_DEPTH) {
		err_set(h->e, "HFS+ volume: directories nested deeper than %d",
		    HFS_MAX_DEPTH);
		return NULL;
	}
	p = find_id(ix, n, r->parent);
	if (p == NULL || p->type != REC_FOLDER) {
		err_set(h->e, "HFS+ volume: a catalog record's parent %"
		    PRIu32 " is no folder", r->parent);
		return NULL;
	}
	r->busy = 1;
	pp = rec_path(h, ix, n, p, depth + 1);
	r->busy = 0;
	if (pp == NULL)
		return NULL;
	if ((r->level = p->level + 1) > HFS_MAX_DEPTH) {
		err_set(h->e, "HFS+ volume: directories nested deeper than %d",
		    HFS_MAX_DEPTH);
		return NULL;
	}
	if (p->priv || p->hidden) {
		r->hidden = 1;
		p->met += p->priv;
	}
	len = strlen(pp) + strlen(r->name) + 2;
	if (len > h->m->caps.path + 1) {
		err_set(h->e, "HFS+ volume: a path longer than %" PRIu64
		    " bytes", h->m->caps.path);
		return NULL;
	}
	if ((r->path = malloc(len)) != NULL)
		snprintf(r->path, len, "%s%s%s", pp, pp[0] ? "/" : "", r->name);
done:
	if (r->path == NULL)
		err_set(h->e, "out of memory");
	return r->path;
}

/* ---- entries ---- */

static void
set_facts(struct manifest_entry *ent, const struct rec *r)
{
	ent->mtime = r->mtime;
	ent->has_mtime = 1;
	ent->uid = r->uid;
	ent->gid = r->gid;
}

static unsigned
perm(const struct rec *r)
{
	if (r->mode == 0)	/* no BSD information */
		return r->type == REC_FOLDER ? 0755 : 0644;
	return r->mode & 07777u;
}

/* A fork as the file hook reads it (hfs_dev). */
struct fork_dev {
	struct hfs *h;
	const struct fork *f;
};

static int
fork_dev_read(void *ctx, uint64_t off, void *buf, size_t len, struct err *e)
{
	struct fork_dev *fd = ctx;

	if (off > fd->f->size || len > fd->f->size - off) {
		err_set(e, "HFS+ volume: read past the end of a fork");
		return -1;
	}
	if (fork_read(fd->h, fd->f, off, buf, len) < 0) {
		if (e != fd->h->e)
			*e = *fd->h->e;
		return -1;
	}
	return 0;
}

/* The file's data fork streamed into ent (or handed to the hook). */
static int
stream(struct hfs *h, const struct rec *r, const char *path,
    struct manifest_entry *ent)
{
	struct fork f;
	struct fork_dev fd = { h, &f };
	struct hfs_dev dev = { fork_dev_read, &fd, 0, NULL, NULL };
	uint64_t off;
	size_t n;
	int rc = -1;

	if (fork_load(h, r->data, r->id, 0, &f) < 0)
		return -1;
	dev.size = f.size;
	if (h->d->file != NULL &&
	    (rc = h->d->file(h->d->fctx, path, &dev, h->m, ent, h->e)) != 0) {
		rc = rc < 0 ? -1 : 0;
		goto out;
	}
	rc = -1;
	if (manifest_data_begin(h->m, ent, 0, h->e) < 0)
		goto out;
	for (off = 0; off < f.size; off += n) {
		n = f.size - off < PIECE ? (size_t)(f.size - off) : PIECE;
		if (fork_read(h, &f, off, h->buf, n) < 0 ||
		    manifest_data_update(h->m, h->buf, n, h->e) < 0)
			goto out;
	}
	rc = manifest_data_end(h->m, h->e);
out:
	free(f.x);
	return rc;
}

/* A symlink's target: its data fork. */
static char *
link_target(struct hfs *h, const struct rec *r)
{
	struct fork f;
	char *t = NULL;

	if (fork_load(h, r->data, r->id, 0, &f) < 0)
		return NULL;
	if (f.size > h->m->caps.path)
		err_set(h->e, "HFS+ volume: a symlink target of %" PRIu64
		    " bytes", f.size);
	else if ((t = calloc(1, (size_t)f.size + 1)) == NULL)
		err_set(h->e, "out of memory");
	else if (fork_read(h, &f, 0, t, (size_t)f.size) < 0 ||
	    memchr(t, 0, (size_t)f.size) != NULL) {
		if (memchr(t, 0, (size_t)f.size) != NULL)
			err_set(h->e, "HFS+ volume: a symlink target holds "
			    "NUL");
		free(t);
		t = NULL;
	}
	free(f.x);
	return t;
}

static int
rsrc_record(struct hfs *h, const struct rec *r, const char *path)
{
	struct fork f;
	char hex[65], note[256], *q = NULL;
	int rc = -1;

	if (fork_load(h, r->rsrc, r->id, 0xff, &f) < 0)
		return -1;
	if (f.size == 0) {
		rc = 0;
		goto out;
	}
	if (fork_hash(h, &f, hex) < 0 || (q = shown(path)) == NULL)
		goto out;
	snprintf(note, sizeof(note), "'%s' (offset in the HFS+ volume)", q);
	rc = manifest_outside_add(h->m, "hfs-resource-fork",
	    (uint64_t)f.x[0].start * h->bs, f.size, hex, note, 0, h->e);
out:
	free(q);
	free(f.x);
	return rc;
}

/* The inode "iNodeN" of a file hard link, in the private directory. */
static struct rec *
link_inode(struct hfs *h, const struct rec *link)
{
	char want[32];
	size_t i;

	snprintf(want, sizeof(want), "iNode%" PRIu32, link->special);
	for (i = 0; i < h->nr; i++)
		if (h->r[i].type == REC_FILE && h->r[i].hidden &&
		    strcmp(h->r[i].name, want) == 0)
			return &h->r[i];
	return NULL;
}

static int
add_file(struct hfs *h, struct rec *r, const char *path)
{
	struct manifest_entry *ent;
	struct rec *src = r;
	char *t = NULL;
	int rc = -1;

	if (r->fdtype == FOURCC('f', 'd', 'r', 'p') &&
	    r->fdcreator == FOURCC('M', 'A', 'C', 'S')) {
		err_path_cut(h->e, "HFS+ volume: directory hard link ", path,
		    200, " (not supported)");
		return -1;
	}
	if (r->fdtype == FOURCC('h', 'l', 'n', 'k') &&
	    r->fdcreator == FOURCC('h', 'f', 's', '+')) {
		if ((src = link_inode(h, r)) == NULL) {
			err_path_cut(h->e, "HFS+ volume: hard link ", path,
			    200, " has no inode in the private directory");
			return -1;
		}
		if (src->first != NULL) {
			ent = manifest_add(h->m, path, MF_HARDLINK, perm(src),
			    0, src->first, h->e);
			if (ent == NULL)
				return -1;
			set_facts(ent, src);
			return 0;
		}
		if ((src->first = strdup(path)) == NULL) {
			err_set(h->e, "out of memory");
			return -1;
		}
	}
	if ((src->oflags & UF_COMPRESSED) != 0) {
		err_path_cut(h->e, "HFS+ volume: ", path, 200, " is a "
		    "compressed (decmpfs) file, not supported");
		return -1;
	}
	if ((src->mode & S_TYPE) == S_LNK) {
		if ((t = link_target(h, src)) == NULL)
			goto out;
		ent = manifest_add(h->m, path, MF_SYMLINK, perm(src), 0, t,
		    h->e);
	} else if ((src->mode & S_TYPE) == S_REG || src->mode == 0)
		ent = manifest_add(h->m, path, MF_FILE, perm(src),
		    bytes_be64(src->data), NULL, h->e);
	else
		ent = manifest_add(h->m, path, MF_OTHER, perm(src), 0, NULL,
		    h->e);
	if (ent == NULL)
		goto out;
	set_facts(ent, src);
	if (ent->type == MF_FILE && stream(h, src, path, ent) < 0)
		goto out;
	rc = rsrc_record(h, src, path);
out:
	free(t);
	return rc;
}

/* An outside record for each extended attribute, named by its file. */
static int
xattr_records(struct hfs *h, struct rec **ix)
{
	struct fork f;
	struct hash hh;
	char hex[65], note[256], *q, *qn;
	const struct rec *r;
	const char *path;
	size_t i;
	uint64_t size;
	int rc;

	for (i = 0; i < h->na; i++) {
		struct attr *a = &h->a[i];

		r = find_id(ix, h->nr, a->id);
		path = r == NULL ? NULL : r->hidden ? r->first :
		    r->id == CNID_ROOT ? "." : r->path;
		memset(&f, 0, sizeof(f));
		if (a->type == 0x10) {
			if (hash_init(&hh, h->e) < 0)
				return -1;
			hash_update(&hh, a->val, a->len);
			hash_final(&hh);
			memcpy(hex, hh.hex, sizeof(hex));
			hash_release(&hh);
			size = a->len;
		} else if (fork_load(h, a->val, a->id, 0x7f, &f) < 0 ||
		    fork_hash(h, &f, hex) < 0) {
			free(f.x);
			return -1;
		} else
			size = f.size;
		free(f.x);
		q = shown(path != NULL ? path : "");
		qn = shown(a->name);
		if (path != NULL)
			snprintf(note, sizeof(note), "'%s': %s", q ? q : "?",
			    qn ? qn : "?");
		else
			snprintf(note, sizeof(note), "file %" PRIu32 " (not in "
			    "the catalog, or an unlinked inode): %s", a->id,
			    qn ? qn : "?");
		free(q);
		free(qn);
		rc = manifest_outside_add(h->m, "hfs-xattr", 0, size, hex,
		    note, path == NULL, h->e);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* A journal must hold nothing that macOS would replay over the catalog
 * when it mounts the volume. */
static int
journal_check(struct hfs *h, const unsigned char *vh)
{
	unsigned char jib[52], jh[24];
	uint64_t off, start, end;
	uint32_t magic;
	int le;

	if ((bytes_be32(vh + 4) & JOURNALED) == 0)
		return 0;
	if (hread(h, (uint64_t)bytes_be32(vh + 12) * h->bs, jib,
	    sizeof(jib)) < 0)
		return -1;
	if ((bytes_be32(jib) & 1) == 0) {
		err_set(h->e, "HFS+ volume: its journal lies on another "
		    "device (not supported)");
		return -1;
	}
	off = bytes_be64(jib + 36);
	if (off > h->d->size - sizeof(jh) || hread(h, off, jh,
	    sizeof(jh)) < 0) {
		if (off > h->d->size - sizeof(jh))
			err_set(h->e, "HFS+ volume: its journal lies outside "
			    "the volume");
		return -1;
	}
	magic = bytes_be32(jh);
	le = magic == 0x784c4e4au;
	if (!le && magic != 0x4a4e4c78u) {
		err_set(h->e, "HFS+ volume: no journal header where the "
		    "journal info block says");
		return -1;
	}
	start = le ? bytes_le64(jh + 8) : bytes_be64(jh + 8);
	end = le ? bytes_le64(jh + 16) : bytes_be64(jh + 16);
	if (start != end) {
		err_set(h->e, "HFS+ volume: its journal holds changes not yet "
		    "applied (macOS would replay them over the catalog)");
		return -1;
	}
	return 0;
}

static int
read_header(struct hfs *h, unsigned char *vh)
{
	uint16_t sig, ver;

	if (h->d->size < VH_OFF + 512) {
		err_set(h->e, "HFS+ volume: shorter than its volume header");
		return -1;
	}
	if (hread(h, VH_OFF, vh, 512) < 0)
		return -1;
	sig = bytes_be16(vh);
	ver = bytes_be16(vh + 2);
	if (!((sig == 0x482b && ver == 4) || (sig == 0x4858 && ver == 5))) {
		err_set(h->e, "not an HFS+ or HFSX volume: no 'H+' or 'HX' "
		    "signature at offset 1024");
		return -1;
	}
	h->bs = bytes_be32(vh + 40);
	h->nblocks = bytes_be32(vh + 44);
	if (h->bs < 512 || (h->bs & (h->bs - 1)) != 0 || h->bs > (1u << 20) ||
	    (uint64_t)h->nblocks * h->bs > h->d->size) {
		err_set(h->e, "HFS+ volume: %" PRIu32 " blocks of %" PRIu32
		    " bytes do not fit its %" PRIu64 " bytes", h->nblocks,
		    h->bs, h->d->size);
		return -1;
	}
	return 0;
}

static int
emit(struct hfs *h, struct rec **ix)
{
	struct manifest_entry *ent;
	const char *path;
	char note[256], *q;
	size_t i;

	for (i = 0; i < h->nr; i++)
		if (rec_path(h, ix, h->nr, &h->r[i], 0) == NULL)
			return -1;
	if (find_id(ix, h->nr, CNID_ROOT) == NULL ||
	    find_id(ix, h->nr, CNID_ROOT)->type != REC_FOLDER) {
		err_set(h->e, "HFS+ volume: no root folder");
		return -1;
	}
	for (i = 0; i < h->nr; i++) {
		struct rec *r = &h->r[i];

		path = r->id == CNID_ROOT ? "." : r->path;
		if (r->hidden || r->priv)
			continue;
		if (r->type == REC_FILE) {
			if (add_file(h, r, path) < 0)
				return -1;
			continue;
		}
		if ((ent = manifest_add(h->m, path, MF_DIR, perm(r),
		    MANIFEST_UNKNOWN, NULL, h->e)) == NULL)
			return -1;
		set_facts(ent, r);
	}
	for (i = 0; i < h->nr; i++) {
		if (!h->r[i].priv)
			continue;
		q = shown(h->r[i].name);
		snprintf(note, sizeof(note), "'%s' holds %d hard link "
		    "target%s", q != NULL ? q : "?", h->r[i].met,
		    h->r[i].met == 1 ? "" : "s");
		free(q);
		if (manifest_outside_add(h->m, "hfs-private-directory", 0, 0,
		    "", note, 0, h->e) < 0)
			return -1;
	}
	return xattr_records(h, ix);
}

int
hfs_walk(const struct hfs_dev *d, struct manifest *m, struct err *e)
{
	struct hfs h;
	struct bt t;
	struct rec **ix = NULL;
	unsigned char vh[512];
	size_t i;
	int rc = -1;

	memset(&h, 0, sizeof(h));
	h.d = d;
	h.m = m;
	h.e = e;
	if ((h.buf = malloc(PIECE)) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	if (read_header(&h, vh) < 0 || journal_check(&h, vh) < 0)
		goto out;
	memset(&t, 0, sizeof(t));
	t.what = "extents overflow";
	t.leaf = ext_leaf;
	if (bt_walk(&h, &t, vh + 192, CNID_EXTENTS) < 0)
		goto out;
	if (h.nxr > 0)
		qsort(h.xr, h.nxr, sizeof(*h.xr), xrec_cmp);
	memset(&t, 0, sizeof(t));
	t.what = "catalog";
	t.leaf = cat_leaf;
	t.order = bytes_be16(vh) == 0x482b ? 2 : -1;	/* H+: always */
	if (bt_walk(&h, &t, vh + 272, CNID_CATALOG) < 0)
		goto out;
	memset(&t, 0, sizeof(t));
	t.what = "attributes";
	t.leaf = attr_leaf;
	if (bt_walk(&h, &t, vh + 352, CNID_ATTR) < 0)
		goto out;
	if ((ix = calloc(h.nr + 1, sizeof(*ix))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	for (i = 0; i < h.nr; i++)
		ix[i] = &h.r[i];
	qsort(ix, h.nr, sizeof(*ix), by_id);
	for (i = 1; i < h.nr; i++)
		if (ix[i]->id == ix[i - 1]->id) {
			err_set(e, "HFS+ volume: two catalog records with ID %"
			    PRIu32, ix[i]->id);
			goto out;
		}
	rc = emit(&h, ix);
out:
	free(ix);
	for (i = 0; i < h.nr; i++) {
		free(h.r[i].name);
		free(h.r[i].path);
		free(h.r[i].first);
	}
	for (i = 0; i < h.na; i++) {
		free(h.a[i].name);
		free(h.a[i].val);
	}
	free(h.r);
	free(h.a);
	free(h.xr);
	free(h.buf);
	return rc;
}
