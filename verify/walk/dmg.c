/* dmg: the volume of a UDIF image, and the image's other bytes as
 * outside records. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "base/escape.h"
#include "base/hash.h"
#include "walk/dmg.h"
#include "walk/hfs.h"
#include "walk/macho.h"
#include "walk/udif.h"

#define PIECE 65536

struct vol {
	struct udif *u;
	size_t part;
};

static int
vol_read(void *ctx, uint64_t off, void *buf, size_t len, struct err *e)
{
	struct vol *v = ctx;

	return udif_read(v->u, v->part, off, buf, len, e);
}

/* The HFS+ partition: by name, else by signature. */
static int
pick(struct udif *u, size_t *out, struct err *e)
{
	size_t i, n = udif_nparts(u), named = 0, signed_ = 0, by_sig = 0;
	unsigned char sig[2];

	for (i = 0; i < n; i++)
		if (strstr(udif_part(u, i)->name, "Apple_HFS") != NULL) {
			*out = i;
			named++;
		}
	if (named == 1)
		return 0;
	if (named > 1) {
		err_set(e, "disk image: %zu HFS+ partitions (one expected)",
		    named);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (udif_part(u, i)->sectors < 3)
			continue;
		if (udif_read(u, i, 1024, sig, 2, e) < 0)
			return -1;
		if (memcmp(sig, "H+", 2) == 0 || memcmp(sig, "HX", 2) == 0) {
			by_sig = i;
			signed_++;
		}
	}
	if (signed_ != 1) {
		err_set(e, "disk image: %s (APFS and other file systems are "
		    "not supported)", signed_ == 0 ? "no HFS+ or HFSX "
		    "partition" : "several HFS+ partitions");
		return -1;
	}
	*out = by_sig;
	return 0;
}

static int
file_record(int fd, struct manifest *m, const char *name, uint64_t off,
    uint64_t len, const char *note, struct err *e)
{
	char hex[65];

	if (bytes_hash_range(fd, off, len, hex, NULL, e) < 0)
		return -1;
	return manifest_outside_add(m, name, off, len, hex, note, 0, e);
}

static int
part_record(struct udif *u, size_t i, struct manifest *m, struct err *e)
{
	const struct udif_part *p = udif_part(u, i);
	uint64_t size = p->sectors * UDIF_SECTOR, off;
	struct hash h;
	unsigned char *buf = NULL;
	char note[256];
	size_t n;
	int rc = -1;

	snprintf(note, sizeof(note), "'%s' (offset and size on the disk, "
	    "decompressed)%s", p->name, size > DMG_MAX_OTHER ?
	    "; hostile: larger than 64 MiB, not hashed" : "");
	if (size > DMG_MAX_OTHER)
		return manifest_outside_add(m, "dmg-partition",
		    p->first * UDIF_SECTOR, size, "", note, 1, e);
	if (hash_init(&h, e) < 0)
		return -1;
	if ((buf = malloc(PIECE)) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	for (off = 0; off < size; off += n) {
		n = size - off < PIECE ? (size_t)(size - off) : PIECE;
		if (udif_read(u, i, off, buf, n, e) < 0)
			goto out;
		hash_update(&h, buf, n);
	}
	hash_final(&h);
	rc = manifest_outside_add(m, "dmg-partition", p->first * UDIF_SECTOR,
	    size, h.hex, note, 0, e);
out:
	free(buf);
	hash_release(&h);
	return rc;
}

/* The trailer, the property list, the other partitions. */
static int
outside(int fd, uint64_t size, struct udif *u, size_t vol,
    struct manifest *m, struct err *e)
{
	uint64_t xo, xl, ko, dof, dl, co, cl, used = 0, left;
	char note[256];
	size_t i;

	udif_layout(u, &xo, &xl, &ko, &dof, &dl);
	udif_codesig(u, &co, &cl);
	for (i = 0; i < udif_nparts(u); i++)
		used += udif_part(u, i)->stored;
	used += xl + cl + (size - ko);
	left = used < size ? size - used : 0;
	snprintf(note, sizeof(note), "%" PRIu64 " byte%s of the file lie in "
	    "no chunk, the property list, the code signature or the trailer",
	    left,
	    left == 1 ? "" : "s");
	if (file_record(fd, m, "udif-trailer", ko, size - ko, note, e) < 0 ||
	    file_record(fd, m, "udif-plist", xo, xl, "", e) < 0 ||
	    (cl > 0 && file_record(fd, m, "udif-code-signature", co, cl,
	    "the image's own code signature (a stapled notarization ticket "
	    "goes into it)", e) < 0))
		return -1;
	for (i = 0; i < udif_nparts(u); i++)
		if (i != vol && part_record(u, i, m, e) < 0)
			return -1;
	return 0;
}

/* ---- Mach-O files without their signatures ---- */

struct strip {
	struct dmg_strip *st;
	struct hash h;		/* over the bytes cut off */
	struct manifest *m;
	struct err *e;
};

static int
to_entry(void *ctx, const void *buf, size_t len)
{
	struct strip *c = ctx;

	return manifest_data_update(c->m, buf, len, c->e);
}

/* The bytes a signed slice loses, into the record's hash. */
static int
hash_cut(struct strip *c, const struct macho_src *src,
    const struct macho_info *mi, struct err *e)
{
	unsigned char buf[4096];
	uint64_t off, end;
	size_t i, n;

	for (i = 0; i < mi->n; i++) {
		if (!mi->s[i].is_signed)
			continue;
		end = mi->s[i].off + mi->s[i].size;
		for (off = mi->s[i].off + mi->s[i].keep; off < end; off += n) {
			n = end - off < sizeof(buf) ? (size_t)(end - off) :
			    sizeof(buf);
			if (src->read(src->ctx, off, buf, n, e) < 0)
				return -1;
			hash_update(&c->h, buf, n);
		}
	}
	return 0;
}

static void
note_path(char *dst, size_t n, const char *path, const char *why)
{
	char *q = escape_dup(path, strlen(path));

	if (why != NULL)
		snprintf(dst, n, "'%s': %s", q != NULL ? q : "?", why);
	else
		snprintf(dst, n, "%s", q != NULL ? q : "?");
	free(q);
}

/* The hfs_dev file hook. A read error while parsing counts the file as
 * not stripping cleanly; hashing it as it is then meets the error too. */
static int
macho_file(void *fctx, const char *path, const struct hfs_dev *fork,
    struct manifest *m, struct manifest_entry *ent, struct err *e)
{
	struct strip *c = fctx;
	struct dmg_strip *st = c->st;
	struct macho_src src = { fork->read, fork->ctx, fork->size };
	struct macho_info *mi = NULL;
	struct err me = { "" };
	unsigned char head[8];
	int rc = -1, adhoc;

	if (fork->size < 8)
		return 0;
	if (fork->read(fork->ctx, 0, head, sizeof(head), e) < 0)
		return -1;
	if (!macho_sniff(head, sizeof(head)))
		return 0;
	st->nmacho++;
	if ((mi = malloc(sizeof(*mi))) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	if (macho_parse(&src, mi, &me) < 0) {
		if (st->nunclean++ == 0)
			note_path(st->first_unclean,
			    sizeof(st->first_unclean), path, me.msg);
		rc = 0;
		goto out;
	}
	adhoc = mi->nsigned > 0 && mi->nadhoc == mi->nsigned;
	if (st->adhoc && adhoc)
		st->nadhoc++;
	else if (mi->nsigned > 0 && st->nsigned++ == 0)
		note_path(st->first_signed, sizeof(st->first_signed), path,
		    NULL);
	if (mi->nsigned == 0 || !st->strip || (st->adhoc && !adhoc)) {
		rc = 0;
		goto out;
	}
	st->nslices += mi->nsigned;
	st->bytes += mi->cut;
	c->m = m;
	c->e = e;
	ent->declared = mi->unsigned_size;
	if (hash_cut(c, &src, mi, e) < 0 ||
	    manifest_data_begin(m, ent, 0, e) < 0 ||
	    macho_unsigned_stream(&src, mi, to_entry, c, e) != 0 ||
	    manifest_data_end(m, e) < 0)
		goto out;
	rc = 1;
out:
	free(mi);
	return rc;
}

static int
walk(const struct walker_input *in, struct manifest *m, struct strip *c,
    struct err *e)
{
	struct vol v = { NULL, 0 };
	int fd = in->fd;
	uint64_t size = in->size;
	struct hfs_dev d;
	int rc = -1;

	snprintf(m->kind, sizeof(m->kind), "dmg");
	if (udif_open(fd, size, &v.u, e) < 0 || pick(v.u, &v.part, e) < 0)
		goto out;
	d.read = vol_read;
	d.ctx = &v;
	d.size = udif_part(v.u, v.part)->sectors * UDIF_SECTOR;
	d.file = c != NULL ? macho_file : NULL;
	d.fctx = c;
	if (hfs_walk(&d, m, e) < 0 || outside(fd, size, v.u, v.part, m, e) < 0)
		goto out;
	rc = 0;
out:
	udif_free(v.u);
	return rc;
}

int
dmg_walk(const struct walker_input *in, struct manifest *m, struct err *e)
{
	return walk(in, m, NULL, e);
}

int
dmg_walk_unsigned(const struct walker_input *in, struct manifest *m,
    struct dmg_strip *st, struct err *e)
{
	struct strip c;
	char note[256];
	size_t nfiles;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	c.st = st;
	st->nmacho = st->nsigned = st->nslices = st->nunclean = 0;
	st->nadhoc = 0;
	st->bytes = 0;
	st->first_signed[0] = st->first_unclean[0] = '\0';
	if (hash_init(&c.h, e) < 0)
		return -1;
	if (walk(in, m, &c, e) < 0)
		goto out;
	hash_final(&c.h);
	nfiles = st->adhoc ? st->nadhoc : st->nsigned;
	snprintf(note, sizeof(note), "%zu %sMach-O file%s, %zu slice%s: "
	    "each slice's code signature and the zero padding before it",
	    nfiles, st->adhoc ? "ad-hoc signed " : "signed ",
	    nfiles == 1 ? "" : "s", st->nslices, st->nslices == 1 ? "" : "s");
	rc = st->strip && nfiles > 0 ? manifest_outside_add(m,
	    "macho-signatures", 0, st->bytes, c.h.hex, note, 0, e) : 0;
out:
	hash_release(&c.h);
	return rc;
}
