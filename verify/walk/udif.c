/* udif: the koly trailer, the blkx tables of its property list (read
 * with libxml2, no network, no entities) and their chunks. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/bytes.h"
#include "base/escape.h"
#include "walk/udif.h"
#include "walk/udifdec.h"

#define KOLY_SIZE	512
#define MISH_HEAD	204	/* bytes before the first chunk */
#define MISH_CHUNK	40

#define CT_ZERO		0x00000000u
#define CT_RAW		0x00000001u
#define CT_IGNORE	0x00000002u
#define CT_ADC		0x80000004u
#define CT_ZLIB		0x80000005u
#define CT_BZIP2	0x80000006u
#define CT_LZFSE	0x80000007u
#define CT_LZMA		0x80000008u
#define CT_COMMENT	0x7ffffffeu
#define CT_END		0xffffffffu

struct chunk {
	uint32_t type;
	uint64_t sector, count;	/* within the partition */
	uint64_t off, len;	/* stored bytes, in the file */
};

struct part {
	struct udif_part pub;
	struct chunk *c;
};

struct udif {
	int fd;			/* not owned */
	uint64_t size;
	uint64_t data_off, data_len, xml_off, xml_len, sectors;
	uint64_t cs_off, cs_len;	/* the image's code signature */
	struct part p[UDIF_MAX_PARTS];
	size_t np, nchunks;
	struct udifdec *dec;	/* decompresses the chunks */
	size_t last_part, last_chunk;	/* the chunk read last */
};

/* ---- the property list ---- */

static const char *
type_name(uint32_t t)
{
	switch (t) {
	case CT_ZERO: return "zero-fill";
	case CT_RAW: return "raw";
	case CT_IGNORE: return "ignored";
	case CT_ADC: return "ADC";
	case CT_ZLIB: return "zlib";
	case CT_BZIP2: return "bzip2";
	case CT_LZFSE: return "LZFSE";
	case CT_LZMA: return "LZMA";
	}
	return NULL;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decodes base64 text (white space skipped, "=" only at the end) into
 * a new buffer. 0, or -1 (malformed, out of memory). */
static int
b64_decode(const char *s, unsigned char **out, size_t *outlen)
{
	size_t n = strlen(s), k = 0, pad = 0;
	uint32_t acc = 0;
	unsigned bits = 0;
	unsigned char *b = malloc(n / 4 * 3 + 3);
	int v;

	if (b == NULL)
		return -1;
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			continue;
		if (*s == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = b64val((unsigned char)*s)) < 0)
			goto bad;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			b[k++] = (unsigned char)(acc >> bits);
		}
	}
	if (pad > 2 || bits >= 6)
		goto bad;
	*out = b;
	*outlen = k;
	return 0;
bad:
	free(b);
	return -1;
}

static xmlNode *
next_elem(xmlNode *n)
{
	while (n != NULL && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

static int
is_elem(const xmlNode *n, const char *name)
{
	return n != NULL && strcmp((const char *)n->name, name) == 0;
}

/* The value after <key>name</key> in dict, or NULL. */
static xmlNode *
dict_get(xmlNode *dict, const char *name)
{
	xmlNode *k, *v;
	xmlChar *t;
	int same;

	for (k = next_elem(dict->children); k != NULL;
	    k = next_elem(v->next)) {
		if ((v = next_elem(k->next)) == NULL)
			return NULL;
		if (!is_elem(k, "key"))
			continue;
		t = xmlNodeGetContent(k);
		same = t != NULL && strcmp((const char *)t, name) == 0;
		xmlFree(t);
		if (same)
			return v;
	}
	return NULL;
}

/* ---- the tables ---- */

static int
fail_part(struct err *e, const struct part *p, size_t ci, const char *what)
{
	err_set(e, "UDIF image: partition '%s' chunk %zu: %s", p->pub.name,
	    ci, what);
	return -1;
}

static int
check_chunk(struct udif *u, struct part *p, size_t ci, uint64_t base,
    uint64_t *next, struct err *e)
{
	struct chunk *c = &p->c[ci];
	char what[160];
	const char *tn = type_name(c->type);

	if (c->type == CT_LZFSE || c->type == CT_LZMA || tn == NULL) {
		if (tn != NULL)
			snprintf(what, sizeof(what), "%s chunks are not "
			    "supported (no Debian library reads them)", tn);
		else
			snprintf(what, sizeof(what), "unknown chunk type "
			    "0x%08" PRIx32, c->type);
		return fail_part(e, p, ci, what);
	}
	if (c->sector != *next || c->count == 0 ||
	    c->count > p->pub.sectors - c->sector)
		return fail_part(e, p, ci, "sectors out of order, "
		    "overlapping, empty or past the table's end");
	*next = c->sector + c->count;
	if (c->type == CT_ZERO || c->type == CT_IGNORE)
		return 0;
	if (c->type == CT_RAW ? c->len != c->count * UDIF_SECTOR :
	    (c->len == 0 || c->len > UDIF_MAX_CHUNK ||
	    c->count > UDIF_MAX_CHUNK / UDIF_SECTOR))
		return fail_part(e, p, ci, "stored or decompressed size "
		    "out of bounds (a compressed chunk is at most 16 MiB)");
	if (c->off > UINT64_MAX - base || (c->off += base) < u->data_off ||
	    c->len > u->data_off + u->data_len - c->off)
		return fail_part(e, p, ci, "stored bytes lie outside the "
		    "data fork");
	p->pub.stored += c->len;
	return 0;
}

/* One blkx table ("mish" block). */
static int
read_mish(struct udif *u, struct part *p, const unsigned char *b, size_t n,
    struct err *e)
{
	uint64_t base, next = 0;
	uint32_t nc, i;
	size_t k = 0;

	if (n < MISH_HEAD || memcmp(b, "mish", 4) != 0 ||
	    bytes_be32(b + 4) != 1) {
		err_set(e, "UDIF image: partition '%s' has no valid blkx "
		    "table", p->pub.name);
		return -1;
	}
	p->pub.first = bytes_be64(b + 8);
	p->pub.sectors = bytes_be64(b + 16);
	base = bytes_be64(b + 24);
	nc = bytes_be32(b + 200);
	if (nc > (n - MISH_HEAD) / MISH_CHUNK || nc == 0) {
		err_set(e, "UDIF image: partition '%s': its table claims "
		    "%" PRIu32 " chunks in %zu bytes", p->pub.name, nc, n);
		return -1;
	}
	if (nc > UDIF_MAX_CHUNKS - u->nchunks) {
		err_set(e, "UDIF image: more than %u chunks", UDIF_MAX_CHUNKS);
		return -1;
	}
	if (p->pub.sectors > u->sectors || p->pub.first > u->sectors -
	    p->pub.sectors || u->data_off > UINT64_MAX - base) {
		err_set(e, "UDIF image: partition '%s' lies outside the disk "
		    "of %" PRIu64 " sectors", p->pub.name, u->sectors);
		return -1;
	}
	if ((p->c = calloc(nc, sizeof(*p->c))) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	for (i = 0; i < nc; i++) {
		const unsigned char *q = b + MISH_HEAD + (size_t)i * MISH_CHUNK;
		struct chunk *c = &p->c[k];

		c->type = bytes_be32(q);
		if (c->type == CT_COMMENT)
			continue;
		if (c->type == CT_END)
			break;
		c->sector = bytes_be64(q + 8);
		c->count = bytes_be64(q + 16);
		c->off = bytes_be64(q + 24);
		c->len = bytes_be64(q + 32);
		if (check_chunk(u, p, k, u->data_off + base, &next, e) < 0)
			return -1;
		k++;
	}
	if (next != p->pub.sectors) {
		err_set(e, "UDIF image: partition '%s': its chunks cover "
		    "%" PRIu64 " of its %" PRIu64 " sectors", p->pub.name,
		    next, p->pub.sectors);
		return -1;
	}
	p->pub.nchunks = k;
	u->nchunks += k;
	return 0;
}

/* One <dict> of the blkx array: its Name and its Data. */
static int
read_blkx(struct udif *u, xmlNode *d, struct err *e)
{
	struct part *p;
	xmlNode *nv = dict_get(d, "Name"), *dv = dict_get(d, "Data");
	xmlChar *name = NULL, *data = NULL;
	unsigned char *bin = NULL;
	size_t nbin;
	char *q = NULL;
	int rc = -1;

	if (u->np >= UDIF_MAX_PARTS) {
		err_set(e, "UDIF image: more than %d partitions",
		    UDIF_MAX_PARTS);
		return -1;
	}
	p = &u->p[u->np++];
	if (nv != NULL && (name = xmlNodeGetContent(nv)) != NULL &&
	    (q = escape_dup((const char *)name,
	    strlen((const char *)name))) != NULL)
		snprintf(p->pub.name, sizeof(p->pub.name), "%s", q);
	else
		snprintf(p->pub.name, sizeof(p->pub.name), "#%zu", u->np);
	if (dv == NULL || !is_elem(dv, "data") ||
	    (data = xmlNodeGetContent(dv)) == NULL ||
	    b64_decode((const char *)data, &bin, &nbin) < 0) {
		err_set(e, "UDIF image: partition '%s' has no readable Data",
		    p->pub.name);
		goto out;
	}
	rc = read_mish(u, p, bin, nbin, e);
out:
	free(q);
	free(bin);
	xmlFree(name);
	xmlFree(data);
	return rc;
}

static int
read_plist(struct udif *u, const char *xml, size_t len, struct err *e)
{
	xmlDoc *doc;
	xmlNode *n, *a = NULL;
	int rc = -1;

	doc = xmlReadMemory(xml, (int)len, "plist", NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (doc == NULL) {
		err_set(e, "UDIF image: the property list is not "
		    "well-formed XML");
		return -1;
	}
	if (doc->intSubset != NULL && (doc->intSubset->entities != NULL ||
	    doc->intSubset->children != NULL)) {
		err_set(e, "UDIF image: the property list declares entities "
		    "or elements (refused)");
		goto out;
	}
	n = xmlDocGetRootElement(doc);
	if (is_elem(n, "plist") && is_elem(n = next_elem(n->children),
	    "dict") && is_elem(n = dict_get(n, "resource-fork"), "dict"))
		a = dict_get(n, "blkx");
	if (!is_elem(a, "array")) {
		err_set(e, "UDIF image: the property list has no "
		    "resource-fork/blkx array");
		goto out;
	}
	for (n = next_elem(a->children); n != NULL; n = next_elem(n->next))
		if (!is_elem(n, "dict") || read_blkx(u, n, e) < 0) {
			if (!is_elem(n, "dict"))
				err_set(e, "UDIF image: a blkx item is no "
				    "dict");
			goto out;
		}
	rc = 0;
out:
	xmlFreeDoc(doc);
	return rc;
}

static int
by_first(const void *a, const void *b)
{
	const struct part *x = a, *y = b;

	return (x->pub.first > y->pub.first) - (x->pub.first < y->pub.first);
}

/* Tables in disk order, none overlapping another. */
static int
check_parts(struct udif *u, struct err *e)
{
	size_t i;

	if (u->np == 0) {
		err_set(e, "UDIF image: no blkx tables");
		return -1;
	}
	qsort(u->p, u->np, sizeof(u->p[0]), by_first);
	for (i = 1; i < u->np; i++)
		if (u->p[i].pub.first < u->p[i - 1].pub.first +
		    u->p[i - 1].pub.sectors) {
			err_set(e, "UDIF image: partitions '%s' and '%s' "
			    "overlap", u->p[i - 1].pub.name, u->p[i].pub.name);
			return -1;
		}
	return 0;
}

/* The trailer: magic, version, header size, and where things lie. */
static int
read_koly(struct udif *u, struct err *e)
{
	unsigned char k[KOLY_SIZE];
	uint64_t kp;

	if (u->size < KOLY_SIZE) {
		err_set(e, "UDIF image: shorter than its trailer");
		return -1;
	}
	kp = u->size - KOLY_SIZE;
	if (bytes_read(u->fd, kp, k, sizeof(k), "UDIF trailer", e) < 0)
		return -1;
	if (memcmp(k, "koly", 4) != 0 || bytes_be32(k + 4) != 4 ||
	    bytes_be32(k + 8) != KOLY_SIZE) {
		err_set(e, "UDIF image: no version 4 'koly' trailer in the "
		    "last 512 bytes");
		return -1;
	}
	u->data_off = bytes_be64(k + 24);
	u->data_len = bytes_be64(k + 32);
	u->xml_off = bytes_be64(k + 216);
	u->xml_len = bytes_be64(k + 224);
	u->cs_off = bytes_be64(k + 296);
	u->cs_len = bytes_be64(k + 304);
	u->sectors = bytes_be64(k + 492);
	if (u->data_off > kp || u->data_len > kp - u->data_off ||
	    u->xml_off > kp || u->xml_len > kp - u->xml_off ||
	    (u->cs_len > 0 && (u->cs_off > kp || u->cs_len > kp -
	    u->cs_off))) {
		err_set(e, "UDIF image: the trailer places the data fork, the "
		    "property list or the code signature outside the file");
		return -1;
	}
	if (u->xml_len == 0 || u->xml_len > UDIF_MAX_XML) {
		err_set(e, "UDIF image: property list of %" PRIu64 " bytes "
		    "(none, or more than %u)", u->xml_len, UDIF_MAX_XML);
		return -1;
	}
	if (u->sectors > UDIF_MAX_DISK / UDIF_SECTOR) {
		err_set(e, "UDIF image: a disk of %" PRIu64 " sectors is "
		    "past the cap of 1 TiB", u->sectors);
		return -1;
	}
	return 0;
}

int
udif_open(int fd, uint64_t size, struct udif **out, struct err *e)
{
	struct udif *u = calloc(1, sizeof(*u));
	char *xml = NULL;
	int rc = -1;

	*out = NULL;
	if (u == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	u->fd = fd;
	u->size = size;
	if (read_koly(u, e) < 0)
		goto out;
	if ((xml = malloc(u->xml_len)) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	if (bytes_read(fd, u->xml_off, xml, u->xml_len, "UDIF property list",
	    e) < 0 || read_plist(u, xml, u->xml_len, e) < 0 ||
	    check_parts(u, e) < 0)
		goto out;
	if ((u->dec = udifdec_new(fd)) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	*out = u;
	u = NULL;
	rc = 0;
out:
	free(xml);
	udif_free(u);
	return rc;
}

void
udif_free(struct udif *u)
{
	size_t i;

	if (u == NULL)
		return;
	for (i = 0; i < u->np; i++)
		free(u->p[i].c);
	udifdec_free(u->dec);
	free(u);
}

size_t
udif_nparts(const struct udif *u)
{
	return u->np;
}

const struct udif_part *
udif_part(const struct udif *u, size_t i)
{
	return i < u->np ? &u->p[i].pub : NULL;
}

void
udif_layout(const struct udif *u, uint64_t *xml_off, uint64_t *xml_len,
    uint64_t *koly_off, uint64_t *data_off, uint64_t *data_len)
{
	*xml_off = u->xml_off;
	*xml_len = u->xml_len;
	*koly_off = u->size - KOLY_SIZE;
	*data_off = u->data_off;
	*data_len = u->data_len;
}

void
udif_codesig(const struct udif *u, uint64_t *off, uint64_t *len)
{
	*off = u->cs_len > 0 ? u->cs_off : 0;
	*len = u->cs_len;
}

/* ---- decompression ---- */

/* A compressed chunk as a job for the decoder. */
static int
chunk_job(const struct udif *u, size_t pi, size_t ci,
    struct udifdec_job *j)
{
	const struct chunk *c = &u->p[pi].c[ci];

	if (c->type != CT_ZLIB && c->type != CT_BZIP2 && c->type != CT_ADC)
		return -1;
	j->key = (uint64_t)pi << 32 | ci;
	j->codec = c->type == CT_ZLIB ? UDIFDEC_ZLIB :
	    c->type == CT_BZIP2 ? UDIFDEC_BZIP2 : UDIFDEC_ADC;
	j->off = c->off;
	j->len = c->len;
	j->n = (size_t)c->count * UDIF_SECTOR;
	return 0;
}

/* The decompressed bytes of chunk ci of partition pi; when the read goes
 * on from the chunk before (or the same), the next compressed chunks are
 * decompressed ahead. */
static const unsigned char *
chunk_data(struct udif *u, size_t pi, size_t ci, struct err *e)
{
	struct udifdec_job want, ahead[UDIFDEC_WORKERS];
	const struct part *p = &u->p[pi];
	const struct chunk *c = &p->c[ci];
	const unsigned char *r;
	enum udifdec_why why = UDIFDEC_OK;
	size_t na = 0, k, max = udifdec_ahead(u->dec);
	int errnum = 0;

	(void)chunk_job(u, pi, ci, &want);
	if (u->last_part == pi && (u->last_chunk == ci ||
	    u->last_chunk + 1 == ci))
		for (k = ci + 1; k < p->pub.nchunks && k <= ci + 2 * max &&
		    na < max; k++)
			if (chunk_job(u, pi, k, &ahead[na]) == 0)
				na++;
	u->last_part = pi;
	u->last_chunk = ci;
	if ((r = udifdec_get(u->dec, &want, ahead, na, &why, &errnum)) != NULL)
		return r;
	if (why == UDIFDEC_EREAD)
		err_set(e, "UDIF image: cannot read chunk %zu of partition "
		    "'%s' at offset %" PRIu64 ": %s", ci, p->pub.name,
		    c->off, ERRNO_STR(errnum));
	else if (why == UDIFDEC_EDECODE)
		err_set(e, "UDIF image: %s chunk %zu of partition '%s' at "
		    "offset %" PRIu64 " does not decompress to its %zu bytes",
		    type_name(c->type), ci, p->pub.name, c->off, want.n);
	else
		err_set(e, "out of memory");
	return NULL;
}

/* The chunk holding sector sec (the chunks cover the table in order). */
static size_t
find_chunk(const struct part *p, uint64_t sec)
{
	size_t lo = 0, hi = p->pub.nchunks;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->c[mid].sector <= sec)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

int
udif_read(struct udif *u, size_t pi, uint64_t off, void *buf, size_t len,
    struct err *e)
{
	struct part *p = &u->p[pi];
	unsigned char *o = buf;
	const unsigned char *d;
	uint64_t end = p->pub.sectors * UDIF_SECTOR, in;
	size_t ci, n;

	if (off > end || len > end - off) {
		err_set(e, "UDIF image: read of %zu bytes at %" PRIu64 " past "
		    "the end of partition '%s'", len, off, p->pub.name);
		return -1;
	}
	while (len > 0) {
		struct chunk *c = &p->c[ci = find_chunk(p, off / UDIF_SECTOR)];

		in = off - c->sector * UDIF_SECTOR;
		n = c->count * UDIF_SECTOR - in < len ?
		    (size_t)(c->count * UDIF_SECTOR - in) : len;
		if (c->type == CT_ZERO || c->type == CT_IGNORE)
			memset(o, 0, n);
		else if (c->type == CT_RAW) {
			if (bytes_pread(u->fd, c->off + in, o, n) < 0) {
				err_set(e, "UDIF image: cannot read at "
				    "offset %" PRIu64 ": %s", c->off + in,
				    ERRNO_STR(errno));
				return -1;
			}
		} else {
			if ((d = chunk_data(u, pi, ci, e)) == NULL)
				return -1;
			memcpy(o, d + in, n);
		}
		o += n;
		off += n;
		len -= n;
	}
	return 0;
}
