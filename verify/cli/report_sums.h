/* report_sums: a checked checksum list (bind/sums.h) as text, the
 * verdict first, or as one JSON object. */
#ifndef EV_REPORT_SUMS_H
#define EV_REPORT_SUMS_H

#include <stdio.h>

#include "base/err.h"
#include "bind/sums.h"

void report_sums_text(FILE *f, const char *list,
    const struct sums_result *sr, int quiet);
int report_sums_json(FILE *f, const char *list,
    const struct sums_result *sr, int keyring, struct err *e) EV_WUR;

#endif
