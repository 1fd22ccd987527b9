/* fetch: which addresses are fetched at all (https only, checked before
 * any connection), and the --ca-file check. The downloads themselves are
 * tested against loopback servers in tests/cases/25-fetch.sh. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "trust/fetch.h"
#include "trust/pins.h"

#define FPR "6694D8DE7BE8EE5631BED9502BD5824B7F9470E6"

struct url_case {
	const char *url;
	int https;
};

static const struct url_case urls[] = {
	{ "https://raw.githubusercontent.com/spesmilo/electrum/master/"
	    "pubkeys/ThomasV.asc", 1 },
	{ "https://127.0.0.1:8443/a.asc", 1 },
	{ "HTTPS://example.org/a.asc", 1 },
	{ "https://", 0 },
	{ "https:/example.org/a.asc", 0 },
	{ "http://example.org/a.asc", 0 },
	{ "ftp://example.org/a.asc", 0 },
	{ "file:///etc/passwd", 0 },
	{ "//example.org/a.asc", 0 },
	{ "example.org/a.asc", 0 },
	{ " https://example.org/a.asc", 0 },
	{ "", 0 },
};

static void
test_url_https(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++)
		if (fetch_url_https(urls[i].url) != urls[i].https)
			fail_msg("'%s': want %d", urls[i].url, urls[i].https);
	assert_int_equal(fetch_url_https(NULL), 0);
}

/* A pin whose address is not https is refused, one without an address
 * fails, both before any connection or key store access (the store path
 * points nowhere usable). */
static void
test_not_fetched(void **state)
{
	static const char *bad[] = { "http://127.0.0.1:9/a.asc",
	    "file:///etc/passwd", "ftp://127.0.0.1/a.asc" };
	struct pins p;
	struct pin pin = { "x", FPR, "", "", NULL, 0 };
	struct fetch_result r;
	struct err e = { "" };
	size_t i;

	(void)state;
	pins_init(&p);
	assert_int_equal(setenv("ELECTRUM_VERIFY_HOME", "relative/nowhere", 1),
	    0);
	assert_int_equal(fetch_init(&e), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pin.url = (char *)bad[i];
		assert_int_equal(fetch_key(&p, &pin, NULL, NULL, &r, &e), 0);
		assert_int_equal(r.status, FETCH_REFUSED);
		assert_non_null(strstr(r.why.msg, "is not an https:// address"));
		assert_non_null(strstr(r.why.msg, bad[i]));
	}
	pin.url = (char *)"";
	assert_int_equal(fetch_key(&p, &pin, NULL, NULL, &r, &e), 0);
	assert_int_equal(r.status, FETCH_FAILED);
	assert_string_equal(r.why.msg, "the pin has no published address");
	fetch_cleanup();
}

static void
test_cafile(void **state)
{
	struct err e = { "" };

	(void)state;
	assert_int_equal(fetch_check_cafile("tests/unit/test_fetch.c", &e), 0);
	assert_int_equal(fetch_check_cafile("tests/unit/no-such.pem", &e), -1);
	assert_non_null(strstr(e.msg, "no-such.pem"));
	assert_int_equal(fetch_check_cafile("tests/unit", &e), -1);
	assert_non_null(strstr(e.msg, "directory"));
	assert_int_equal(fetch_check_cafile("/dev/null", &e), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_https),
		cmocka_unit_test(test_not_fetched),
		cmocka_unit_test(test_cafile),
	};

	return cmocka_run_group_tests_name("fetch", tests, NULL, NULL);
}
