#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bind/bind.h"
#include "trust/releases.h"
#include "trust/rollback.h"
#include "walk/relver.h"

static void not_verified(struct verify_result *r, enum verify_reason code,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
not_verified(struct verify_result *r, enum verify_reason code,
    const char *fmt, ...)
{
	va_list ap;

	r->verdict = VERDICT_NOT_VERIFIED;
	r->code = code;
	r->release_refused = 1;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
}

/* The version from the content against the name's. 0, or -1 when
 * cancelled or when the file at the path is no longer the one checked
 * (e set). */
static int
bind_version(const struct verify_opts *o, struct verify_result *r,
    struct err *e)
{
	struct relver v;
	struct err re = { "" };
	int rc;

	/* The content is read again, by its path: it must be the file
	 * whose signatures were checked, before and after. */
	if (!verify_ident_same(&r->ident, o->file)) {
		err_set(e, "'%s' changed while it was being checked",
		    r->file);
		return -1;
	}
	rc = relver_read(o->file, o->cancel, &v, &re);
	if (!verify_ident_same(&r->ident, o->file)) {
		err_set(e, "'%s' changed while it was being checked",
		    r->file);
		return -1;
	}
	if (rc != 0) {
		if (o->cancel != NULL && *o->cancel) {
			err_set(e, "interrupted: '%s' was not verified",
			    r->file);
			return -1;
		}
		snprintf(r->version_note, sizeof(r->version_note), "the "
		    "content could not be read for its version: %.240s",
		    re.msg);
		return 0;
	}
	if (v.conflict[0] != '\0') {
		not_verified(r, VR_VERSION_MISMATCH, "the content does not say which version it is "
		    "(%s)", v.conflict);
		snprintf(r->version_note, sizeof(r->version_note), "%s",
		    v.conflict);
		return 0;
	}
	if (v.version[0] == '\0') {
		snprintf(r->version_note, sizeof(r->version_note), "the "
		    "content carries no version that is read");
		return 0;
	}
	memcpy(r->content_version, v.version, sizeof(r->content_version));
	memcpy(r->version_where, v.where, sizeof(r->version_where));
	if (strcmp(v.version, r->release.version) != 0)
		not_verified(r, VR_VERSION_MISMATCH, "the name says Electrum %s but the content is "
		    "Electrum %s (%s): an old or other release renamed",
		    r->release.version, v.version, v.where);
	return 0;
}

static void
iso(char *out, size_t n, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL)
		snprintf(out, n, "?");
	else
		strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The earliest creation time of a counted signature, or -1. */
static int64_t
first_counted(const struct verify_result *r)
{
	int64_t t = -1;
	size_t i;

	for (i = 0; i < r->nsigs; i++)
		if (r->sigs[i].counted && r->sigs[i].created >= 0 &&
		    (t < 0 || r->sigs[i].created < t))
			t = r->sigs[i].created;
	return t;
}

/* The counted signatures' dates against the release index: none may be
 * older than the named release (or, for a version newer than the index,
 * than the newest release's last signature). 0, or -1 when the index
 * cannot be read (e set). */
static int
bind_dates(struct verify_result *r, struct err *e)
{
	struct releases idx;
	const struct release_row *row;
	enum releases_bound b;
	char when[32], first[32], last[32];
	int64_t t;
	int rc = -1;

	releases_init(&idx);
	if (releases_load_default(&idx, e) != 0)
		goto out;
	rc = 0;
	b = releases_bound(&idx, r->release.version, &row);
	t = first_counted(r);
	iso(when, sizeof(when), t);
	if (b == RELEASES_UNKNOWN) {
		r->date_check = "not-indexed";
		snprintf(r->date_note, sizeof(r->date_note), "Electrum %s is "
		    "not in the release index (%s): its signature dates are "
		    "not checked against it", r->release.version, idx.origin);
		goto out;
	}
	iso(first, sizeof(first), row->earliest);
	iso(last, sizeof(last), row->latest);
	if (b == RELEASES_INDEXED) {
		r->date_check = "indexed";
		snprintf(r->date_note, sizeof(r->date_note), "Electrum %s was "
		    "first signed on %s (%s)", r->release.version, first,
		    idx.origin);
		if (t >= 0 && t < row->earliest)
			not_verified(r, VR_SIGNED_BEFORE, "signed on %s, before Electrum %s was "
			    "released (first signed on %s, %s): an older "
			    "release renamed", when, r->release.version,
			    first, idx.origin);
		goto out;
	}
	r->date_check = "newer-than-index";
	snprintf(r->date_note, sizeof(r->date_note), "Electrum %s is newer "
	    "than the release index (%s), whose newest release, Electrum %s, "
	    "was last signed on %s: its signatures must be newer",
	    r->release.version, idx.origin, row->version, last);
	if (t >= 0 && t <= row->latest)
		not_verified(r, VR_SIGNED_BEFORE, "signed on %s, before Electrum %s was "
		    "released: it is newer than Electrum %s, signed up to %s "
		    "(%s): an older release renamed", when,
		    r->release.version, row->version, last, idx.origin);
out:
	releases_release(&idx);
	return rc;
}

/* The rollback memory, for a verified release checked against the key
 * store's keys. */
static void
bind_rollback(const struct verify_opts *o, unsigned flags,
    struct verify_result *r)
{
	struct rollback rb;
	char when[32];

	if (o->nkeyrings > 0 || (flags & BIND_NO_MEMORY))
		return;
	rollback_apply(r->release.platform, r->release.version, 1,
	    (int64_t)time(NULL), &rb);
	memcpy(r->seen_highest, rb.highest, sizeof(r->seen_highest));
	memcpy(r->seen_note, rb.note, sizeof(r->seen_note));
	r->seen_when = rb.when;
	r->older = rb.older;
	if (rb.older && (flags & BIND_NO_DOWNGRADE)) {
		iso(when, sizeof(when), rb.when);
		not_verified(r, VR_DOWNGRADE, "Electrum %s is older than Electrum %s, "
		    "verified here on %s for the %s (--no-downgrade)",
		    r->release.version, rb.highest, when,
		    r->release.platform);
	}
}

int
bind_file(const struct verify_opts *o, unsigned flags,
    struct verify_result *r, struct err *e)
{
	if (verify_file(o, r, e) != 0)
		return -1;
	if (!r->has_release)
		return 0;
	if (r->verdict != VERDICT_VERIFIED) {
		snprintf(r->version_note, sizeof(r->version_note), "the "
		    "content was not read: the signatures do not verify");
		return 0;
	}
	if (r->name_matches == 0) {
		not_verified(r, VR_NAME_MISMATCH, "the name says %s but the "
		    "content is %s: the file is not what its name says",
		    artifact_type(r->release.kind)->name, r->type->name);
		snprintf(r->version_note, sizeof(r->version_note), "the "
		    "content was not read: it is not what the name says");
		return 0;
	}
	if (bind_version(o, r, e) != 0) {
		r->verdict = VERDICT_ERROR;
		r->code = o->cancel != NULL && *o->cancel ? VR_CANCELLED :
		    VR_UNREADABLE;
		return -1;
	}
	if (r->verdict != VERDICT_VERIFIED)
		return 0;
	if (bind_dates(r, e) != 0) {
		r->verdict = VERDICT_ERROR;
		r->code = VR_ERROR;
		return -1;
	}
	if (r->verdict == VERDICT_VERIFIED)
		bind_rollback(o, flags, r);
	return 0;
}
