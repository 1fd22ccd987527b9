#include <string.h>

#include "gui/gui_shot.h"
#include "gui/gui_table.h"
#include "gui/gui_text.h"
#include "gui/gui_view.h"
#include "trust/pins.h"

#define ICON_SIZE 64

static const char css[] =
	".verdict { padding: 16px; border-radius: 10px; border-width: 2px; "
	"  border-style: solid; border-color: #9a9996; }\n"
	".verdict.genuine { background-color: #e3f6ea; border-color: #26a269; "
	"  color: #0f3d22; }\n"
	".verdict.genuine image, .verdict.genuine .verdict-title "
	"  { color: #1a7f4b; }\n"
	".verdict.not-genuine { background-color: #fbe3e5; "
	"  border-color: #c01c28; color: #4a0b10; }\n"
	".verdict.not-genuine image, .verdict.not-genuine .verdict-title "
	"  { color: #a51d2d; }\n"
	".verdict.cannot { background-color: #fdf1d3; border-color: #c88800; "
	"  color: #3d2a00; }\n"
	".verdict.cannot image, .verdict.cannot .verdict-title "
	"  { color: #8a5a00; }\n"
	".verdict-title { font-size: 22pt; font-weight: bold; }\n"
	".verdict-reason { font-size: 12pt; }\n"
	".verdict-advice { font-size: 12pt; font-weight: bold; "
	"  margin-top: 6px; }\n"
	".mono { font-family: monospace; }\n"
	".dim { opacity: 0.75; }\n"
	".heading { font-weight: bold; }\n"
	".section { font-weight: bold; font-size: 13pt; margin-top: 6px; }\n";

struct gui_view {
	GtkWindow *win;
	GtkWidget *verdict, *icon, *title, *reason, *advice, *file, *trust;
	GtkWidget *offers, *buttons[7];
	GtkWidget *busy, *bar, *cancel;
	GtkWidget *note, *facts, *files;
	struct gui_view_cb cb;
	void *ud;
	const char *klass;		/* CSS class on the verdict box */
	guint pulse;			/* pulsing the bar, source id */
};

static const struct {
	unsigned offer;
	const char *label, *tip;
} offers[7] = {
	{ GUI_OFFER_SIG, "Choose signature\u2026", "Choose the .asc "
	    "signature file downloaded with this file" },
	{ GUI_OFFER_KEYS, "Import key files\u2026", "Import the public keys "
	    "of the Electrum developers (only their known keys are taken)" },
	{ GUI_OFFER_FILE, "Choose the signed file\u2026", "Choose the "
	    "downloaded file this signature belongs to" },
	{ GUI_OFFER_OPEN, "Open a file\u2026", "Choose a downloaded Electrum "
	    "file to check" },
	{ GUI_OFFER_AGAIN, "Check again", "Check the same file again" },
	{ GUI_OFFER_IMPORT, "Import this key", "Import this public key into "
	    "the key store (only the keys of the pinned Electrum developers "
	    "are taken)" },
	{ GUI_OFFER_UPDATE, "Update the developers\u2019 keys", "Fetch the "
	    "Electrum developers' public keys again from their published "
	    "addresses (HTTPS); only the pinned keys are taken" },
};

/* Under a NOT genuine verdict: what to do next. */
static const char not_genuine_advice[] =
	"What to do now:\n"
	"\u2022 Delete this file. Do not run or open it.\n"
	"\u2022 Download Electrum only from https://electrum.org.\n"
	"\u2022 Check the address in your browser before you download: "
	"exactly electrum.org, not a look-alike name.\n"
	"\u2022 Then check the new download here.";

static GtkWidget *
wrapped_label(const char *css_class)
{
	GtkWidget *l = gtk_label_new(NULL);

	gtk_label_set_xalign(GTK_LABEL(l), 0);
	gtk_label_set_wrap(GTK_LABEL(l), TRUE);
	gtk_label_set_wrap_mode(GTK_LABEL(l), PANGO_WRAP_WORD_CHAR);
	gtk_label_set_selectable(GTK_LABEL(l), TRUE);
	if (css_class != NULL)
		gtk_widget_add_css_class(l, css_class);
	return l;
}

static void
offer_clicked(GtkButton *b, gpointer p)
{
	struct gui_view *v = p;
	unsigned offer = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(b),
	    "ev-offer"));

	if (v->cb.offer != NULL)
		v->cb.offer(v->ud, offer);
}

static void
cancel_clicked(GtkButton *b, gpointer p)
{
	struct gui_view *v = p;

	(void)b;
	if (v->cb.cancel != NULL)
		v->cb.cancel(v->ud);
}

static GtkWidget *
verdict_box(struct gui_view *v)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 16);
	GtkWidget *text = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);

	v->icon = gtk_image_new();
	gtk_image_set_pixel_size(GTK_IMAGE(v->icon), ICON_SIZE);
	gtk_widget_set_valign(v->icon, GTK_ALIGN_START);
	v->title = wrapped_label("verdict-title");
	gtk_label_set_selectable(GTK_LABEL(v->title), FALSE);
	v->reason = wrapped_label("verdict-reason");
	gtk_label_set_selectable(GTK_LABEL(v->reason), FALSE);
	v->advice = wrapped_label("verdict-advice");
	gtk_label_set_selectable(GTK_LABEL(v->advice), FALSE);
	gtk_label_set_text(GTK_LABEL(v->advice), not_genuine_advice);
	gui_shot_name(v->advice, "What to do now");
	gtk_widget_set_visible(v->advice, FALSE);
	gtk_widget_set_hexpand(text, TRUE);
	gtk_box_append(GTK_BOX(text), v->title);
	gtk_box_append(GTK_BOX(text), v->reason);
	gtk_box_append(GTK_BOX(text), v->advice);
	gtk_box_append(GTK_BOX(box), v->icon);
	gtk_box_append(GTK_BOX(box), text);
	gtk_widget_add_css_class(box, "verdict");
	v->klass = "neutral";
	gtk_widget_add_css_class(box, v->klass);
	return box;
}

static GtkWidget *
offers_box(struct gui_view *v)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(offers); i++) {
		v->buttons[i] = gtk_button_new_with_label(offers[i].label);
		gtk_widget_set_tooltip_text(v->buttons[i], offers[i].tip);
		g_object_set_data(G_OBJECT(v->buttons[i]), "ev-offer",
		    GUINT_TO_POINTER(offers[i].offer));
		g_signal_connect(v->buttons[i], "clicked",
		    G_CALLBACK(offer_clicked), v);
		gtk_widget_set_visible(v->buttons[i], FALSE);
		gtk_box_append(GTK_BOX(box), v->buttons[i]);
	}
	for (i = 0; i < G_N_ELEMENTS(offers); i++)
		if (offers[i].offer & (GUI_OFFER_SIG | GUI_OFFER_KEYS |
		    GUI_OFFER_IMPORT))
			gtk_widget_add_css_class(v->buttons[i],
			    "suggested-action");
	return box;
}

static GtkWidget *
busy_box(struct gui_view *v)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);

	v->bar = gtk_progress_bar_new();
	gtk_progress_bar_set_show_text(GTK_PROGRESS_BAR(v->bar), TRUE);
	gtk_widget_set_hexpand(v->bar, TRUE);
	gtk_widget_set_valign(v->bar, GTK_ALIGN_CENTER);
	gui_shot_name(v->bar, "Progress");
	v->cancel = gtk_button_new_with_label("Cancel");
	g_signal_connect(v->cancel, "clicked", G_CALLBACK(cancel_clicked), v);
	gtk_box_append(GTK_BOX(box), v->bar);
	gtk_box_append(GTK_BOX(box), v->cancel);
	gtk_widget_set_visible(box, FALSE);
	return box;
}

static void
header(struct gui_view *v)
{
	GtkWidget *hb = gtk_header_bar_new();
	GtkWidget *open = gtk_button_new_with_label("Open\u2026");
	GtkWidget *mb = gtk_menu_button_new();
	GMenu *menu = g_menu_new();

	gtk_widget_set_tooltip_text(open, offers[3].tip);
	g_object_set_data(G_OBJECT(open), "ev-offer",
	    GUINT_TO_POINTER(GUI_OFFER_OPEN));
	g_signal_connect(open, "clicked", G_CALLBACK(offer_clicked), v);
	gtk_header_bar_pack_start(GTK_HEADER_BAR(hb), open);
	g_menu_append(menu, "Update the developers\u2019 keys",
	    "app.update-keys");
	gtk_menu_button_set_menu_model(GTK_MENU_BUTTON(mb),
	    G_MENU_MODEL(menu));
	gtk_menu_button_set_icon_name(GTK_MENU_BUTTON(mb),
	    "open-menu-symbolic");
	gtk_widget_set_tooltip_text(mb, "Menu");
	gui_shot_name(mb, "Menu");
	gtk_header_bar_pack_end(GTK_HEADER_BAR(hb), mb);
	g_object_unref(menu);
	gtk_window_set_titlebar(v->win, hb);
}

static void
load_css(void)
{
	GtkCssProvider *p = gtk_css_provider_new();

	gtk_css_provider_load_from_data(p, css, -1);
	gtk_style_context_add_provider_for_display(gdk_display_get_default(),
	    GTK_STYLE_PROVIDER(p), GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
	g_object_unref(p);
}

/* The trust root, said when it is not the built-in pins (README, "Trust
 * root"): hidden otherwise. */
static GtkWidget *
trust_label(void)
{
	GtkWidget *l = wrapped_label(NULL);
	const char *path = pins_override();
	char *q, *t;

	gtk_widget_set_visible(l, path != NULL);
	if (path == NULL)
		return l;
	q = gui_text_safe(path, -1);
	t = g_strdup_printf("Pins taken from '%s', not the built-in ones.", q);
	gtk_label_set_text(GTK_LABEL(l), t);
	g_free(t);
	g_free(q);
	return l;
}

struct gui_view *
gui_view_new(GtkWindow *win, const struct gui_view_cb *cb, void *ud)
{
	struct gui_view *v = g_new0(struct gui_view, 1);
	GtkWidget *sw = gtk_scrolled_window_new();
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 14);

	v->win = win;
	v->cb = *cb;
	v->ud = ud;
	load_css();
	header(v);
	gtk_widget_set_margin_start(box, 18);
	gtk_widget_set_margin_end(box, 18);
	gtk_widget_set_margin_top(box, 18);
	gtk_widget_set_margin_bottom(box, 18);
	v->verdict = verdict_box(v);
	v->file = wrapped_label("dim");
	v->trust = trust_label();
	v->offers = offers_box(v);
	v->busy = busy_box(v);
	v->note = wrapped_label(NULL);
	gtk_widget_set_visible(v->note, FALSE);
	v->facts = gtk_box_new(GTK_ORIENTATION_VERTICAL, 14);
	v->files = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	gtk_box_append(GTK_BOX(box), v->verdict);
	gtk_box_append(GTK_BOX(box), v->file);
	gtk_box_append(GTK_BOX(box), v->trust);
	gtk_box_append(GTK_BOX(box), v->offers);
	gtk_box_append(GTK_BOX(box), v->busy);
	gtk_box_append(GTK_BOX(box), v->note);
	gtk_box_append(GTK_BOX(box), v->facts);
	gtk_box_append(GTK_BOX(box), v->files);
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(sw),
	    GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(sw), box);
	gtk_window_set_child(win, sw);
	gui_view_verdict(v, &(struct gui_judgement){ GUI_V_NONE, "", "Open "
	    "a downloaded Electrum file (AppImage, .exe, .dmg, .apk, tarball) "
	    "or its .asc signature to see whether it is the genuine release. "
	    "The file is only read, never run.", GUI_OFFER_OPEN }, NULL, NULL);
	return v;
}

static void
stop_pulse(struct gui_view *v)
{
	if (v->pulse != 0)
		g_source_remove(v->pulse);
	v->pulse = 0;
}

void
gui_view_free(struct gui_view *v)
{
	if (v == NULL)
		return;
	stop_pulse(v);
	g_free(v);
}

static void
clear_box(GtkWidget *box)
{
	GtkWidget *c;

	while ((c = gtk_widget_get_first_child(box)) != NULL)
		gtk_box_remove(GTK_BOX(box), c);
}

static void
show_file(struct gui_view *v, const char *file)
{
	char *s, *t;

	if (file == NULL) {
		gtk_widget_set_visible(v->file, FALSE);
		gtk_window_set_title(v->win, "Electrum Verify");
		return;
	}
	s = gui_text_safe(gui_text_base(file), -1);
	t = g_strdup_printf("%s \u2014 Electrum Verify", s);
	gtk_window_set_title(v->win, t);
	gtk_label_set_text(GTK_LABEL(v->file), s);
	gtk_widget_set_visible(v->file, TRUE);
	g_free(t);
	g_free(s);
}

static void
set_verdict(struct gui_view *v, const struct gui_judgement *jd)
{
	const char *title = jd->title[0] ? jd->title : gui_judge_title(jd->v);
	char *name = g_strdup_printf("Verdict: %s", title);
	size_t i;

	gtk_widget_remove_css_class(v->verdict, v->klass);
	v->klass = gui_judge_class(jd->v);
	gtk_widget_add_css_class(v->verdict, v->klass);
	gtk_image_set_from_icon_name(GTK_IMAGE(v->icon),
	    gui_judge_icon(jd->v));
	gui_shot_name(v->icon, title);
	gtk_label_set_text(GTK_LABEL(v->title), title);
	gtk_label_set_text(GTK_LABEL(v->reason), jd->reason);
	gtk_widget_set_visible(v->advice, jd->v == GUI_V_NOT_GENUINE);
	gui_shot_name(v->verdict, name);
	gtk_accessible_update_property(GTK_ACCESSIBLE(v->verdict),
	    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, jd->reason, -1);
	for (i = 0; i < G_N_ELEMENTS(offers); i++)
		gtk_widget_set_visible(v->buttons[i],
		    (jd->offers & offers[i].offer) != 0);
	gtk_widget_set_visible(v->offers, jd->offers != 0);
	g_free(name);
}

void
gui_view_busy(struct gui_view *v, const char *file, const char *title,
    const char *reason)
{
	struct gui_judgement jd = { GUI_V_BUSY, "", "", 0 };

	g_strlcpy(jd.title, title != NULL ? title : "", sizeof(jd.title));
	g_snprintf(jd.reason, sizeof(jd.reason), "%s", reason != NULL ?
	    reason : "Reading the file and its signature. Nothing in it is "
	    "run or unpacked.");
	set_verdict(v, &jd);
	show_file(v, file);
	clear_box(v->facts);
	clear_box(v->files);
	gtk_widget_set_visible(v->note, FALSE);
	gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(v->bar), 0);
	gtk_progress_bar_set_text(GTK_PROGRESS_BAR(v->bar), "Starting\u2026");
	gtk_button_set_label(GTK_BUTTON(v->cancel), "Cancel");
	gtk_widget_set_sensitive(v->cancel, TRUE);
	gtk_widget_set_visible(v->busy, TRUE);
}

static gboolean
pulse(gpointer p)
{
	struct gui_view *v = p;

	gtk_progress_bar_pulse(GTK_PROGRESS_BAR(v->bar));
	return G_SOURCE_CONTINUE;
}

void
gui_view_progress(struct gui_view *v, enum gui_stage st, uint64_t done,
    uint64_t total)
{
	static const char *const what[] = { "Importing key files",
	    "Checking the signature", "Listing the files inside",
	    "Fetching the developers\u2019 keys" };
	char *a, *b, *t;
	int counted;

	if (!gtk_widget_get_visible(v->busy))	/* finished already */
		return;
	if (total == 0) {
		t = g_strdup_printf("%s\u2026", what[st]);
		if (v->pulse == 0)
			v->pulse = g_timeout_add(120, pulse, v);
	} else {
		stop_pulse(v);
		gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(v->bar),
		    done >= total ? 1.0 : (double)done / (double)total);
		counted = st == GUI_STAGE_KEYS || st == GUI_STAGE_FETCH;
		a = counted ? g_strdup_printf("%" G_GUINT64_FORMAT, done) :
		    g_format_size(done);
		b = counted ? g_strdup_printf("%" G_GUINT64_FORMAT, total) :
		    g_format_size(total);
		t = g_strdup_printf("%s: %s of %s", what[st], a, b);
		g_free(a);
		g_free(b);
	}
	gtk_progress_bar_set_text(GTK_PROGRESS_BAR(v->bar), t);
	g_free(t);
}

void
gui_view_cancelling(struct gui_view *v)
{
	gtk_button_set_label(GTK_BUTTON(v->cancel), "Cancelling\u2026");
	gtk_widget_set_sensitive(v->cancel, FALSE);
}

void
gui_view_note(struct gui_view *v, const char *text)
{
	char *t = g_strchomp(g_strdup(text));	/* lines end in \n */

	gtk_label_set_text(GTK_LABEL(v->note), t);
	gtk_widget_set_visible(v->note, TRUE);
	g_free(t);
}

void
gui_view_press_cancel(struct gui_view *v)
{
	if (gtk_widget_get_visible(v->busy) &&
	    gtk_widget_get_sensitive(v->cancel))
		g_signal_emit_by_name(v->cancel, "clicked");
}

void
gui_view_verdict(struct gui_view *v, const struct gui_judgement *jd,
    const struct gui_outcome *o, const char *file)
{
	GtkWidget *w;

	set_verdict(v, jd);
	show_file(v, file);
	clear_box(v->facts);
	if (o != NULL && o->imported != NULL && o->imported[0] != '\0')
		gui_view_note(v, o->imported);
	if (o == NULL || file == NULL)
		return;
	gtk_box_append(GTK_BOX(v->facts), gui_table_facts(&o->r, file));
	/* after an error the signatures were not all judged; after a
	 * change of the file (Check again offered) they are of bytes that
	 * are gone */
	if (o->rc == 0 && !(jd->offers & GUI_OFFER_AGAIN) &&
	    (w = gui_table_signers(&o->r)) != NULL)
		gtk_box_append(GTK_BOX(v->facts), w);
}

void
gui_view_finished(struct gui_view *v, const struct gui_outcome *o)
{
	GtkWidget *w;

	stop_pulse(v);
	gtk_widget_set_visible(v->busy, FALSE);
	clear_box(v->files);
	if (o != NULL && (w = gui_table_manifest(o)) != NULL)
		gtk_box_append(GTK_BOX(v->files), w);
}

void
gui_view_folder(struct gui_view *v, const struct gui_judgement *jd,
    GtkWidget *details, const char *dir)
{
	stop_pulse(v);
	gtk_widget_set_visible(v->busy, FALSE);
	set_verdict(v, jd);
	show_file(v, dir);
	clear_box(v->facts);
	clear_box(v->files);
	if (details != NULL)
		gtk_box_append(GTK_BOX(v->facts), details);
}
