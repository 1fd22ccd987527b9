/* gui_shot: what the window shows, for tests and for people: accessible
 * names, a text walk of the widget tree, and a PNG of the window. */
#ifndef EV_GUI_SHOT_H
#define EV_GUI_SHOT_H

#include <gtk/gtk.h>

/* Sets the accessible label of w (and remembers it for the walk). */
void gui_shot_name(GtkWidget *w, const char *label);

/* Writes one line per visible widget under root to path:
 *   DEPTH-indent TYPE role=ROLE [a11y="LABEL"] [text="..."] [...]
 * text escaped (\n, \", \\, control bytes). 0, or -1 with errno. */
int gui_shot_walk(GtkWidget *root, const char *path);

/* Writes the layout of win to path, for a test that it fits a small
 * screen: first
 *   window W H min W H
 * (its size, and its minimum size by gtk_widget_measure), then
 *   view W H content-min W content-natural H
 * (the scrolled view's visible size, the minimum width of what it holds,
 * and its natural height at the view's width), then one line per
 * visible widget that has an accessible label or is a button:
 *   TYPE "LABEL-OR-TEXT" X Y W H
 * its bounds in the view's coordinates (as scrolled). 0, or -1. */
int gui_shot_layout(GtkWidget *win, const char *path);

/* Renders the window with its own renderer into a PNG. 0, -1, or -2
 * when the window is not laid out yet (try again after a frame). */
int gui_shot_png(GtkWidget *win, const char *path);

#endif
