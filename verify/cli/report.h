/* report: a verification result as text for people or JSON for scripts. */
#ifndef EV_REPORT_H
#define EV_REPORT_H

#include <stdio.h>

#include <jansson.h>

#include "base/err.h"
#include "trust/verify.h"

/* The verdict line, then (unless quiet) the details. */
void report_text(FILE *f, const struct verify_result *r, int quiet);

/* One JSON object; error is the could-not-check message or NULL; keyring
 * 1 when the keys came from --keyring (the trust root). */
int report_json(FILE *f, const struct verify_result *r, const char *error,
    int keyring, struct err *e) EV_WUR;

/* The same object, or NULL when out of memory. */
json_t *report_json_obj(const struct verify_result *r, const char *error,
    int keyring);

int report_exit_code(enum verdict v);

#define REPORT_SCHEMA 1	/* "schema" in every JSON receipt of a check:
			 * raised when a field, an exit code or a reason
			 * code changes meaning or goes away */

/* Adds what every JSON receipt of a check carries to root: "schema",
 * "tool" {name, version} and "trust_root" {"pins": "builtin" | FILE |
 * null, "keyring": bool} (keyring: --keyring was given, so no pins). 0,
 * or -1 (out of memory, or root NULL). */
int report_json_contract(json_t *root, int keyring) EV_WUR;

/* "VERIFIED", "NOT VERIFIED", "COULD NOT CHECK"; and "verified",
 * "not-verified", "could-not-check". */
const char *report_verdict_word(enum verdict v);
const char *report_verdict_json(enum verdict v);

/* A JSON array of the n strings of v; NULL when out of memory. */
json_t *report_json_strings(const char *const *v, size_t n);

/* Writes root (NULL: out of memory) indented, keys sorted, and a
 * newline. 0, or -1 with e set. */
int report_json_dump(FILE *f, const json_t *root, struct err *e) EV_WUR;

#endif
