/* gui_keys: the window's key actions in words: what a file holds (a
 * public key, a signature, or neither: sniffed from its first bytes), the
 * offer to import an opened key file, and the outcome of a key import or
 * of the update of the pinned keys. */
#ifndef EV_GUI_KEYS_H
#define EV_GUI_KEYS_H

#include "gui/gui_judge.h"
#include "gui/gui_work.h"

enum gui_file_kind {
	GUI_FILE_OTHER,		/* neither, or unreadable: checked as a file */
	GUI_FILE_KEY,		/* an OpenPGP public key (armoured or not) */
	GUI_FILE_SIG		/* an OpenPGP signature (armoured or not) */
};

/* What path holds, by its content, as sigfile_kind tells it: armour
 * whose first block is a PUBLIC KEY BLOCK or a SIGNATURE (text may come
 * before it), or binary OpenPGP starting with a public key packet, or
 * signature packets. */
enum gui_file_kind gui_keys_sniff(const char *path);

/* Opened path is a public key: offers to import it (GUI_OFFER_IMPORT). */
void gui_keys_offer(const char *path, struct gui_judgement *jd);

/* Key files chosen to import that are signatures (names, n of them):
 * the plain message that says they were not taken, in out (n > 0). */
void gui_keys_refuse_sigs(char *const *names, size_t n, char *out,
    size_t outlen);

/* The outcome of a GUI_JOB_IMPORT or GUI_JOB_FETCH job. */
void gui_keys_judge(const struct gui_outcome *o, struct gui_judgement *jd);

#endif
