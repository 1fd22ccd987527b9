/* compare: what differs between two manifests, and Electrum's release
 * check of an official build against a local unsigned one: the module's
 * two entry points, on top of its report (compare_report.c), its printer
 * (compare_out.c) and the --unsigned rules (release.c). */
#include <stdio.h>

#define COMPARE_PRIVATE
#include "compare/compare.h"
#include "compare/compare_private.h"
#include "compare/release.h"

int
compare_manifests(FILE *f, const struct manifest *a, const struct manifest *b,
    const struct compare_opts *o, struct err *e)
{
	struct compare_report r;
	int rc = -1;

	if (compare_report_init(&r, o, e) < 0 ||
	    compare_report_collect(&r, a, b, NULL, e) < 0)
		goto out;
	rc = compare_out_print(f, &r, e);
out:
	compare_report_release(&r);
	return rc;
}

int
compare_unsigned(FILE *f, const char *official, const char *local,
    const struct compare_opts *o, atomic_int *cancel,
    struct err *e)
{
	struct compare_report r;
	int rc = -1;

	if (compare_report_init(&r, o, e) < 0 ||
	    release_check(&r, official, local, cancel, e) < 0)
		goto out;
	rc = compare_out_print(f, &r, e);
out:
	compare_report_release(&r);
	return rc;
}
