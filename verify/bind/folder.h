/* folder: a whole downloaded release folder, laid out like Electrum's
 * download directory: the artifacts of one version, each with X.asc
 * and/or the per-signer X.SIGNER.asc. Each artifact is checked as
 * bind_file checks one file (the artifacts in parallel, one thread per
 * core); each combined X.asc is compared with the union of its split
 * files; the files missing from, or extra to, Electrum's naming for that
 * version are listed. Front ends print the matrix. */
#ifndef EV_FOLDER_H
#define EV_FOLDER_H

#include <stddef.h>

#include "base/err.h"
#include "trust/verify.h"

#define FOLDER_MAX_FILES	256	/* directory entries read */
#define FOLDER_MAX_ARTIFACTS	32

struct folder_artifact {
	char *path;			/* DIR/NAME */
	char name[256];			/* NAME, escaped */
	int rc;				/* bind_file's result */
	struct err e;			/* why, when rc != 0 */
	struct verify_result r;
	int has_combined;		/* NAME.asc is there */
	size_t nsplit;			/* NAME.SIGNER.asc files there */
	int split_match;		/* 1 NAME.asc holds exactly the
					 * signatures of the split files, 0 it
					 * does not, -1 nothing to compare */
	char split_note[512];		/* how they differ (escaped) */
};

struct folder_result {
	char version[32];		/* of the first artifact, "" none */
	int mixed;			/* artifacts of another version too */
	struct folder_artifact *a;
	size_t na;
	char **missing;			/* Electrum's names not there */
	size_t nmissing;
	char **extra;			/* files that are neither (escaped) */
	size_t nextra;
};

void folder_result_init(struct folder_result *fr);
void folder_result_release(struct folder_result *fr);

/* Audits dir with the options of o (o->file and o->sig are not used).
 * 0 with fr filled (each artifact's own result in it), or -1 with e set
 * when the folder cannot be read (or holds more than FOLDER_MAX_FILES
 * entries or FOLDER_MAX_ARTIFACTS artifacts), or when cancelled. */
int folder_check(const char *dir, const struct verify_opts *o,
    struct folder_result *fr, struct err *e) EV_WUR;

/* VERIFIED when there is at least one artifact, all of one version,
 * every one verified and no combined .asc differs from its split files;
 * else NOT_VERIFIED (ERROR when an artifact could not be checked). The
 * reason in words into why. */
enum verdict folder_verdict(const struct folder_result *fr, char *why,
    size_t n);

/* The matrix of files x signers, for every front end: the signers
 * seen over the folder (counted or BAD, by pinned name, in the order
 * met), at most FOLDER_MAX_SIGNERS. */
#define FOLDER_MAX_SIGNERS 64

struct folder_signers {
	const char *v[FOLDER_MAX_SIGNERS];	/* point into fr's results */
	size_t n;
};

void folder_signers_of(const struct folder_result *fr,
    struct folder_signers *s);

enum folder_cell {
	FOLDER_CELL_NONE,	/* "-": no counted or BAD signature */
	FOLDER_CELL_GOOD,	/* "good": counted */
	FOLDER_CELL_BAD		/* "BAD" */
};

/* What signer's signatures on artifact a are; and the cell's word. */
enum folder_cell folder_cell(const struct folder_artifact *a,
    const char *signer);
const char *folder_cell_word(enum folder_cell c);

/* Whether signer's signature counts on every artifact (and there is
 * one). */
int folder_signed_every(const struct folder_result *fr, const char *signer);

/* An artifact's verdict: ERROR when it could not be checked. */
enum verdict folder_row_verdict(const struct folder_artifact *a);

#endif
