/* release_dmg: the --unsigned rule of a .dmg (compare_private.h): the
 * official's volume with every Mach-O file's code signature removed
 * (walk/dmg.h, walk/macho.h), entry by entry against the local one,
 * whose ad-hoc signatures (Apple's arm64 linker signs every file it
 * links, without a certificate) are removed the same way. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define COMPARE_PRIVATE
#include "compare/compare_private.h"
#include "walk/dmg.h"

/* What codesign and stapler add to a bundle besides Mach-O signatures:
 * a "_CodeSignature" folder anywhere, and a bundle's
 * "Contents/CodeResources" (where stapler puts the notarization ticket). */
static int
is_codesign_entry(const char *path)
{
	const char *p = path, *c;
	size_t n = strlen(path), k = strlen("Contents/CodeResources");

	for (c = p; (c = strstr(c, "_CodeSignature")) != NULL; c++)
		if ((c == p || c[-1] == '/') && (c[14] == '\0' || c[14] == '/'))
			return 1;
	return n >= k && strcmp(path + n - k, "Contents/CodeResources") == 0 &&
	    (n == k || path[n - k - 1] == '/');
}

/* One side's volume, each Mach-O parsed (dmg.h); kept in r. */
static int
dmg_side(struct compare_report *r, int i, const struct release_side *s,
    struct dmg_strip *st, atomic_int *cancel, struct err *e)
{
	const char *base = strrchr(s->path, '/');
	struct walker_input in = { s->fd, s->path, base != NULL ? base + 1 :
	    s->path, s->size };

	if ((r->m[i] = malloc(sizeof(*r->m[i]))) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	manifest_init(r->m[i], r->o->caps);
	r->m[i]->cancel = cancel;
	if (dmg_walk_unsigned(&in, r->m[i], st, e) < 0 ||
	    manifest_finish(r->m[i], e) < 0)
		return -1;
	return 0;
}

/* The entries left out on side i: count and bytes. */
static size_t
left_out(const struct manifest *m, uint64_t *bytes)
{
	size_t i, n = 0;

	*bytes = 0;
	for (i = 0; i < m->n; i++)
		if (is_codesign_entry(m->v[i].path)) {
			n++;
			*bytes += m->v[i].size;
		}
	return n;
}

static int
dmg_problems(struct compare_report *r, const struct dmg_strip *sa,
    const struct dmg_strip *sb, struct err *e)
{
	uint64_t bytes;
	size_t n;

	if (sa->nunclean > 0 && compare_report_problem(r, e, "'%s': %zu "
	    "Mach-O file%s do%s not strip cleanly, first: %s", r->qa,
	    sa->nunclean, sa->nunclean == 1 ? "" : "s", sa->nunclean == 1 ?
	    "es" : "", sa->first_unclean) < 0)
		return -1;
	if (sb->nunclean > 0 && compare_report_problem(r, e, "'%s': %zu "
	    "Mach-O file%s that do%s not parse, first: %s", r->qb,
	    sb->nunclean, sb->nunclean == 1 ? "" : "s", sb->nunclean == 1 ?
	    "es" : "", sb->first_unclean) < 0)
		return -1;
	if (sb->nsigned > 0 && compare_report_problem(r, e, "'%s' holds %zu "
	    "Mach-O file%s signed beyond ad-hoc, first: '%s': the local "
	    "build must be unsigned", r->qb, sb->nsigned, sb->nsigned == 1 ?
	    "" : "s", sb->first_signed) < 0)
		return -1;
	if (sb->nadhoc > 0 && compare_report_note(r, e, "'%s': %zu Mach-O "
	    "file%s with an ad-hoc signature (no certificate, as Apple's "
	    "arm64 linker signs what it links; %zu slice%s), %" PRIu64
	    " signature byte%s removed (outside record macho-signatures)",
	    r->qb, sb->nadhoc, sb->nadhoc == 1 ? "" : "s", sb->nslices,
	    sb->nslices == 1 ? "" : "s", sb->bytes, sb->bytes == 1 ? "" : "s")
	    < 0)
		return -1;
	if ((n = left_out(r->m[1], &bytes)) > 0 && compare_report_problem(r,
	    e, "'%s' holds %zu code signature entr%s (_CodeSignature/, "
	    "Contents/CodeResources): the local build must be unsigned",
	    r->qb, n, n == 1 ? "y" : "ies") < 0)
		return -1;
	n = left_out(r->m[0], &bytes);
	if (compare_report_note(r, e, "'%s': %zu Mach-O file%s, %zu signed "
	    "(%zu slice%s), %" PRIu64 " signature byte%s removed (outside "
	    "record macho-signatures); %zu entr%s left out (%" PRIu64
	    " byte%s)", r->qa, sa->nmacho, sa->nmacho == 1 ? "" : "s",
	    sa->nsigned, sa->nslices, sa->nslices == 1 ? "" : "s", sa->bytes,
	    sa->bytes == 1 ? "" : "s", n, n == 1 ? "y" : "ies", bytes,
	    bytes == 1 ? "" : "s") < 0)
		return -1;
	return 0;
}

int
release_dmg(struct compare_report *r, const struct release_side *a,
    const struct release_side *b, atomic_int *cancel, struct err *e)
{
	static const char *const skip_out[] = { "udif-trailer", "udif-plist",
	    "udif-code-signature", "macho-signatures", NULL };
	static const struct compare_filter fl = { is_codesign_entry,
	    skip_out };
	struct dmg_strip sa, sb;
	struct err be = { "" };

	memset(&sa, 0, sizeof(sa));
	memset(&sb, 0, sizeof(sb));
	sa.strip = 1;
	sb.strip = 1;
	sb.adhoc = 1;
	if (compare_report_rule(r, e, "Apple disk image: the volumes compared "
	    "entry by entry; on the official side each Mach-O file without "
	    "its code signature (every slice's LC_CODE_SIGNATURE data, that "
	    "load command, __LINKEDIT's size as before codesign_allocate), "
	    "_CodeSignature/ folders and Contents/CodeResources (the "
	    "stapled notarization ticket) left out; the UDIF trailer, "
	    "property list and the image's own code signature not "
	    "compared; on the local side ad-hoc signatures (no "
	    "certificate) removed the same way") < 0 ||
	    dmg_side(r, 0, a, &sa, cancel, e) < 0)
		return -1;
	if (dmg_side(r, 1, b, &sb, cancel, &be) < 0) {
		if (r->m[1] == NULL) {
			err_set(e, "out of memory");
			return -1;
		}
		if (compare_report_problem(r, e, "'%s' is not a disk image "
		    "that reads: %s", r->qb, be.msg) < 0)
			return -1;
		manifest_release(r->m[1]);
		manifest_init(r->m[1], r->o->caps);
		if (manifest_finish(r->m[1], e) < 0)
			return -1;
	}
	if (dmg_problems(r, &sa, &sb, e) < 0)
		return -1;
	return compare_report_collect(r, r->m[0], r->m[1], &fl, e);
}
