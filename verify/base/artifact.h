/* artifact: what a downloaded file claims to be (from its name) and what
 * it is (from its bytes): the one table of the kinds of file the tool
 * tells apart. Every front end and walker decides by kind, never by the
 * words a kind is printed with. */
#ifndef EV_ARTIFACT_H
#define EV_ARTIFACT_H

#include <stddef.h>
#include <stdint.h>

/* The bytes looked at: at most the first ARTIFACT_HEAD and the last
 * ARTIFACT_TAIL of a file. */
#define ARTIFACT_HEAD	4096
#define ARTIFACT_TAIL	512

enum artifact_kind {
	ARTIFACT_UNKNOWN,	/* none of the others */
	ARTIFACT_EMPTY,		/* no bytes at all */
	ARTIFACT_APPIMAGE,	/* ELF with "AI\2" at offset 8 */
	ARTIFACT_ELF,		/* any other ELF */
	ARTIFACT_PE,		/* "MZ", e_lfanew >= 64 naming "PE\0\0" */
	ARTIFACT_DOS,		/* "MZ" and no such PE header */
	ARTIFACT_DMG,		/* a UDIF "koly" trailer in the last 512 */
	ARTIFACT_DEB,		/* an ar whose first member is debian-binary */
	ARTIFACT_GZIP,		/* 1f 8b 08 */
	ARTIFACT_XZ,		/* fd "7zXZ" 00 */
	ARTIFACT_BZIP2,		/* "BZh1".."BZh9", then a block or the end */
	ARTIFACT_ZIP,		/* "PK\3\4" or "PK\5\6"; APKs are zips */
	ARTIFACT_TAR,		/* "ustar" at 257 */
	ARTIFACT_OPENPGP	/* "-----BEGIN PGP" */
};

/* The bytes of a file a kind is told from. */
struct artifact_bytes {
	const unsigned char *head;	/* the first head_len bytes, or NULL */
	size_t head_len;
	const unsigned char *tail;	/* the last tail_len bytes, or NULL */
	size_t tail_len;
	uint64_t size;			/* of the whole file */
};

#define ARTIFACT_HOLDS_FILES	0x1u	/* worth listing what is inside */

/* One row of the table. */
struct artifact_type {
	enum artifact_kind kind;
	const char *name;	/* as reports print it: "AppImage" */
	/* 1 if b is of this kind; NULL for the kinds sniff never returns
	 * from a row (empty, unknown) */
	int (*sniff)(const struct artifact_bytes *b);
	unsigned flags;		/* ARTIFACT_* */
};

/* The kind of a file from its bytes: the first row whose sniff matches,
 * in the table's order (README.md, "Kinds of file"). Never NULL. */
const struct artifact_type *artifact_sniff(const struct artifact_bytes *b);
/* The row of kind k; never NULL (ARTIFACT_UNKNOWN's for a bad k). */
const struct artifact_type *artifact_type(enum artifact_kind k);

struct artifact_name {
	char product[32];	/* "Electrum" */
	char version[32];	/* "4.6.2" */
	char platform[64];	/* "Linux x86_64 AppImage", "Windows installer" */
	enum artifact_kind kind;	/* the kind the name implies */
};

/* Parses an Electrum release file name (base name only). Returns 1 and
 * fills n if it is one, else 0. */
int artifact_parse_name(const char *base, struct artifact_name *n);

/* The kind a file name's ending promises (any name, not only a release
 * name): ".AppImage" AppImage, ".exe" PE, ".dmg" DMG, ".apk" and ".zip"
 * ZIP, ".deb" DEB, ".tar.gz" and ".tgz" GZIP, ".tar.xz" XZ, ".tar.bz2"
 * BZIP2, ".tar" TAR; else ARTIFACT_UNKNOWN. */
enum artifact_kind artifact_name_kind(const char *base);

/* The i-th of Electrum's release file names for version (i from 0):
 * 1 and the name in out (n bytes), or 0 past the last kind or when it
 * does not fit. */
int artifact_release_name(size_t i, const char *version, char *out,
    size_t n);

#endif
