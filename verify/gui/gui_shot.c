#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gui/gui_shot.h"

#define A11Y_KEY "ev-a11y-label"

void
gui_shot_name(GtkWidget *w, const char *label)
{
	gtk_accessible_update_property(GTK_ACCESSIBLE(w),
	    GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
	g_object_set_data_full(G_OBJECT(w), A11Y_KEY, g_strdup(label),
	    g_free);
}

static void
put_escaped(GString *out, const char *key, const char *s)
{
	const unsigned char *p;

	if (s == NULL)
		return;
	g_string_append_printf(out, " %s%s\"", key, key[0] ? "=" : "");
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\n')
			g_string_append(out, "\\n");
		else if (*p == '"' || *p == '\\')
			g_string_append_printf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			g_string_append_printf(out, "\\x%02x", *p);
		else
			g_string_append_c(out, (char)*p);
	}
	g_string_append_c(out, '"');
}

static const char *
role_name(GtkWidget *w)
{
	GEnumClass *c = g_type_class_ref(GTK_TYPE_ACCESSIBLE_ROLE);
	GEnumValue *v = g_enum_get_value(c,
	    (int)gtk_accessible_get_accessible_role(GTK_ACCESSIBLE(w)));
	const char *nick = v != NULL ? v->value_nick : "?";

	g_type_class_unref(c);
	return nick;
}

/* The accessible label, as GTK holds it: the one set through
 * gui_shot_name, checked against the widget's accessibility context. */
static void
put_a11y(GString *out, GtkWidget *w)
{
	const char *want = g_object_get_data(G_OBJECT(w), A11Y_KEY);
	char *diff;

	if (want == NULL)
		return;
	/* without an accessibility context (GTK_A11Y=none) there is
	 * nothing to check against */
	if (g_strcmp0(g_getenv("GTK_A11Y"), "none") == 0) {
		put_escaped(out, "a11y-unchecked", want);
		return;
	}
	diff = gtk_test_accessible_check_property(GTK_ACCESSIBLE(w),
	    GTK_ACCESSIBLE_PROPERTY_LABEL, want);
	if (diff == NULL)
		put_escaped(out, "a11y", want);
	else
		put_escaped(out, "a11y-mismatch", diff);
	g_free(diff);
}

static void
put_text(GString *out, GtkWidget *w)
{
	GtkTextBuffer *b;
	GtkTextIter s, e;
	char *t;

	if (GTK_IS_LABEL(w))
		put_escaped(out, "text", gtk_label_get_text(GTK_LABEL(w)));
	else if (GTK_IS_BUTTON(w))
		put_escaped(out, "text", gtk_button_get_label(GTK_BUTTON(w)));
	else if (GTK_IS_IMAGE(w))
		put_escaped(out, "icon", gtk_image_get_icon_name(GTK_IMAGE(w)));
	else if (GTK_IS_EXPANDER(w))
		g_string_append_printf(out, " expanded=%d",
		    gtk_expander_get_expanded(GTK_EXPANDER(w)));
	else if (GTK_IS_PROGRESS_BAR(w))
		put_escaped(out, "text",
		    gtk_progress_bar_get_text(GTK_PROGRESS_BAR(w)));
	else if (GTK_IS_TEXT_VIEW(w)) {
		b = gtk_text_view_get_buffer(GTK_TEXT_VIEW(w));
		gtk_text_buffer_get_bounds(b, &s, &e);
		t = gtk_text_buffer_get_text(b, &s, &e, FALSE);
		g_string_append_printf(out, " lines=%d",
		    gtk_text_buffer_get_line_count(b));
		put_escaped(out, "text", t);
		g_free(t);
	}
}

static void
walk(GString *out, GtkWidget *w, int depth)
{
	GtkWidget *c;
	const char *tip;

	if (!gtk_widget_get_visible(w))
		return;
	g_string_append_printf(out, "%*s%s role=%s", depth * 2, "",
	    G_OBJECT_TYPE_NAME(w), role_name(w));
	put_a11y(out, w);
	put_text(out, w);
	if ((tip = gtk_widget_get_tooltip_text(w)) != NULL)
		put_escaped(out, "tooltip", tip);
	if (!gtk_widget_get_sensitive(w))
		g_string_append(out, " insensitive");
	g_string_append_c(out, '\n');
	for (c = gtk_widget_get_first_child(w); c != NULL;
	    c = gtk_widget_get_next_sibling(c))
		walk(out, c, depth + 1);
}

int
gui_shot_walk(GtkWidget *root, const char *path)
{
	GString *out = g_string_new(NULL);
	GError *ge = NULL;
	int rc = 0;

	walk(out, root, 0);
	if (!g_file_set_contents(path, out->str, (gssize)out->len, &ge)) {
		fprintf(stderr, "electrum-verify-gui: %s\n", ge->message);
		g_error_free(ge);
		errno = EIO;
		rc = -1;
	}
	g_string_free(out, TRUE);
	return rc;
}

static void
layout_walk(GString *out, GtkWidget *w, GtkWidget *view)
{
	const char *name = g_object_get_data(G_OBJECT(w), A11Y_KEY);
	graphene_rect_t b;
	GtkWidget *c;

	if (!gtk_widget_get_visible(w))
		return;
	if (name == NULL && GTK_IS_BUTTON(w))
		name = gtk_button_get_label(GTK_BUTTON(w));
	if (name != NULL && gtk_widget_compute_bounds(w, view, &b)) {
		g_string_append_printf(out, "%s", G_OBJECT_TYPE_NAME(w));
		put_escaped(out, "", name);
		g_string_append_printf(out, " %d %d %d %d\n",
		    (int)b.origin.x, (int)b.origin.y, (int)b.size.width,
		    (int)b.size.height);
	}
	for (c = gtk_widget_get_first_child(w); c != NULL;
	    c = gtk_widget_get_next_sibling(c))
		layout_walk(out, c, view);
}

int
gui_shot_layout(GtkWidget *win, const char *path)
{
	GString *out = g_string_new(NULL);
	GtkWidget *view = gtk_window_get_child(GTK_WINDOW(win)), *inner;
	GError *ge = NULL;
	int minw, minh, inw, nath, rc = 0;

	gtk_widget_measure(win, GTK_ORIENTATION_HORIZONTAL, -1, &minw, NULL,
	    NULL, NULL);
	gtk_widget_measure(win, GTK_ORIENTATION_VERTICAL, minw, &minh, NULL,
	    NULL, NULL);
	g_string_append_printf(out, "window %d %d min %d %d\n",
	    gtk_widget_get_width(win), gtk_widget_get_height(win), minw, minh);
	inw = nath = -1;
	if (view != NULL && GTK_IS_SCROLLED_WINDOW(view) && (inner =
	    gtk_scrolled_window_get_child(GTK_SCROLLED_WINDOW(view))) != NULL) {
		gtk_widget_measure(inner, GTK_ORIENTATION_HORIZONTAL, -1,
		    &inw, NULL, NULL, NULL);
		gtk_widget_measure(inner, GTK_ORIENTATION_VERTICAL,
		    gtk_widget_get_width(view), NULL, &nath, NULL, NULL);
	}
	if (view != NULL) {
		g_string_append_printf(out, "view %d %d content-min %d "
		    "content-natural %d\n", gtk_widget_get_width(view),
		    gtk_widget_get_height(view), inw, nath);
		layout_walk(out, view, view);
	}
	if (!g_file_set_contents(path, out->str, (gssize)out->len, &ge)) {
		fprintf(stderr, "electrum-verify-gui: %s\n", ge->message);
		g_error_free(ge);
		rc = -1;
	}
	g_string_free(out, TRUE);
	return rc;
}

int
gui_shot_png(GtkWidget *win, const char *path)
{
	GdkPaintable *p = NULL;
	GtkSnapshot *snap;
	GskRenderNode *node = NULL;
	GdkTexture *tex = NULL;
	GskRenderer *r = gtk_native_get_renderer(GTK_NATIVE(win));
	int w = gtk_widget_get_width(win), h = gtk_widget_get_height(win);
	int rc = -1;

	if (r == NULL || w <= 0 || h <= 0)
		goto out;
	p = gtk_widget_paintable_new(win);
	snap = gtk_snapshot_new();
	gdk_paintable_snapshot(p, GDK_SNAPSHOT(snap), w, h);
	node = gtk_snapshot_free_to_node(snap);
	if (node == NULL) {	/* a layout is pending: another frame */
		rc = -2;
		goto out;
	}
	tex = gsk_renderer_render_texture(r, node,
	    &GRAPHENE_RECT_INIT(0, 0, (float)w, (float)h));
	if (tex != NULL && gdk_texture_save_to_png(tex, path))
		rc = 0;
out:
	if (rc == -1)
		fprintf(stderr, "electrum-verify-gui: cannot save a picture of "
		    "the window to '%s'\n", path);
	if (tex != NULL)
		g_object_unref(tex);
	if (node != NULL)
		gsk_render_node_unref(node);
	if (p != NULL)
		g_object_unref(p);
	return rc;
}
