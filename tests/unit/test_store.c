/* store: where the key store is, and atomic write / read of keys in it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <dirent.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#include "base/err.h"
#include "trust/store.h"

#define THOMASV "6694D8DE7BE8EE5631BED9502BD5824B7F9470E6"
#define EMZY "9EDAFF80E080659604F4A76B2EBB056FD847F8A7"
#define V6 "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"

static char tmpdir[4096];
static mode_t old_umask;

static const char *vars[] = { "ELECTRUM_VERIFY_HOME", "XDG_DATA_HOME",
    "HOME" };
static char *saved[3];

static int
setup(void **state)
{
	const char *v;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		v = getenv(vars[i]);
		saved[i] = v != NULL ? strdup(v) : NULL;
	}
	old_umask = umask(022);
	return tmpdir_make(tmpdir, sizeof(tmpdir), "test_store");
}

static int
teardown(void **state)
{
	size_t i;

	(void)state;
	umask(old_umask);
	for (i = 0; i < 3; i++) {
		if (saved[i] != NULL)
			setenv(vars[i], saved[i], 1);
		else
			unsetenv(vars[i]);
		free(saved[i]);
	}
	return tmpdir_remove(tmpdir);
}

/* Sets the three variables; NULL unsets. */
static void
env3(const char *home, const char *xdg, const char *evh)
{
	const char *v[3];
	size_t i;

	v[0] = evh;
	v[1] = xdg;
	v[2] = home;
	for (i = 0; i < 3; i++) {
		if (v[i] != NULL)
			assert_int_equal(setenv(vars[i], v[i], 1), 0);
		else
			assert_int_equal(unsetenv(vars[i]), 0);
	}
}

/* Points ELECTRUM_VERIFY_HOME at tmpdir/sub and returns the path. */
static void
use_store(char *out, size_t n, const char *sub)
{
	snprintf(out, n, "%s/%s", tmpdir, sub);
	env3(NULL, NULL, out);
}

static void
expect_dir(const char *want)
{
	struct err e = { "" };
	char out[4096];

	assert_int_equal(store_dir(out, sizeof(out), &e), 0);
	assert_string_equal(out, want);
}

static void
expect_no_dir(const char *msg)
{
	struct err e = { "" };
	char out[4096];

	assert_int_equal(store_dir(out, sizeof(out), &e), -1);
	assert_string_equal(e.msg, msg);
}

static void
test_dir(void **state)
{
	struct err e = { "" };
	char small[8];

	(void)state;
	env3("/home/u", "/xdg", "/evh/store");
	expect_dir("/evh/store");
	env3("/home/u", "/xdg", "/evh/store//");
	expect_dir("/evh/store");
	env3("/home/u", "/xdg", "");
	expect_dir("/xdg/electrum-verify");
	env3("/home/u", "/xdg/", NULL);
	expect_dir("/xdg/electrum-verify");
	env3("/home/u", "relative", NULL);	/* ignored, as XDG says */
	expect_dir("/home/u/.local/share/electrum-verify");
	env3("/home/u", "", NULL);
	expect_dir("/home/u/.local/share/electrum-verify");
	env3("/", NULL, NULL);
	expect_dir("/.local/share/electrum-verify");
	env3(NULL, NULL, "/");
	expect_dir("/");
	env3(NULL, NULL, NULL);
	expect_no_dir("cannot locate the key store: set ELECTRUM_VERIFY_HOME "
	    "or HOME");
	env3("", "", "");
	expect_no_dir("cannot locate the key store: set ELECTRUM_VERIFY_HOME "
	    "or HOME");
	env3("/home/u", "/xdg", "store");
	expect_no_dir("cannot locate the key store: ELECTRUM_VERIFY_HOME is "
	    "not an absolute path");
	env3("home", NULL, NULL);
	expect_no_dir("cannot locate the key store: HOME is not an absolute "
	    "path");
	env3(NULL, NULL, "/evh/store");
	assert_int_equal(store_dir(small, sizeof(small), &e), -1);
	assert_string_equal(e.msg, "cannot locate the key store: the path is "
	    "too long");
}

static mode_t
mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

/* The names in dir, sorted, joined with ' '. */
static void
list_dir(const char *dir, char *out, size_t n)
{
	struct dirent **ents;
	int i, k;

	k = scandir(dir, &ents, NULL, alphasort);
	assert_true(k >= 0);
	out[0] = '\0';
	for (i = 0; i < k; i++) {
		if (strcmp(ents[i]->d_name, ".") != 0 &&
		    strcmp(ents[i]->d_name, "..") != 0) {
			if (out[0] != '\0')
				strncat(out, " ", n - strlen(out) - 1);
			strncat(out, ents[i]->d_name, n - strlen(out) - 1);
		}
		free(ents[i]);
	}
	free(ents);
}

static void
expect_read(const char *fpr, const unsigned char *want, size_t wlen)
{
	struct err e = { "" };
	unsigned char *buf = NULL;
	size_t len = 0;

	assert_int_equal(store_read(fpr, &buf, &len, &e), 1);
	assert_int_equal(len, wlen);
	assert_memory_equal(buf, want, wlen);
	assert_int_equal(buf[len], '\0');
	free(buf);
}

static void
test_roundtrip(void **state)
{
	struct err e = { "" };
	char dir[4200], path[4400], names[512];
	unsigned char key[3000];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)(i * 7 + 1);
	key[10] = '\0';
	use_store(dir, sizeof(dir), "a/b/store");
	assert_int_equal(store_write(THOMASV, key, sizeof(key), &e), 0);
	expect_read(THOMASV, key, sizeof(key));

	snprintf(path, sizeof(path), "%s/a", tmpdir);
	assert_int_equal(mode_of(path), 0700);
	assert_int_equal(mode_of(dir), 0700);
	snprintf(path, sizeof(path), "%s/keys", dir);
	assert_int_equal(mode_of(path), 0700);
	list_dir(path, names, sizeof(names));
	assert_string_equal(names, THOMASV ".pgp");	/* no temp file left */
	snprintf(path, sizeof(path), "%s/keys/%s.pgp", dir, THOMASV);
	assert_int_equal(mode_of(path), 0600);
	list_dir(dir, names, sizeof(names));
	assert_string_equal(names, "keys");
}

/* A second write replaces the key; other keys stay. */
static void
test_overwrite(void **state)
{
	struct err e = { "" };
	char dir[4200], path[4400], names[512];

	(void)state;
	use_store(dir, sizeof(dir), "over");
	assert_int_equal(store_write(EMZY, (const unsigned char *)"old key",
	    7, &e), 0);
	assert_int_equal(store_write(V6, (const unsigned char *)"v6", 2, &e),
	    0);
	assert_int_equal(store_write(EMZY, (const unsigned char *)"new", 3,
	    &e), 0);
	expect_read(EMZY, (const unsigned char *)"new", 3);
	expect_read(V6, (const unsigned char *)"v6", 2);
	snprintf(path, sizeof(path), "%s/keys", dir);
	list_dir(path, names, sizeof(names));
	assert_string_equal(names, V6 ".pgp " EMZY ".pgp");
}

/* A key larger than store_read takes is refused: nothing written, the
 * stored key stays readable. */
static void
test_too_large(void **state)
{
	struct err e = { "" };
	char dir[4200], path[4400], names[512], msg[256];
	unsigned char *big;

	(void)state;
	use_store(dir, sizeof(dir), "large");
	assert_non_null(big = calloc(STORE_MAX_KEY + 1, 1));
	assert_int_equal(store_write(EMZY, big, STORE_MAX_KEY, &e), 0);
	expect_read(EMZY, big, STORE_MAX_KEY);
	assert_int_equal(store_write(EMZY, (const unsigned char *)"old", 3,
	    &e), 0);
	assert_int_equal(store_write(EMZY, big, STORE_MAX_KEY + 1, &e),
	    ERR_REFUSED);
	snprintf(msg, sizeof(msg), "the key for %s would be %d bytes, more "
	    "than the key store keeps (at most %d): not stored", EMZY,
	    STORE_MAX_KEY + 1, STORE_MAX_KEY);
	assert_string_equal(e.msg, msg);
	expect_read(EMZY, (const unsigned char *)"old", 3);
	assert_int_equal(store_write(V6, big, STORE_MAX_KEY + 1, &e),
	    ERR_REFUSED);
	snprintf(path, sizeof(path), "%s/keys", dir);
	list_dir(path, names, sizeof(names));
	assert_string_equal(names, EMZY ".pgp");
	free(big);
}

static void
test_not_stored(void **state)
{
	struct err e = { "" };
	char dir[4200];
	unsigned char *buf = (unsigned char *)"x";
	size_t len = 5;

	(void)state;
	use_store(dir, sizeof(dir), "never-created");
	assert_int_equal(store_read(THOMASV, &buf, &len, &e), 0);
	assert_null(buf);
	assert_int_equal(len, 0);
	use_store(dir, sizeof(dir), "partial");
	assert_int_equal(store_write(EMZY, (const unsigned char *)"k", 1, &e),
	    0);
	assert_int_equal(store_read(THOMASV, &buf, &len, &e), 0);
	assert_null(buf);
}

/* Only a canonical fingerprint becomes a file name, and a refused one
 * creates nothing. */
static void
test_bad_fpr(void **state)
{
	static const char *bad[] = {
		"", "6694d8de7be8ee5631bed9502bd5824b7f9470e6",
		"6694D8DE7BE8EE5631BED9502BD5824B7F9470E",
		"6694D8DE7BE8EE5631BED9502BD5824B7F9470E6A",
		"2BD5824B7F9470E6", "7F9470E6",
		"0x6694D8DE7BE8EE5631BED9502BD5824B7F9470E6",
		"../../../../../../../../../../../../../../../../../tmp/x",
		"6694D8DE7BE8EE5631BED9502BD5824B7F9470E6/../../x",
		"6694D8DE7BE8EE5631BED9502BD5824B7F9470G6",
	};
	struct err e = { "" };
	char dir[4200], msg[512];
	unsigned char *buf = NULL;
	size_t i, len;
	struct stat st;

	(void)state;
	use_store(dir, sizeof(dir), "bad");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(msg, sizeof(msg), "'%s' is not a fingerprint (40 or "
		    "64 upper-case hex digits)", bad[i]);
		assert_int_equal(store_write(bad[i],
		    (const unsigned char *)"k", 1, &e), -1);
		assert_string_equal(e.msg, msg);
		assert_int_equal(store_read(bad[i], &buf, &len, &e), -1);
		assert_string_equal(e.msg, msg);
		assert_null(buf);
	}
	assert_int_equal(stat(dir, &st), -1);
	assert_int_equal(store_write("\n\x1b", (const unsigned char *)"k", 1,
	    &e), -1);
	assert_string_equal(e.msg, "'\\n\\x1b' is not a fingerprint (40 or "
	    "64 upper-case hex digits)");
}

static void
test_failures(void **state)
{
	struct err e = { "" };
	char dir[4200], path[4400], msg[4600], names[512];
	unsigned char *buf = NULL;
	size_t len;
	FILE *f;

	(void)state;
	/* the store directory is a file */
	use_store(dir, sizeof(dir), "file");
	f = fopen(dir, "w");
	assert_non_null(f);
	assert_int_equal(fclose(f), 0);
	snprintf(msg, sizeof(msg), "cannot create '%s': Not a directory",
	    dir);
	assert_int_equal(store_write(EMZY, (const unsigned char *)"k", 1, &e),
	    -1);
	assert_string_equal(e.msg, msg);
	assert_int_equal(store_read(EMZY, &buf, &len, &e), -1);
	snprintf(msg, sizeof(msg), "cannot open '%s/keys/%s.pgp': Not a "
	    "directory", dir, EMZY);
	assert_string_equal(e.msg, msg);

	/* the key's name is taken by a directory: rename fails and the
	 * temporary file is removed */
	use_store(dir, sizeof(dir), "taken");
	assert_int_equal(store_write(V6, (const unsigned char *)"k", 1, &e),
	    0);
	snprintf(path, sizeof(path), "%s/keys/%s.pgp", dir, EMZY);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/keys/%s.pgp/x", dir, EMZY);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(store_write(EMZY, (const unsigned char *)"k", 1, &e),
	    -1);
	assert_memory_equal(e.msg, "cannot rename '", 15);
	snprintf(path, sizeof(path), "%s/keys", dir);
	list_dir(path, names, sizeof(names));
	assert_string_equal(names, V6 ".pgp " EMZY ".pgp");
	assert_int_equal(store_read(EMZY, &buf, &len, &e), -1);
	snprintf(msg, sizeof(msg), "'%s/keys/%s.pgp' is a directory", dir,
	    EMZY);
	assert_string_equal(e.msg, msg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dir),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_overwrite),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_not_stored),
		cmocka_unit_test(test_bad_fpr),
		cmocka_unit_test(test_failures),
	};

	return cmocka_run_group_tests_name("store", tests, setup, teardown);
}
