/* gui_folder: the desktop helper given a folder: the core's release
 * folder audit (bind/folder.h, as `electrum-verify check DIR`) run in a
 * worker thread, judged in the helper's words, and shown as the CLI's
 * files x signers matrix with each file's verdict. Main loop only,
 * except the worker inside. */
#ifndef EV_GUI_FOLDER_H
#define EV_GUI_FOLDER_H

#include <gtk/gtk.h>

#include "base/err.h"
#include "gui/gui_judge.h"

struct gui_folder;

/* Starts the audit of dir; done(ud, f) comes in the main loop when it
 * ended (completed, failed or cancelled). NULL (e set) if no thread
 * could be started. */
struct gui_folder *gui_folder_start(const char *dir,
    void (*done)(void *ud, struct gui_folder *f), void *ud, struct err *e);

/* Asks the audit to stop; done still comes. */
void gui_folder_cancel(struct gui_folder *f);

/* Cancels, waits for the worker, frees; no done comes after. Accepts
 * NULL. */
void gui_folder_free(struct gui_folder *f);

/* After done: the verdict in the helper's words. */
void gui_folder_judge(const struct gui_folder *f, struct gui_judgement *jd);

/* After done: the matrix and the notes under it; NULL when the audit
 * did not complete. */
GtkWidget *gui_folder_table(const struct gui_folder *f);

/* An "Open folder…" button in win's header bar, calling cb(ud). */
void gui_folder_button(GtkWindow *win, void (*cb)(void *ud), void *ud);

#endif
