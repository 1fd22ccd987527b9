#include <string.h>

#include <glib.h>

#include "gui/gui_keys.h"
#include "gui/gui_text.h"
#include "openpgp/sigfile.h"
#include "trust/fetch.h"

/* The core tells keys, signatures and data apart, as the command line
 * does (openpgp/sigfile.h). */
enum gui_file_kind
gui_keys_sniff(const char *path)
{
	switch (sigfile_kind(path)) {
	case SIGFILE_PUBKEY:
		return GUI_FILE_KEY;
	case SIGFILE_SIGNATURE:
		return GUI_FILE_SIG;
	case SIGFILE_DATA:
		break;
	}
	return GUI_FILE_OTHER;
}

static void
put(struct gui_judgement *jd, enum gui_verdict v, unsigned offers,
    const char *title)
{
	jd->v = v;
	jd->offers = offers;
	g_strlcpy(jd->title, title, sizeof(jd->title));
}

void
gui_keys_offer(const char *path, struct gui_judgement *jd)
{
	char *name = gui_text_safe(gui_text_base(path), -1);

	put(jd, GUI_V_NONE, GUI_OFFER_IMPORT | GUI_OFFER_OPEN,
	    "A public key: import it?");
	g_snprintf(jd->reason, sizeof(jd->reason), "'%s' holds an OpenPGP "
	    "public key: it is not a download, and not a signature, so there "
	    "is nothing in it to check. Import it into the key store? Only "
	    "the keys of the Electrum developers pinned in this program are "
	    "taken; any other key is refused.", name);
	g_free(name);
}

void
gui_keys_refuse_sigs(char *const *names, size_t n, char *out, size_t outlen)
{
	GString *g = g_string_new(NULL);
	char *s;
	size_t i;

	for (i = 0; i < n; i++) {
		s = gui_text_safe(gui_text_base(names[i]), -1);
		g_string_append_printf(g, "%s'%s'", i ? ", " : "", s);
		g_free(s);
	}
	g_snprintf(out, outlen, "%s %s a signature, not a key file: not "
	    "imported. Choose the public key files of the Electrum developers "
	    "(such as ThomasV.asc); a download's .asc is its signature and is "
	    "opened with the download.", g->str, n == 1 ? "is" : "are each");
	g_string_free(g, TRUE);
}

static void
judge_import(const struct gui_outcome *o, struct gui_judgement *jd)
{
	const size_t *n = o->keys_n;

	if (n[FETCH_FAILED] > 0)
		put(jd, GUI_V_CANNOT, GUI_OFFER_OPEN, "Could not import "
		    "the key");
	else if (n[FETCH_IMPORTED] + n[FETCH_UNCHANGED] == 0)
		put(jd, GUI_V_CANNOT, GUI_OFFER_OPEN, "Not imported: not a "
		    "key of an Electrum developer");
	else
		put(jd, GUI_V_GENUINE, GUI_OFFER_OPEN, "Key imported");
	g_snprintf(jd->reason, sizeof(jd->reason), "%s",
	    n[FETCH_FAILED] > 0 ? "The key file could not be read into the "
	    "key store: see why below." : n[FETCH_IMPORTED] +
	    n[FETCH_UNCHANGED] == 0 ? "No key in it is pinned in this "
	    "program, so nothing was taken. Take the developers\u2019 keys only "
	    "from electrum.org." : "The key store now holds it: downloads "
	    "signed with it can be checked. Open a download to check it.");
}

static void
judge_fetch(const struct gui_outcome *o, struct gui_judgement *jd)
{
	const size_t *n = o->keys_n;
	size_t all = n[0] + n[1] + n[2] + n[3];

	if (o->cancelled)
		put(jd, GUI_V_CANNOT, GUI_OFFER_UPDATE | GUI_OFFER_OPEN,
		    "Key update cancelled");
	else if (n[FETCH_FAILED] > 0)
		put(jd, GUI_V_CANNOT, GUI_OFFER_UPDATE | GUI_OFFER_OPEN,
		    "Could not update every key");
	else if (n[FETCH_REFUSED] > 0)
		put(jd, GUI_V_CANNOT, GUI_OFFER_OPEN, "Some keys were "
		    "refused");
	else
		put(jd, GUI_V_GENUINE, GUI_OFFER_OPEN, "The developers\u2019 "
		    "keys are up to date");
	g_snprintf(jd->reason, sizeof(jd->reason), "%s%zu pinned key%s "
	    "asked for at %s: %zu updated, %zu already up to date, %zu "
	    "refused, %zu could not be fetched. Only a key with the pinned "
	    "fingerprint is ever taken.", o->cancelled ? "Stopped: " : "",
	    all, all == 1 ? "" : "s", all == 1 ? "its published address" :
	    "their published addresses", n[FETCH_IMPORTED], n[FETCH_UNCHANGED], n[FETCH_REFUSED],
	    n[FETCH_FAILED]);
}

void
gui_keys_judge(const struct gui_outcome *o, struct gui_judgement *jd)
{
	if (o->kind == GUI_JOB_FETCH)
		judge_fetch(o, jd);
	else
		judge_import(o, jd);
}
