/* gui_text: untrusted and technical text made fit for the window. */
#ifndef EV_GUI_TEXT_H
#define EV_GUI_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* A copy of s[0..len) (len -1: up to the NUL) that shows printable
 * Unicode as it is and writes the rest as escapes: invalid UTF-8 bytes
 * \xHH, control and formatting characters (bidi overrides, zero-width
 * ones) \u{HHHH}, and the backslash \\. Free with g_free. */
char *gui_text_safe(const char *s, ptrdiff_t len);

/* Text from the core, which escapes untrusted bytes with escape_dup
 * (\\, \n, \t, \r, \xHH): the original bytes made safe as by
 * gui_text_safe, so that a name in Cyrillic reads as such and not as
 * \xd0\x97... Free with g_free. */
char *gui_text_core(const char *s);

/* A message of the core (a reason, a note, an error) as gui_text_core
 * makes it, with its advice to run the key import command turned into
 * the window's own: "use Import key files…". Free with g_free. */
char *gui_text_msg(const char *s);

/* The fingerprint in groups of four hex digits (at most 64 digits). */
void gui_text_fpr(char *out, size_t n, const char *fpr);

/* "12.3 MB (12,345,678 bytes)"; free with g_free. */
char *gui_text_size(uint64_t size);

/* The last component of a path (a pointer into it). */
const char *gui_text_base(const char *path);

#endif
