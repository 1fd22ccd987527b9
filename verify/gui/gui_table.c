#include <string.h>

#include "gui/gui_judge.h"
#include "gui/gui_shot.h"
#include "gui/gui_table.h"
#include "gui/gui_text.h"

static GtkWidget *
label_new(const char *text, const char *css, int selectable)
{
	GtkWidget *l = gtk_label_new(text);

	gtk_label_set_xalign(GTK_LABEL(l), 0);
	gtk_label_set_yalign(GTK_LABEL(l), 0);
	gtk_label_set_wrap(GTK_LABEL(l), TRUE);
	gtk_label_set_wrap_mode(GTK_LABEL(l), PANGO_WRAP_WORD_CHAR);
	gtk_label_set_selectable(GTK_LABEL(l), selectable);
	if (css != NULL)
		gtk_widget_add_css_class(l, css);
	return l;
}

static void
fact_row(GtkWidget *grid, int row, const char *key, GtkWidget *value)
{
	GtkWidget *k = label_new(key, "dim", FALSE);

	gtk_widget_set_hexpand(value, TRUE);
	gtk_grid_attach(GTK_GRID(grid), k, 0, row, 1, 1);
	gtk_grid_attach(GTK_GRID(grid), value, 1, row, 1, 1);
	gtk_accessible_update_relation(GTK_ACCESSIBLE(value),
	    GTK_ACCESSIBLE_RELATION_LABELLED_BY, k, NULL, -1);
}

#define COPIED_MS 2000	/* "Copied" is shown this long */

static gboolean
copy_revert(gpointer p)
{
	GtkButton *b = p;

	gtk_button_set_label(b, "Copy");
	g_object_set_data(G_OBJECT(b), "ev-revert", NULL);
	return G_SOURCE_REMOVE;
}

static void
copy_clicked(GtkButton *b, gpointer text)
{
	guint id = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(b),
	    "ev-revert"));

	gdk_clipboard_set_text(gtk_widget_get_clipboard(GTK_WIDGET(b)), text);
	gtk_button_set_label(b, "Copied");
	if (id != 0)
		g_source_remove(id);
	/* the source holds the button, even if the window drops it */
	id = g_timeout_add_full(G_PRIORITY_DEFAULT, COPIED_MS, copy_revert,
	    g_object_ref(b), g_object_unref);
	g_object_set_data(G_OBJECT(b), "ev-revert", GUINT_TO_POINTER(id));
}

static GtkWidget *
sha_value(const char *sha)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
	GtkWidget *l = label_new(sha, "mono", TRUE);
	GtkWidget *b = gtk_button_new_with_label("Copy");

	gtk_widget_set_hexpand(l, TRUE);
	gtk_widget_set_valign(b, GTK_ALIGN_CENTER);
	gtk_widget_set_tooltip_text(b, "Copy the SHA-256 to the clipboard");
	gui_shot_name(b, "Copy SHA-256");
	g_signal_connect_data(b, "clicked", G_CALLBACK(copy_clicked),
	    g_strdup(sha), (GClosureNotify)(void (*)(void))g_free, 0);
	gtk_box_append(GTK_BOX(box), l);
	gtk_box_append(GTK_BOX(box), b);
	return box;
}

static char *
type_text(const struct verify_result *r)
{
	if (r->has_release && r->release.kind != r->type->kind)
		return g_strdup_printf("%s \u2014 WARNING: the name says %s",
		    r->type->name, artifact_type(r->release.kind)->name);
	return g_strdup(r->type->name);
}

static GtkWidget *
sigfiles_value(const struct verify_result *r)
{
	GString *g = g_string_new(NULL);
	GtkWidget *l;
	char *t;
	size_t i;

	for (i = 0; i < r->nsigfiles; i++) {
		t = gui_text_core(r->sigfiles[i]);
		g_string_append_printf(g, "%s%s", i ? "\n" : "", t);
		g_free(t);
	}
	l = label_new(g->str, NULL, TRUE);
	g_string_free(g, TRUE);
	return l;
}

GtkWidget *
gui_table_facts(const struct verify_result *r, const char *file)
{
	GtkWidget *grid = gtk_grid_new();
	char *s;
	int row = 0;

	gtk_grid_set_row_spacing(GTK_GRID(grid), 6);
	gtk_grid_set_column_spacing(GTK_GRID(grid), 16);
	s = gui_text_safe(file, -1);
	fact_row(grid, row++, "File", label_new(s, NULL, TRUE));
	g_free(s);
	if (r->sha256[0] == '\0')
		return grid;
	s = gui_text_size(r->size);
	fact_row(grid, row++, "Size", label_new(s, NULL, TRUE));
	g_free(s);
	s = type_text(r);
	fact_row(grid, row++, "Type", label_new(s, NULL, TRUE));
	g_free(s);
	if (r->has_release) {
		s = g_strdup_printf("%s %s, %s; version %s (%s)",
		    r->release.product, r->release.version,
		    r->release.platform, r->content_version[0] ?
		    r->content_version : r->release.version,
		    r->content_version[0] ? "from the content" :
		    "from the file name only");
		fact_row(grid, row++, "Release", label_new(s, NULL, TRUE));
		g_free(s);
	}
	fact_row(grid, row++, "SHA-256", sha_value(r->sha256));
	if (r->nsigfiles > 0)
		fact_row(grid, row++, r->nsigfiles > 1 ? "Signatures" :
		    "Signature", sigfiles_value(r));
	return grid;
}

static const char *
sig_words(const struct verify_sig *s, int pinned, const char **icon)
{
	*icon = "dialog-warning-symbolic";
	switch (s->status) {
	case SIG_GOOD:
		if (!s->counted && !s->duplicate)
			return "Good, but not counted";
		*icon = "emblem-ok-symbolic";
		return s->counted ? "Good" : "Good (same key again)";
	case SIG_BAD:
		*icon = "dialog-error-symbolic";
		return "BAD: does not match the file";
	case SIG_NOKEY:
		return pinned ? "Key not imported" : "Unknown key";
	case SIG_ERROR:
		return "Could not be checked";
	case SIG_NOTCHECKED:
		return "Not checked";
	default:
		return "Not supported";
	}
}

static char *
sig_when(int64_t t)
{
	GDateTime *d = t >= 0 ? g_date_time_new_from_unix_utc(t) : NULL;
	char *s;

	if (d == NULL)
		return g_strdup("\u2014");
	s = g_date_time_format(d, "%Y-%m-%d %H:%M UTC");
	g_date_time_unref(d);
	return s;
}

/* The reasons of s (why it counts or not), lines; its notes (what is
 * merely worth knowing, like SHA-1 self-signatures of a key) go to the
 * details instead: said under the verdict, a note reads as a doubt. */
static char *
sig_msgs(const struct verify_sig *s)
{
	GString *g = g_string_new(NULL);
	char *t;
	size_t i;

	for (i = 0; i < s->nreasons; i++) {
		t = gui_text_msg(s->reasons[i]);
		g_string_append_printf(g, "%s%s", g->len ? "\n" : "", t);
		g_free(t);
	}
	return g_string_free(g, FALSE);
}

/* The notes of every signature, "alice: note" lines, in a closed
 * "Details" expander; NULL if there is none. */
static GtkWidget *
sig_details(const struct verify_result *r)
{
	GString *g = g_string_new(NULL);
	const char *who;
	GtkWidget *x = NULL, *l;
	char *t;
	size_t i, k, n = 0;

	for (i = 0; i < r->nsigs; i++)
		for (k = 0; k < r->sigs[i].nnotes; k++, n++) {
			who = gui_judge_signer(r, &r->sigs[i]);
			t = gui_text_msg(r->sigs[i].notes[k]);
			g_string_append_printf(g, "%sSignature %zu (%s): %s",
			    g->len ? "\n" : "", i + 1, who ? who : "unknown",
			    t);
			g_free(t);
		}
	if (n > 0) {
		t = g_strdup_printf("Details (%zu %s)", n, n == 1 ? "note" :
		    "notes");
		x = gtk_expander_new(t);
		g_free(t);
		l = label_new(g->str, "dim", TRUE);
		gui_shot_name(l, "Signature notes");
		gtk_expander_set_child(GTK_EXPANDER(x), l);
	}
	g_string_free(g, TRUE);
	return x;
}

static void
sig_row(GtkWidget *grid, int row, const struct verify_result *r,
    const struct verify_sig *s)
{
	const char *signer = gui_judge_signer(r, s);
	const char *icon, *words = sig_words(s, signer != NULL, &icon);
	GtkWidget *img = gtk_image_new_from_icon_name(icon);
	char fpr[96], *when = sig_when(s->created), *msgs = sig_msgs(s);
	char *key;

	gui_shot_name(img, words);
	gtk_widget_set_valign(img, GTK_ALIGN_START);
	gui_text_fpr(fpr, sizeof(fpr), s->fpr);
	key = s->fpr[0] ? g_strdup(fpr) : s->keyid[0] ?
	    g_strdup_printf("key ID %s", s->keyid) : g_strdup("\u2014");
	gtk_grid_attach(GTK_GRID(grid), img, 0, row, 1, 1);
	gtk_grid_attach(GTK_GRID(grid), label_new(words, "heading", FALSE),
	    1, row, 1, 1);
	gtk_grid_attach(GTK_GRID(grid), label_new(signer ? signer :
	    s->fpr[0] ? "not pinned" : "unknown", NULL, TRUE), 2, row, 1, 1);
	gtk_grid_attach(GTK_GRID(grid), label_new(key, "mono", TRUE), 3, row,
	    1, 1);
	gtk_grid_attach(GTK_GRID(grid), label_new(when, NULL, FALSE), 4, row,
	    1, 1);
	if (msgs[0] != '\0')
		gtk_grid_attach(GTK_GRID(grid), label_new(msgs, "dim", TRUE),
		    1, row + 1, 4, 1);
	g_free(key);
	g_free(when);
	g_free(msgs);
}

GtkWidget *
gui_table_signers(const struct verify_result *r)
{
	static const char *const head[] = { "", "Signature", "Signer",
	    "Key fingerprint", "Signed" };
	GtkWidget *box, *grid, *title, *details;
	char *t;
	size_t i;
	int row = 1, c;

	if (r->nsigs == 0)
		return NULL;
	box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	t = g_strdup_printf("Valid signatures by Electrum developers: %zu "
	    "(%u needed)", r->ncounted, r->min_sigs);
	title = label_new(t, "section", FALSE);
	g_free(t);
	grid = gtk_grid_new();
	gtk_grid_set_row_spacing(GTK_GRID(grid), 4);
	gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
	gui_shot_name(grid, "Signatures");
	for (c = 0; c < 5; c++)
		gtk_grid_attach(GTK_GRID(grid), label_new(head[c], "dim",
		    FALSE), c, 0, 1, 1);
	for (i = 0; i < r->nsigs; i++, row += 2)
		sig_row(grid, row, r, &r->sigs[i]);
	gtk_box_append(GTK_BOX(box), title);
	gtk_box_append(GTK_BOX(box), grid);
	if ((details = sig_details(r)) != NULL)
		gtk_box_append(GTK_BOX(box), details);
	return box;
}

static void
entry_line(GString *g, const struct manifest_entry *e)
{
	char *path = gui_text_safe(e->path, -1), *link;
	unsigned bit;
	const char *name;
	int first = 1;

	g_string_append_printf(g, "%-8s %04o %12" G_GUINT64_FORMAT " %.16s  %s",
	    manifest_type_name(e->type), e->mode & 07777u, e->size,
	    e->sha256[0] ? e->sha256 : "-", path);
	if (e->link != NULL) {
		link = gui_text_safe(e->link, -1);
		g_string_append_printf(g, " -> %s", link);
		g_free(link);
	}
	for (bit = 1; bit <= MF_HOSTILE_MASK && bit != 0; bit <<= 1)
		if ((e->flags & bit) && (name = manifest_flag_name(bit))) {
			g_string_append_printf(g, "%s%s", first ? "  [" : ", ",
			    name);
			first = 0;
		}
	if (!first)
		g_string_append_c(g, ']');
	g_string_append_c(g, '\n');
	g_free(path);
}

/* The entries, the suspicious ones first so that the cap never hides
 * one, then the others; at most GUI_TABLE_MAX_LINES, and how many were
 * left out. */
static void
entry_lines(GString *g, const struct manifest *m)
{
	size_t i, shown = 0, nhostile = 0, pass;
	int hostile;

	for (i = 0; i < m->n; i++)
		nhostile += (m->v[i].flags & MF_HOSTILE_MASK) != 0;
	if (nhostile > 0 && nhostile < m->n)
		g_string_append_printf(g, "(the %zu suspicious %s first)\n",
		    nhostile, nhostile == 1 ? "entry" : "entries");
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < m->n && shown < GUI_TABLE_MAX_LINES; i++) {
			hostile = (m->v[i].flags & MF_HOSTILE_MASK) != 0;
			if (hostile != (pass == 0))
				continue;
			entry_line(g, &m->v[i]);
			shown++;
		}
	if (shown < m->n)
		g_string_append_printf(g, "\u2026 %zu more %s not listed here "
		    "(%zu of them suspicious)\n", m->n - shown,
		    m->n - shown == 1 ? "entry" : "entries",
		    nhostile > shown ? nhostile - shown : 0);
}

static void
outside_lines(GString *g, const struct manifest *m)
{
	char *name, *note;
	size_t i;

	for (i = 0; i < m->nout; i++) {
		name = gui_text_safe(m->out[i].name, -1);
		note = gui_text_core(m->out[i].note);
		g_string_append_printf(g, "outside  %s at %" G_GUINT64_FORMAT
		    ", %" G_GUINT64_FORMAT " bytes, %.16s %s%s\n", name,
		    m->out[i].offset, m->out[i].size,
		    m->out[i].sha256[0] ? m->out[i].sha256 : "-", note,
		    m->out[i].hostile ? " [unexpected]" : "");
		g_free(name);
		g_free(note);
	}
}

static GtkWidget *
manifest_text(const struct manifest *m)
{
	GString *g = g_string_new(NULL);
	GtkWidget *tv = gtk_text_view_new(), *sw;

	entry_lines(g, m);
	outside_lines(g, m);
	gtk_text_buffer_set_text(gtk_text_view_get_buffer(GTK_TEXT_VIEW(tv)),
	    g->str, (int)g->len);
	g_string_free(g, TRUE);
	gtk_text_view_set_editable(GTK_TEXT_VIEW(tv), FALSE);
	gtk_text_view_set_monospace(GTK_TEXT_VIEW(tv), TRUE);
	gtk_text_view_set_wrap_mode(GTK_TEXT_VIEW(tv), GTK_WRAP_CHAR);
	gui_shot_name(tv, "Files inside");
	sw = gtk_scrolled_window_new();
	gtk_scrolled_window_set_min_content_height(GTK_SCROLLED_WINDOW(sw),
	    220);
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(sw), tv);
	return sw;
}

GtkWidget *
gui_table_manifest(const struct gui_outcome *o)
{
	const struct manifest *m = &o->m;
	GtkWidget *x;
	char *t;

	if (!o->inspected || o->mcancelled || o->mchanged)
		return NULL;
	if (o->mrc != 0) {
		x = gtk_expander_new("Files inside: could not be listed");
		t = gui_text_core(o->me.msg);
		gtk_expander_set_child(GTK_EXPANDER(x), label_new(t, NULL,
		    TRUE));
		g_free(t);
		return x;
	}
	if (strcmp(m->kind, "file") == 0 || strcmp(m->kind, "PE") == 0)
		return NULL;
	t = g_strdup_printf("Files inside (%s, %zu %s)%s", m->kind, m->n,
	    m->n == 1 ? "entry" : "entries", manifest_hostile(m) ?
	    " \u2014 WARNING: suspicious entries, see the marks" : "");
	x = gtk_expander_new(t);
	g_free(t);
	gtk_expander_set_child(GTK_EXPANDER(x), manifest_text(m));
	/* what a person should look at is shown at once */
	gtk_expander_set_expanded(GTK_EXPANDER(x), manifest_hostile(m));
	return x;
}
