#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/escape.h"
#include "base/file.h"
#include "trust/releases.h"

extern const char releases_builtin[];
extern const char releases_builtin_origin[];

void
releases_init(struct releases *r)
{
	memset(r, 0, sizeof(*r));
	r->v = NULL;
}

void
releases_release(struct releases *r)
{
	if (r == NULL)
		return;
	free(r->v);
	releases_init(r);
}

/* The leading number of *s (at most 9 digits), moving *s past it; -1 if
 * there is none. */
static long
number(const char **s)
{
	long n = 0;
	int k = 0;

	if (**s < '0' || **s > '9')
		return -1;
	for (; **s >= '0' && **s <= '9'; (*s)++)
		if (k++ < 9)
			n = n * 10 + (**s - '0');
	return n;
}

/* The pre-release rank of s ("a" 0, "b" 1, "rc" 2, anything else 3,
 * none 4), moving s past its letters. */
static int
pre_rank(const char **s)
{
	static const char *const tags[] = { "a", "b", "rc" };
	size_t i, n = 0;

	while ((*s)[n] >= 'a' && (*s)[n] <= 'z')
		n++;
	if (n == 0)
		return 4;
	for (i = 0; i < 3; i++)
		if (strlen(tags[i]) == n && strncmp(*s, tags[i], n) == 0)
			break;
	*s += n;
	return (int)i;
}

int
releases_cmp(const char *a, const char *b)
{
	long x, y;
	int ra, rb;

	for (;;) {
		x = number(&a);
		y = number(&b);
		if (x != y)
			return x < y ? -1 : 1;
		if (x < 0)
			break;
		if (*a == '.' && *b == '.') {
			a++;
			b++;
			continue;
		}
		if (*a == '.')		/* "4.6.1" after "4.6" */
			return 1;
		if (*b == '.')
			return -1;
		break;
	}
	ra = pre_rank(&a);
	rb = pre_rank(&b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	x = number(&a);
	y = number(&b);
	if (x != y)
		return x < y ? -1 : 1;
	return strcmp(a, b);
}

static int
parse_time(const char *s, size_t len, int64_t *t)
{
	struct tm tm;
	char buf[32];
	const char *end;
	time_t tt;

	if (len != 20 || s[19] != 'Z')
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(&tm, 0, sizeof(tm));
	end = strptime(buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0')
		return -1;
	if ((tt = timegm(&tm)) == (time_t)-1)
		return -1;
	*t = (int64_t)tt;
	return 0;
}

static int
row_cmp(const void *x, const void *y)
{
	return releases_cmp(((const struct release_row *)x)->version,
	    ((const struct release_row *)y)->version);
}

/* One line's fields: version, earliest, latest, then nothing or a
 * comment. -1 if malformed. */
static int
parse_line(const char *p, size_t len, struct release_row *row)
{
	const char *f[3], *end = p + len;
	size_t fl[3], i, k;

	for (i = 0; i < 3; i++) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		f[i] = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		if ((fl[i] = (size_t)(p - f[i])) == 0)
			return -1;
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p != '#')
		return -1;
	if (fl[0] >= sizeof(row->version) || f[0][0] < '0' || f[0][0] > '9')
		return -1;
	for (k = 0; k < fl[0]; k++)
		if (!((f[0][k] >= '0' && f[0][k] <= '9') || f[0][k] == '.' ||
		    (f[0][k] >= 'a' && f[0][k] <= 'z')))
			return -1;
	memcpy(row->version, f[0], fl[0]);
	row->version[fl[0]] = '\0';
	if (parse_time(f[1], fl[1], &row->earliest) < 0 ||
	    parse_time(f[2], fl[2], &row->latest) < 0 ||
	    row->earliest > row->latest)
		return -1;
	return 0;
}

int
releases_parse(struct releases *r, const char *text, size_t len,
    const char *origin, struct err *e)
{
	const char *p = text, *end = text + len, *eol, *q;
	struct release_row row, *nv;
	size_t line = 0, i;
	char *o = escape_dup(origin, strlen(origin));

	releases_release(r);
	snprintf(r->origin, sizeof(r->origin), "%s", o ? o : "?");
	free(o);
	for (; p < end; p = eol + 1) {
		line++;
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		for (q = p; q < eol && (*q == ' ' || *q == '\t'); q++)
			;
		if (q == eol || *q == '#')
			continue;
		if (parse_line(q, (size_t)(eol - q), &row) < 0) {
			err_set(e, "%s:%zu: not 'VERSION EARLIEST LATEST' "
			    "(times as 2026-08-12T12:32:29Z, earliest first)",
			    r->origin, line);
			goto fail;
		}
		for (i = 0; i < r->n; i++)
			if (strcmp(r->v[i].version, row.version) == 0) {
				err_set(e, "%s:%zu: version %s given twice",
				    r->origin, line, row.version);
				goto fail;
			}
		if (r->n == RELEASES_MAX) {
			err_set(e, "%s:%zu: more than %d releases", r->origin,
			    line, RELEASES_MAX);
			goto fail;
		}
		if ((nv = realloc(r->v, (r->n + 1) * sizeof(*nv))) == NULL) {
			err_set(e, "out of memory");
			goto fail;
		}
		r->v = nv;
		r->v[r->n++] = row;
	}
	if (r->n > 0)
		qsort(r->v, r->n, sizeof(*r->v), row_cmp);
	return 0;
fail:
	free(r->v);
	r->v = NULL;
	r->n = 0;
	return -1;
}

int
releases_load_default(struct releases *r, struct err *e)
{
	const char *path = getenv("ELECTRUM_VERIFY_RELEASES");
	unsigned char *buf = NULL;
	size_t len = 0;
	int rc = -1;

	if (path == NULL || *path == '\0')
		return releases_parse(r, releases_builtin,
		    strlen(releases_builtin), releases_builtin_origin, e);
	if (file_read(path, RELEASES_MAX_FILE, &buf, &len, e) < 0)
		goto out;
	rc = releases_parse(r, (const char *)buf, len, path, e);
out:
	free(buf);
	return rc;
}

enum releases_bound
releases_bound(const struct releases *r, const char *version,
    const struct release_row **row)
{
	size_t i;

	*row = NULL;
	if (r->n == 0)
		return RELEASES_UNKNOWN;
	for (i = 0; i < r->n; i++)
		if (releases_cmp(r->v[i].version, version) == 0) {
			*row = &r->v[i];
			return RELEASES_INDEXED;
		}
	if (releases_cmp(version, r->v[r->n - 1].version) > 0) {
		*row = &r->v[r->n - 1];
		return RELEASES_NEWER;
	}
	return RELEASES_UNKNOWN;
}
