/* releases: the release index (parsing, version order, the bound a
 * signature date is judged by), and the index compiled in. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "trust/releases.h"

static void
test_cmp(void **state)
{
	static const char *const order[] = {
		"3.3.2", "3.3.4", "3.3.10", "4", "4.0.0b1", "4.0.0rc1",
		"4.0.0", "4.5.8", "4.6.0b1", "4.6.0", "4.6.2", "4.8.1",
		"4.10.0", "10.0.0",
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		for (j = 0; j < sizeof(order) / sizeof(order[0]); j++) {
			int c = releases_cmp(order[i], order[j]);

			if (i < j)
				assert_true(c < 0);
			else if (i > j)
				assert_true(c > 0);
			else
				assert_int_equal(c, 0);
		}
}

static void
test_parse(void **state)
{
	static const char good[] =
	    "# comment\n\n"
	    "4.8.1 2026-08-12T12:32:29Z 2026-08-12T12:59:12Z  # 30\n"
	    "3.3.4\t2019-02-13T22:44:30Z\t2019-02-13T22:45:00Z\n";
	static const char *const bad[] = {
		"4.8.1 2026-08-12 2026-08-12\n",
		"4.8.1 2026-08-12T12:59:12Z 2026-08-12T12:32:29Z\n",
		"4.8.1 2026-08-12T12:32:29Z\n",
		"4.8.1 2026-08-12T12:32:29Z 2026-08-12T12:59:12Z junk\n",
		"v4.8.1 2026-08-12T12:32:29Z 2026-08-12T12:59:12Z\n",
		"4.8.1 2026-08-12T12:32:29Z 2026-08-12T12:59:12Z\n"
		"4.8.1 2026-08-12T12:32:29Z 2026-08-12T12:59:12Z\n",
		"4.8.1 2026-13-12T12:32:29Z 2026-08-12T12:59:12Z\n",
	};
	struct releases r;
	const struct release_row *row;
	struct err e = { "" };
	size_t i;

	(void)state;
	releases_init(&r);
	assert_int_equal(releases_parse(&r, good, strlen(good), "t", &e), 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0].version, "3.3.4");	/* sorted */
	assert_int_equal(r.v[0].earliest, 1550097870);
	assert_int_equal(releases_bound(&r, "4.8.1", &row), RELEASES_INDEXED);
	assert_string_equal(row->version, "4.8.1");
	assert_int_equal(releases_bound(&r, "4.8.2", &row), RELEASES_NEWER);
	assert_string_equal(row->version, "4.8.1");
	assert_int_equal(releases_bound(&r, "4.6.2", &row), RELEASES_UNKNOWN);
	assert_null(row);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(releases_parse(&r, bad[i], strlen(bad[i]),
		    "idx", &e), -1);
		assert_non_null(strstr(e.msg, "idx:"));
		assert_int_equal(r.n, 0);
	}
	releases_release(&r);
}

static void
test_builtin(void **state)
{
	struct releases r;
	const struct release_row *row;
	struct err e = { "" };

	(void)state;
	releases_init(&r);
	unsetenv("ELECTRUM_VERIFY_RELEASES");
	assert_int_equal(releases_load_default(&r, &e), 0);
	assert_true(r.n >= 4);
	assert_non_null(strstr(r.origin, "built in"));
	assert_int_equal(releases_bound(&r, "4.8.1", &row), RELEASES_INDEXED);
	releases_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmp),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_builtin),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
