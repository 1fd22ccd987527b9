/* gui_table: the details under the verdict, built from a finished check:
 * the file facts (size, type, SHA-256 with a copy button), the table of
 * signatures (their notes in a closed "Details" expander), and the
 * expander with the files inside an archive. */
#ifndef EV_GUI_TABLE_H
#define EV_GUI_TABLE_H

#include <gtk/gtk.h>

#include "gui/gui_work.h"

#define GUI_TABLE_MAX_LINES 5000	/* manifest lines shown */

/* file: the path as the user gave it (shown made safe). */
GtkWidget *gui_table_facts(const struct verify_result *r, const char *file);

/* NULL when there is no signature to show. */
GtkWidget *gui_table_signers(const struct verify_result *r);

/* The "Files inside" expander, or NULL when the file is no archive (or
 * was not listed). */
GtkWidget *gui_table_manifest(const struct gui_outcome *o);

#endif
