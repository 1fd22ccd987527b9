#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "bind/sumlist.h"

void
sumlist_init(struct sumlist *l)
{
	memset(l, 0, sizeof(*l));
}

void
sumlist_release(struct sumlist *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
	sumlist_init(l);
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Why p[0..n) cannot be a name in the list's folder, or NULL. */
static const char *
bad_name(const unsigned char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return "an empty name";
	if (n > SUMLIST_MAX_NAME)
		return "a name longer than 255 bytes";
	if (p[0] == '/')
		return "an absolute path: only names in the list's folder "
		    "are accepted";
	if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' &&
	    p[1] == '.'))
		return "'.' or '..': only names in the list's folder are "
		    "accepted";
	for (i = 0; i < n; i++) {
		if (p[i] == '/')
			return "a path with '/': only names in the list's "
			    "folder are accepted";
		if (p[i] < 0x20 || p[i] == 0x7f)
			return "a control byte in the name";
	}
	return NULL;
}

/* One line p[0..n) (its line end cut) into *en. NULL, or why not. */
static const char *
parse_entry(const unsigned char *p, size_t n, struct sumlist_entry *en)
{
	size_t i;
	const char *why;

	if (p[0] == '\\')
		return "an escaped name (a line starting with '\\') is not "
		    "accepted";
	if (p[0] == '#')
		return "a comment: a checksum list holds entries only";
	for (i = 0; i < n && hexval(p[i]) >= 0; i++)
		;
	if (i != 64 || n < 67 || p[64] != ' ' || (p[65] != ' ' &&
	    p[65] != '*'))
		return "not an entry 'SHA256  NAME' (64 hex digits, two "
		    "spaces or ' *', a name)";
	if ((why = bad_name(p + 66, n - 66)) != NULL)
		return why;
	for (i = 0; i < 64; i++)
		en->sha256[i] = "0123456789abcdef"[hexval(p[i])];
	en->sha256[64] = '\0';
	if ((en->name = malloc(n - 66 + 1)) == NULL)
		return "";
	memcpy(en->name, p + 66, n - 66);
	en->name[n - 66] = '\0';
	return NULL;
}

static int
by_name(const void *a, const void *b)
{
	const struct sumlist_entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

/* Refuses a name listed twice, naming both lines; sorts l by name. */
static enum err_status
no_twice(struct sumlist *l, const char *name, struct err *e)
{
	size_t i;
	char *q;

	qsort(l->v, l->n, sizeof(*l->v), by_name);
	for (i = 1; i < l->n; i++)
		if (strcmp(l->v[i - 1].name, l->v[i].name) == 0) {
			q = escape_dup(l->v[i].name, strlen(l->v[i].name));
			err_set(e, "'%s': line %zu lists '%s' again (first on "
			    "line %zu)%s", name, l->v[i].line, q ? q : "?",
			    l->v[i - 1].line, strcmp(l->v[i - 1].sha256,
			    l->v[i].sha256) != 0 ? " with another SHA-256" :
			    "");
			free(q);
			return ERR_REFUSED;
		}
	return ERR_OK;
}

enum err_status
sumlist_parse(const unsigned char *text, size_t len, const char *name,
    struct sumlist *l, struct err *e)
{
	const unsigned char *p = text, *end = text + len, *nl;
	size_t n, no = 0, cap = 0;
	int ends = 0;		/* bit 0: an LF end seen, bit 1: a CR LF */
	const char *why;
	struct sumlist_entry *v;

	sumlist_init(l);
	if (len > SUMLIST_MAX_BYTES) {
		err_set(e, "'%s': the list is larger than %d bytes", name,
		    SUMLIST_MAX_BYTES);
		return ERR_REFUSED;
	}
	for (; p < end; p = nl != NULL ? nl + 1 : end) {
		no++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r' && nl != NULL) {
			n--;
			ends |= 2;
		} else if (nl != NULL)
			ends |= 1;
		why = NULL;
		if (ends == 3)
			why = "line ends mixed: CR LF and LF";
		else if (n > SUMLIST_MAX_LINE)
			why = "the line is longer than 1024 bytes";
		else if (memchr(p, '\r', n) != NULL)
			why = "a carriage return inside the line";
		else if (memchr(p, '\0', n) != NULL)
			why = "a NUL byte in the line";
		if (why == NULL && n == 0)
			continue;
		if (why == NULL && l->n == SUMLIST_MAX_ENTRIES)
			why = "more than 4096 entries";
		if (why == NULL && l->n == cap) {
			cap = cap ? 2 * cap : 64;
			if ((v = realloc(l->v, cap * sizeof(*v))) == NULL) {
				err_set(e, "out of memory");
				sumlist_release(l);
				return ERR_FAILED;
			}
			l->v = v;
		}
		if (why == NULL && (why = parse_entry(p, n, &l->v[l->n])) ==
		    NULL) {
			l->v[l->n++].line = no;
			continue;
		}
		if (why[0] == '\0')
			err_set(e, "out of memory");
		else
			err_set(e, "'%s': line %zu: %s: the list is refused",
			    name, no, why);
		sumlist_release(l);
		return why[0] == '\0' ? ERR_FAILED : ERR_REFUSED;
	}
	if (l->n == 0) {
		err_set(e, "'%s': the list holds no entries", name);
		return ERR_REFUSED;
	}
	l->crlf = ends == 2;
	if (no_twice(l, name, e) != ERR_OK) {
		sumlist_release(l);
		return ERR_REFUSED;
	}
	return ERR_OK;
}

const struct sumlist_entry *
sumlist_find(const struct sumlist *l, const char *name)
{
	struct sumlist_entry key = { (char *)name, "", 0 };
	size_t lo = 0, hi = l->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(key.name, l->v[mid].name);
		if (c == 0)
			return &l->v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
