/* sums: a signed checksum list (check --sums SHA256SUMS), as Bitcoin
 * Core and many projects publish: the list's signatures are checked
 * under the same pinning and --min-sigs rules as a release file (a
 * text-mode signature, class 0x01, counts here and only here), then
 * every listed file that is in the list's folder is hashed (in
 * parallel) and compared, name for name, byte for byte. Files listed
 * but absent, and files present but not listed, are reported. */
#ifndef EV_SUMS_H
#define EV_SUMS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "trust/verify.h"

#define SUMS_MAX_DIR	4096	/* entries read from the list's folder */

enum sums_state {
	SUMS_MATCH,		/* here, and its SHA-256 is the listed one */
	SUMS_CHANGED,		/* here, another SHA-256 */
	SUMS_MISSING,		/* listed, not here */
	SUMS_ERROR		/* here, could not be read (or not a regular
				 * file: a link is not followed) */
};

struct sums_file {
	char *name;			/* escaped, for printing */
	char listed[65];		/* the list's SHA-256 */
	char sha256[65];		/* the file's, "" when not read */
	uint64_t size;
	enum sums_state state;
	char error[320];		/* SUMS_ERROR: why (escaped) */
};

struct sums_result {
	int clear_signed;		/* the list carries its signatures */
	struct verify_result list;	/* the list's own check */
	int disagree;			/* --cross-check: the engines differ */
	char refused[1024];		/* the list cannot be read as one:
					 * why (escaped); "" when it can */
	int checked;			/* the files were looked at (only for
					 * a verified, well-formed list) */
	struct sums_file *f;		/* in the list's order by name */
	size_t nf;
	char **unlisted;		/* here, not listed (escaped) */
	size_t nunlisted;
};

void sums_result_init(struct sums_result *sr);
void sums_result_release(struct sums_result *sr);

/* Checks the list at path with the options of o (o->file is not used;
 * o->sig is the detached signature, NULL to look beside the list; a
 * clear-signed list takes none). cross: check the list with both
 * engines, which must agree. 0 with sr filled; -1 with e set when the
 * list or its folder cannot be read, the list could not be checked,
 * or when cancelled. */
int sums_check(const char *path, const struct verify_opts *o, int cross,
    struct sums_result *sr, struct err *e) EV_WUR;

/* VERIFIED when the list is well formed and verified, at least one
 * listed file is here and every listed file here matches; NOT_VERIFIED
 * when the list is refused or not verified, or a file changed, or none
 * is here; ERROR when the engines disagree or a file could not be read.
 * The reason in words into why. */
enum verdict sums_verdict(const struct sums_result *sr, char *why,
    size_t n);

const char *sums_state_name(enum sums_state s);	/* "match", ... */

#endif
