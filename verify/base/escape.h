/* escape: make untrusted text (file names, user IDs) safe to print. */
#ifndef EV_ESCAPE_H
#define EV_ESCAPE_H

#include <stddef.h>

/* Returns a new NUL-terminated copy of s[0..len) in which every byte that
 * is not printable ASCII, and the backslash, is written as \\, \n, \t, \r
 * or \xHH. Returns NULL only when out of memory. */
char *escape_dup(const char *s, size_t len);

#endif
