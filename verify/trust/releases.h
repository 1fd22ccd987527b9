/* releases: the release index, keys/electrum.releases (compiled in; or
 * the file named by ELECTRUM_VERIFY_RELEASES): for each Electrum version
 * the earliest and latest signature times on its official files, facts
 * drawn from Electrum's published signatures by keys/mkreleases.py.
 * A signature on a release cannot have been made before that release
 * existed. */
#ifndef EV_RELEASES_H
#define EV_RELEASES_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define RELEASES_MAX_FILE (1024 * 1024)
#define RELEASES_MAX 4096

struct release_row {
	char version[32];
	int64_t earliest, latest;	/* Unix time, UTC */
};

struct releases {
	struct release_row *v;
	size_t n;			/* sorted by version (releases_cmp) */
	char origin[256];		/* "keys/electrum.releases (built in)"
					 * or the file's name (escaped) */
};

void releases_init(struct releases *r);
void releases_release(struct releases *r);	/* accepts NULL */

/* Lines "VERSION EARLIEST LATEST" (times as YYYY-MM-DDTHH:MM:SSZ,
 * EARLIEST <= LATEST), '#' comments and blank lines; anything else, a
 * version given twice, more than RELEASES_MAX rows is an error naming
 * ORIGIN:LINE. */
int releases_parse(struct releases *r, const char *text, size_t len,
    const char *origin, struct err *e) EV_WUR;

/* The built-in index, or the file ELECTRUM_VERIFY_RELEASES names (the
 * tests give their own). */
int releases_load_default(struct releases *r, struct err *e) EV_WUR;

/* Orders versions: numbers first ("4.10" after "4.9"), then a
 * pre-release below its release ("4.6.0b1" < "4.6.0rc1" < "4.6.0").
 * <0, 0, >0. */
int releases_cmp(const char *a, const char *b);

enum releases_bound {
	RELEASES_UNKNOWN,	/* not indexed, older than the newest: no bound */
	RELEASES_INDEXED,	/* signatures not before row->earliest */
	RELEASES_NEWER		/* newer than the index: signatures after
				 * row->latest (row: the newest release) */
};

/* How signatures on version may be dated; *row is the row it rests on
 * (NULL for RELEASES_UNKNOWN or an empty index). */
enum releases_bound releases_bound(const struct releases *r,
    const char *version, const struct release_row **row);

#endif
