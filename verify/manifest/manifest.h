/* manifest: the list of entries inside an artifact (path, type, mode,
 * size, SHA-256, link target), the bytes that lie outside the entries,
 * and the marks that flag hostile entries. Walkers (arc, appimage, pe,
 * apk) fill it while streaming; nothing is extracted to disk. */
#ifndef EV_MANIFEST_H
#define EV_MANIFEST_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <gcrypt.h>

#include "base/err.h"

/* Default caps: a walker stops with a clear error past any of them,
 * whatever the archive's headers claim. */
#define MANIFEST_MAX_ENTRIES	200000
#define MANIFEST_MAX_PATH	4096		/* bytes of one path */
#define MANIFEST_MAX_ENTRY	(2ULL << 30)	/* bytes read for one entry */
#define MANIFEST_MAX_TOTAL	(8ULL << 30)	/* bytes read for all entries */
#define MANIFEST_MAX_OUTSIDE	64		/* outside records */
#define MANIFEST_MAX_OWNER	64		/* bytes of a uname or gname */
#define MANIFEST_UNKNOWN	UINT64_MAX	/* declared size not given */

struct manifest_caps {
	uint64_t entries, path, entry, total;
};

enum manifest_type {
	MF_FILE, MF_DIR, MF_SYMLINK, MF_HARDLINK, MF_OTHER
};

/* Hostile or inconsistent entries; manifest_finish sets the relational
 * ones, manifest_add / manifest_data_end the others. */
#define MF_DOTDOT	0x0001u	/* a ".." component */
#define MF_ABSOLUTE	0x0002u	/* starts with "/" (or a drive letter) */
#define MF_BACKSLASH	0x0004u	/* contains "\" */
#define MF_CONTROL	0x0008u	/* control or bidi character, invalid UTF-8 */
#define MF_DUPLICATE	0x0010u	/* same path as another entry */
#define MF_DUP_FOLDED	0x0020u	/* same as another after NFKC + case fold */
#define MF_BELOW_LINK	0x0040u	/* a parent directory is a symlink */
#define MF_LINK_FORWARD	0x0080u	/* hard link to a path not earlier */
#define MF_LINK_OUTSIDE	0x0100u	/* symlink pointing outside the root */
#define MF_SIZE_LIE	0x0200u	/* bytes read differ from declared size */
#define MF_EMPTY_NAME	0x0400u	/* empty path or empty component */
#define MF_NOT_LISTED	0x0800u	/* .deb: file missing from md5sums */
#define MF_MD5_DIFFERS	0x1000u	/* .deb: content differs from md5sums */
#define MF_DOT_NAME	0x2000u	/* a "." component after the first ("a/./b"),
				 * or a zip name starting with "./" */
#define MF_SPECIAL	0x4000u	/* device, fifo or socket (type MF_OTHER) */
#define MF_XATTR	0x8000u	/* extended attributes, ACLs or file flags
				 * (e.g. security.capability) */
#define MF_SETID	0x10000u /* setuid, setgid or sticky bit in the mode */
#define MF_HOSTILE_MASK	0x1ffffu

struct manifest_entry {
	char *path;		/* canonical: no "./" prefix, no trailing "/";
				 * raw bytes as in the archive otherwise */
	enum manifest_type type;
	unsigned mode;		/* permission bits, 07777 */
	uint64_t size;		/* bytes actually read (files), else 0 */
	uint64_t declared;	/* size the header claimed, or UNKNOWN */
	char sha256[65];	/* files only, else "" */
	char md5[33];		/* .deb data files only, else "" */
	char *link;		/* symlink target (raw) / hard link path
				 * (canonical, like path), or NULL */
	int64_t mtime;		/* reproducibility-only facts */
	int has_mtime;
	int64_t uid, gid;	/* -1 unknown */
	char *uname, *gname;	/* NULL unknown */
	unsigned flags;		/* MF_* marks */
	size_t order;		/* position in the archive */
};

/* Bytes of the artifact that are not an entry: the AppImage runtime, an
 * APK signing block, a PE certificate table, data after the end of a tar
 * or compressed stream. */
struct manifest_outside {
	char name[48];		/* "appimage-runtime", "apk-signing-block",
				 * "pe-certificate-table", "trailing-data" */
	uint64_t offset, size;	/* in the artifact (or stream, see note) */
	char sha256[65];
	char note[256];		/* e.g. the APK block IDs; escaped */
	int hostile;		/* non-zero: manifest exits 1 (unknown block,
				 * non-zero trailing data ...) */
};

struct manifest {
	struct manifest_entry *v;
	size_t n, cap;
	struct manifest_outside out[MANIFEST_MAX_OUTSIDE];
	size_t nout;
	char kind[32];		/* "tar.gz", "zip", "APK", "AppImage", "deb",
				 * "PE", "file", "mtree", "sha256sum", "json" */
	struct manifest_caps caps;
	uint64_t total;		/* bytes read over all entries */
	unsigned flags;		/* union of the entries' marks (after finish) */
	int sorted;		/* set by manifest_finish */
	atomic_int *cancel;	/* non-zero stops a walker; or NULL */
	/* the entry whose data is being hashed */
	struct manifest_entry *cur;
	gcry_md_hd_t md, md5;
	/* The root directory (path "."): its facts when nroot > 0, the
	 * last one given (see manifest_add). It has no marks of its own:
	 * manifest_finish turns marks on it, and nroot > 1, into hostile
	 * outside records ("root-marked", "root-duplicate"). */
	struct manifest_entry root;
	size_t nroot;
	/* Called, when set, with each file entry's path at the start of its
	 * data (buf NULL, len 0) and with every piece of its data, so that a
	 * caller can keep the bytes of the few entries it wants (a version
	 * file) from the same walk; the walker goes on whatever it does. */
	void (*peek)(void *ctx, const char *path, const void *buf,
	    size_t len);
	void *peek_ctx;
};

void manifest_init(struct manifest *m, const struct manifest_caps *caps);
void manifest_release(struct manifest *m);	/* accepts a released m */
void manifest_caps_default(struct manifest_caps *c);

/* Adds an entry for raw archive path 'path' (canonicalised: leading "./"
 * and trailing "/" removed; the raw form decides MF_ABSOLUTE etc.).
 * 'declared' is the header's size or MANIFEST_UNKNOWN; 'link' may be NULL
 * (a hard link's target is canonicalised like a path). Fails past the
 * entry or path caps (link targets count against the path cap too), or
 * while an entry's data is open. The pointer stays valid until the next
 * manifest_add or manifest_finish; the walker may set mtime, uid, gid and
 * (malloc'd, freed by manifest_release) uname and gname through it.
 * The root directory ("." or "./", type MF_DIR) is not listed: the result
 * is then &m->root (a later root overwrites it; m->nroot counts them). A
 * root of another type is listed as "." and marked MF_EMPTY_NAME; an
 * empty name ("", "/") keeps its raw form and is marked MF_EMPTY_NAME.
 * An entry of type MF_OTHER is marked MF_SPECIAL: release artifacts hold
 * no devices, fifos or sockets; one whose mode has a setuid, setgid or
 * sticky bit (07000) is marked MF_SETID (the root too). */
struct manifest_entry *manifest_add(struct manifest *m, const char *path,
    enum manifest_type type, unsigned mode, uint64_t declared,
    const char *link, struct err *e) EV_WUR;

/* Sets ent's uname and gname (copies; NULL leaves one unknown). Fails
 * past MANIFEST_MAX_OWNER bytes, so that no archive can make every entry
 * carry a large name. */
int manifest_set_owner(struct manifest_entry *ent, const char *uname,
    const char *gname, struct err *e) EV_WUR;

/* Streams one file entry's content: begin, update (any number), end.
 * update fails past the per-entry or total caps, or when *m->cancel is
 * set; end fills sha256 (and md5 when want_md5 was set at begin), size,
 * and MF_SIZE_LIE when declared is known and differs. */
int manifest_data_begin(struct manifest *m, struct manifest_entry *ent,
    int want_md5, struct err *e) EV_WUR;
int manifest_data_update(struct manifest *m, const void *buf, size_t len,
    struct err *e) EV_WUR;
int manifest_data_end(struct manifest *m, struct err *e) EV_WUR;

/* Adds an outside record (sha256 is 64 hex digits or ""). */
int manifest_outside_add(struct manifest *m, const char *name,
    uint64_t offset, uint64_t size, const char *sha256, const char *note,
    int hostile, struct err *e) EV_WUR;

/* Sorts by byte-wise path and sets the relational marks (duplicates,
 * folded duplicates, below a symlink, hard links not earlier, symlinks
 * leaving the root) and m->flags; adds the hostile outside records
 * "root-duplicate" (more than one root entry) and "root-marked" (marks
 * on the root entry). Call once, after the last add. The marks are
 * computed in marks.c (marks_apply). */
int manifest_finish(struct manifest *m, struct err *e) EV_WUR;

/* Binary search after finish; the first of duplicates, or NULL. */
const struct manifest_entry *manifest_find(const struct manifest *m,
    const char *path);

/* Non-zero if name holds a C0 control (but \n and \r when keep_newlines),
 * DEL, a C1 control, a bidirectional formatting character (U+061C,
 * U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) or invalid UTF-8: what
 * MF_CONTROL marks. */
int manifest_name_unsafe(const char *name, int keep_newlines);

const char *manifest_type_name(enum manifest_type t);	/* "file", "dir",
				 * "symlink", "hardlink", "other" */
int manifest_type_parse(const char *s, enum manifest_type *t);
/* Short name of one MF_* bit ("dotdot", "absolute", "backslash",
 * "control", "duplicate", "duplicate-folded", "below-symlink",
 * "hardlink-forward", "symlink-outside", "size-mismatch", "empty-name",
 * "not-in-md5sums", "md5-differs", "dot-component", "special-file",
 * "xattr", "setuid-setgid-sticky"), or NULL. */
const char *manifest_flag_name(unsigned bit);
int manifest_flag_parse(const char *name, unsigned *bit);
/* Non-zero if any entry is marked or an outside record is hostile. */
int manifest_hostile(const struct manifest *m);

#endif
