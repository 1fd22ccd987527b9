/* release: Electrum's release check (compare --unsigned): an official
 * build against a local unsigned one, by the official's type: a signed
 * PE without its signature byte for byte, an APK without its signatures
 * entry by entry, an AppImage's runtime and squashfs contents, else the
 * bytes. Part of the compare module: it fills a compare report. */
#ifndef EV_RELEASE_H
#define EV_RELEASE_H

#include <stdatomic.h>
#include <stdint.h>

#include "base/err.h"

struct compare_report;

/* Applies the rule for official's type; sets r's rule, notes and
 * differences. 0, or -1 with e set (could not compare). */
int release_check(struct compare_report *r, const char *official,
    const char *local, atomic_int *cancel, struct err *e)
    EV_WUR;

#endif
