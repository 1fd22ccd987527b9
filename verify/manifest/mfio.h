/* mfio: manifests written and read as BSD mtree (as libarchive writes
 * it), sha256sum lines, or JSON. */
#ifndef EV_MFIO_H
#define EV_MFIO_H

#include <stdio.h>

#include "base/err.h"
#include "manifest/manifest.h"

/* A manifest file larger than this is refused; a JSON one past
 * MFIO_MAX_JSON (jansson holds about 20 times the file in memory). */
#define MFIO_MAX_FILE	((size_t)256 << 20)
#define MFIO_MAX_JSON	((size_t)32 << 20)

/* An entry's mode when the manifest did not give it (sha256sum lines, an
 * mtree or JSON entry without one): outside 07777, never compared. Other
 * unknown facts: size MANIFEST_UNKNOWN, sha256 "", has_mtime 0, uid and
 * gid -1, uname and gname NULL. */
#define MFIO_NO_MODE	0x10000u

enum mfio_format { MFIO_MTREE, MFIO_SHA256SUM, MFIO_JSON };

int mfio_format_parse(const char *s, enum mfio_format *f);
/* Writes a finished manifest. Outside records and marks are written as
 * comments in mtree and sha256sum (so bsdtar and sha256sum -c still
 * read them), as fields in JSON. Fails (e set) if f reports an error;
 * the caller flushes f. */
int mfio_write(FILE *f, const struct manifest *m, enum mfio_format fmt,
    struct err *e) EV_WUR;
/* Returns 1 and reads path as a manifest if it is one of the three
 * formats (detected from its first bytes), 0 if it is not a manifest
 * (an artifact; m is left as it was), -1 on error (a manifest that does
 * not parse: FILE:LINE; a manifest named like an artifact, see
 * mfio_artifact_name). m must be initialised (caps, cancel); sets
 * m->kind to the format's name and calls manifest_finish on success. */
int mfio_read(const char *path, struct manifest *m, struct err *e) EV_WUR;
/* The extension if path is named like an artifact (.tar, .tar.gz, .tgz,
 * .tar.xz, .tar.bz2, .zip, .apk, .AppImage, .exe, .deb, .dmg, in any
 * case), else NULL: such a file is never read as a manifest, so that a
 * manifest cannot pass for the artifact it describes. */
const char *mfio_artifact_name(const char *path);
/* Writes a note (or any text) with control bytes as \xNN: notes are
 * escaped by the walkers, but one read from a manifest file may not be,
 * and must not break a line. */
void mfio_put_note(FILE *f, const char *s);

/* Within the module (mfio.c, mfio_text.c, mfio_mtree.c, mfio_json.c). */
/* A manifest file is sorted by path and does not keep the archive's
 * order: a hard link read from one is taken to come after the entries
 * (its "hardlink-forward" mark, if any, is in the file). */
void mfio_order(struct manifest_entry *ent);
int mfio_sum_line(const char *s, size_t n);	/* a sha256sum line? */
/* Parse buf (len bytes, NUL-terminated, changed in place): 0 or -1. */
int mfio_text_read(const char *path, enum mfio_format fmt, char *buf,
    size_t len, struct manifest *m, struct err *e) EV_WUR;
int mfio_json_write(FILE *f, const struct manifest *m, struct err *e)
    EV_WUR;
int mfio_json_read(const char *path, const char *buf, size_t len,
    struct manifest *m, struct err *e) EV_WUR;	/* 1, 0 not one, -1 */

/* Reading text manifests (mfio_text.c, mfio_mtree.c). */
/* What a line says about an entry; unknown facts as in mfio.h. */
struct mfio_facts {
	int has_type;
	enum manifest_type type;
	unsigned mode;
	uint64_t size;
	char sha256[65];
	char *link;
	int has_mtime;
	int64_t mtime;
	int64_t uid, gid;
	char *uname, *gname;
};

struct mfio_rd {
	const char *path;	/* the manifest file, for messages */
	size_t line;		/* line being read */
	enum mfio_format fmt;
	struct manifest *m;
	struct err *e;
	struct mfio_facts set;	/* mtree: the /set defaults */
	char *cur;		/* mtree: directory of relative names or NULL */
	/* the entry read and not yet added, so that the comment lines
	 * after it can still change it */
	int have;
	size_t pline;
	char *name;
	struct mfio_facts f;
	unsigned flags;
	size_t hline;		/* line of the last "# hostile" mark */
};
void mfio_facts_release(struct mfio_facts *f);
int mfio_facts_copy(struct mfio_facts *dst, const struct mfio_facts *src);
/* Record "FILE:LINE: message" in r->e and return -1; mfio_rd_bad's
 * message is "WHAT 'TOKEN'" at r->line, the start of tok escaped. */
int mfio_rd_err(struct mfio_rd *r, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int mfio_rd_bad(struct mfio_rd *r, const char *what, const char *tok);
int mfio_oom(struct mfio_rd *r);
/* Next blank-separated token of *s, NUL-terminated in place, or NULL. */
char *mfio_token(char **s);
/* mtree escapes decoded in place: 0, -1 malformed (see mfio_text.c). */
int mfio_unescape(char *s);
int mfio_parse_u64(const char *s, uint64_t max, uint64_t *out);
int mfio_parse_sha256(const char *v, char out[65]);
/* Unescapes v into a copy at *dst: 0, -1 malformed, -2 out of memory,
 * -3 longer than max bytes. */
int mfio_set_text(char **dst, char *v, size_t max);
/* Adds the pending entry; starts one named name (taken over, NULL for
 * out of memory) with facts from base, adding the one before. */
int mfio_flush(struct mfio_rd *r);
int mfio_pend(struct mfio_rd *r, char *name, const struct mfio_facts *base);
/* mfio_mtree.c: one KEY=VALUE into f; one mtree line. 0 or -1. */
int mfio_keyword(struct mfio_rd *r, char *kw, struct mfio_facts *f);
int mfio_mtree_line(struct mfio_rd *r, char *s);

#endif
