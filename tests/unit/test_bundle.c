/* bundle: the compiled-in keys of the built-in pins, and the key files
 * beside a pins file given instead. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#include "base/err.h"
#include "trust/bundle.h"
#include "trust/pins.h"

static char tmpdir[4096];

static int
setup(void **state)
{
	(void)state;
	return tmpdir_make(tmpdir, sizeof(tmpdir), "test_bundle");
}

static int
teardown(void **state)
{
	(void)state;
	return tmpdir_remove(tmpdir);
}

/* Every built-in pin has its key compiled in: the binary form of
 * keys/pubkeys/NAME.asc, starting with the primary key packet (tag 6). */
static void
test_builtin(void **state)
{
	struct pins p;
	struct err e = { "" };
	unsigned char *buf;
	size_t i, len;

	(void)state;
	pins_init(&p);
	unsetenv("ELECTRUM_VERIFY_PINS");
	assert_int_equal(pins_load_default(&p, &e), 0);
	assert_true(p.builtin);
	assert_int_equal(p.n, 7);
	for (i = 0; i < p.n; i++) {
		assert_int_equal(bundle_read(&p, &p.v[i], &buf, &len, &e), 1);
		assert_true(len > 100);
		/* old format tag 6 (0x98/0x99) or new format (0xc6) */
		assert_true(buf[0] == 0x99 || buf[0] == 0x98 || buf[0] == 0xc6);
		free(buf);
	}
	pins_release(&p);
}

/* A built-in pin's key is found by name and fingerprint together. */
static void
test_builtin_mismatch(void **state)
{
	struct pins p;
	struct pin other;
	struct err e = { "" };
	unsigned char *buf = (unsigned char *)"x";
	size_t len = 1;

	(void)state;
	pins_init(&p);
	unsetenv("ELECTRUM_VERIFY_PINS");
	assert_int_equal(pins_load_default(&p, &e), 0);
	other = p.v[0];
	other.fpr = "0000000000000000000000000000000000000000";
	assert_int_equal(bundle_read(&p, &other, &buf, &len, &e), 0);
	assert_null(buf);
	assert_int_equal(len, 0);
	other = p.v[0];
	other.name = "nobody";
	assert_int_equal(bundle_read(&p, &other, &buf, &len, &e), 0);
	pins_release(&p);
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

#define PIN1 "alice 0123456789ABCDEF0123456789ABCDEF01234567 -\n"
#define PIN2 "bob 89ABCDEF0123456789ABCDEF0123456789ABCDEF -\n"
#define PIN3 "carol 456789ABCDEF0123456789ABCDEF0123456789AB -\n"

/* Pins from a file: DIR/pubkeys/NAME.asc, read as it is; none when the
 * file does not exist; an error when it cannot be read. */
static void
test_beside(void **state)
{
	char pins[4200], dir[4200], key[4300];
	struct pins p;
	struct err e = { "" };
	unsigned char *buf;
	size_t len;

	(void)state;
	pins_init(&p);
	snprintf(pins, sizeof(pins), "%s/electrum.pins", tmpdir);
	snprintf(dir, sizeof(dir), "%s/pubkeys", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(key, sizeof(key), "%s/alice.asc", dir);
	put(key, "alice's key material\n");
	snprintf(key, sizeof(key), "%s/carol.asc", dir);
	assert_int_equal(mkdir(key, 0700), 0);
	assert_int_equal(pins_parse(&p, PIN1 PIN2 PIN3, strlen(PIN1 PIN2 PIN3),
	    pins, &e), 0);
	assert_false(p.builtin);

	assert_int_equal(bundle_read(&p, &p.v[0], &buf, &len, &e), 1);
	assert_int_equal(len, strlen("alice's key material\n"));
	assert_memory_equal(buf, "alice's key material\n", len);
	free(buf);
	assert_int_equal(bundle_read(&p, &p.v[1], &buf, &len, &e), 0);
	assert_null(buf);
	assert_int_equal(bundle_read(&p, &p.v[2], &buf, &len, &e), -1);
	assert_non_null(strstr(e.msg, "carol.asc"));
	pins_release(&p);
}

/* A pins file named without a folder: its keys are in ./pubkeys. Pins
 * without a file (--keyring): nothing bundled. */
static void
test_relative_and_keyring(void **state)
{
	char old[4096], key[4300];
	struct pins p;
	struct err e = { "" };
	unsigned char *buf;
	size_t len;

	(void)state;
	pins_init(&p);
	assert_non_null(getcwd(old, sizeof(old)));
	snprintf(key, sizeof(key), "%s/pubkeys", tmpdir);
	mkdir(key, 0700);
	snprintf(key, sizeof(key), "%s/pubkeys/bob.asc", tmpdir);
	put(key, "bob\n");
	assert_int_equal(chdir(tmpdir), 0);
	assert_int_equal(pins_parse(&p, PIN2, strlen(PIN2), "electrum.pins",
	    &e), 0);
	assert_int_equal(bundle_read(&p, &p.v[0], &buf, &len, &e), 1);
	assert_int_equal(len, 4);
	free(buf);
	assert_int_equal(chdir(old), 0);
	pins_release(&p);

	assert_int_equal(pins_add(&p, "bob", "89ABCDEF0123456789ABCDEF0123456789ABCDEF",
	    &e), 0);
	assert_int_equal(bundle_read(&p, &p.v[0], &buf, &len, &e), 0);
	pins_release(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_builtin_mismatch),
		cmocka_unit_test(test_beside),
		cmocka_unit_test(test_relative_and_keyring),
	};

	return cmocka_run_group_tests_name("bundle", tests, setup, teardown);
}
