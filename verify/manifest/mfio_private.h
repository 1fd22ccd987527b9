/* mfio_private: within the mfio module. The files depend one way, top
 * down: mfio.c (formats, detection, writing) on mfio_json.c and
 * mfio_text.c (sha256sum lines and comments), mfio_text.c on mfio_mtree.c
 * (mtree lines and keywords), and all of them on mfio_rd.c (the readers'
 * shared helpers). Not for other modules: they include manifest/mfio.h. */
#ifndef EV_MFIO_PRIVATE_H
#define EV_MFIO_PRIVATE_H

#ifndef MFIO_PRIVATE
#error "manifest/mfio_private.h is the mfio module's own: include manifest/mfio.h"
#endif

#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "manifest/manifest.h"
#include "manifest/mfio.h"

/* mfio_rd.c */
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
enum mfio_status mfio_json_read(const char *path, const char *buf,
    size_t len, struct manifest *m, struct err *e) EV_WUR;

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
void mfio_facts_init(struct mfio_facts *f);	/* all unknown */
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
