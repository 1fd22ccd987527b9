#include <stdio.h>
#include <string.h>

#include "base/artifact.h"


/* One kind of release file: PREFIX VERSION SUFFIX (Electrum's release
 * scripts name them so). */
struct release_kind {
	const char *prefix;
	const char *suffix;
	const char *platform;
	enum artifact_kind kind;
};

static const struct release_kind kinds[] = {
	{ "Electrum-", ".tar.gz", "source tarball", ARTIFACT_GZIP },
	{ "Electrum-sourceonly-", ".tar.gz",
	  "source tarball without bundled packages", ARTIFACT_GZIP },
	{ "electrum-", "-x86_64.AppImage", "Linux x86_64 AppImage",
	  ARTIFACT_APPIMAGE },
	{ "electrum-", ".exe", "Windows standalone executable", ARTIFACT_PE },
	{ "electrum-", "-portable.exe", "Windows portable executable", ARTIFACT_PE },
	{ "electrum-", "-setup.exe", "Windows installer", ARTIFACT_PE },
	{ "Electrum-", "-arm64-v8a-release.apk", "Android arm64-v8a APK",
	  ARTIFACT_ZIP },
	{ "Electrum-", "-armeabi-v7a-release.apk", "Android armeabi-v7a APK",
	  ARTIFACT_ZIP },
	{ "Electrum-", "-x86_64-release.apk", "Android x86_64 APK", ARTIFACT_ZIP },
	{ "electrum-", ".dmg", "macOS disk image", ARTIFACT_DMG },
};

/* A version is [0-9][0-9A-Za-z.]*: "4.6.2", "4.6.0b1", "4.5.0rc2". */
static int
is_version(const char *s, size_t len)
{
	size_t i;
	char c;

	if (len == 0 || s[0] < '0' || s[0] > '9')
		return 0;
	for (i = 1; i < len; i++) {
		c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c == '.'))
			return 0;
	}
	return 1;
}

/* Returns 1 and the version's place in base if base is PREFIX V SUFFIX. */
static int
match_kind(const char *base, size_t blen, const struct release_kind *k,
    const char **v, size_t *vlen)
{
	size_t pl = strlen(k->prefix), sl = strlen(k->suffix);

	if (blen <= pl + sl)
		return 0;
	if (strncmp(base, k->prefix, pl) != 0 ||
	    strcmp(base + blen - sl, k->suffix) != 0)
		return 0;
	*v = base + pl;
	*vlen = blen - pl - sl;
	return is_version(*v, *vlen);
}

int
artifact_parse_name(const char *base, struct artifact_name *n)
{
	const char *v;
	size_t i, blen, vlen;

	memset(n, 0, sizeof(*n));
	n->kind = ARTIFACT_UNKNOWN;
	if (base == NULL)
		return 0;
	blen = strlen(base);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!match_kind(base, blen, &kinds[i], &v, &vlen))
			continue;
		if (vlen >= sizeof(n->version))
			return 0;
		strcpy(n->product, "Electrum");
		memcpy(n->version, v, vlen);
		n->version[vlen] = '\0';
		strcpy(n->platform, kinds[i].platform);
		n->kind = kinds[i].kind;
		return 1;
	}
	return 0;
}

int
artifact_release_name(size_t i, const char *version, char *out, size_t n)
{
	int r;

	if (i >= sizeof(kinds) / sizeof(kinds[0]))
		return 0;
	r = snprintf(out, n, "%s%s%s", kinds[i].prefix, version,
	    kinds[i].suffix);
	return r >= 0 && (size_t)r < n;
}

static int
has(const struct artifact_bytes *b, size_t off, const char *magic,
    size_t mlen)
{
	return b->head != NULL && off <= b->head_len &&
	    mlen <= b->head_len - off && memcmp(b->head + off, magic, mlen) == 0;
}

static int
sniff_appimage(const struct artifact_bytes *b)
{
	return has(b, 0, "\x7f" "ELF", 4) && has(b, 8, "AI\x02", 3);
}

static int
sniff_elf(const struct artifact_bytes *b)
{
	return has(b, 0, "\x7f" "ELF", 4);
}

/* "MZ" whose e_lfanew (little-endian at 0x3c) names "PE\0\0" after the
 * 64-byte DOS header and within the head: what the PE walker reads. */
static int
sniff_pe(const struct artifact_bytes *b)
{
	uint32_t pe;

	if (!has(b, 0, "MZ", 2) || b->head_len < 0x40)
		return 0;
	pe = (uint32_t)b->head[0x3c] | (uint32_t)b->head[0x3d] << 8 |
	    (uint32_t)b->head[0x3e] << 16 | (uint32_t)b->head[0x3f] << 24;
	return pe >= 0x40 && has(b, pe, "PE\0\0", 4);
}

static int
sniff_dos(const struct artifact_bytes *b)
{
	return has(b, 0, "MZ", 2);
}

/* A UDIF disk image ends with a 512-byte trailer that starts "koly". */
static int
sniff_dmg(const struct artifact_bytes *b)
{
	if (b->size < 512 || b->tail == NULL || b->tail_len < 512)
		return 0;
	return memcmp(b->tail + b->tail_len - 512, "koly", 4) == 0;
}

/* "!<arch>\n", then a first member named debian-binary (GNU "name/" or
 * BSD "name " padding): what dpkg requires. */
static int
sniff_deb(const struct artifact_bytes *b)
{
	return has(b, 0, "!<arch>\ndebian-binary", 21) &&
	    b->head_len >= 24 && (b->head[21] == ' ' || b->head[21] == '/');
}

static int
sniff_gzip(const struct artifact_bytes *b)
{
	return has(b, 0, "\x1f\x8b\x08", 3);	/* deflate, gzip's only method */
}

static int
sniff_xz(const struct artifact_bytes *b)
{
	return has(b, 0, "\xfd" "7zXZ\0", 6);
}

/* "BZh" and a block size, then a block's magic or the end-of-stream
 * magic (an empty stream): more than three letters of text. */
static int
sniff_bzip2(const struct artifact_bytes *b)
{
	return has(b, 0, "BZh", 3) && b->head_len >= 10 &&
	    b->head[3] >= '1' && b->head[3] <= '9' &&
	    (has(b, 4, "1AY&SY", 6) || has(b, 4, "\x17\x72\x45\x38\x50\x90", 6));
}

static int
sniff_zip(const struct artifact_bytes *b)
{
	return has(b, 0, "PK\x03\x04", 4) || has(b, 0, "PK\x05\x06", 4);
}

static int
sniff_tar(const struct artifact_bytes *b)
{
	return has(b, 257, "ustar", 5);
}

static int
sniff_openpgp(const struct artifact_bytes *b)
{
	return has(b, 0, "-----BEGIN PGP", 14);
}

/* The kinds, in the order they are tried: an AppImage is also an ELF, a
 * PE also "MZ", and a disk image may start with compressed data. */
static const struct artifact_type types[] = {
	{ ARTIFACT_APPIMAGE, "AppImage", sniff_appimage, ARTIFACT_HOLDS_FILES },
	{ ARTIFACT_ELF, "ELF executable", sniff_elf, 0 },
	{ ARTIFACT_PE, "Windows PE executable", sniff_pe, 0 },
	{ ARTIFACT_DOS, "DOS executable", sniff_dos, 0 },
	{ ARTIFACT_DMG, "Apple disk image", sniff_dmg,
	    ARTIFACT_HOLDS_FILES },
	{ ARTIFACT_DEB, "Debian package", sniff_deb, 0 },
	{ ARTIFACT_GZIP, "gzip data", sniff_gzip, ARTIFACT_HOLDS_FILES },
	{ ARTIFACT_XZ, "xz data", sniff_xz, ARTIFACT_HOLDS_FILES },
	{ ARTIFACT_BZIP2, "bzip2 data", sniff_bzip2, ARTIFACT_HOLDS_FILES },
	{ ARTIFACT_ZIP, "zip archive", sniff_zip, ARTIFACT_HOLDS_FILES },
	{ ARTIFACT_TAR, "tar archive", sniff_tar, ARTIFACT_HOLDS_FILES },
	{ ARTIFACT_OPENPGP, "OpenPGP data", sniff_openpgp, 0 },
	{ ARTIFACT_EMPTY, "empty", NULL, 0 },
	{ ARTIFACT_UNKNOWN, "unknown", NULL, 0 },
};

#define NTYPES (sizeof(types) / sizeof(types[0]))

const struct artifact_type *
artifact_type(enum artifact_kind k)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (types[i].kind == k)
			return &types[i];
	return &types[NTYPES - 1];
}

const struct artifact_type *
artifact_sniff(const struct artifact_bytes *b)
{
	struct artifact_bytes c = *b;	/* the same bytes for every caller */
	size_t i;

	if (c.size == 0)
		return artifact_type(ARTIFACT_EMPTY);
	if (c.head_len > ARTIFACT_HEAD)
		c.head_len = ARTIFACT_HEAD;
	if (c.tail != NULL && c.tail_len > ARTIFACT_TAIL) {
		c.tail += c.tail_len - ARTIFACT_TAIL;
		c.tail_len = ARTIFACT_TAIL;
	}
	for (i = 0; i < NTYPES; i++)
		if (types[i].sniff != NULL && types[i].sniff(&c))
			return &types[i];
	return artifact_type(ARTIFACT_UNKNOWN);
}

enum artifact_kind
artifact_name_kind(const char *base)
{
	static const struct {
		const char *suffix;
		enum artifact_kind kind;
	} ends[] = {
		{ ".AppImage", ARTIFACT_APPIMAGE }, { ".exe", ARTIFACT_PE },
		{ ".dmg", ARTIFACT_DMG }, { ".apk", ARTIFACT_ZIP },
		{ ".zip", ARTIFACT_ZIP }, { ".deb", ARTIFACT_DEB },
		{ ".tar.gz", ARTIFACT_GZIP }, { ".tgz", ARTIFACT_GZIP },
		{ ".tar.xz", ARTIFACT_XZ }, { ".tar.bz2", ARTIFACT_BZIP2 },
		{ ".tar", ARTIFACT_TAR },
	};
	size_t i, bl = base != NULL ? strlen(base) : 0, sl;

	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		sl = strlen(ends[i].suffix);
		if (bl > sl && strcmp(base + bl - sl, ends[i].suffix) == 0)
			return ends[i].kind;
	}
	return ARTIFACT_UNKNOWN;
}
