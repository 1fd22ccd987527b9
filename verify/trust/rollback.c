#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trust/releases.h"
#include "trust/rollback.h"
#include "trust/store.h"

#define MAX_ROWS 256

struct row {
	char key[64], version[32];
	int64_t when;
};

static int
word_ok(const char *s, size_t n, int version)
{
	size_t i;

	if (n == 0 || (version && (s[0] < '0' || s[0] > '9')))
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'z') || s[i] == '.' || (!version && ((s[i] >= 'A'
		    && s[i] <= 'Z') || s[i] == '-' || s[i] == '_'))))
			return 0;
	return 1;
}

/* One row "KEY VERSION TIME"; -1 if it is not one. */
static int
parse_row(const char *p, const char *end, struct row *r)
{
	char line[160], *f[3], *save = NULL, *x;
	size_t n = (size_t)(end - p), i;
	long long t;

	if (n >= sizeof(line))
		return -1;
	memcpy(line, p, n);
	line[n] = '\0';
	for (i = 0; i < 3; i++)
		if ((f[i] = strtok_r(i ? NULL : line, " ", &save)) == NULL)
			return -1;
	if (strtok_r(NULL, " ", &save) != NULL ||
	    strlen(f[0]) >= sizeof(r->key) || !word_ok(f[0], strlen(f[0]), 0) ||
	    strlen(f[1]) >= sizeof(r->version) ||
	    !word_ok(f[1], strlen(f[1]), 1) || f[2][0] < '0' || f[2][0] > '9')
		return -1;
	t = strtoll(f[2], &x, 10);
	if (*x != '\0' || t < 0)
		return -1;
	strcpy(r->key, f[0]);
	strcpy(r->version, f[1]);
	r->when = (int64_t)t;
	return 0;
}

/* 0 parsed (n rows), or -1 with the bad line's number in *bad. */
static int
parse(const char *text, size_t len, struct row *rows, size_t *n,
    size_t *bad)
{
	const char *p = text, *end = text + len, *eol;
	size_t line = 0;

	*n = 0;
	for (; p < end; p = eol + 1) {
		line++;
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if (p == eol || *p == '#')
			continue;
		if (*n == MAX_ROWS || parse_row(p, eol, &rows[*n]) < 0) {
			*bad = line;
			return -1;
		}
		(*n)++;
	}
	return 0;
}

static int
write_rows(const struct row *rows, size_t n, struct err *e)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	if (f == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	fprintf(f, "# electrum-verify: the highest Electrum version verified "
	    "per platform\n# PLATFORM VERSION UNIXTIME\n");
	for (i = 0; i < n; i++)
		fprintf(f, "%s %s %lld\n", rows[i].key, rows[i].version,
		    (long long)rows[i].when);
	if (fclose(f) != 0) {
		free(buf);
		err_set(e, "out of memory");
		return -1;
	}
	rc = store_write_record(ROLLBACK_FILE, (unsigned char *)buf, len, e);
	free(buf);
	return rc;
}

void
rollback_apply(const char *platform, const char *version, int record,
    int64_t now, struct rollback *rb)
{
	struct row *rows = calloc(MAX_ROWS + 1, sizeof(*rows));
	unsigned char *buf = NULL;
	char key[64], path[4096] = "";
	size_t len = 0, n = 0, bad = 0, i, k;
	struct err e = { "" };
	int found;

	memset(rb, 0, sizeof(*rb));
	if (rows == NULL) {
		snprintf(rb->note, sizeof(rb->note), "out of memory");
		return;
	}
	snprintf(key, sizeof(key), "%s", platform);
	for (k = 0; key[k] != '\0'; k++)
		if (key[k] == ' ')
			key[k] = '-';
	found = store_read_record(ROLLBACK_FILE, ROLLBACK_MAX_FILE, &buf, &len,
	    path, sizeof(path), &e);
	if (found < 0) {
		snprintf(rb->note, sizeof(rb->note), "the record of versions "
		    "verified could not be read (%.300s): left alone", e.msg);
		goto out;
	}
	if (found && parse((const char *)buf, len, rows, &n, &bad) < 0) {
		snprintf(rb->note, sizeof(rb->note), "the record of versions "
		    "verified '%.300s' is corrupt at line %zu: left alone, not "
		    "updated", path, bad);
		goto out;
	}
	for (i = 0; i < n && strcmp(rows[i].key, key) != 0; i++)
		;
	if (i < n) {
		snprintf(rb->highest, sizeof(rb->highest), "%s",
		    rows[i].version);
		rb->when = rows[i].when;
		rb->older = releases_cmp(version, rows[i].version) < 0;
		if (releases_cmp(version, rows[i].version) <= 0 || !record)
			goto out;
	} else if (!record)
		goto out;
	else if (n == MAX_ROWS) {
		snprintf(rb->note, sizeof(rb->note), "the record of versions "
		    "verified '%.300s' is full: left alone", path);
		goto out;
	} else
		n++;
	snprintf(rows[i].key, sizeof(rows[i].key), "%s", key);
	snprintf(rows[i].version, sizeof(rows[i].version), "%s", version);
	rows[i].when = now;
	if (write_rows(rows, n, &e) != 0)
		snprintf(rb->note, sizeof(rb->note), "the version verified "
		    "could not be recorded: %.340s", e.msg);
out:
	free(buf);
	free(rows);
}
