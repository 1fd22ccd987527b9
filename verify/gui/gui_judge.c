#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "gui/gui.h"
#include "gui/gui_judge.h"
#include "gui/gui_text.h"
#include "trust/pins.h"
#include "openpgp/sigfile.h"

const char *
gui_judge_signer(const struct verify_result *r, const struct verify_sig *s)
{
	(void)r;
	return s->signer != NULL ? s->signer : s->missing;
}

static void
say(struct gui_judgement *jd, enum gui_verdict v, unsigned offers,
    const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static void
say(struct gui_judgement *jd, enum gui_verdict v, unsigned offers,
    const char *fmt, ...)
{
	va_list ap;

	jd->v = v;
	jd->title[0] = '\0';
	jd->offers = offers;
	va_start(ap, fmt);
	g_vsnprintf(jd->reason, sizeof(jd->reason), fmt, ap);
	va_end(ap);
	jd->reason[0] = g_ascii_toupper(jd->reason[0]);
}

/* Says pre, a text of the core (escaped by it) made fit, and post. */
static void
say_core(struct gui_judgement *jd, enum gui_verdict v, unsigned offers,
    const char *pre, const char *core, const char *post)
{
	char *t = gui_text_msg(core);

	say(jd, v, offers, "%s%s%s", pre, t, post);
	g_free(t);
}

static char *
date_text(int64_t t)
{
	GDateTime *d = g_date_time_new_from_unix_utc(t);
	char *s;

	if (d == NULL)
		return g_strdup("?");
	s = g_date_time_format(d, "%Y-%m-%d %H:%M UTC");
	g_date_time_unref(d);
	return s;
}

/* "the Electrum developer alice on DATE", "2 Electrum developers (alice,
 * bob) between DATE and DATE": who made the signatures that count. */
static char *
signed_by(const struct verify_result *r)
{
	GString *names = g_string_new(NULL), *g = g_string_new(NULL);
	int64_t lo = -1, hi = -1;
	const struct verify_sig *s;
	char *a, *b;
	size_t i;

	for (i = 0; i < r->nsigs; i++) {
		s = &r->sigs[i];
		if (!s->counted || s->signer == NULL)
			continue;
		g_string_append_printf(names, "%s%s", names->len ? ", " : "",
		    s->signer);
		if (s->created >= 0 && (lo < 0 || s->created < lo))
			lo = s->created;
		if (s->created > hi)
			hi = s->created;
	}
	if (r->ncounted == 1)
		g_string_printf(g, "the Electrum developer %s", names->str);
	else
		g_string_printf(g, "%zu Electrum developers (%s)", r->ncounted,
		    names->str);
	a = lo >= 0 ? date_text(lo) : NULL;
	b = hi >= 0 ? date_text(hi) : NULL;
	if (a != NULL && strcmp(a, b) == 0)
		g_string_append_printf(g, " on %s", a);
	else if (a != NULL)
		g_string_append_printf(g, " between %s and %s", a, b);
	g_free(a);
	g_free(b);
	g_string_free(names, TRUE);
	return g_string_free(g, FALSE);
}

/* Genuine (the core's VERIFIED): the big words claim a release only when
 * the name is one of Electrum's (the core has checked that the content is
 * of the kind the name says); an older release than one verified before
 * is said in the title. */
static void
judge_genuine(const struct verify_result *r, struct gui_judgement *jd)
{
	char *who = signed_by(r);

	if (r->has_release && r->older) {
		char *when = date_text(r->seen_when);

		say(jd, GUI_V_GENUINE, 0, "%s %s (%s), signed by %s. But "
		    "Electrum %s was verified here on %s: this is an older "
		    "release. Install it only if you mean to go back to it.",
		    r->release.product, r->release.version,
		    r->release.platform, who, r->seen_highest, when);
		g_strlcpy(jd->title, "Genuine, but older than a release "
		    "checked before", sizeof(jd->title));
		g_free(when);
	} else if (r->has_release) {
		say(jd, GUI_V_GENUINE, 0, "%s %s (%s), signed by %s.",
		    r->release.product, r->release.version,
		    r->release.platform, who);
		g_strlcpy(jd->title, "Genuine Electrum release",
		    sizeof(jd->title));
	} else {
		say(jd, GUI_V_GENUINE, 0, "signed by %s. The file name is not "
		    "that of an Electrum release download, so this says only "
		    "that the Electrum developers signed this file.", who);
		g_strlcpy(jd->title, "Genuine: signed by the Electrum "
		    "developers", sizeof(jd->title));
	}
	g_free(who);
}

/* The first pinned signer whose key is not at hand. */
static const char *
first_missing(const struct verify_result *r)
{
	const char *v[1];

	return verify_missing(r, v, 1) > 0 ? v[0] : NULL;
}

/* NOT genuine (the core's NOT_VERIFIED), in the words for its reason. */
static void
judge_not_verified(const struct verify_result *r, struct gui_judgement *jd)
{
	char *who;

	switch (r->code) {
	case VR_BAD_SIGNATURE:
		say_core(jd, GUI_V_NOT_GENUINE, 0, "", r->reason, ".");
		break;
	case VR_NOT_PINNED:
		say(jd, GUI_V_NOT_GENUINE, 0, "the %s made by %s that %s "
		    "not an Electrum developer's: this is not a genuine "
		    "Electrum file.", r->nsigs > 1 ? "signatures were" :
		    "signature was", r->nsigs > 1 ? "keys" : "a key",
		    r->nsigs > 1 ? "are" : "is");
		break;
	case VR_NAME_MISMATCH:
		who = signed_by(r);
		say(jd, GUI_V_NOT_GENUINE, 0, "signed by %s. But the name says "
		    "%s %s (%s) and the content is not that (content type: "
		    "%s): the file is not what its name says. Do not run it "
		    "as that release.", who, r->release.product,
		    r->release.version, r->release.platform, r->type->name);
		g_strlcpy(jd->title, "Signed by the Electrum developers, but "
		    "not what its name says", sizeof(jd->title));
		g_free(who);
		break;
	case VR_VERSION_MISMATCH:
	case VR_SIGNED_BEFORE:
	case VR_DOWNGRADE:
		say_core(jd, GUI_V_NOT_GENUINE, 0, "signed by the Electrum "
		    "developers, but not the release its name says: ",
		    r->reason, ". Do not run it as that release.");
		break;
	default:
		say(jd, GUI_V_NOT_GENUINE, 0, "no valid signature by an "
		    "Electrum developer (%zu of %u needed): see why under "
		    "Signatures.", r->ncounted, r->min_sigs);
	}
}

/* Could not check, though the check ran (the core's VERDICT_ERROR). */
static void
judge_cannot(const struct verify_result *r, struct gui_judgement *jd)
{
	char *base = gui_text_core(gui_text_base(r->file ? r->file : ""));
	const char *who;

	if (r->code == VR_NO_SIGNATURE && r->nsigfiles == 0)
		say(jd, GUI_V_CANNOT, GUI_OFFER_SIG, "no signature found: "
		    "looked for '%s.asc', '%s.sig' and '%s.SIGNER.asc' beside "
		    "it. Download the signature from the same page as the "
		    "file, then choose it.", base, base, base);
	else if (r->code == VR_NO_SIGNATURE || r->code == VR_SIG_UNREADABLE)
		say_core(jd, GUI_V_CANNOT, GUI_OFFER_SIG, "this is not a "
		    "signature of the file: choose the signature (.asc) "
		    "downloaded with it. In detail: ", r->reason, ".");
	else if (r->code == VR_KEY_MISSING &&
	    (who = first_missing(r)) != NULL)
		say(jd, GUI_V_CANNOT, GUI_OFFER_KEYS, "signed with the key of "
		    "%s, an Electrum developer, but that key is not imported "
		    "yet. Import %s's key file to check the signature.", who,
		    who);
	else
		say_core(jd, GUI_V_CANNOT, 0, "", r->reason, ".");
	g_free(base);
}

void
gui_judge(const struct gui_outcome *o, int finished,
    struct gui_judgement *jd)
{
	if (o->cancelled && o->rc != 0)
		say(jd, GUI_V_CANNOT, GUI_OFFER_AGAIN, "cancelled: the file "
		    "was not checked.");
	else if (o->changed || (finished && o->mchanged))
		say(jd, GUI_V_CANNOT, GUI_OFFER_AGAIN, "the file changed while "
		    "it was being checked (is it still being downloaded?). "
		    "Check it again once it is complete.");
	else if (o->rc != 0 && o->keys_present == 0 && o->file_ok)
		say(jd, GUI_V_CANNOT, GUI_OFFER_KEYS, "the keys of the "
		    "Electrum developers are not imported yet. Import their "
		    "key files (e.g. ThomasV.asc, published with Electrum) "
		    "once; then releases can be checked.");
	else if (o->rc != 0 && o->sig_unreadable)
		say_core(jd, GUI_V_CANNOT, GUI_OFFER_SIG, "this is not a "
		    "signature of the file: choose the signature (.asc) "
		    "downloaded with it. In detail: ", o->e.msg, ".");
	else if (o->rc != 0)
		say_core(jd, GUI_V_CANNOT, 0, "", o->e.msg, ".");
	else if (o->r.verdict == VERDICT_VERIFIED)
		judge_genuine(&o->r, jd);
	else if (o->r.verdict == VERDICT_NOT_VERIFIED)
		judge_not_verified(&o->r, jd);
	else
		judge_cannot(&o->r, jd);
}

const char *
gui_judge_title(enum gui_verdict v)
{
	switch (v) {
	case GUI_V_GENUINE:
		return "Genuine Electrum release";
	case GUI_V_NOT_GENUINE:
		return "NOT genuine \u2014 do not run it";
	case GUI_V_CANNOT:
		return "Could not check";
	case GUI_V_BUSY:
		return "Checking\u2026";
	default:
		return "Check a downloaded Electrum file";
	}
}

const char *
gui_judge_icon(enum gui_verdict v)
{
	switch (v) {
	case GUI_V_GENUINE:
		return "emblem-ok-symbolic";
	case GUI_V_NOT_GENUINE:
		return "dialog-error-symbolic";
	case GUI_V_CANNOT:
		return "dialog-warning-symbolic";
	case GUI_V_BUSY:
		return "content-loading-symbolic";
	default:
		return "document-open-symbolic";
	}
}

const char *
gui_judge_class(enum gui_verdict v)
{
	switch (v) {
	case GUI_V_GENUINE:
		return "genuine";
	case GUI_V_NOT_GENUINE:
		return "not-genuine";
	case GUI_V_CANNOT:
		return "cannot";
	default:
		return "neutral";
	}
}

int
gui_judge_exit(enum gui_verdict v)
{
	switch (v) {
	case GUI_V_GENUINE:
		return GUI_EXIT_GENUINE;
	case GUI_V_NOT_GENUINE:
		return GUI_EXIT_NOT_GENUINE;
	case GUI_V_CANNOT:
		return GUI_EXIT_CANNOT;
	default:	/* nothing opened, or still checking */
		return GUI_EXIT_NOTHING;
	}
}

int
gui_judge_target(const char *path, const char *sig, char **file,
    char **sigout)
{
	char *f = NULL, *alt = NULL;
	struct err e;
	int k;

	*file = g_strdup(path);
	*sigout = g_strdup(sig);
	if (sig != NULL || (k = sigfile_signed(path, &f, &alt, &e)) < 0 ||
	    k == SIGFILE_UNNAMED)
		return 0;
	g_free(*file);
	*file = g_strdup(f);
	if (k == SIGFILE_EVERY) {
		g_free(*sigout);
		*sigout = NULL;
	} else if (*sigout == NULL)
		*sigout = g_strdup(path);
	free(f);
	free(alt);
	return k == SIGFILE_MISSING;
}

void
gui_judge_orphan(const char *file, const char *sig, struct gui_judgement *jd)
{
	char *f = gui_text_safe(gui_text_base(file), -1);
	char *s = gui_text_safe(gui_text_base(sig), -1);
	char *y = NULL, *x = NULL, *xs;
	struct err e;

	if (sigfile_signed(sig, &y, &x, &e) < 0)
		x = NULL;
	xs = x != NULL ? gui_text_safe(gui_text_base(x), -1) : NULL;

	say(jd, GUI_V_CANNOT, GUI_OFFER_FILE, "'%s' is a signature, but the "
	    "file it signs is not beside it (looked for '%s'%s%s%s). Choose "
	    "the downloaded file it belongs to.", s, f, xs ? " and '" : "",
	    xs ? xs : "", xs ? "'" : "");
	g_free(f);
	g_free(s);
	free(y);
	free(x);
	g_free(xs);
}
