/* report_folder: a release folder audit (bind/folder.h) as text, with
 * the files x signers matrix, or as one JSON object. */
#ifndef EV_REPORT_FOLDER_H
#define EV_REPORT_FOLDER_H

#include <stdio.h>

#include "base/err.h"
#include "bind/folder.h"

void report_folder_text(FILE *f, const char *dir,
    const struct folder_result *fr, int quiet);
int report_folder_json(FILE *f, const char *dir,
    const struct folder_result *fr, int keyring, struct err *e) EV_WUR;

#endif
