/* err: errno texts made in the caller's buffer (the core runs in the
 * GUI's worker thread too), and err_errno's message. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"

static void
test_strerror(void **state)
{
	char a[64], b[64];
	const char *x, *y;

	(void)state;
	assert_string_equal(err_strerror(ENOENT, a, sizeof(a)),
	    "No such file or directory");
	/* an unknown number's text is made in the buffer given, so two
	 * callers never share one */
	x = err_strerror(99999, a, sizeof(a));
	y = err_strerror(99998, b, sizeof(b));
	assert_ptr_equal(x, a);
	assert_ptr_equal(y, b);
	assert_string_equal(x, "Unknown error 99999");
	assert_string_equal(y, "Unknown error 99998");
	assert_string_equal(ERRNO_STR(EACCES), "Permission denied");
}

static void
test_errno(void **state)
{
	struct err e = { "" };

	(void)state;
	errno = 0;
	err_errno(&e, "cannot open", "a\nb", ENOENT);
	assert_string_equal(e.msg,
	    "cannot open 'a\\nb': No such file or directory");
	assert_int_equal(errno, ENOENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_errno),
	};

	return cmocka_run_group_tests_name("err", tests, NULL, NULL);
}
