#include <string.h>

#include "base/artifact.h"

#define T_GZIP "gzip data"
#define T_APPIMAGE "AppImage"
#define T_PE "Windows PE executable"
#define T_ZIP "zip archive"
#define T_DMG "Apple disk image"

/* One kind of release file: PREFIX VERSION SUFFIX (Electrum's release
 * scripts name them so). */
struct release_kind {
	const char *prefix;
	const char *suffix;
	const char *platform;
	const char *type;
};

static const struct release_kind kinds[] = {
	{ "Electrum-", ".tar.gz", "source tarball", T_GZIP },
	{ "Electrum-sourceonly-", ".tar.gz",
	  "source tarball without bundled packages", T_GZIP },
	{ "electrum-", "-x86_64.AppImage", "Linux x86_64 AppImage",
	  T_APPIMAGE },
	{ "electrum-", ".exe", "Windows standalone executable", T_PE },
	{ "electrum-", "-portable.exe", "Windows portable executable", T_PE },
	{ "electrum-", "-setup.exe", "Windows installer", T_PE },
	{ "Electrum-", "-arm64-v8a-release.apk", "Android arm64-v8a APK",
	  T_ZIP },
	{ "Electrum-", "-armeabi-v7a-release.apk", "Android armeabi-v7a APK",
	  T_ZIP },
	{ "Electrum-", "-x86_64-release.apk", "Android x86_64 APK", T_ZIP },
	{ "electrum-", ".dmg", "macOS disk image", T_DMG },
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
	n->type = NULL;
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
		n->type = kinds[i].type;
		return 1;
	}
	return 0;
}

static int
has(const unsigned char *buf, size_t len, size_t off, const char *magic,
    size_t mlen)
{
	return off <= len && mlen <= len - off &&
	    memcmp(buf + off, magic, mlen) == 0;
}

/* "MZ": a PE file has at 0x3c the little-endian offset of "PE\0\0". */
static const char *
detect_mz(const unsigned char *head, size_t head_len)
{
	size_t pe;

	if (head_len < 0x40)
		return "DOS executable";
	pe = (size_t)head[0x3c] | (size_t)head[0x3d] << 8 |
	    (size_t)head[0x3e] << 16 | (size_t)head[0x3f] << 24;
	if (has(head, head_len, pe, "PE\0\0", 4))
		return T_PE;
	return "DOS executable";
}

/* A UDIF disk image ends with a 512-byte trailer that starts "koly". */
static int
is_dmg(const unsigned char *tail, size_t tail_len, uint64_t size)
{
	if (size < 512 || tail_len < 512)
		return 0;
	return memcmp(tail + tail_len - 512, "koly", 4) == 0;
}

const char *
artifact_detect(const unsigned char *head, size_t head_len,
    const unsigned char *tail, size_t tail_len, uint64_t size)
{
	if (size == 0)
		return "empty";
	if (head == NULL)
		head_len = 0;
	if (tail == NULL)
		tail_len = 0;
	if (has(head, head_len, 0, "\x7f" "ELF", 4))
		return has(head, head_len, 8, "AI\x02", 3) ? T_APPIMAGE :
		    "ELF executable";
	if (has(head, head_len, 0, "MZ", 2))
		return detect_mz(head, head_len);
	if (is_dmg(tail, tail_len, size))
		return T_DMG;
	if (has(head, head_len, 0, "\x1f\x8b", 2))
		return T_GZIP;
	if (has(head, head_len, 0, "\xfd" "7zXZ\0", 6))
		return "xz data";
	if (has(head, head_len, 0, "BZh", 3))
		return "bzip2 data";
	if (has(head, head_len, 0, "PK\x03\x04", 4) ||
	    has(head, head_len, 0, "PK\x05\x06", 4))
		return T_ZIP;
	if (has(head, head_len, 257, "ustar", 5))
		return "tar archive";
	if (has(head, head_len, 0, "-----BEGIN PGP", 14))
		return "OpenPGP data";
	return "unknown";
}
