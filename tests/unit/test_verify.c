/* verify: the identity of the checked file, which a later reading of the
 * same path (the release binding's) must still see. */
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "trust/verify.h"

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void
take(const char *path, struct verify_ident *id)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	memset(id, 0, sizeof(*id));
	id->known = 1;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	id->size = st.st_size;
	id->mtime = st.st_mtim;
	id->ctime = st.st_ctim;
}

static void
test_ident(void **state)
{
	char dir[] = "/tmp/test_verify.XXXXXX", a[64], b[64];
	struct verify_ident id;
	struct timespec ts[2];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	put(a, "the file checked\n");
	take(a, &id);
	assert_int_equal(verify_ident_same(&id, a), 1);
	id.known = 0;			/* never read: never the same */
	assert_int_equal(verify_ident_same(&id, a), 0);
	id.known = 1;
	/* another file renamed over it, same size and content */
	put(b, "the file checked\n");
	assert_int_equal(rename(b, a), 0);
	assert_int_equal(verify_ident_same(&id, a), 0);
	take(a, &id);
	/* the same inode and size, another modification time */
	ts[0].tv_sec = ts[1].tv_sec = id.mtime.tv_sec - 3600;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, a, ts, 0), 0);
	assert_int_equal(verify_ident_same(&id, a), 0);
	take(a, &id);
	put(a, "the file checked, and more\n");	/* same inode, grown */
	assert_int_equal(verify_ident_same(&id, a), 0);
	assert_int_equal(unlink(a), 0);
	assert_int_equal(verify_ident_same(&id, a), 0);
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ident),
	};

	return cmocka_run_group_tests_name("verify", tests, NULL, NULL);
}
