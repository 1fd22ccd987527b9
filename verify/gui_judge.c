#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "gui.h"
#include "gui_judge.h"
#include "gui_text.h"
#include "pins.h"

static int
all_status(const struct verify_result *r, enum sig_status st)
{
	size_t i;

	for (i = 0; i < r->nsigs; i++)
		if (r->sigs[i].status != st)
			return 0;
	return r->nsigs > 0;
}

/* The pinned signer that made a signature whose key is not at hand (the
 * issuer key ID is the end of a pinned fingerprint), or NULL. */
static const char *
pinned_without_key(const struct verify_result *r)
{
	const struct verify_sig *s;
	size_t i, k, n;

	if (r->pins == NULL)
		return NULL;
	for (i = 0; i < r->nsigs; i++) {
		s = &r->sigs[i];
		if (s->status == SIG_BAD)
			return NULL;
		if (s->status != SIG_NOKEY || s->keyid[0] == '\0')
			continue;
		for (k = 0; k < r->pins->n; k++) {
			n = strlen(r->pins->v[k].fpr);
			if (n == 40 && g_ascii_strcasecmp(r->pins->v[k].fpr + 24,
			    s->keyid) == 0)
				return r->pins->v[k].name;
		}
	}
	return NULL;
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
	jd->offers = offers;
	va_start(ap, fmt);
	g_vsnprintf(jd->reason, sizeof(jd->reason), fmt, ap);
	va_end(ap);
	jd->reason[0] = g_ascii_toupper(jd->reason[0]);
}

static void
judge_not_verified(const struct gui_outcome *o, struct gui_judgement *jd)
{
	const struct verify_result *r = &o->r;
	const char *base = gui_text_base(r->file ? r->file : "");
	const char *who;

	if (r->nsigfiles == 0)
		say(jd, GUI_V_CANNOT, GUI_OFFER_SIG, "no signature found: "
		    "looked for '%s.asc', '%s.sig' and '%s.SIGNER.asc' beside "
		    "it. Download the signature from the same page as the "
		    "file, then choose it.", base, base, base);
	else if ((who = pinned_without_key(r)) != NULL)
		say(jd, GUI_V_CANNOT, GUI_OFFER_KEYS, "signed by the key of "
		    "%s, a pinned Electrum signer whose key is not imported "
		    "yet. Import %s's key file to check it.", who, who);
	else
		say(jd, GUI_V_NOT_GENUINE, all_status(r, SIG_NOKEY) ?
		    GUI_OFFER_KEYS : 0, "%s.", r->reason);
}

void
gui_judge(const struct gui_outcome *o, struct gui_judgement *jd)
{
	if (o->cancelled && o->rc != 0)
		say(jd, GUI_V_CANNOT, GUI_OFFER_AGAIN, "cancelled: the file "
		    "was not checked.");
	else if (o->rc != 0 && o->keys_present == 0 && o->file_ok)
		say(jd, GUI_V_CANNOT, GUI_OFFER_KEYS, "the keys of the "
		    "Electrum signers are not imported yet. Import their key "
		    "files (e.g. ThomasV.asc, published with Electrum) once; "
		    "then releases can be checked.");
	else if (o->rc != 0)
		say(jd, GUI_V_CANNOT, 0, "%s.", o->e.msg);
	else if (o->r.verdict == VERDICT_VERIFIED)
		say(jd, GUI_V_GENUINE, 0, "%s.", o->r.reason);
	else if (o->r.verdict == VERDICT_NOT_VERIFIED)
		judge_not_verified(o, jd);
	else
		say(jd, GUI_V_CANNOT, 0, "%s.", o->r.reason);
}

void
gui_judge_orphan(const char *file, const char *sig, struct gui_judgement *jd)
{
	char *f = gui_text_safe(gui_text_base(file), -1);
	char *s = gui_text_safe(gui_text_base(sig), -1);

	say(jd, GUI_V_CANNOT, GUI_OFFER_FILE, "'%s' is a signature, but the "
	    "file it signs is not beside it (looked for '%s'). Choose the "
	    "downloaded file it belongs to.", s, f);
	g_free(f);
	g_free(s);
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

static int
regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* X.SIGNER.asc -> X, if SIGNER looks like a signer's name. */
static char *
per_signer_base(const char *path)
{
	size_t len = strlen(path) - 4, i;
	char *x = g_strndup(path, len), *dot = strrchr(x, '.');

	if (dot == NULL || dot[1] == '\0' || strchr(dot, '/') != NULL ||
	    dot == x || dot[-1] == '/')
		goto no;
	for (i = 1; dot[i] != '\0'; i++)
		if (!g_ascii_isalnum(dot[i]) && dot[i] != '_' && dot[i] != '-')
			goto no;
	*dot = '\0';
	return x;
no:
	g_free(x);
	return NULL;
}

int
gui_judge_target(const char *path, const char *sig, char **file,
    char **sigout)
{
	size_t len = strlen(path);
	char *x, *a, *s;

	*file = g_strdup(path);
	*sigout = g_strdup(sig);
	if (sig != NULL || len < 5 || (!g_str_has_suffix(path, ".asc") &&
	    !g_str_has_suffix(path, ".sig")))
		return 0;
	g_free(*file);
	*file = g_strndup(path, len - 4);
	*sigout = g_strdup(path);
	if (regular(*file))
		return 0;
	if (g_str_has_suffix(path, ".asc") &&
	    (x = per_signer_base(path)) != NULL) {
		if (regular(x)) {
			a = g_strconcat(x, ".asc", NULL);
			s = g_strconcat(x, ".sig", NULL);
			if (!regular(a) && !regular(s)) {
				g_free(*sigout);
				*sigout = NULL;
			}
			g_free(a);
			g_free(s);
			g_free(*file);
			*file = x;
			return 0;
		}
		g_free(x);
	}
	return 1;
}
