/* macho: the code signature of a Mach-O file and the file without it.
 * Layouts from Apple's <mach-o/loader.h> and <mach-o/fat.h> (headers,
 * load commands, fat_arch) and the code signing SuperBlob
 * (CSMAGIC_EMBEDDED_SIGNATURE); where codesign_allocate (cctools,
 * misc/codesign_allocate.c) puts the signature: at the first 16-byte
 * boundary after __LINKEDIT's end, ending the file, __LINKEDIT's filesize
 * grown to it and its vmsize to that rounded up to the segment alignment
 * when it no longer fits, an LC_CODE_SIGNATURE added after the last load
 * command; the symbol and string tables are left as they are. The end of
 * __LINKEDIT before signing is taken as the end of its last data that a
 * load command names. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "walk/macho.h"

#define PIECE 65536

#define MH_MAGIC	0xfeedfaceu
#define MH_MAGIC_64	0xfeedfacfu
#define MH_CIGAM	0xcefaedfeu
#define MH_CIGAM_64	0xcffaedfeu
#define FAT_MAGIC	0xcafebabeu
#define FAT_MAGIC_64	0xcafebabfu
#define CSMAGIC_EMBEDDED_SIGNATURE 0xfade0cc0u
#define CSMAGIC_CODEDIRECTORY	0xfade0c02u
#define CSMAGIC_BLOBWRAPPER	0xfade0b01u	/* the CMS signature */
#define CSSLOT_CODEDIRECTORY	0u
#define CSSLOT_SIGNATURESLOT	0x10000u
#define CS_ADHOC		0x2u
#define ADHOC_MAX_SLOTS		64	/* more: not taken for ad-hoc */

#define LC_SEGMENT		0x1u
#define LC_SYMTAB		0x2u
#define LC_DYSYMTAB		0xbu
#define LC_TWOLEVEL_HINTS	0x16u
#define LC_SEGMENT_64		0x19u
#define LC_CODE_SIGNATURE	0x1du
#define LC_SEGMENT_SPLIT_INFO	0x1eu
#define LC_DYLD_INFO		0x22u
#define LC_DYLD_INFO_ONLY	0x80000022u
#define LC_FUNCTION_STARTS	0x26u
#define LC_DATA_IN_CODE		0x29u
#define LC_DYLIB_CODE_SIGN_DRS	0x2bu
#define LC_LINKER_OPTIMIZATION_HINT 0x2eu
#define LC_DYLD_EXPORTS_TRIE	0x80000033u
#define LC_DYLD_CHAINED_FIXUPS	0x80000034u
#define LC_ATOM_INFO		0x36u

#define CPU_TYPE_ARM64		0x0100000cu
#define CPU_TYPE_ARM64_32	0x0200000cu

#define MAX_ALIGN	16	/* fat slices aligned to at most 64 KiB */

static uint64_t
round_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

static int
rd(const struct macho_src *s, uint64_t off, void *buf, size_t len,
    struct err *e)
{
	if (off > s->size || len > s->size - off) {
		err_set(e, "Mach-O: read past the end of the file (%zu bytes "
		    "at %" PRIu64 ")", len, off);
		return -1;
	}
	return s->read(s->ctx, off, buf, len, e);
}

/* 1 if the len bytes at off are all zero, 0 if not, -1 on error. */
static int
all_zero(const struct macho_src *s, uint64_t off, uint64_t len,
    unsigned char *buf, struct err *e)
{
	size_t n, i;

	for (; len > 0; off += n, len -= n) {
		n = len < PIECE ? (size_t)len : PIECE;
		if (rd(s, off, buf, n, e) < 0)
			return -1;
		for (i = 0; i < n; i++)
			if (buf[i] != 0)
				return 0;
	}
	return 1;
}

int
macho_sniff(const unsigned char *p, size_t n)
{
	uint32_t le, be;

	if (n < 8)
		return 0;
	le = bytes_le32(p);
	be = bytes_be32(p);
	if (le == MH_MAGIC || le == MH_MAGIC_64 || le == MH_CIGAM ||
	    le == MH_CIGAM_64 || be == FAT_MAGIC_64)
		return 1;
	return be == FAT_MAGIC && bytes_be32(p + 4) >= 1 &&
	    bytes_be32(p + 4) <= MACHO_MAX_SLICES;
}

/* What the slice's load commands say. */
struct cmds {
	uint64_t end;		/* of the last __LINKEDIT data seen */
	int le_seen, cs_seen;
	uint64_t le_vmsize, le_filesize;
};

static void
data_end(struct cmds *c, uint64_t off, uint64_t size)
{
	if (size > 0 && off + size > c->end)
		c->end = off + size;
}

/* One load command at p (cmdsize bytes, checked >= 8). */
static int
one_cmd(struct macho_slice *sl, struct cmds *c, const unsigned char *p,
    uint32_t cmdsize, uint64_t at, struct err *e)
{
	static const unsigned char le_name[16] = "__LINKEDIT";
	uint32_t cmd = bytes_le32(p), k;
	int is64 = sl->is64;

	if ((cmd == LC_SEGMENT && cmdsize < 56) || (cmd == LC_SEGMENT_64 &&
	    cmdsize < 72) || (cmd == LC_SYMTAB && cmdsize < 24) ||
	    (cmd == LC_DYSYMTAB && cmdsize < 80) || ((cmd == LC_DYLD_INFO ||
	    cmd == LC_DYLD_INFO_ONLY) && cmdsize < 48)) {
		err_set(e, "Mach-O: load command 0x%" PRIx32 " at %" PRIu64
		    " is too short (%" PRIu32 " bytes)", cmd, at, cmdsize);
		return -1;
	}
	switch (cmd) {
	case LC_SEGMENT:
	case LC_SEGMENT_64:
		if ((cmd == LC_SEGMENT_64) != is64 ||
		    memcmp(p + 8, le_name, 16) != 0)
			break;
		if (c->le_seen++) {
			err_set(e, "Mach-O: two __LINKEDIT segments");
			return -1;
		}
		sl->seg_off = at;
		c->le_vmsize = is64 ? bytes_le64(p + 32) : bytes_le32(p + 28);
		sl->le_fileoff = is64 ? bytes_le64(p + 40) :
		    bytes_le32(p + 32);
		c->le_filesize = is64 ? bytes_le64(p + 48) :
		    bytes_le32(p + 36);
		break;
	case LC_CODE_SIGNATURE:
		if (c->cs_seen++ || cmdsize != 16) {
			err_set(e, "Mach-O: %s", c->cs_seen > 1 ? "two "
			    "LC_CODE_SIGNATURE load commands" :
			    "an LC_CODE_SIGNATURE that is not 16 bytes");
			return -1;
		}
		sl->lc_off = at;
		sl->sig_off = bytes_le32(p + 8);
		sl->sig_size = bytes_le32(p + 12);
		break;
	case LC_SYMTAB:
		data_end(c, bytes_le32(p + 8),
		    (uint64_t)bytes_le32(p + 12) * (is64 ? 16 : 12));
		data_end(c, bytes_le32(p + 16), bytes_le32(p + 20));
		break;
	case LC_DYSYMTAB:
		data_end(c, bytes_le32(p + 32), (uint64_t)bytes_le32(p + 36) *
		    8);
		data_end(c, bytes_le32(p + 40), (uint64_t)bytes_le32(p + 44) *
		    (is64 ? 56 : 52));
		for (k = 48; k <= 56; k += 8)
			data_end(c, bytes_le32(p + k),
			    (uint64_t)bytes_le32(p + k + 4) * 4);
		for (k = 64; k <= 72; k += 8)
			data_end(c, bytes_le32(p + k),
			    (uint64_t)bytes_le32(p + k + 4) * 8);
		break;
	case LC_TWOLEVEL_HINTS:
		if (cmdsize < 16) {
			err_set(e, "Mach-O: load command 0x%" PRIx32 " at %"
			    PRIu64 " is too short", cmd, at);
			return -1;
		}
		data_end(c, bytes_le32(p + 8), (uint64_t)bytes_le32(p + 12) *
		    4);
		break;
	case LC_DYLD_INFO:
	case LC_DYLD_INFO_ONLY:
		for (k = 8; k <= 40; k += 8)
			data_end(c, bytes_le32(p + k), bytes_le32(p + k + 4));
		break;
	case LC_SEGMENT_SPLIT_INFO:
	case LC_FUNCTION_STARTS:
	case LC_DATA_IN_CODE:
	case LC_DYLIB_CODE_SIGN_DRS:
	case LC_LINKER_OPTIMIZATION_HINT:
	case LC_DYLD_EXPORTS_TRIE:
	case LC_DYLD_CHAINED_FIXUPS:
	case LC_ATOM_INFO:
		if (cmdsize < 16) {
			err_set(e, "Mach-O: load command 0x%" PRIx32 " at %"
			    PRIu64 " is too short", cmd, at);
			return -1;
		}
		data_end(c, bytes_le32(p + 8), bytes_le32(p + 12));
		break;
	}
	return 0;
}

static int
walk_cmds(struct macho_slice *sl, struct cmds *c, const unsigned char *p,
    uint64_t hdr, struct err *e)
{
	uint64_t pos = 0;
	uint32_t i, size;

	for (i = 0; i < sl->ncmds; i++) {
		if (sl->sizeofcmds - pos < 8) {
			err_set(e, "Mach-O: %" PRIu32 " load commands do not "
			    "fit in sizeofcmds (%" PRIu32 " bytes)", sl->ncmds,
			    sl->sizeofcmds);
			return -1;
		}
		size = bytes_le32(p + pos + 4);
		if (size < 8 || size % 4 != 0 || size > sl->sizeofcmds - pos) {
			err_set(e, "Mach-O: load command %" PRIu32 " has a bad "
			    "size (%" PRIu32 " bytes)", i, size);
			return -1;
		}
		if (one_cmd(sl, c, p + pos, size, hdr + pos, e) < 0)
			return -1;
		pos += size;
	}
	if (pos != sl->sizeofcmds) {
		err_set(e, "Mach-O: the load commands take %" PRIu64 " of "
		    "sizeofcmds' %" PRIu32 " bytes", pos, sl->sizeofcmds);
		return -1;
	}
	return 0;
}

/* The signature's place and content, by codesign_allocate's rule. */
/* 1 if the slice's SuperBlob (checked to fit) is an ad-hoc signature:
 * its CodeDirectory carries CS_ADHOC and no CMS signature with content
 * sits in the signature slot, as Apple's linker and "codesign -s -"
 * write it; 0 if it may hold a certificate (or reads oddly); -1 on a
 * read error. */
static int
is_adhoc(const struct macho_src *s, const struct macho_slice *sl,
    struct err *e)
{
	unsigned char ent[8], b[16];
	uint64_t base = sl->off + sl->sig_off;
	uint32_t n, i, type, at;
	int cd_adhoc = 0, cms = 0;

	if (rd(s, base + 8, b, 4, e) < 0)
		return -1;
	if ((n = bytes_be32(b)) > ADHOC_MAX_SLOTS)
		return 0;
	for (i = 0; i < n; i++) {
		if (rd(s, base + 12 + (uint64_t)i * 8, ent, 8, e) < 0)
			return -1;
		type = bytes_be32(ent);
		at = bytes_be32(ent + 4);
		if (type != CSSLOT_CODEDIRECTORY && type != CSSLOT_SIGNATURESLOT)
			continue;
		if ((uint64_t)at + 16 > sl->blob_len ||
		    rd(s, base + at, b, 16, e) < 0)
			return (uint64_t)at + 16 > sl->blob_len ? 0 : -1;
		if (type == CSSLOT_CODEDIRECTORY)
			cd_adhoc = bytes_be32(b) == CSMAGIC_CODEDIRECTORY &&
			    (bytes_be32(b + 12) & CS_ADHOC) != 0;
		else if (bytes_be32(b) != CSMAGIC_BLOBWRAPPER ||
		    bytes_be32(b + 4) > 8)
			cms = 1;
	}
	return cd_adhoc && !cms;
}

static int
check_sig(const struct macho_src *s, struct macho_slice *sl,
    const struct cmds *c, uint64_t hdr, unsigned char *buf, struct err *e)
{
	uint64_t page = sl->cputype == CPU_TYPE_ARM64 ||
	    sl->cputype == CPU_TYPE_ARM64_32 ? 0x4000 : 0x1000;
	uint64_t end = sl->sig_off + sl->sig_size;
	unsigned char b[12];
	int z;

	if (sl->lc_off + 16 != hdr + sl->sizeofcmds)
		return err_set(e, "Mach-O: LC_CODE_SIGNATURE is not the last "
		    "load command"), -1;
	if (end > sl->size || sl->sig_off < hdr + sl->sizeofcmds)
		return err_set(e, "Mach-O: LC_CODE_SIGNATURE points outside "
		    "the slice (%" PRIu64 " bytes at %" PRIu64 ", slice of %"
		    PRIu64 ")", sl->sig_size, sl->sig_off, sl->size), -1;
	if (end < sl->size)
		return err_set(e, "Mach-O: %" PRIu64 " bytes after the code "
		    "signature", sl->size - end), -1;
	if (!c->le_seen || sl->le_fileoff < hdr + sl->sizeofcmds ||
	    sl->le_fileoff > sl->size ||
	    c->le_filesize != sl->size - sl->le_fileoff ||
	    sl->sig_off < sl->le_fileoff)
		return err_set(e, "Mach-O: the code signature is not at the "
		    "end of a __LINKEDIT segment that ends the slice"), -1;
	sl->keep = c->end > sl->le_fileoff ? c->end : sl->le_fileoff;
	if (sl->keep > sl->sig_off)
		return err_set(e, "Mach-O: __LINKEDIT data overlaps the code "
		    "signature"), -1;
	if (sl->sig_off % 16 != 0 || sl->sig_off - sl->keep >= 16)
		return err_set(e, "Mach-O: the code signature starts at %"
		    PRIu64 ", not at the first 16-byte boundary after the "
		    "other __LINKEDIT data (%" PRIu64 ")", sl->sig_off,
		    sl->keep), -1;
	if ((z = all_zero(s, sl->off + sl->keep, sl->sig_off - sl->keep, buf,
	    e)) <= 0)
		return z < 0 ? -1 : (err_set(e, "Mach-O: the padding before "
		    "the code signature is not zero"), -1);
	if (sl->sig_size < 12 || rd(s, sl->off + sl->sig_off, b, 12, e) < 0)
		return sl->sig_size < 12 ? (err_set(e, "Mach-O: the code "
		    "signature is %" PRIu64 " bytes", sl->sig_size), -1) : -1;
	sl->blob_len = bytes_be32(b + 4);
	if (bytes_be32(b) != CSMAGIC_EMBEDDED_SIGNATURE ||
	    sl->blob_len < 12 || sl->blob_len > sl->sig_size ||
	    12 + (uint64_t)bytes_be32(b + 8) * 8 > sl->blob_len)
		return err_set(e, "Mach-O: LC_CODE_SIGNATURE's data is no "
		    "code signature SuperBlob that fits it"), -1;
	if ((z = all_zero(s, sl->off + sl->sig_off + sl->blob_len,
	    sl->sig_size - sl->blob_len, buf, e)) <= 0)
		return z < 0 ? -1 : (err_set(e, "Mach-O: bytes after the code "
		    "signature SuperBlob are not zero"), -1);
	if (c->le_vmsize != round_up(c->le_filesize, page))
		return err_set(e, "Mach-O: __LINKEDIT's vmsize %" PRIu64 " is "
		    "not its filesize %" PRIu64 " rounded up to the page",
		    c->le_vmsize, c->le_filesize), -1;
	sl->new_vmsize = round_up(sl->keep - sl->le_fileoff, page);
	return 0;
}

static int
parse_slice(const struct macho_src *s, struct macho_slice *sl, int fat,
    unsigned char *buf, struct err *e)
{
	unsigned char h[32], *cmds = NULL;
	struct cmds c;
	uint32_t magic;
	uint64_t hdr;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	if (sl->size < 28 || rd(s, sl->off, h, 28, e) < 0) {
		if (sl->size < 28)
			err_set(e, "Mach-O: a slice of %" PRIu64 " bytes",
			    sl->size);
		return -1;
	}
	magic = bytes_le32(h);
	if (magic == MH_CIGAM || magic == MH_CIGAM_64) {
		err_set(e, "Mach-O: big-endian Mach-O (not supported)");
		return -1;
	}
	if (magic != MH_MAGIC && magic != MH_MAGIC_64) {
		err_set(e, "Mach-O: no Mach-O header at %" PRIu64, sl->off);
		return -1;
	}
	sl->is64 = magic == MH_MAGIC_64;
	hdr = sl->is64 ? 32 : 28;
	if (fat && bytes_le32(h + 4) != sl->cputype) {
		err_set(e, "Mach-O: the slice at %" PRIu64 " is not of the CPU "
		    "type its fat header names", sl->off);
		return -1;
	}
	sl->cputype = bytes_le32(h + 4);
	sl->ncmds = bytes_le32(h + 16);
	sl->sizeofcmds = bytes_le32(h + 20);
	if (sl->sizeofcmds > MACHO_MAX_CMDS || hdr + sl->sizeofcmds >
	    sl->size) {
		err_set(e, "Mach-O: %" PRIu32 " bytes of load commands (the "
		    "slice has %" PRIu64 ", the cap is %u)", sl->sizeofcmds,
		    sl->size, MACHO_MAX_CMDS);
		return -1;
	}
	if ((cmds = malloc(sl->sizeofcmds + 1)) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	if (rd(s, sl->off + hdr, cmds, sl->sizeofcmds, e) < 0 ||
	    walk_cmds(sl, &c, cmds, hdr, e) < 0)
		goto out;
	sl->is_signed = c.cs_seen;
	sl->keep = sl->size;
	if (sl->is_signed && (check_sig(s, sl, &c, hdr, buf, e) < 0 ||
	    (sl->adhoc = is_adhoc(s, sl, e)) < 0))
		goto out;
	rc = 0;
out:
	free(cmds);
	return rc;
}

/* A fat file's slices: in order, each where lipo would put it. */
static int
parse_fat(const struct macho_src *s, struct macho_info *mi,
    unsigned char *buf, struct err *e)
{
	unsigned char h[8 + 20 * MACHO_MAX_SLICES], *p;
	struct err se = { "" };
	uint64_t prev, want;
	size_t i;
	int z;

	if (rd(s, 0, h, 8, e) < 0)
		return -1;
	if (bytes_be32(h) == FAT_MAGIC_64) {
		err_set(e, "Mach-O: 64-bit fat header (not supported)");
		return -1;
	}
	mi->fat = 1;
	mi->n = bytes_be32(h + 4);
	if (mi->n < 1 || mi->n > MACHO_MAX_SLICES ||
	    rd(s, 8, h + 8, 20 * mi->n, e) < 0) {
		if (mi->n < 1 || mi->n > MACHO_MAX_SLICES)
			err_set(e, "Mach-O: a fat header with %zu slices",
			    mi->n);
		return -1;
	}
	prev = 8 + 20 * mi->n;
	for (i = 0; i < mi->n; i++) {
		p = h + 8 + 20 * i;
		mi->s[i].cputype = bytes_be32(p);
		mi->s[i].off = bytes_be32(p + 8);
		mi->s[i].size = bytes_be32(p + 12);
		mi->s[i].align = bytes_be32(p + 16);
		if (mi->s[i].align > MAX_ALIGN) {
			err_set(e, "Mach-O: fat slice %zu aligned to 2^%" PRIu32,
			    i, mi->s[i].align);
			return -1;
		}
		want = round_up(prev, (uint64_t)1 << mi->s[i].align);
		if (mi->s[i].off != want || mi->s[i].size > s->size ||
		    mi->s[i].off > s->size - mi->s[i].size) {
			err_set(e, "Mach-O: fat slice %zu lies at %" PRIu64
			    " (%" PRIu64 " bytes), not at %" PRIu64 " inside "
			    "the file", i, mi->s[i].off, mi->s[i].size, want);
			return -1;
		}
		if ((z = all_zero(s, prev, want - prev, buf, e)) <= 0)
			return z < 0 ? -1 : (err_set(e, "Mach-O: the bytes "
			    "before fat slice %zu are not zero", i), -1);
		if (parse_slice(s, &mi->s[i], 1, buf, &se) < 0) {
			err_set(e, "%.900s (fat slice %zu)", se.msg, i);
			return -1;
		}
		prev = mi->s[i].off + mi->s[i].size;
	}
	if (prev != s->size) {
		err_set(e, "Mach-O: %" PRIu64 " bytes after the last fat slice",
		    s->size - prev);
		return -1;
	}
	return 0;
}

int
macho_parse(const struct macho_src *s, struct macho_info *mi,
    struct err *e)
{
	unsigned char h[8], *buf = NULL;
	uint64_t at;
	size_t i;
	int rc = -1;

	memset(mi, 0, sizeof(*mi));
	mi->size = s->size;
	if ((buf = malloc(PIECE)) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	if (rd(s, 0, h, 8, e) < 0)
		goto out;
	if (bytes_be32(h) == FAT_MAGIC || bytes_be32(h) == FAT_MAGIC_64) {
		if (parse_fat(s, mi, buf, e) < 0)
			goto out;
	} else {
		mi->n = 1;
		mi->s[0].size = s->size;
		if (parse_slice(s, &mi->s[0], 0, buf, e) < 0)
			goto out;
	}
	at = mi->fat ? 8 + 20 * mi->n : 0;
	for (i = 0; i < mi->n; i++) {
		struct macho_slice *sl = &mi->s[i];

		sl->new_off = mi->fat ? round_up(at, (uint64_t)1 << sl->align) :
		    0;
		at = sl->new_off + sl->keep;
		mi->nsigned += sl->is_signed;
		mi->nadhoc += sl->is_signed && sl->adhoc;
		mi->cut += sl->size - sl->keep;
	}
	mi->unsigned_size = at;
	rc = 0;
out:
	free(buf);
	return rc;
}

/* ---- the unsigned file ---- */

static void
put32(unsigned char *p, uint32_t v, int be)
{
	int i;

	for (i = 0; i < 4; i++)
		p[be ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

static void
put64le(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)v, 0);
	put32(p + 4, (uint32_t)(v >> 32), 0);
}

struct sink {
	const struct macho_src *s;
	int (*out)(void *ctx, const void *buf, size_t len);
	void *ctx;
	unsigned char *buf;
	struct err *e;
};

static int
copy(struct sink *k, uint64_t off, uint64_t len)
{
	size_t n;
	int rc;

	for (; len > 0; off += n, len -= n) {
		n = len < PIECE ? (size_t)len : PIECE;
		if (rd(k->s, off, k->buf, n, k->e) < 0)
			return -1;
		if ((rc = k->out(k->ctx, k->buf, n)) != 0)
			return rc;
	}
	return 0;
}

static int
zeros(struct sink *k, uint64_t len)
{
	size_t n;
	int rc;

	memset(k->buf, 0, PIECE);
	for (; len > 0; len -= n) {
		n = len < PIECE ? (size_t)len : PIECE;
		if ((rc = k->out(k->ctx, k->buf, n)) != 0)
			return rc;
	}
	return 0;
}

/* A signed slice: header and load commands patched, then the bytes up
 * to the end of the last other __LINKEDIT data. */
static int
slice_unsigned(struct sink *k, const struct macho_slice *sl)
{
	uint64_t hdr = sl->is64 ? 32 : 28, head = hdr + sl->sizeofcmds;
	uint64_t fs = sl->keep - sl->le_fileoff;
	unsigned char *p = NULL;
	int rc = -1;

	if ((p = malloc(head)) == NULL) {
		err_set(k->e, "out of memory");
		return -1;
	}
	if (rd(k->s, sl->off, p, head, k->e) < 0)
		goto out;
	put32(p + 16, sl->ncmds - 1, 0);
	put32(p + 20, sl->sizeofcmds - 16, 0);
	memset(p + sl->lc_off, 0, 16);
	if (sl->is64) {
		put64le(p + sl->seg_off + 32, sl->new_vmsize);
		put64le(p + sl->seg_off + 48, fs);
	} else {
		put32(p + sl->seg_off + 28, (uint32_t)sl->new_vmsize, 0);
		put32(p + sl->seg_off + 36, (uint32_t)fs, 0);
	}
	if ((rc = k->out(k->ctx, p, head)) == 0)
		rc = copy(k, sl->off + head, sl->keep - head);
out:
	free(p);
	return rc;
}

int
macho_unsigned_stream(const struct macho_src *s, const struct macho_info *mi,
    int (*out)(void *ctx, const void *buf, size_t len), void *ctx,
    struct err *e)
{
	struct sink k = { s, out, ctx, NULL, e };
	unsigned char h[8 + 20 * MACHO_MAX_SLICES];
	uint64_t at = 0;
	size_t i;
	int rc = -1;

	if ((k.buf = malloc(PIECE)) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	if (mi->nsigned == 0) {
		rc = copy(&k, 0, s->size);
		goto out;
	}
	if (mi->fat) {
		at = 8 + 20 * mi->n;
		if (rd(s, 0, h, at, e) < 0)
			goto out;
		for (i = 0; i < mi->n; i++) {
			put32(h + 8 + 20 * i + 8, (uint32_t)mi->s[i].new_off, 1);
			put32(h + 8 + 20 * i + 12, (uint32_t)mi->s[i].keep, 1);
		}
		if ((rc = out(ctx, h, at)) != 0)
			goto out;
		rc = -1;
	}
	for (i = 0; i < mi->n; i++) {
		const struct macho_slice *sl = &mi->s[i];

		if ((rc = zeros(&k, sl->new_off - at)) != 0 ||
		    (rc = sl->is_signed ? slice_unsigned(&k, sl) :
		    copy(&k, sl->off, sl->size)) != 0)
			goto out;
		at = sl->new_off + sl->keep;
	}
	rc = 0;
out:
	free(k.buf);
	return rc;
}
