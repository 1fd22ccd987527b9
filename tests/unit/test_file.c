/* file_read: whole small files, with a size cap that holds even when the
 * file grows, and refusals of what is not a regular file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
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
#include "base/file.h"

static char tmpdir[4096];

static int
setup(void **state)
{
	(void)state;
	return tmpdir_make(tmpdir, sizeof(tmpdir), "test_file");
}

static int
teardown(void **state)
{
	(void)state;
	return tmpdir_remove(tmpdir);
}

/* Writes len bytes to tmpdir/name and returns the path in out. */
static void
put(char *out, size_t n, const char *name, const void *data, size_t len)
{
	FILE *f;

	snprintf(out, n, "%s/%s", tmpdir, name);
	f = fopen(out, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Expects file_read to fail with exactly the message MSG, errno ERRNUM. */
static void
expect_fail(const char *path, size_t max, int errnum, const char *msg)
{
	struct err e = { "" };
	unsigned char *buf = (unsigned char *)"untouched";
	size_t len = 99;
	int r, got;

	r = file_read(path, max, &buf, &len, &e);
	got = errno;
	assert_int_equal(r, -1);
	assert_int_equal(got, errnum);
	assert_null(buf);
	assert_int_equal(len, 0);
	assert_string_equal(e.msg, msg);
}

static void
test_small(void **state)
{
	struct err e = { "" };
	char path[4200];
	unsigned char *buf = NULL;
	size_t len = 0;

	(void)state;
	put(path, sizeof(path), "small", "hello\n", 6);
	assert_int_equal(file_read(path, 1024, &buf, &len, &e), 0);
	assert_int_equal(len, 6);
	assert_memory_equal(buf, "hello\n", 7);	/* with the NUL */
	free(buf);
}

static void
test_empty(void **state)
{
	struct err e = { "" };
	char path[4200];
	unsigned char *buf = NULL;
	size_t len = 99;

	(void)state;
	put(path, sizeof(path), "empty", "", 0);
	assert_int_equal(file_read(path, 1024, &buf, &len, &e), 0);
	assert_int_equal(len, 0);
	assert_non_null(buf);
	assert_int_equal(buf[0], '\0');
	free(buf);
}

/* Binary content, NUL bytes included, larger than the first read. */
static void
test_binary_large(void **state)
{
	struct err e = { "" };
	char path[4200];
	unsigned char *data, *buf = NULL;
	size_t i, n = 300001, len = 0;

	(void)state;
	data = malloc(n);
	assert_non_null(data);
	for (i = 0; i < n; i++)
		data[i] = (unsigned char)(i % 251);
	put(path, sizeof(path), "binary", data, n);
	assert_int_equal(file_read(path, 1024 * 1024, &buf, &len, &e), 0);
	assert_int_equal(len, n);
	assert_memory_equal(buf, data, n);
	assert_int_equal(buf[n], '\0');
	free(buf);
	free(data);
}

static void
test_cap(void **state)
{
	struct err e = { "" };
	char path[4200], msg[4400];
	unsigned char data[100], *buf = NULL;
	size_t len = 0;

	(void)state;
	memset(data, 'x', sizeof(data));
	put(path, sizeof(path), "hundred", data, sizeof(data));
	assert_int_equal(file_read(path, 100, &buf, &len, &e), 0);
	assert_int_equal(len, 100);
	free(buf);
	snprintf(msg, sizeof(msg),
	    "'%s' is too large (100 bytes, at most 99)", path);
	expect_fail(path, 99, EFBIG, msg);
	snprintf(msg, sizeof(msg),
	    "'%s' is too large (100 bytes, at most 0)", path);
	expect_fail(path, 0, EFBIG, msg);
}

/* Files in /proc are regular and say size 0, so fstat cannot catch
 * them: the cap must hold while reading, and a file larger than its
 * st_size must still be read whole when under the cap. */
static void
test_grows_past_fstat(void **state)
{
	struct err e = { "" };
	struct stat st;
	unsigned char *buf = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(stat("/proc/self/status", &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, 0);
	expect_fail("/proc/self/status", 16, EFBIG, "'/proc/self/status' is "
	    "too large (it grew past 16 bytes while being read)");
	assert_int_equal(file_read("/proc/self/status", 1024 * 1024, &buf,
	    &len, &e), 0);
	assert_true(len > 16);
	assert_memory_equal(buf, "Name:", 5);
	assert_int_equal(strlen((char *)buf), len);
	free(buf);
}

static void
test_not_regular(void **state)
{
	char path[4200], msg[4400];

	(void)state;
	snprintf(msg, sizeof(msg), "'%s' is a directory", tmpdir);
	expect_fail(tmpdir, 1024, EISDIR, msg);
	expect_fail("/dev/null", 1024, EINVAL,
	    "'/dev/null' is not a regular file");
	/* A FIFO without a writer must not hang the open. */
	snprintf(path, sizeof(path), "%s/fifo", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	snprintf(msg, sizeof(msg), "'%s' is not a regular file", path);
	expect_fail(path, 1024, EINVAL, msg);
}

static void
test_missing(void **state)
{
	char path[4200], msg[4400];

	(void)state;
	snprintf(path, sizeof(path), "%s/x.asc", tmpdir);
	snprintf(msg, sizeof(msg),
	    "cannot open '%s': No such file or directory", path);
	expect_fail(path, 1024, ENOENT, msg);
	snprintf(path, sizeof(path), "%s/none/x.asc", tmpdir);
	snprintf(msg, sizeof(msg),
	    "cannot open '%s': No such file or directory", path);
	expect_fail(path, 1024, ENOENT, msg);
}

/* A file name is untrusted text: control bytes come out escaped. */
static void
test_name_escaped(void **state)
{
	char path[4200], msg[4400];

	(void)state;
	snprintf(path, sizeof(path), "%s/a\nb\x1b", tmpdir);
	snprintf(msg, sizeof(msg),
	    "cannot open '%s/a\\nb\\x1b': No such file or directory", tmpdir);
	expect_fail(path, 1024, ENOENT, msg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_binary_large),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_grows_past_fstat),
		cmocka_unit_test(test_not_regular),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_name_escaped),
	};

	return cmocka_run_group_tests_name("file", tests, setup, teardown);
}
