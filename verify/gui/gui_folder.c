#include <stdatomic.h>
#include <string.h>

#include <glib.h>

#include "bind/folder.h"
#include "gui/gui_folder.h"
#include "gui/gui_shot.h"
#include "gui/gui_text.h"

#define POLL_MS 50

struct gui_folder {
	char *dir;
	void (*done)(void *ud, struct gui_folder *f);
	void *ud;
	GThread *thread;
	guint poll;			/* main loop: the source waiting */
	atomic_int cancel;		/* the core's stop flag */
	atomic_int over;		/* the worker is done with fr, e, rc */
	int rc;				/* folder_check's result */
	struct err e;
	struct folder_result fr;
};

static gpointer
work(gpointer p)
{
	struct gui_folder *f = p;
	struct verify_opts o = { .file = f->dir, .min_sigs = 1,
	    .engine = VERIFY_ENGINE_NATIVE, .cancel = &f->cancel };

	f->rc = folder_check(f->dir, &o, &f->fr, &f->e);
	atomic_store(&f->over, 1);
	return NULL;
}

/* The main loop looks for the end; the join makes the worker's writes
 * visible here. */
static gboolean
poll_end(gpointer p)
{
	struct gui_folder *f = p;

	if (!atomic_load(&f->over))
		return G_SOURCE_CONTINUE;
	g_thread_join(f->thread);
	f->thread = NULL;
	f->poll = 0;
	f->done(f->ud, f);
	return G_SOURCE_REMOVE;
}

struct gui_folder *
gui_folder_start(const char *dir, void (*done)(void *ud, struct gui_folder *f),
    void *ud, struct err *e)
{
	struct gui_folder *f = g_new0(struct gui_folder, 1);
	GError *ge = NULL;

	f->dir = g_strdup(dir);
	f->done = done;
	f->ud = ud;
	folder_result_init(&f->fr);
	f->thread = g_thread_try_new("folder", work, f, &ge);
	if (f->thread == NULL) {
		err_set(e, "cannot start a thread: %s", ge->message);
		g_error_free(ge);
		gui_folder_free(f);
		return NULL;
	}
	f->poll = g_timeout_add(POLL_MS, poll_end, f);
	return f;
}

void
gui_folder_cancel(struct gui_folder *f)
{
	if (f != NULL)
		atomic_store(&f->cancel, 1);
}

void
gui_folder_free(struct gui_folder *f)
{
	if (f == NULL)
		return;
	atomic_store(&f->cancel, 1);
	if (f->poll != 0)
		g_source_remove(f->poll);
	if (f->thread != NULL)
		g_thread_join(f->thread);
	folder_result_release(&f->fr);
	g_free(f->dir);
	g_free(f);
}

void
gui_folder_judge(const struct gui_folder *f, struct gui_judgement *jd)
{
	char why[512];
	enum verdict v;

	memset(jd, 0, sizeof(*jd));
	jd->offers = GUI_OFFER_OPEN;
	if (f->rc != 0) {
		jd->v = GUI_V_CANNOT;
		g_snprintf(jd->reason, sizeof(jd->reason), "%s", f->e.msg);
		return;
	}
	v = folder_verdict(&f->fr, why, sizeof(why));
	jd->v = v == VERDICT_VERIFIED ? GUI_V_GENUINE : v ==
	    VERDICT_NOT_VERIFIED ? GUI_V_NOT_GENUINE : GUI_V_CANNOT;
	g_snprintf(jd->title, sizeof(jd->title), "%s", v == VERDICT_VERIFIED ?
	    "Genuine Electrum release folder" : v == VERDICT_NOT_VERIFIED ?
	    "NOT genuine \u2014 do not run these files" : "Could not check");
	g_snprintf(jd->reason, sizeof(jd->reason), "%s", why);
}

static GtkWidget *
cell(GtkWidget *grid, int col, int row, const char *text, const char *cls)
{
	GtkWidget *l = gtk_label_new(text);

	gtk_label_set_xalign(GTK_LABEL(l), 0);
	gtk_label_set_selectable(GTK_LABEL(l), TRUE);
	if (cls != NULL)
		gtk_widget_add_css_class(l, cls);
	gtk_grid_attach(GTK_GRID(grid), l, col, row, 1, 1);
	return l;
}

static void
note(GtkWidget *box, const char *text)
{
	GtkWidget *l = gtk_label_new(text);

	gtk_label_set_xalign(GTK_LABEL(l), 0);
	gtk_label_set_wrap(GTK_LABEL(l), TRUE);
	gtk_label_set_wrap_mode(GTK_LABEL(l), PANGO_WRAP_WORD_CHAR);
	gtk_label_set_selectable(GTK_LABEL(l), TRUE);
	gtk_box_append(GTK_BOX(box), l);
}

/* "what: a, b" or "what: none". */
static void
note_list(GtkWidget *box, const char *what, const char *const *v, size_t n)
{
	GString *s = g_string_new(what);
	size_t i;

	for (i = 0; i < n; i++)
		g_string_append_printf(s, "%s%s", i ? ", " : " ", v[i]);
	if (n == 0)
		g_string_append(s, " none");
	note(box, s->str);
	g_string_free(s, TRUE);
}

static const char *
row_word(enum verdict v)
{
	return v == VERDICT_VERIFIED ? "genuine" : v == VERDICT_NOT_VERIFIED ?
	    "NOT genuine" : "could not check";
}

GtkWidget *
gui_folder_table(const struct gui_folder *f)
{
	const struct folder_result *fr = &f->fr;
	const struct folder_artifact *a;
	struct folder_signers s;
	const char *every[FOLDER_MAX_SIGNERS];
	GtkWidget *box, *grid, *h;
	size_t i, j, ne = 0;
	char *t;

	if (f->rc != 0)
		return NULL;
	folder_signers_of(fr, &s);
	box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
	h = gtk_label_new("Files \u00d7 signers");
	gtk_label_set_xalign(GTK_LABEL(h), 0);
	gtk_widget_add_css_class(h, "section");
	gtk_box_append(GTK_BOX(box), h);
	grid = gtk_grid_new();
	gui_shot_name(grid, "Files by signers");
	gtk_grid_set_column_spacing(GTK_GRID(grid), 18);
	gtk_grid_set_row_spacing(GTK_GRID(grid), 4);
	cell(grid, 0, 0, "File", "heading");
	cell(grid, 1, 0, "Verdict", "heading");
	for (j = 0; j < s.n; j++) {
		t = gui_text_safe(s.v[j], -1);
		cell(grid, (int)j + 2, 0, t, "heading");
		g_free(t);
	}
	for (i = 0; i < fr->na; i++) {
		a = &fr->a[i];
		cell(grid, 0, (int)i + 1, a->name, "mono");
		cell(grid, 1, (int)i + 1, row_word(folder_row_verdict(a)),
		    NULL);
		for (j = 0; j < s.n; j++)
			cell(grid, (int)j + 2, (int)i + 1,
			    folder_cell_word(folder_cell(a, s.v[j])), "mono");
	}
	gtk_box_append(GTK_BOX(box), grid);
	for (i = 0; i < fr->na; i++) {
		a = &fr->a[i];
		if (folder_row_verdict(a) != VERDICT_VERIFIED) {
			t = g_strdup_printf("%s: %s", a->name, a->rc ?
			    a->e.msg : a->r.reason);
			note(box, t);
			g_free(t);
		}
		if (a->split_match == 0)
			note(box, a->split_note);
	}
	for (j = 0; j < s.n; j++)
		if (folder_signed_every(fr, s.v[j]))
			every[ne++] = s.v[j];
	note_list(box, "Signed every file:", every, ne);
	note_list(box, "Missing:", (const char *const *)fr->missing,
	    fr->nmissing);
	note_list(box, "Extra:", (const char *const *)fr->extra, fr->nextra);
	return box;
}

struct button_cb {
	void (*cb)(void *ud);
	void *ud;
};

static void
button_clicked(GtkButton *b, gpointer p)
{
	struct button_cb *c = p;

	(void)b;
	c->cb(c->ud);
}

void
gui_folder_button(GtkWindow *win, void (*cb)(void *ud), void *ud)
{
	GtkWidget *hb = gtk_window_get_titlebar(win), *b;
	struct button_cb *c;

	if (!GTK_IS_HEADER_BAR(hb))
		return;
	b = gtk_button_new_with_label("Open folder\u2026");
	c = g_new(struct button_cb, 1);
	c->cb = cb;
	c->ud = ud;
	g_object_set_data_full(G_OBJECT(b), "ev-cb", c, g_free);
	gtk_widget_set_tooltip_text(b, "Choose a downloaded release folder "
	    "to audit: every Electrum file in it, with its signatures");
	g_signal_connect(b, "clicked", G_CALLBACK(button_clicked), c);
	gtk_header_bar_pack_start(GTK_HEADER_BAR(hb), b);
}
