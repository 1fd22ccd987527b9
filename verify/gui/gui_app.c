/* gui_app: the application: one window, one check at a time, the file
 * choosers behind the offered buttons, and the test hook.
 *
 * The test hook (tests/cases/90-gui.sh; nothing of it is active unless
 * ELECTRUM_VERIFY_GUI_TEST is set and not empty):
 *   ELECTRUM_VERIFY_GUI_TEST=DIR   once the check is done, or an offer is
 *       shown without one, write DIR/widgets.txt (gui_shot_walk),
 *       DIR/layout.txt (gui_shot_layout) and DIR/screenshot.png, close
 *       the window and exit with gui_judge_exit(): 0 genuine, 1 NOT
 *       genuine, 2 could not check, 3 nothing checked (4: the files could
 *       not be written)
 *   ELECTRUM_VERIFY_GUI_TEST_CHOOSE=PATH[:PATH...]   take the first offer
 *       of the first result once, as if its button was clicked and these
 *       files chosen (instead of the file chooser)
 *   ELECTRUM_VERIFY_GUI_TEST_CANCEL=1   press Cancel at the first progress
 *       report of the hashing; in the key update, TEST_CANCEL_MS after
 *       its first progress report (a transfer is then under way: the
 *       test's server stalls it)
 *   ELECTRUM_VERIFY_GUI_TEST_DROP=PATH[:PATH]   once the window first
 *       settles, drop these files on it: a GdkFileList emitted as the
 *       "drop" signal of the window's own GtkDropTarget, so the handler
 *       of a real drop takes it
 *   ELECTRUM_VERIFY_GUI_TEST_CONFIRM=1   accept the offer to import an
 *       opened key file once, as if "Import this key" was clicked
 *   ELECTRUM_VERIFY_GUI_TEST_CAFILE=PEM   the key update trusts the CA
 *       certificates in PEM instead of the system's (a loopback server)
 *   ELECTRUM_VERIFY_GUI_TEST_BUSY=1   take the picture while hashing (at
 *       the first progress report; of the key update: its first), then
 *       close the window mid-check;
 *       =hold: write DIR/busy-widgets.txt and DIR/busy-screenshot.png
 *       then instead, and go on (the test may now signal the program or
 *       change the file), to the usual picture at the end
 *   ELECTRUM_VERIFY_GUI_TEST_EXPAND=1   open every expander before the
 *       picture (a closed one holds its child out of the widget tree)
 *
 * SIGTERM, SIGINT and SIGHUP close the window as its close button does
 * (the check is cancelled and waited for, so that the private GnuPG home
 * is removed); the exit status is then 128 + the signal number. When
 * the X server goes away (GDK would end the process at once), the check
 * is cancelled and waited for as well, then the exit status is 2
 * (gui_xio.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>
#include <gtk/gtk.h>

#include "gui/gui.h"
#include "gui/gui_folder.h"
#include "gui/gui_judge.h"
#include "gui/gui_keys.h"
#include "gui/gui_shot.h"
#include "gui/gui_view.h"
#include "gui/gui_work.h"
#include "gui/gui_xio.h"

#define GUI_WIN_W 860		/* the window's default size */
#define GUI_WIN_H 540
#define SHOT_FRAMES 3		/* frames drawn before the picture */
#define SHOT_FALLBACK 5000	/* ms, if no frame comes */
#define TEST_CANCEL_MS 2000	/* the key update's cancel, after ... */

struct app {
	const char *prog;
	GtkApplication *gapp;
	GtkWindow *win;
	struct gui_view *view;
	struct gui_job *job;
	struct gui_folder *folder;	/* a folder being audited, or shown */
	const char *first, *first_sig;	/* from the command line */
	int first_update;		/* --update-keys */
	const char *fetch_error;	/* why there can be no key update */
	char *file, *sig;		/* being checked */
	char *keyfile;			/* a key file opened, to import */
	char *refusal;			/* key files refused, for the verdict */
	GtkDropTarget *drop;		/* files dropped on the window */
	GPtrArray *imports;		/* key files for the next check */
	enum gui_verdict shown;
	int status;
	int signo;			/* the signal that ended it, or 0 */
	guint sigsrc[3];		/* its sources */
	/* the test hook (ELECTRUM_VERIFY_GUI_TEST*) */
	const char *test_dir;
	int test_cancel;		/* press cancel at the first progress */
	int test_busy;			/* picture at the first progress */
	int test_hold;			/* ... as busy-*, and going on */
	int test_expand;		/* open the expanders for the picture */
	char **test_choose;		/* what a file chooser "returns" */
	char **test_drop;		/* what is dropped, once */
	int test_dropped;
	int test_confirm, test_confirmed; /* import the key file opened */
	const char *test_cafile;	/* the key update's CAs */
	int test_cancel_armed;		/* ... the key update's, once */
	guint test_cancel_timer;
	int test_chose, shot_asked, shot_done, frames;
	int shot_busy;			/* the picture asked is the busy-* one */
	int busy_taken;			/* ... was asked for */
	int settled;			/* the end was reached */
	guint shot_timer;
};

static void start_check(struct app *a);
static void settled(struct app *a, unsigned offers);
static void start_import(struct app *a);
static void start_fetch(struct app *a);
static void open_path(struct app *a, const char *path, const char *sig);
static void dropped(struct app *a, char **paths, size_t n);
static void drop_for_test(struct app *a, char **paths, size_t n);
static void not_started(struct app *a, const char *why, const char *file);

static void
complain(const char *msg)
{
	fprintf(stderr, GUI_PROG ": %s\n", msg);
}

/* --- the test hook --- */

static gboolean shot_tick(GtkWidget *w, GdkFrameClock *fc, gpointer p);

static void shot_when_drawn(struct app *a);

static void
take_shot(struct app *a)
{
	const char *pre = a->shot_busy ? "busy-" : "";
	char *w, *p;
	int bad;

	if (a->shot_done)
		return;
	p = g_strconcat(a->test_dir, "/", pre, "screenshot.png", NULL);
	bad = gui_shot_png(GTK_WIDGET(a->win), p);
	g_free(p);
	if (bad == -2 && a->shot_timer != 0) {	/* again, a frame later */
		a->frames = SHOT_FRAMES - 1;
		gtk_widget_add_tick_callback(GTK_WIDGET(a->win), shot_tick, a,
		    NULL);
		return;
	}
	a->shot_done = 1;
	if (a->shot_timer != 0)
		g_source_remove(a->shot_timer);
	a->shot_timer = 0;
	w = g_strconcat(a->test_dir, "/", pre, "widgets.txt", NULL);
	bad = gui_shot_walk(GTK_WIDGET(a->win), w) != 0 || bad != 0;
	g_free(w);
	w = g_strconcat(a->test_dir, "/", pre, "layout.txt", NULL);
	bad = gui_shot_layout(GTK_WIDGET(a->win), w) != 0 || bad != 0;
	g_free(w);
	if (a->shot_busy) {	/* =hold: on to the end */
		a->shot_busy = a->shot_asked = a->shot_done = 0;
		if (a->settled)
			shot_when_drawn(a);
		return;
	}
	a->status = bad ? 4 : gui_judge_exit(a->shown);
	gtk_window_close(a->win);
}

static gboolean
shot_idle(gpointer p)
{
	take_shot(p);
	return G_SOURCE_REMOVE;
}

static gboolean
shot_tick(GtkWidget *w, GdkFrameClock *fc, gpointer p)
{
	struct app *a = p;

	(void)w;
	(void)fc;
	if (++a->frames < SHOT_FRAMES)
		return G_SOURCE_CONTINUE;
	g_idle_add(shot_idle, a);
	return G_SOURCE_REMOVE;
}

static gboolean
shot_fallback(gpointer p)
{
	struct app *a = p;

	a->shot_timer = 0;
	take_shot(a);
	return G_SOURCE_REMOVE;
}

static void
expand_all(GtkWidget *w)
{
	GtkWidget *c;

	if (GTK_IS_EXPANDER(w))
		gtk_expander_set_expanded(GTK_EXPANDER(w), TRUE);
	for (c = gtk_widget_get_first_child(w); c != NULL;
	    c = gtk_widget_get_next_sibling(c))
		expand_all(c);
}

/* The check is done (or an offer is shown): picture, then quit. */
static void
shot_when_drawn(struct app *a)
{
	if (a->test_dir == NULL || a->shot_asked++)
		return;
	if (a->test_expand)
		expand_all(GTK_WIDGET(a->win));
	a->frames = 0;
	gtk_widget_add_tick_callback(GTK_WIDGET(a->win), shot_tick, a, NULL);
	a->shot_timer = g_timeout_add(SHOT_FALLBACK, shot_fallback, a);
}

/* --- file choosers --- */

struct choice {
	struct app *app;
	unsigned offer;
};

/* Key files chosen to import: the signatures among them are refused
 * with a plain message, the rest taken for the next check. 0 when
 * nothing is left to import. */
static int
keys_chosen(struct app *a, char **paths, size_t n)
{
	GPtrArray *sigs = g_ptr_array_new();
	char msg[1024];
	size_t i;

	for (i = 0; i < n; i++)
		if (gui_keys_sniff(paths[i]) == GUI_FILE_SIG)
			g_ptr_array_add(sigs, paths[i]);
		else
			g_ptr_array_add(a->imports, g_strdup(paths[i]));
	if (sigs->len > 0) {
		gui_keys_refuse_sigs((char *const *)sigs->pdata, sigs->len,
		    msg, sizeof(msg));
		complain(msg);
		gui_view_note(a->view, msg);
	}
	if (a->imports->len > 0 && sigs->len > 0) {	/* kept for the
							 * verdict to come */
		g_free(a->refusal);
		a->refusal = g_strdup(msg);
	}
	g_ptr_array_free(sigs, TRUE);
	if (a->imports->len > 0)
		return 1;
	settled(a, 0);
	return 0;
}

static void
chosen(struct app *a, unsigned offer, char **paths, size_t n)
{
	if (n == 0 || a->view == NULL)	/* nothing chosen, or closed */
		return;
	switch (offer) {
	case GUI_OFFER_OPEN:
		open_path(a, paths[0], NULL);
		return;
	case GUI_OFFER_SIG:
		g_free(a->sig);
		a->sig = g_strdup(paths[0]);
		break;
	case GUI_OFFER_KEYS:
		if (!keys_chosen(a, paths, n))
			return;
		break;
	case GUI_OFFER_FILE:
		g_free(a->file);
		a->file = g_strdup(paths[0]);
		break;
	}
	start_check(a);
}

static void
chooser_response(GtkNativeDialog *d, int response, gpointer p)
{
	struct choice *c = p;
	GListModel *files = NULL;
	GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
	GFile *f;
	char *path;
	guint i;

	if (response == GTK_RESPONSE_ACCEPT)
		files = gtk_file_chooser_get_files(GTK_FILE_CHOOSER(d));
	for (i = 0; files != NULL && i < g_list_model_get_n_items(files); i++) {
		f = g_list_model_get_item(files, i);
		if ((path = g_file_get_path(f)) != NULL)
			g_ptr_array_add(paths, path);
		else
			complain("only local files can be checked");
		g_object_unref(f);
	}
	chosen(c->app, c->offer, (char **)paths->pdata, paths->len);
	if (files != NULL)
		g_object_unref(files);
	g_ptr_array_free(paths, TRUE);
	g_object_unref(d);
	g_free(c);
}

static void
add_filter(GtkFileChooser *fc, const char *name, const char *const *globs)
{
	GtkFileFilter *f = gtk_file_filter_new();

	gtk_file_filter_set_name(f, name);
	for (; *globs != NULL; globs++)
		gtk_file_filter_add_pattern(f, *globs);
	gtk_file_chooser_add_filter(fc, f);
	g_object_unref(f);
}

static void
choose(struct app *a, unsigned offer)
{
	static const char *const sigs[] = { "*.asc", "*.sig", NULL };
	static const char *const keys[] = { "*.asc", "*.gpg", "*.pub",
	    "*.key", NULL };
	static const char *const all[] = { "*", NULL };
	const char *title = offer == GUI_OFFER_SIG ? "Choose the signature" :
	    offer == GUI_OFFER_KEYS ? "Import key files" : offer ==
	    GUI_OFFER_FILE ? "Choose the signed file" : "Open a downloaded file";
	GtkFileChooserNative *n;
	struct choice *c;
	GFile *dir;
	char *d;

	if (a->test_choose != NULL) {
		chosen(a, offer, a->test_choose,
		    g_strv_length(a->test_choose));
		return;
	}
	n = gtk_file_chooser_native_new(title, a->win,
	    GTK_FILE_CHOOSER_ACTION_OPEN, offer == GUI_OFFER_KEYS ?
	    "_Import" : "_Open", "_Cancel");
	gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(n), TRUE);
	gtk_file_chooser_set_select_multiple(GTK_FILE_CHOOSER(n),
	    offer == GUI_OFFER_KEYS);
	if (offer == GUI_OFFER_SIG)
		add_filter(GTK_FILE_CHOOSER(n), "Signatures", sigs);
	if (offer == GUI_OFFER_KEYS)
		add_filter(GTK_FILE_CHOOSER(n), "Key files", keys);
	add_filter(GTK_FILE_CHOOSER(n), "All files", all);
	if (a->file != NULL) {
		d = g_path_get_dirname(a->file);
		dir = g_file_new_for_path(d);
		gtk_file_chooser_set_current_folder(GTK_FILE_CHOOSER(n), dir,
		    NULL);
		g_object_unref(dir);
		g_free(d);
	}
	c = g_new0(struct choice, 1);
	c->app = a;
	c->offer = offer;
	g_signal_connect(n, "response", G_CALLBACK(chooser_response), c);
	gtk_native_dialog_show(GTK_NATIVE_DIALOG(n));
}

/* --- the check --- */

static gboolean
test_cancel_later(gpointer p)
{
	struct app *a = p;

	a->test_cancel_timer = 0;
	if (a->view != NULL)
		gui_view_press_cancel(a->view);
	return G_SOURCE_REMOVE;
}

static void
on_progress(void *ud, enum gui_stage st, uint64_t done, uint64_t total)
{
	struct app *a = ud;

	if (a->view == NULL)
		return;
	gui_view_progress(a->view, st, done, total);
	if (a->shown != GUI_V_BUSY || total == 0 || (st != GUI_STAGE_VERIFY &&
	    st != GUI_STAGE_FETCH))
		return;
	if (a->test_cancel && st == GUI_STAGE_VERIFY)
		gui_view_press_cancel(a->view);
	if (a->test_cancel && st == GUI_STAGE_FETCH && !a->test_cancel_armed++)
		a->test_cancel_timer = g_timeout_add(TEST_CANCEL_MS,
		    test_cancel_later, a);
	if (a->test_busy && !a->busy_taken) {
		a->busy_taken = 1;
		a->shot_busy = a->test_hold;
		shot_when_drawn(a);
	}
}

static void
on_verdict(void *ud, const struct gui_outcome *o)
{
	struct app *a = ud;
	struct gui_judgement jd;
	char *t;

	if (o->kind == GUI_JOB_CHECK)
		gui_judge(o, 0, &jd);
	else
		gui_keys_judge(o, &jd);
	a->shown = jd.v;
	if (o->rc != 0 && !o->cancelled)
		complain(o->e.msg);
	gui_view_verdict(a->view, &jd, o, o->kind == GUI_JOB_CHECK ? a->file :
	    o->kind == GUI_JOB_IMPORT ? a->keyfile : NULL);
	if (a->refusal != NULL) {	/* said with what was imported */
		t = g_strconcat(a->refusal, "\n", o->imported ? o->imported :
		    "", NULL);
		gui_view_note(a->view, t);
		g_free(t);
		g_free(a->refusal);
		a->refusal = NULL;
	}
}

/* The end of a check (or an offer shown without one). The test hook
 * with ELECTRUM_VERIFY_GUI_TEST_CHOOSE takes the first offer once, as if
 * clicked, with those files chosen; else it takes the picture. */
static void
settled(struct app *a, unsigned offers)
{
	unsigned bit;

	a->settled = 1;
	if (a->test_drop != NULL && !a->test_dropped) {
		a->test_dropped = 1;
		drop_for_test(a, a->test_drop, g_strv_length(a->test_drop));
		return;
	}
	if (a->test_confirm && !a->test_confirmed &&
	    (offers & GUI_OFFER_IMPORT)) {
		a->test_confirmed = 1;
		start_import(a);
		return;
	}
	if (a->test_choose != NULL && !a->test_chose) {
		a->test_chose = 1;
		for (bit = GUI_OFFER_SIG; bit <= GUI_OFFER_AGAIN; bit <<= 1)
			if (offers & bit) {
				choose(a, bit);
				return;
			}
	}
	shot_when_drawn(a);
}

static void
on_finished(void *ud, const struct gui_outcome *o)
{
	struct app *a = ud;
	struct gui_judgement jd;

	if (o->kind != GUI_JOB_CHECK) {
		gui_keys_judge(o, &jd);
		gui_view_finished(a->view, NULL);
		settled(a, jd.offers);
		return;
	}
	gui_judge(o, 1, &jd);
	if (jd.v != a->shown) {	/* the file changed while it was listed */
		a->shown = jd.v;
		gui_view_verdict(a->view, &jd, o, a->file);
	}
	gui_view_finished(a->view, o);
	settled(a, jd.offers);
}

static void
on_offer(void *ud, unsigned offer)
{
	struct app *a = ud;

	if (offer == GUI_OFFER_AGAIN)
		start_check(a);
	else if (offer == GUI_OFFER_IMPORT)
		start_import(a);
	else if (offer == GUI_OFFER_UPDATE)
		start_fetch(a);
	else
		choose(a, offer);
}

static void
on_cancel(void *ud)
{
	struct app *a = ud;

	gui_folder_cancel(a->folder);
	gui_job_cancel(a->job);
	gui_view_cancelling(a->view);
}

static const struct gui_job_cb job_cb = { on_progress, on_verdict,
	on_finished };

/* The job before is stopped; the window shows the next one as busy
 * (title and reason NULL: a check's). */
static void
going_busy(struct app *a, const char *file, const char *title,
    const char *reason)
{
	gui_job_free(a->job);
	a->job = NULL;
	gui_folder_free(a->folder);
	a->folder = NULL;
	a->settled = 0;
	a->shown = GUI_V_BUSY;
	gui_view_busy(a->view, file, title, reason);
}

static void
start_check(struct app *a)
{
	struct err e = { "" };

	if (a->view == NULL || a->file == NULL)
		return;
	going_busy(a, a->file, NULL, NULL);
	a->job = gui_job_start(a->file, a->sig, (char *const *)a->imports->pdata,
	    a->imports->len, &job_cb, a, &e);
	g_ptr_array_set_size(a->imports, 0);
	if (a->job == NULL)
		not_started(a, e.msg, a->file);
}

/* A job could not start, or there can be none: says why. */
static void
not_started(struct app *a, const char *why, const char *file)
{
	struct gui_judgement jd = { GUI_V_CANNOT, "", "", 0 };

	complain(why);
	g_snprintf(jd.reason, sizeof(jd.reason), "%s", why);
	jd.reason[0] = g_ascii_toupper(jd.reason[0]);
	a->shown = jd.v;
	gui_view_verdict(a->view, &jd, NULL, file);
	gui_view_finished(a->view, NULL);
	shot_when_drawn(a);
}

static void
start_import(struct app *a)
{
	struct err e = { "" };

	if (a->view == NULL || a->keyfile == NULL)
		return;
	going_busy(a, a->keyfile, "Importing the key\u2026", "Reading the "
	    "key file into the key store.");
	a->job = gui_job_import(&a->keyfile, 1, &job_cb, a, &e);
	if (a->job == NULL)
		not_started(a, e.msg, a->keyfile);
}

/* "Update the developers' keys": the menu's action, the offered
 * button, and --update-keys all come here. */
static void
start_fetch(struct app *a)
{
	struct err e = { "" };

	if (a->view == NULL)
		return;
	going_busy(a, NULL, "Updating the developers\u2019 keys\u2026",
	    "Fetching each pinned key from its published address (HTTPS). "
	    "Only a key with the pinned fingerprint is taken.");
	if (a->fetch_error != NULL) {
		not_started(a, a->fetch_error, NULL);
		return;
	}
	a->job = gui_job_fetch(a->test_cafile, &job_cb, a, &e);
	if (a->job == NULL)
		not_started(a, e.msg, NULL);
}

static void
on_update_keys(GSimpleAction *act, GVariant *param, gpointer p)
{
	(void)act;
	(void)param;
	start_fetch(p);
}

/* A public key opened: offers to import it, never checks it. */
static void
offer_key(struct app *a, const char *path)
{
	struct gui_judgement jd;

	gui_job_free(a->job);
	a->job = NULL;
	g_free(a->keyfile);
	a->keyfile = g_strdup(path);
	gui_keys_offer(path, &jd);
	a->shown = jd.v;
	gui_view_verdict(a->view, &jd, NULL, path);
	gui_view_finished(a->view, NULL);
	settled(a, jd.offers);
}

/* --- a folder (gui_folder.c): the CLI's `check DIR` audit --- */

static void
on_folder_done(void *ud, struct gui_folder *f)
{
	struct app *a = ud;
	struct gui_judgement jd;

	gui_folder_judge(f, &jd);
	a->shown = jd.v;
	if (jd.v == GUI_V_CANNOT)
		complain(jd.reason);
	gui_view_folder(a->view, &jd, gui_folder_table(f), a->file);
	settled(a, jd.offers);
}

static void
start_folder(struct app *a, const char *dir)
{
	struct gui_judgement jd = { GUI_V_CANNOT, "", "", GUI_OFFER_OPEN };
	struct err e = { "" };
	char *d;

	d = g_strdup(dir);	/* dir may be a->file */
	g_free(a->file);
	g_free(a->sig);
	a->file = d;
	a->sig = NULL;
	going_busy(a, d, "Checking the folder\u2026", "Reading every "
	    "Electrum file in the folder and its signatures. Nothing in them "
	    "is run or unpacked.");
	gui_view_progress(a->view, GUI_STAGE_VERIFY, 0, 0);
	if ((a->folder = gui_folder_start(d, on_folder_done, a, &e)) ==
	    NULL) {
		complain(e.msg);
		g_snprintf(jd.reason, sizeof(jd.reason), "%s", e.msg);
		a->shown = jd.v;
		gui_view_folder(a->view, &jd, NULL, d);
		settled(a, jd.offers);
	}
}

static void
folder_chosen(GtkNativeDialog *d, int response, gpointer p)
{
	struct app *a = p;
	GFile *f = NULL;
	char *path = NULL;

	if (response == GTK_RESPONSE_ACCEPT &&
	    (f = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(d))) != NULL &&
	    (path = g_file_get_path(f)) == NULL)
		complain("only local folders can be checked");
	if (path != NULL && a->view != NULL)
		start_folder(a, path);
	g_free(path);
	if (f != NULL)
		g_object_unref(f);
	g_object_unref(d);
}

static void
choose_folder(void *ud)
{
	struct app *a = ud;
	GtkFileChooserNative *n;

	n = gtk_file_chooser_native_new("Open a release folder", a->win,
	    GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, "_Open", "_Cancel");
	gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(n), TRUE);
	g_signal_connect(n, "response", G_CALLBACK(folder_chosen), a);
	gtk_native_dialog_show(GTK_NATIVE_DIALOG(n));
}

static void
open_path(struct app *a, const char *path, const char *sig)
{
	struct gui_judgement jd;

	if (a->view == NULL)
		return;
	if (sig == NULL && g_file_test(path, G_FILE_TEST_IS_DIR)) {
		start_folder(a, path);
		return;
	}
	if (sig == NULL && gui_keys_sniff(path) == GUI_FILE_KEY) {
		offer_key(a, path);
		return;
	}
	g_free(a->file);
	g_free(a->sig);
	if (gui_judge_target(path, sig, &a->file, &a->sig) == 0) {
		start_check(a);
		return;
	}
	gui_job_free(a->job);
	a->job = NULL;
	gui_judge_orphan(a->file, a->sig, &jd);
	a->shown = jd.v;
	gui_view_verdict(a->view, &jd, NULL, path);
	gui_view_finished(a->view, NULL);
	settled(a, jd.offers);
}

/* --- files dropped on the window --- */

/* One file is opened (a download, a signature, a key); two, one of them
 * a signature, are the download and its signature. */
static void
dropped(struct app *a, char **paths, size_t n)
{
	enum gui_file_kind k0, k1;

	if (a->view == NULL)
		return;
	if (n == 1) {
		open_path(a, paths[0], NULL);
		return;
	}
	k0 = n == 2 ? gui_keys_sniff(paths[0]) : GUI_FILE_OTHER;
	k1 = n == 2 ? gui_keys_sniff(paths[1]) : GUI_FILE_OTHER;
	if (n == 2 && (k0 == GUI_FILE_SIG) != (k1 == GUI_FILE_SIG)) {
		open_path(a, paths[k0 == GUI_FILE_SIG], paths[k0 !=
		    GUI_FILE_SIG]);
		return;
	}
	complain(n == 0 ? "only local files can be checked" : "drop one "
	    "file at a time, or a download with its signature");
	gui_view_note(a->view, n == 0 ? "Only files on this computer can be "
	    "checked." : "Drop one file at a time: a download, its signature, "
	    "or a download together with its signature.");
	settled(a, 0);
}

static gboolean
on_drop(GtkDropTarget *t, const GValue *value, double x, double y,
    gpointer p)
{
	struct app *a = p;
	GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
	GSList *files, *l;
	char *path;

	(void)t;
	(void)x;
	(void)y;
	if (!G_VALUE_HOLDS(value, GDK_TYPE_FILE_LIST)) {
		g_ptr_array_free(paths, TRUE);
		return FALSE;
	}
	files = gdk_file_list_get_files(g_value_get_boxed(value));
	for (l = files; l != NULL; l = l->next)
		if ((path = g_file_get_path(l->data)) != NULL)
			g_ptr_array_add(paths, path);
	/* a remote file among them: not checked, said so */
	if (paths->len != g_slist_length(files))
		g_ptr_array_set_size(paths, 0);
	dropped(a, (char **)paths->pdata, paths->len);
	g_slist_free(files);
	g_ptr_array_free(paths, TRUE);
	return TRUE;
}

/* The test hook's drop: the files as a GdkFileList, emitted as the drop
 * target's "drop" signal, as GTK does for a real drop. */
static void
drop_for_test(struct app *a, char **paths, size_t n)
{
	GSList *files = NULL;
	GValue v = G_VALUE_INIT;
	gboolean taken = FALSE;
	size_t i;

	for (i = n; i > 0; i--)
		files = g_slist_prepend(files, g_file_new_for_path(
		    paths[i - 1]));
	g_value_init(&v, GDK_TYPE_FILE_LIST);
	g_value_take_boxed(&v, gdk_file_list_new_from_list(files));
	g_signal_emit_by_name(a->drop, "drop", &v, 0.0, 0.0, &taken);
	g_value_unset(&v);
	g_slist_free_full(files, g_object_unref);
	if (!taken)
		complain("the test drop was not taken");
}

/* --- the window --- */

static gboolean
on_close(GtkWindow *w, gpointer p)
{
	struct app *a = p;

	(void)w;
	gui_job_free(a->job);	/* waits: the private GnuPG home goes */
	a->job = NULL;
	gui_folder_free(a->folder);
	a->folder = NULL;
	gui_view_free(a->view);	/* no more updates of the closing window */
	a->view = NULL;
	a->win = NULL;
	a->shot_done = 1;
	if (a->shot_timer != 0)
		g_source_remove(a->shot_timer);
	a->shot_timer = 0;
	if (a->test_cancel_timer != 0)
		g_source_remove(a->test_cancel_timer);
	a->test_cancel_timer = 0;
	return FALSE;
}

static void
activate(GApplication *ga, gpointer p)
{
	static const struct gui_view_cb cb = { on_offer, on_cancel };
	struct app *a = p;

	if (a->win != NULL) {
		gtk_window_present(a->win);
		return;
	}
	a->win = GTK_WINDOW(gtk_application_window_new(GTK_APPLICATION(ga)));
	/* fits a 1024x600 screen with a panel; the content scrolls */
	gtk_window_set_default_size(a->win, GUI_WIN_W, GUI_WIN_H);
	g_signal_connect(a->win, "close-request", G_CALLBACK(on_close), a);
	a->view = gui_view_new(a->win, &cb, a);
	gui_folder_button(a->win, choose_folder, a);
	a->drop = gtk_drop_target_new(GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
	g_signal_connect(a->drop, "drop", G_CALLBACK(on_drop), a);
	gtk_widget_add_controller(GTK_WIDGET(a->win),
	    GTK_EVENT_CONTROLLER(a->drop));
	gtk_window_present(a->win);
	if (a->first_update)
		g_action_group_activate_action(G_ACTION_GROUP(ga),
		    "update-keys", NULL);
	else if (a->first != NULL)
		open_path(a, a->first, a->first_sig);
	else {
		a->shown = GUI_V_NONE;
		settled(a, GUI_OFFER_OPEN);
	}
}

/* The display is gone, and the process ends next (gui_xio): stop the
 * check and wait for it, so that its private GnuPG home goes. Neither
 * GTK nor the window may be touched here. */
static void
on_display_lost(void *p)
{
	struct app *a = p;

	complain(a->job != NULL && a->shown == GUI_V_BUSY ? "lost the "
	    "connection to the display: the check was cancelled" : "lost the "
	    "connection to the display");
	gui_job_free(a->job);
	a->job = NULL;
	gui_folder_free(a->folder);
	a->folder = NULL;
}

static gboolean
on_signal(gpointer p, int signo, const char *name)
{
	struct app *a = p;

	if (a->signo == 0) {
		a->signo = signo;
		if (a->job != NULL && a->shown == GUI_V_BUSY)
			fprintf(stderr, GUI_PROG ": %s: the check was "
			    "cancelled\n", name);
	}
	if (a->win != NULL)
		gtk_window_close(a->win);	/* cancels, waits, quits */
	else
		g_application_quit(G_APPLICATION(a->gapp));
	return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm(gpointer p)
{
	return on_signal(p, SIGTERM, "SIGTERM");
}

static gboolean
on_sigint(gpointer p)
{
	return on_signal(p, SIGINT, "SIGINT");
}

static gboolean
on_sighup(gpointer p)
{
	return on_signal(p, SIGHUP, "SIGHUP");
}

static void
app_init(struct app *a, const struct gui_args *ga)
{
	const char *choose = g_getenv("ELECTRUM_VERIFY_GUI_TEST_CHOOSE");
	const char *drop = g_getenv("ELECTRUM_VERIFY_GUI_TEST_DROP");
	const char *busy;

	memset(a, 0, sizeof(*a));
	a->prog = ga->prog;
	a->first = ga->file;
	a->first_sig = ga->sig;
	a->first_update = ga->update_keys;
	a->fetch_error = ga->fetch_error;
	a->imports = g_ptr_array_new_with_free_func(g_free);
	a->test_dir = g_getenv("ELECTRUM_VERIFY_GUI_TEST");
	if (a->test_dir != NULL && a->test_dir[0] == '\0')
		a->test_dir = NULL;
	if (a->test_dir != NULL) {
		a->test_cancel = g_getenv("ELECTRUM_VERIFY_GUI_TEST_CANCEL") !=
		    NULL;
		busy = g_getenv("ELECTRUM_VERIFY_GUI_TEST_BUSY");
		a->test_busy = busy != NULL;
		a->test_hold = busy != NULL && strcmp(busy, "hold") == 0;
		a->test_expand = g_strcmp0(g_getenv(
		    "ELECTRUM_VERIFY_GUI_TEST_EXPAND"), "1") == 0;
		if (choose != NULL && choose[0] != '\0')
			a->test_choose = g_strsplit(choose, ":", -1);
		if (drop != NULL && drop[0] != '\0')
			a->test_drop = g_strsplit(drop, ":", -1);
		a->test_confirm = g_strcmp0(g_getenv(
		    "ELECTRUM_VERIFY_GUI_TEST_CONFIRM"), "1") == 0;
		a->test_cafile = g_getenv("ELECTRUM_VERIFY_GUI_TEST_CAFILE");
	}
	a->status = GUI_EXIT_NOTHING;
}

int
gui_app_run(const struct gui_args *ga)
{
	static const GActionEntry actions[] = {
		{ "update-keys", on_update_keys, NULL, NULL, NULL, { 0 } },
	};
	struct app a;
	char *argv[] = { (char *)ga->prog, NULL };
	size_t i;
	int rc;

	g_set_prgname(GUI_PROG);
	g_set_application_name("Electrum Verify");
	if (!gtk_init_check()) {
		fprintf(stderr, GUI_PROG ": cannot open a display (is DISPLAY "
		    "or WAYLAND_DISPLAY set?)\n");
		return GUI_EXIT_CANNOT;
	}
	gtk_window_set_default_icon_name("electrum-verify");
	app_init(&a, ga);
	/* -1: not X11 (no hook there: a lost Wayland display still ends
	 * the program at once) */
	(void)gui_xio_watch(on_display_lost, &a, GUI_EXIT_CANNOT);
	a.gapp = gtk_application_new(GUI_APP_ID,
	    G_APPLICATION_NON_UNIQUE);
	g_signal_connect(a.gapp, "activate", G_CALLBACK(activate), &a);
	g_action_map_add_action_entries(G_ACTION_MAP(a.gapp), actions,
	    G_N_ELEMENTS(actions), &a);
	a.sigsrc[0] = g_unix_signal_add(SIGTERM, on_sigterm, &a);
	a.sigsrc[1] = g_unix_signal_add(SIGINT, on_sigint, &a);
	a.sigsrc[2] = g_unix_signal_add(SIGHUP, on_sighup, &a);
	rc = g_application_run(G_APPLICATION(a.gapp), 1, argv);
	for (i = 0; i < G_N_ELEMENTS(a.sigsrc); i++)
		g_source_remove(a.sigsrc[i]);
	gui_job_free(a.job);
	gui_folder_free(a.folder);
	gui_view_free(a.view);
	g_object_unref(a.gapp);
	g_ptr_array_free(a.imports, TRUE);
	g_strfreev(a.test_choose);
	g_strfreev(a.test_drop);
	g_free(a.keyfile);
	g_free(a.refusal);
	g_free(a.file);
	g_free(a.sig);
	if (a.signo != 0)
		return 128 + a.signo;
	return rc != 0 ? rc : a.test_dir != NULL ? a.status : 0;
}
