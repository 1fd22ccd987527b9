/* sumlist: a checksum list as sha256sum writes it ("HEX  NAME" or
 * "HEX *NAME" per line), read strictly: each entry binds one plain file
 * name in the list's folder to one SHA-256. Anything else refuses the
 * whole list, so that no verdict is built on part of one. */
#ifndef EV_SUMLIST_H
#define EV_SUMLIST_H

#include <stddef.h>

#include "base/err.h"

#define SUMLIST_MAX_BYTES	(1024 * 1024)	/* the list's size */
#define SUMLIST_MAX_LINE	1024		/* bytes in one line */
#define SUMLIST_MAX_ENTRIES	4096
#define SUMLIST_MAX_NAME	255		/* bytes in a name */

struct sumlist_entry {
	char *name;		/* raw bytes, as listed (no NUL, '/' or
				 * control byte in it) */
	char sha256[65];	/* lower-case hex */
	size_t line;
};

struct sumlist {
	struct sumlist_entry *v;
	size_t n;
	int crlf;		/* its lines end in CR LF */
};

void sumlist_init(struct sumlist *l);
void sumlist_release(struct sumlist *l);	/* accepts NULL */

/* Reads the list text[0..len). ERR_OK with l filled (at least one
 * entry); ERR_REFUSED with e naming NAME (printed as given: pass it
 * escaped) and the line: a line that is not an entry, longer than
 * SUMLIST_MAX_LINE, a CR inside a line or line ends mixed, a name that
 * is a path ('/', ".", ".."), empty, too long or holds a control byte,
 * a name listed twice, more than SUMLIST_MAX_ENTRIES entries or none;
 * ERR_FAILED when out of memory. Blank lines are skipped. */
enum err_status sumlist_parse(const unsigned char *text, size_t len,
    const char *name, struct sumlist *l, struct err *e) EV_WUR;

/* The entry listing name (raw), or NULL. */
const struct sumlist_entry *sumlist_find(const struct sumlist *l,
    const char *name);

#endif
