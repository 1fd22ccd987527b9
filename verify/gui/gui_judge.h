/* gui_judge: what the window says about a check, in the three words a
 * user needs (genuine / NOT genuine / could not check), why, and what it
 * offers to do next; and which file a double-clicked name stands for. */
#ifndef EV_GUI_JUDGE_H
#define EV_GUI_JUDGE_H

#include "gui/gui_work.h"

enum gui_verdict {
	GUI_V_NONE,		/* nothing opened yet */
	GUI_V_BUSY,		/* checking */
	GUI_V_GENUINE,
	GUI_V_NOT_GENUINE,
	GUI_V_CANNOT		/* could not check */
};

/* Buttons offered under the verdict. */
#define GUI_OFFER_SIG	0x01u	/* choose the signature */
#define GUI_OFFER_KEYS	0x02u	/* import key files */
#define GUI_OFFER_FILE	0x04u	/* choose the file a signature signs */
#define GUI_OFFER_OPEN	0x08u	/* open a file to check */
#define GUI_OFFER_AGAIN	0x10u	/* check again (after a cancel) */
#define GUI_OFFER_IMPORT 0x20u	/* import the key file opened (gui_keys) */
#define GUI_OFFER_UPDATE 0x40u	/* update the pinned keys (keys fetch) */

struct gui_judgement {
	enum gui_verdict v;
	char title[96];		/* the big words; "" gui_judge_title(v) */
	char reason[1536];	/* one sentence or two, printable */
	unsigned offers;	/* GUI_OFFER_* */
};

/* Judges a check: at its verdict (finished 0), or at its end (finished
 * 1: then a change of the file during the listing counts too). */
void gui_judge(const struct gui_outcome *o, int finished,
    struct gui_judgement *jd);

/* Judges a signature opened without the file it signs beside it. */
void gui_judge_orphan(const char *file, const char *sig,
    struct gui_judgement *jd);

/* The pinned signer who made s: the core's, for a checked signature or
 * one whose key is not at hand (named by its issuer); NULL if none. */
const char *gui_judge_signer(const struct verify_result *r,
    const struct verify_sig *s);

/* The verdict's own big words, the icon name, the CSS class, the test hook's exit
 * code. */
const char *gui_judge_title(enum gui_verdict v);
const char *gui_judge_icon(enum gui_verdict v);
const char *gui_judge_class(enum gui_verdict v);
int gui_judge_exit(enum gui_verdict v);

/* What to check when the user opened path (sig: --sig or NULL). A
 * signature X.asc, X.sig or X.SIGNER.asc stands for X beside it; for the
 * per-signer files *sig stays NULL so that every signer's file is read.
 * SIGNER is never a file-type extension (sigfile_signer_name): X.tar.gz.asc
 * stands for X.tar.gz, not for X.tar. Returns 0, or 1 when path is a
 * signature and X does not exist: then *file is X and *sig is path. Free
 * both with g_free. */
int gui_judge_target(const char *path, const char *sig, char **file,
    char **sigout);

#endif
