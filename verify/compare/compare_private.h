/* compare_private: within the compare module, the report of one
 * comparison (compare_report.c) and its printer (compare_out.c), which
 * release.c and compare.c build on. Not for other modules: they include
 * compare/compare.h. */
#ifndef EV_COMPARE_PRIVATE_H
#define EV_COMPARE_PRIVATE_H

#ifndef COMPARE_PRIVATE
#error "compare/compare_private.h is the compare module's own: include compare/compare.h"
#endif

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "compare/compare.h"

#define RELEASE_SAME UINT64_MAX

/* One side of an --unsigned comparison (release.c): the file, open. */
struct release_side {
	const char *path;
	int fd;
	uint64_t size;
};

/* A byte-for-byte comparison (release.c). */
struct release_bytes {
	uint64_t a_size, b_size;	/* bytes compared on each side */
	uint64_t first_diff;		/* offset, or RELEASE_SAME */
	char a_sha256[65];		/* SHA-256 of A's bytes as compared */
};

/* What differs in a changed entry or outside record. */
#define W_CONTENT	0x01u
#define W_TYPE		0x02u
#define W_MODE		0x04u
#define W_LINK		0x08u
#define W_SHA256	0x10u
#define W_SIZE		0x20u
#define W_MTIME		0x40u	/* reproducibility-only */
#define W_OWNER		0x80u	/* reproducibility-only */

/* Which side lacks a SHA-256 (D_UNVERIFIABLE). */
#define U_A		0x01u
#define U_B		0x02u

/* D_UNVERIFIABLE: a file or outside record whose content cannot be
 * compared, a SHA-256 missing on a side (a difference). D_FORMAT: an
 * outside record, not hostile, on one side only when the two are
 * archives of different formats (a zip's extra fields against a
 * tar.gz): what = U_A or U_B, the side that has it; listed apart, not a
 * difference. */
enum compare_kind { D_PROBLEM, D_ADDED, D_REMOVED, D_CHANGED,
	D_UNVERIFIABLE, D_HOSTILE, D_REPRO, D_FORMAT, D_NKINDS };

struct compare_diff {
	enum compare_kind kind;
	int outside;		/* name is an outside record's */
	const char *name;	/* path or record name, in a manifest */
	unsigned what;		/* W_* bits; MF_* marks for D_HOSTILE; U_*
				 * for D_UNVERIFIABLE */
	char *text;		/* a problem's message, a record's note */
	const struct manifest_entry *ea, *eb;	/* a changed entry's two
				 * sides (sizes, SHA-256), else NULL */
};

/* Facts a manifest may lack; not compared then, and said in a note. */
enum compare_fact { F_MODE, F_SIZE, F_TIME, F_OWNER, F_NFACTS };

#define COMPARE_MAX_NOTES 4

/* Differences are collected first (the verdict line comes first). */
struct compare_report {
	const struct compare_opts *o;
	char *qa, *qb;		/* A and B escaped */
	struct compare_diff *v;
	size_t n, cap;
	size_t count[D_NKINDS];
	size_t entries;		/* A's entries compared */
	char *rule;		/* the --unsigned rule, or NULL */
	char *notes[COMPARE_MAX_NOTES];	/* lines after the rule */
	size_t nnotes;
	int bytes;		/* compared byte for byte: see rb */
	struct release_bytes rb;
	int pe;			/* rb.a_sha256 is the unsigned PE's */
	struct manifest *m[2];	/* manifests the names point into, owned */
	/* set by compare_report_collect: */
	const char *kind[2];	/* A's and B's m->kind, or NULL */
	size_t napp[F_NFACTS];	/* pairs of entries the fact applies to */
	size_t lack[2][F_NFACTS];	/* of those, where A or B lacks it */
	unsigned no_root;	/* U_A or U_B: a side without a root entry
				 * while the other has one */
};

/* Entries and outside records left out of a comparison. */
struct compare_filter {
	int (*skip_entry)(const char *path);
	const char *const *skip_out;	/* NULL-terminated names */
};

int compare_report_init(struct compare_report *r,
    const struct compare_opts *o, struct err *e) EV_WUR;
void compare_report_release(struct compare_report *r);
/* A difference that is not an entry's; names in it already escaped. */
int compare_report_problem(struct compare_report *r, struct err *e,
    const char *fmt, ...) __attribute__((format(printf, 3, 4))) EV_WUR;
/* A line printed after the rule (not a difference). */
int compare_report_note(struct compare_report *r, struct err *e,
    const char *fmt, ...) __attribute__((format(printf, 3, 4))) EV_WUR;
int compare_report_rule(struct compare_report *r, struct err *e,
    const char *rule) EV_WUR;
/* Adds the differences between the finished manifests a and b; fl may
 * be NULL. The report points into a and b: keep them until printed. */
int compare_report_collect(struct compare_report *r,
    const struct manifest *a, const struct manifest *b,
    const struct compare_filter *fl, struct err *e) EV_WUR;
size_t compare_report_differences(const struct compare_report *r);

/* release_dmg.c: the rule of a .dmg (README, compare --unsigned); a's
 * and b's manifests are kept in r->m. 0, or -1 with e set. */
int release_dmg(struct compare_report *r, const struct release_side *a,
    const struct release_side *b, atomic_int *cancel, struct err *e) EV_WUR;

/* compare_out.c: prints the verdict, then the rest, as text or JSON;
 * returns the outcome or -1. */
int compare_out_print(FILE *f, const struct compare_report *r,
    struct err *e) EV_WUR;

#endif
