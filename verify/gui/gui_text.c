#include <string.h>

#include <glib.h>

#include "gui/gui_text.h"

char *
gui_text_safe(const char *s, ptrdiff_t len)
{
	const char *p = s, *end;
	GString *out;
	gunichar c;
	GUnicodeType t;

	if (s == NULL)
		return g_strdup("");
	end = s + (len < 0 ? (ptrdiff_t)strlen(s) : len);
	out = g_string_sized_new((gsize)(end - s) + 8);
	while (p < end) {
		c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2 || c == 0) {
			g_string_append_printf(out, "\\x%02x",
			    (unsigned)(unsigned char)*p++);
			continue;
		}
		t = g_unichar_type(c);
		if (c == '\\')
			g_string_append(out, "\\\\");
		else if (!g_unichar_isprint(c) || t == G_UNICODE_FORMAT ||
		    t == G_UNICODE_LINE_SEPARATOR ||
		    t == G_UNICODE_PARAGRAPH_SEPARATOR)
			g_string_append_printf(out, "\\u{%04x}", (unsigned)c);
		else
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
		p = g_utf8_next_char(p);
	}
	return g_string_free(out, FALSE);
}

/* One escape of escape_dup at s (s[0] is a backslash): its byte in *c,
 * its length; 0 when it is not one (kept as it is). */
static size_t
unescape_one(const char *s, char *c)
{
	int hi, lo;

	switch (s[1]) {
	case '\\':
		*c = '\\';
		return 2;
	case 'n':
		*c = '\n';
		return 2;
	case 't':
		*c = '\t';
		return 2;
	case 'r':
		*c = '\r';
		return 2;
	case 'x':
		if ((hi = g_ascii_xdigit_value(s[2])) < 0 ||
		    (lo = g_ascii_xdigit_value(s[3])) < 0)
			return 0;
		*c = (char)(hi << 4 | lo);
		return 4;
	default:
		return 0;
	}
}

char *
gui_text_core(const char *s)
{
	GString *raw;
	char *res, c;
	size_t n;

	if (s == NULL)
		return g_strdup("");
	raw = g_string_sized_new(strlen(s));
	while (*s != '\0') {
		if (*s == '\\' && (n = unescape_one(s, &c)) > 0) {
			g_string_append_c(raw, c);
			s += n;
		} else
			g_string_append_c(raw, *s++);
	}
	res = gui_text_safe(raw->str, (ptrdiff_t)raw->len);
	g_string_free(raw, TRUE);
	return res;
}

/* Replaces every from in s by to. */
static char *
replace(char *s, const char *from, const char *to)
{
	char **parts;
	char *res;

	if (strstr(s, from) == NULL)
		return s;
	parts = g_strsplit(s, from, -1);
	res = g_strjoinv(to, parts);
	g_strfreev(parts);
	g_free(s);
	return res;
}

char *
gui_text_msg(const char *s)
{
	char *t = gui_text_core(s);

	t = replace(t, "import it with 'electrum-verify keys import'",
	    "use Import key files\u2026");
	return replace(t, "'electrum-verify keys import'",
	    "Import key files\u2026");
}

void
gui_text_fpr(char *out, size_t n, const char *fpr)
{
	size_t i, o = 0, len = strlen(fpr);

	if (n == 0)
		return;
	/* as gpg shows it: "6694 D8DE ... 31BE  D950 ... 70E6" */
	for (i = 0; i < len && i < 64 && o + 3 < n; i++) {
		if (i > 0 && i % 4 == 0)
			out[o++] = ' ';
		if (i > 0 && i == len / 2 && len == 40)
			out[o++] = ' ';
		out[o++] = fpr[i];
	}
	out[o] = '\0';
}

char *
gui_text_size(uint64_t size)
{
	char *h = g_format_size(size), *res;
	char digits[32], grouped[48];
	size_t n, i, o = 0;

	if (size < 1000) {
		g_free(h);
		return g_strdup_printf("%" G_GUINT64_FORMAT " bytes", size);
	}
	n = (size_t)g_snprintf(digits, sizeof(digits), "%" G_GUINT64_FORMAT,
	    size);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[o++] = ',';
		grouped[o++] = digits[i];
	}
	grouped[o] = '\0';
	res = g_strdup_printf("%s (%s bytes)", h, grouped);
	g_free(h);
	return res;
}

const char *
gui_text_base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL && s[1] != '\0' ? s + 1 : path;
}
