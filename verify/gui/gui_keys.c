#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "gui/gui_keys.h"
#include "gui/gui_text.h"
#include "trust/fetch.h"

#define SNIFF_BYTES 4096	/* read from the start of a file */

/* The armour type of the first armour header line in buf ("-----BEGIN
 * PGP ...", after blanks; text before it is allowed, as armour_detect
 * allows it). */
static enum gui_file_kind
sniff_armour(const char *buf, size_t len)
{
	static const char begin[] = "-----BEGIN PGP ";
	static const char pk[] = "PUBLIC KEY BLOCK-----";
	static const char sig[] = "SIGNATURE-----";
	size_t i = 0, rest;

	while (i < len) {
		while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
			i++;
		rest = len - i;
		if (rest >= sizeof(begin) - 1 && memcmp(buf + i, begin,
		    sizeof(begin) - 1) == 0) {
			i += sizeof(begin) - 1;
			rest = len - i;
			if (rest >= sizeof(pk) - 1 && memcmp(buf + i, pk,
			    sizeof(pk) - 1) == 0)
				return GUI_FILE_KEY;
			if (rest >= sizeof(sig) - 1 && memcmp(buf + i, sig,
			    sizeof(sig) - 1) == 0)
				return GUI_FILE_SIG;
			return GUI_FILE_OTHER;
		}
		while (i < len && buf[i] != '\n')
			i++;
		i++;
	}
	return GUI_FILE_OTHER;
}

enum gui_file_kind
gui_keys_sniff(const char *path)
{
	unsigned char buf[SNIFF_BYTES];
	ssize_t got;
	int fd, tag;
	enum gui_file_kind k = GUI_FILE_OTHER;

	/* O_NONBLOCK: a FIFO given as the file does not hang the window */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK)) < 0)
		return GUI_FILE_OTHER;
	got = read(fd, buf, sizeof(buf));
	close(fd);
	if (got <= 0)
		return GUI_FILE_OTHER;
	if (!(buf[0] & 0x80))
		return sniff_armour((const char *)buf, (size_t)got);
	/* RFC 9580 4.2: the packet tag, in the new or the old format */
	tag = buf[0] & 0x40 ? buf[0] & 0x3f : (buf[0] >> 2) & 0x0f;
	if (tag == 6)
		k = GUI_FILE_KEY;
	else if (tag == 2)
		k = GUI_FILE_SIG;
	return k;
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
