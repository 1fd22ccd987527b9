/* textmode_feed: the canonical text of text-mode signatures, gpg 2.2's
 * (each vector's rule measured against gpgv 2.2.40), the same whatever
 * the split of the input into blocks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "openpgp/textmode.h"

struct sink {
	unsigned char *buf;
	size_t len;
};

static void
put(void *arg, const void *p, size_t n)
{
	struct sink *s = arg;

	s->buf = realloc(s->buf, s->len + n + 1);
	assert_non_null(s->buf);
	memcpy(s->buf + s->len, p, n);
	s->len += n;
}

/* The canonical text of in[0..n), fed in blocks of step bytes. */
static struct sink
canon(const unsigned char *in, size_t n, size_t step)
{
	struct textmode t;
	struct sink s = { NULL, 0 };
	size_t i, k;

	textmode_init(&t);
	for (i = 0; i < n; i += k) {
		k = n - i < step ? n - i : step;
		textmode_feed(&t, in + i, k, put, &s);
	}
	return s;
}

static void
check(const char *in, size_t n, const char *want, size_t wn)
{
	static const size_t steps[] = { 1, 2, 3, 7, 19993, 19994, (size_t)-1 };
	struct sink s;
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		s = canon((const unsigned char *)in, n, steps[i]);
		assert_int_equal(s.len, wn);
		if (wn > 0)
			assert_memory_equal(s.buf, want, wn);
		free(s.buf);
	}
}

#define CHECK(in, want) check(in, sizeof(in) - 1, want, sizeof(want) - 1)

static void
test_lines(void **state)
{
	(void)state;
	CHECK("", "");
	CHECK("a\nb\n", "a\r\nb\r\n");
	CHECK("a\r\nb\r\n", "a\r\nb\r\n");
	CHECK("a\r\r\r\nb", "a\r\nb");		/* a run of CRs before LF */
	CHECK("a\rb\r\rc\n", "a\rb\r\rc\r\n");	/* lone CRs kept */
	CHECK("x \t\n\t\n", "x \t\r\n\t\r\n");	/* blanks kept */
	CHECK("end\r\r", "end");		/* CRs at the end dropped */
	CHECK("end", "end");			/* no CR LF added */
	CHECK("\n\n\r\n", "\r\n\r\n\r\n");
	CHECK("\r", "");
	CHECK("a\0\nb\0c\r\0\r\nend\0", "a\r\nb\0c\r\nend");	/* NULs too */
	CHECK("\0\r\0", "");
}

/* A line of n bytes of 'a' (then tail), as gpg hashes it. */
static void
long_line(size_t n, const char *tail, const char *tailwant, int cut)
{
	size_t tl = strlen(tail), wl = strlen(tailwant), keep;
	char *in = malloc(n + tl), *want = malloc(n + 2 + wl);

	assert_non_null(in);
	assert_non_null(want);
	memset(in, 'a', n);
	memcpy(in + n, tail, tl);
	keep = cut && n > TEXTMODE_MAXLINE ? TEXTMODE_MAXLINE : n;
	memset(want, 'a', keep);
	if (cut)
		memcpy(want + keep, "\r\n", 2);
	memcpy(want + keep + (cut ? 2 : 0), tailwant, wl);
	check(in, n + tl, want, keep + (cut ? 2 : 0) + wl);
	free(in);
	free(want);
}

static void
test_long(void **state)
{
	(void)state;
	long_line(19993, "\nz", "\r\nz", 0);
	long_line(19993, "", "", 0);
	long_line(19994, "\nz", "z", 1);	/* measured: 19 993 + CR LF */
	long_line(19994, "", "", 1);		/* also without LF */
	long_line(30000, "\nend\n", "end\r\n", 1);
	long_line(19992, "\r\r", "", 1);	/* its 19 993 end in CR */
	long_line(19992, "\r\rb\nz", "z", 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
