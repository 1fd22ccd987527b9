/* testutil: helpers shared by the cmocka unit tests (header only; each
 * test file is its own program). Include after <cmocka.h>. */
#ifndef EV_TESTUTIL_H
#define EV_TESTUTIL_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static __attribute__((unused)) unsigned char *
slurp(const char *path, size_t *len)
{
	unsigned char *buf;
	FILE *f;
	long n;

	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open '%s' (run the tests from the top of the "
		    "repository)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Concatenates a and b into a new buffer. */
static __attribute__((unused)) unsigned char *
cat(const void *a, size_t al, const void *b, size_t bl, size_t *len)
{
	unsigned char *r = malloc(al + bl + 1);

	assert_non_null(r);
	memcpy(r, a, al);
	memcpy(r + al, b, bl);
	*len = al + bl;
	return r;
}

static __attribute__((unused)) size_t
find(const unsigned char *buf, size_t len, const char *str)
{
	size_t i, n = strlen(str);

	for (i = 0; i + n <= len; i++)
		if (memcmp(buf + i, str, n) == 0)
			return i;
	fail_msg("'%s' not found", str);
	return 0;
}

/* Replaces the first occurrence of from (in the text) by to, same size. */
static __attribute__((unused)) void
patch(unsigned char *buf, size_t len, const char *from, const char *to)
{
	assert_int_equal(strlen(to), strlen(from));
	memcpy(buf + find(buf, len, from), to, strlen(to));
}

static __attribute__((unused)) int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* A new folder TMPDIR/NAME.XXXXXX (TMPDIR unset or empty: /tmp) in
 * dir[0..n); 0, or -1. */
static __attribute__((unused)) int
tmpdir_make(char *dir, size_t n, const char *name)
{
	const char *t = getenv("TMPDIR");

	snprintf(dir, n, "%s/%s.XXXXXX", t != NULL && *t != '\0' ? t : "/tmp",
	    name);
	return mkdtemp(dir) == NULL ? -1 : 0;
}

/* Removes dir and everything below it; 0, or -1. */
static __attribute__((unused)) int
tmpdir_remove(const char *dir)
{
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
