#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bind/bind.h"
#include "walk/relver.h"

static void not_verified(struct verify_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
not_verified(struct verify_result *r, const char *fmt, ...)
{
	va_list ap;

	r->verdict = VERDICT_NOT_VERIFIED;
	r->release_refused = 1;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
}

/* The version from the content against the name's. 0, or -1 when
 * cancelled (e set). */
static int
bind_version(const struct verify_opts *o, struct verify_result *r,
    struct err *e)
{
	struct relver v;
	struct err re = { "" };

	if (relver_read(o->file, o->cancel, &v, &re) != 0) {
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
		not_verified(r, "the content does not say which version it is "
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
		not_verified(r, "the name says Electrum %s but the content is "
		    "Electrum %s (%s): an old or other release renamed",
		    r->release.version, v.version, v.where);
	return 0;
}

int
bind_file(const struct verify_opts *o, struct verify_result *r,
    struct err *e)
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
	return bind_version(o, r, e);
}
