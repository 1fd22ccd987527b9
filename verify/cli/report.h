/* report: a verification result as text for people or JSON for scripts. */
#ifndef EV_REPORT_H
#define EV_REPORT_H

#include <stdio.h>

#include "base/err.h"
#include "trust/verify.h"

/* The verdict line, then (unless quiet) the details. */
void report_text(FILE *f, const struct verify_result *r, int quiet);

/* One JSON object; error is the could-not-check message or NULL. */
int report_json(FILE *f, const struct verify_result *r, const char *error,
    struct err *e) EV_WUR;

int report_exit_code(enum verdict v);

#endif
