/* compare: the differences between two manifests, and Electrum's
 * unsigned-release comparison of an official build with a local one. */
#ifndef EV_COMPARE_H
#define EV_COMPARE_H

#include <stdatomic.h>
#include <stdio.h>

#include "base/err.h"
#include "manifest/manifest.h"

enum compare_outcome { COMPARE_SAME = 0, COMPARE_DIFFERENT = 1 };

struct compare_opts {
	int strict;		/* --strict: times/owners count too */
	int json;		/* --json */
	const char *a_name;	/* A and B as printed (escaped when printed); */
	const char *b_name;	/* NULL: "A" and "B" */
	const struct manifest_caps *caps;	/* compare_unsigned's
				 * manifests; NULL: the defaults */
};

/* Prints added, removed and changed paths to f; returns the outcome or -1
 * with e set. The first line is the verdict (IDENTICAL or DIFFERENT);
 * with o->json one JSON object instead. */
int compare_manifests(FILE *f, const struct manifest *a,
    const struct manifest *b, const struct compare_opts *o,
    struct err *e) EV_WUR;

/* --unsigned: by type of OFFICIAL (PE, APK, AppImage, dmg, else plain bytes);
 * prints the verdict, then "rule: ..." and the differences. */
int compare_unsigned(FILE *f, const char *official, const char *local,
    const struct compare_opts *o, atomic_int *cancel,
    struct err *e) EV_WUR;

#endif
