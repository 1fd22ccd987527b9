/* rollback: the key store's memory of the highest Electrum version
 * verified per platform and when, so that an older release (a rollback
 * to a version with known holes) is noticed. The record is the file
 * releases.seen in the key store:
 *     # comment
 *     PLATFORM VERSION UNIXTIME
 * PLATFORM is the release's platform with '-' for spaces
 * ("Linux-x86_64-AppImage"). A record that cannot be read, is corrupt or
 * cannot be written never changes a verdict: it is reported and left
 * alone. */
#ifndef EV_ROLLBACK_H
#define EV_ROLLBACK_H

#include <stdint.h>

#define ROLLBACK_FILE "releases.seen"
#define ROLLBACK_MAX_FILE (64 * 1024)

struct rollback {
	char highest[32];	/* the highest version seen before, "" none */
	int64_t when;		/* when it was verified */
	int older;		/* the version checked is older than that */
	char note[400];		/* the record could not be read, is corrupt
				 * or could not be written: what (escaped);
				 * "" when all is well */
};

/* Looks platform up in the record and, when record is set and version
 * is higher than any seen (or the first), records version at now. */
void rollback_apply(const char *platform, const char *version, int record,
    int64_t now, struct rollback *rb);

#endif
