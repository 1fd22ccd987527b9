#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "gui/gui.h"
#include "gui/gui_judge.h"
#include "gui/gui_text.h"
#include "trust/pins.h"
#include "openpgp/sigfile.h"

static int
all_status(const struct verify_result *r, enum sig_status st)
{
	size_t i;

	for (i = 0; i < r->nsigs; i++)
		if (r->sigs[i].status != st)
			return 0;
	return r->nsigs > 0;
}

/* A BAD signature by a pinned signer (the core's reason names it). */
static int
pinned_bad(const struct verify_result *r)
{
	size_t i;

	for (i = 0; i < r->nsigs; i++)
		if (r->sigs[i].status == SIG_BAD && r->sigs[i].signer != NULL)
			return 1;
	return 0;
}

const char *
gui_judge_signer(const struct verify_result *r, const struct verify_sig *s)
{
	size_t k;

	if (s->signer != NULL)
		return s->signer;
	if (r->pins == NULL || s->status != SIG_NOKEY || s->keyid[0] == '\0')
		return NULL;
	for (k = 0; k < r->pins->n; k++)
		if (strlen(r->pins->v[k].fpr) == 40 && g_ascii_strcasecmp(
		    r->pins->v[k].fpr + 24, s->keyid) == 0)
			return r->pins->v[k].name;
	return NULL;
}

/* The pinned signer that made a signature whose key is not at hand (the
 * issuer key ID is the end of a pinned fingerprint), or NULL. */
static const char *
pinned_without_key(const struct verify_result *r)
{
	const char *who;
	size_t i;

	for (i = 0; i < r->nsigs; i++) {
		if (r->sigs[i].status == SIG_BAD)
			return NULL;
		if (r->sigs[i].status == SIG_NOKEY &&
		    (who = gui_judge_signer(r, &r->sigs[i])) != NULL)
			return who;
	}
	return NULL;
}

/* Whether every pinned signer has key material in the store: only then
 * does a signature by a key not at hand say "not a developer's". */
static int
all_keys(const struct gui_outcome *o)
{
	return o->keys_present >= 0 && o->keys_present == o->keys_pinned;
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

/* Genuine: the big words claim a release only when the name is one of
 * Electrum's and the content is of the type the name says. A release
 * name on other content is no release: could not check, in effect. */
static void
judge_genuine(const struct verify_result *r, struct gui_judgement *jd)
{
	char *who = signed_by(r);
	int named = r->has_release && r->release.kind == r->type->kind;

	if (named && r->older) {
		char *when = date_text(r->seen_when);

		say(jd, GUI_V_CANNOT, 0, "%s %s (%s), signed by %s. But "
		    "Electrum %s was verified here on %s: this is an older "
		    "release. Install it only if you mean to go back to it.",
		    r->release.product, r->release.version,
		    r->release.platform, who, r->seen_highest, when);
		g_strlcpy(jd->title, "Genuine, but older than a release "
		    "checked before", sizeof(jd->title));
		g_free(when);
	} else if (named) {
		say(jd, GUI_V_GENUINE, 0, "%s %s (%s), signed by %s.",
		    r->release.product, r->release.version,
		    r->release.platform, who);
		g_strlcpy(jd->title, "Genuine Electrum release",
		    sizeof(jd->title));
	} else if (r->has_release) {
		say(jd, GUI_V_CANNOT, 0, "signed by %s. But the name says "
		    "%s %s (%s) and the content is not that (content type: "
		    "%s): the file is not what its name says. Do not run it "
		    "as that release.", who, r->release.product,
		    r->release.version, r->release.platform, r->type->name);
		g_strlcpy(jd->title, "Signed by the Electrum developers, but "
		    "not what its name says", sizeof(jd->title));
	} else {
		say(jd, GUI_V_GENUINE, 0, "signed by %s. The file name is not "
		    "that of an Electrum release download, so this says only "
		    "that the Electrum developers signed this file.", who);
		g_strlcpy(jd->title, "Genuine: signed by the Electrum "
		    "developers", sizeof(jd->title));
	}
	g_free(who);
}

/* Signatures all by keys not at hand while some pinned keys are not
 * imported: they may be by one of those (a subkey's key ID names no
 * one), so nothing can be said yet. */
static void
judge_keys_missing(const struct gui_outcome *o, struct gui_judgement *jd)
{
	const struct verify_result *r = &o->r;

	say(jd, GUI_V_CANNOT, GUI_OFFER_KEYS, "the %s made by %s not in the "
	    "key store, and the keys of some Electrum developers are not "
	    "imported yet%s%s%s. Import their key files to check it: if it "
	    "was made by none of them, it is not a genuine Electrum file.",
	    r->nsigs > 1 ? "signatures were" : "signature was",
	    r->nsigs > 1 ? "keys" : "a key", o->keys_missing ? " (" : "",
	    o->keys_missing ? o->keys_missing : "", o->keys_missing ? ")" :
	    "");
}

static void
judge_not_verified(const struct gui_outcome *o, struct gui_judgement *jd)
{
	const struct verify_result *r = &o->r;
	char *base = gui_text_core(gui_text_base(r->file ? r->file : ""));
	const char *who;

	if (r->nsigfiles == 0)
		say(jd, GUI_V_CANNOT, GUI_OFFER_SIG, "no signature found: "
		    "looked for '%s.asc', '%s.sig' and '%s.SIGNER.asc' beside "
		    "it. Download the signature from the same page as the "
		    "file, then choose it.", base, base, base);
	else if (r->malformed || r->nsigs == 0)
		say_core(jd, GUI_V_CANNOT, GUI_OFFER_SIG, "this is not a "
		    "signature of the file: choose the signature (.asc) "
		    "downloaded with it. In detail: ", r->reason, ".");
	else if ((who = pinned_without_key(r)) != NULL)
		say(jd, GUI_V_CANNOT, GUI_OFFER_KEYS, "signed with the key of "
		    "%s, an Electrum developer, but that key is not imported "
		    "yet. Import %s's key file to check the signature.", who,
		    who);
	else if (all_status(r, SIG_NOKEY) && !all_keys(o))
		judge_keys_missing(o, jd);
	else if (all_status(r, SIG_NOKEY))
		say(jd, GUI_V_NOT_GENUINE, 0, "the %s made by %s that %s "
		    "not an Electrum developer's: this is not a genuine "
		    "Electrum file.", r->nsigs > 1 ? "signatures were" :
		    "signature was", r->nsigs > 1 ? "keys" : "a key",
		    r->nsigs > 1 ? "are" : "is");
	else if (pinned_bad(r))
		say_core(jd, GUI_V_NOT_GENUINE, 0, "", r->reason, ".");
	else if (r->release_refused)
		say_core(jd, GUI_V_NOT_GENUINE, 0, "signed by the Electrum "
		    "developers, but not the release its name says: ",
		    r->reason, ". Do not run it as that release.");
	else
		say(jd, GUI_V_NOT_GENUINE, 0, "no valid signature by an "
		    "Electrum developer (%zu of %u needed): see why under "
		    "Signatures.", r->ncounted, r->min_sigs);
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
		judge_not_verified(o, jd);
	else
		say_core(jd, GUI_V_CANNOT, 0, "", o->r.reason, ".");
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
