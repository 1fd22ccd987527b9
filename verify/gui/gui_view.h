/* gui_view: the window's content: the verdict first (icon, big words,
 * colour, reason), the buttons it offers, progress with a cancel button,
 * then the details from gui_table; and the title bar with its menu
 * (app.update-keys). Main loop only. */
#ifndef EV_GUI_VIEW_H
#define EV_GUI_VIEW_H

#include <gtk/gtk.h>

#include "gui/gui_judge.h"
#include "gui/gui_work.h"

struct gui_view_cb {
	void (*offer)(void *ud, unsigned offer);	/* a GUI_OFFER_* */
	void (*cancel)(void *ud);
};

struct gui_view;

/* Fills win (title bar and content) and loads the style sheet. */
struct gui_view *gui_view_new(GtkWindow *win, const struct gui_view_cb *cb,
    void *ud);
void gui_view_free(struct gui_view *v);

/* A check of file (as the user named it) starts; or, with title and
 * reason (else NULL), another job (a key import, the key update). */
void gui_view_busy(struct gui_view *v, const char *file, const char *title,
    const char *reason);
void gui_view_progress(struct gui_view *v, enum gui_stage st,
    uint64_t done, uint64_t total);
void gui_view_cancelling(struct gui_view *v);

/* The verdict, and what was learnt (o may be NULL; file as the user
 * named it, or NULL). */
void gui_view_verdict(struct gui_view *v, const struct gui_judgement *jd,
    const struct gui_outcome *o, const char *file);
/* The files inside, once listed; the end of the busy state. */
void gui_view_finished(struct gui_view *v, const struct gui_outcome *o);

/* A plain message under the verdict (the verdict stays). */
void gui_view_note(struct gui_view *v, const char *text);

/* The verdict on a folder (named as the user named it) with its audit,
 * details (gui_folder_table, or NULL); the end of the busy state. */
void gui_view_folder(struct gui_view *v, const struct gui_judgement *jd,
    GtkWidget *details, const char *dir);

/* Presses the cancel button (the test hook). */
void gui_view_press_cancel(struct gui_view *v);

#endif
