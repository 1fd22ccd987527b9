#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/file.h"
#include "trust/store.h"

#define STORE_PATH 4096

static const char nowhere[] =
    "cannot locate the key store: set ELECTRUM_VERIFY_HOME or HOME";

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* Writes BASE SUB into out without doubled slashes; 0 if it fits. */
static int
join(char *out, size_t n, const char *base, const char *sub,
    struct err *e)
{
	size_t bl = strlen(base);
	int r;

	while (bl > 0 && base[bl - 1] == '/')
		bl--;
	if (bl == 0 && *sub == '\0')
		sub = "/";
	if (bl > INT_MAX)
		bl = INT_MAX;
	r = snprintf(out, n, "%.*s%s", (int)bl, base, sub);
	if (r < 0 || (size_t)r >= n) {
		err_set(e, "cannot locate the key store: the path is too long");
		return -1;
	}
	return 0;
}

int
store_dir(char *out, size_t n, struct err *e)
{
	const char *v;

	v = env("ELECTRUM_VERIFY_HOME");
	if (v != NULL) {
		if (v[0] == '/')
			return join(out, n, v, "", e);
		err_set(e, "cannot locate the key store: ELECTRUM_VERIFY_HOME "
		    "is not an absolute path");
		return -1;
	}
	/* The XDG spec says to ignore a relative XDG_DATA_HOME. */
	v = env("XDG_DATA_HOME");
	if (v != NULL && v[0] == '/')
		return join(out, n, v, "/electrum-verify", e);
	v = env("HOME");
	if (v != NULL && v[0] == '/')
		return join(out, n, v, "/.local/share/electrum-verify", e);
	if (v != NULL)
		err_set(e, "cannot locate the key store: HOME is not an "
		    "absolute path");
	else
		err_set(e, "%s", nowhere);
	return -1;
}

/* Only a fingerprint in canonical form may become a file name. */
static int
check_fpr(const char *fpr, struct err *e)
{
	size_t i, len = strlen(fpr);
	char *q;

	for (i = 0; i < len; i++)
		if (!((fpr[i] >= '0' && fpr[i] <= '9') ||
		    (fpr[i] >= 'A' && fpr[i] <= 'F')))
			break;
	if (i == len && (len == 40 || len == 64))
		return 0;
	q = escape_dup(fpr, len);
	err_set(e, "'%s' is not a fingerprint (40 or 64 upper-case hex "
	    "digits)", q != NULL ? q : "?");
	free(q);
	return -1;
}

/* DIR/keys/PRE FPR .pgp SUF */
static int
key_path(char *out, size_t n, const char *dir, const char *pre,
    const char *fpr, const char *suf, struct err *e)
{
	int r = snprintf(out, n, "%s/keys/%s%s.pgp%s", dir, pre, fpr, suf);

	if (r < 0 || (size_t)r >= n) {
		err_set(e, "cannot locate the key store: the path is too long");
		return -1;
	}
	return 0;
}

int
store_read(const char *fpr, unsigned char **buf, size_t *len, struct err *e)
{
	char dir[STORE_PATH], path[STORE_PATH];

	*buf = NULL;
	*len = 0;
	if (check_fpr(fpr, e) < 0 || store_dir(dir, sizeof(dir), e) < 0 ||
	    key_path(path, sizeof(path), dir, "", fpr, "", e) < 0)
		return -1;
	if (file_read(path, STORE_MAX_KEY, buf, len, e) == 0)
		return 1;
	return errno == ENOENT ? 0 : -1;
}

/* mkdir with mode 0700, keeping a directory that is already there. */
static int
make_dir(const char *path, struct err *e)
{
	struct stat st;
	int errnum;

	if (mkdir(path, 0700) == 0)
		return 0;
	errnum = errno;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	err_errno(e, "cannot create", path,
	    errnum == EEXIST ? ENOTDIR : errnum);
	return -1;
}

/* mkdir -p: each component of the absolute path in turn. */
static int
make_dirs(char *path, struct err *e)
{
	char *p = path;
	int ret;

	while ((p = strchr(p + 1, '/')) != NULL) {
		*p = '\0';
		ret = make_dir(path, e);
		*p = '/';
		if (ret < 0)
			return -1;
	}
	return make_dir(path, e);
}

static int
write_all(int fd, const unsigned char *buf, size_t len)
{
	ssize_t r;

	while (len > 0) {
		r = write(fd, buf, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		buf += r;
		len -= (size_t)r;
	}
	return 0;
}

/* fsync the directory so that the rename survives a crash; a file
 * system that cannot sync directories says EINVAL. */
static int
sync_dir(const char *dir, struct err *e)
{
	int fd, ret = 0;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		err_errno(e, "cannot open", dir, errno);
		return -1;
	}
	if (fsync(fd) < 0 && errno != EINVAL) {
		err_errno(e, "cannot sync", dir, errno);
		ret = -1;
	}
	close(fd);
	return ret;
}

/* Writes buf to a new temporary file tmp (a mkostemp template) and syncs
 * it; on failure the file is removed. */
static int
write_temp(char *tmp, const unsigned char *buf, size_t len, struct err *e)
{
	int fd, ret = -1;

	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		err_errno(e, "cannot create", tmp, errno);
		return -1;
	}
	if (write_all(fd, buf, len) < 0) {
		err_errno(e, "cannot write", tmp, errno);
		goto out;
	}
	if (fsync(fd) < 0) {
		err_errno(e, "cannot sync", tmp, errno);
		goto out;
	}
	ret = 0;
out:
	if (close(fd) < 0 && ret == 0) {
		err_errno(e, "cannot write", tmp, errno);
		ret = -1;
	}
	if (ret < 0)
		unlink(tmp);
	return ret;
}

/* Makes dir, writes buf to tmp (a mkostemp template), renames it to
 * path and syncs dir. */
static int
replace(char *dir, char *tmp, const char *path, const unsigned char *buf,
    size_t len, struct err *e)
{
	if (make_dirs(dir, e) < 0 || write_temp(tmp, buf, len, e) < 0)
		return -1;
	if (rename(tmp, path) < 0) {
		err_errno(e, "cannot rename", tmp, errno);
		unlink(tmp);
		return -1;
	}
	return sync_dir(dir, e);
}

/* DIR/NAME SUF, for a plain NAME */
static int
record_path(char *out, size_t n, const char *dir, const char *name,
    const char *suf, struct err *e)
{
	int r;

	if (strchr(name, '/') != NULL || name[0] == '.' || name[0] == '\0') {
		err_set(e, "internal error: a record name with a path");
		return -1;
	}
	r = snprintf(out, n, "%s/%s%s", dir, name, suf);
	if (r < 0 || (size_t)r >= n) {
		err_set(e, "cannot locate the key store: the path is too long");
		return -1;
	}
	return 0;
}

enum err_status
store_write(const char *fpr, const unsigned char *buf, size_t len,
    struct err *e)
{
	char dir[STORE_PATH], keys[STORE_PATH], tmp[STORE_PATH],
	    path[STORE_PATH];

	if (check_fpr(fpr, e) < 0 || store_dir(dir, sizeof(dir), e) < 0 ||
	    join(keys, sizeof(keys), dir, "/keys", e) < 0 ||
	    key_path(tmp, sizeof(tmp), dir, ".", fpr, ".XXXXXX", e) < 0 ||
	    key_path(path, sizeof(path), dir, "", fpr, "", e) < 0)
		return ERR_FAILED;
	/* store_read would refuse it, and so every check after. */
	if (len > STORE_MAX_KEY) {
		err_set(e, "the key for %s would be %zu bytes, more than the "
		    "key store keeps (at most %d): not stored", fpr, len,
		    STORE_MAX_KEY);
		return ERR_REFUSED;
	}
	return replace(keys, tmp, path, buf, len, e) < 0 ? ERR_FAILED :
	    ERR_OK;
}

int
store_read_record(const char *name, size_t max, unsigned char **buf,
    size_t *len, char *path, size_t pathlen, struct err *e)
{
	char dir[STORE_PATH], p[STORE_PATH];

	*buf = NULL;
	*len = 0;
	if (store_dir(dir, sizeof(dir), e) < 0 ||
	    record_path(p, sizeof(p), dir, name, "", e) < 0)
		return -1;
	if (path != NULL)
		snprintf(path, pathlen, "%s", p);
	if (file_read(p, max, buf, len, e) == 0)
		return 1;
	return errno == ENOENT ? 0 : -1;
}

int
store_write_record(const char *name, const unsigned char *buf, size_t len,
    struct err *e)
{
	char dir[STORE_PATH], tmp[STORE_PATH], path[STORE_PATH];

	if (store_dir(dir, sizeof(dir), e) < 0 ||
	    record_path(tmp, sizeof(tmp), dir, name, ".XXXXXX", e) < 0 ||
	    record_path(path, sizeof(path), dir, name, "", e) < 0)
		return -1;
	return replace(dir, tmp, path, buf, len, e);
}
