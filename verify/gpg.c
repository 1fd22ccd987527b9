#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gpg.h"

struct gpg {
	gpgme_ctx_t ctx;
	char home[64];		/* mkdtemp result, "" when none */
	char *gpgconf;		/* absolute path of gpgconf, to stop agents */
};

/* Written into the private home: nothing from outside, nothing fetched. */
static const char gpg_conf[] =
	"no-greeting\n"
	"no-auto-key-retrieve\n"
	"no-auto-key-import\n"
	"no-auto-key-locate\n"
	"no-auto-check-trustdb\n"
	"trust-model always\n"
	"no-symkey-cache\n"
	"no-autostart\n";

static int
version_cmp(const char *a, const char *b)
{
	while (*a != '\0' || *b != '\0') {
		long x = strtol(a, (char **)&a, 10);
		long y = strtol(b, (char **)&b, 10);

		if (x != y)
			return x < y ? -1 : 1;
		if (*a == '.')
			a++;
		else
			a += strlen(a);
		if (*b == '.')
			b++;
		else
			b += strlen(b);
	}
	return 0;
}

static int
check_engine(struct gpg *g, const char **gpgpath, struct err *e)
{
	gpgme_engine_info_t info;
	gpgme_error_t ge;

	if (gpgme_check_version("1.13.0") == NULL) {
		err_set(e, "GPGME is older than 1.13.0: install a newer libgpgme");
		return -1;
	}
	ge = gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP);
	if (ge != 0) {
		err_set(e, "the OpenPGP engine (gpg) is missing or unusable: %s; "
		    "install the 'gnupg' package", gpgme_strerror(ge));
		return -1;
	}
	ge = gpgme_get_engine_info(&info);
	if (ge != 0) {
		err_set(e, "cannot query the OpenPGP engine: %s",
		    gpgme_strerror(ge));
		return -1;
	}
	*gpgpath = NULL;
	for (; info != NULL; info = info->next) {
		if (info->protocol == GPGME_PROTOCOL_OpenPGP)
			*gpgpath = info->file_name;
		if (info->protocol == GPGME_PROTOCOL_GPGCONF &&
		    info->file_name != NULL && info->file_name[0] == '/' &&
		    (g->gpgconf = strdup(info->file_name)) == NULL) {
			err_set(e, "out of memory");
			return -1;
		}
		if (info->protocol == GPGME_PROTOCOL_OpenPGP &&
		    (info->version == NULL ||
		    version_cmp(info->version, GPG_MIN_VERSION) < 0)) {
			err_set(e, "gpg %s is too old: %s or newer is needed for "
			    "the signature-spoofing fixes", info->version ?
			    info->version : "(unknown)", GPG_MIN_VERSION);
			return -1;
		}
	}
	if (*gpgpath == NULL || (*gpgpath)[0] != '/') {
		err_set(e, "the OpenPGP engine has no absolute path: "
		    "install the 'gnupg' package");
		return -1;
	}
	return 0;
}

static int
write_conf(const char *home, struct err *e)
{
	char path[128];
	int fd, rc = -1;
	size_t len = sizeof(gpg_conf) - 1;

	snprintf(path, sizeof(path), "%s/gpg.conf", home);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		err_set(e, "cannot create '%s': %s", path, strerror(errno));
		return -1;
	}
	if (write(fd, gpg_conf, len) != (ssize_t)len) {
		err_set(e, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (close(fd) != 0 && rc == 0) {
		err_set(e, "cannot write '%s': %s", path, strerror(errno));
		rc = -1;
	}
	return rc;
}

int
gpg_open(struct gpg **out, struct err *e)
{
	struct gpg *g;
	const char *gpgpath, *tmp;
	gpgme_error_t ge;

	*out = NULL;
	if ((g = calloc(1, sizeof(*g))) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	if (check_engine(g, &gpgpath, e) != 0)
		goto fail;
	tmp = getenv("TMPDIR");
	if (tmp == NULL || tmp[0] != '/' || strlen(tmp) > 40)
		tmp = "/tmp";
	snprintf(g->home, sizeof(g->home), "%s/electrum-verify.XXXXXX", tmp);
	if (mkdtemp(g->home) == NULL) {
		err_set(e, "cannot create a private GnuPG home in '%s': %s",
		    tmp, strerror(errno));
		g->home[0] = '\0';
		goto fail;
	}
	if (write_conf(g->home, e) != 0)
		goto fail;
	if ((ge = gpgme_new(&g->ctx)) != 0 ||
	    (ge = gpgme_set_protocol(g->ctx, GPGME_PROTOCOL_OpenPGP)) != 0 ||
	    (ge = gpgme_ctx_set_engine_info(g->ctx, GPGME_PROTOCOL_OpenPGP,
	    gpgpath, g->home)) != 0 ||
	    (ge = gpgme_set_keylist_mode(g->ctx, GPGME_KEYLIST_MODE_LOCAL)) != 0 ||
	    (ge = gpgme_set_ctx_flag(g->ctx, "auto-key-retrieve", "0")) != 0) {
		err_set(e, "cannot set up GPGME: %s", gpgme_strerror(ge));
		goto fail;
	}
	gpgme_set_offline(g->ctx, 1);
	gpgme_set_armor(g->ctx, 0);
	*out = g;
	return 0;
fail:
	gpg_close(g);
	return -1;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path) == 0 ? 0 : -1;
	return unlink(path) == 0 ? 0 : -1;
}

/* Stops any agent or dirmngr that gpg may have started for this home;
 * their sockets may live under /run/user, so ask gpgconf rather than look. */
static void
kill_daemons(const struct gpg *g)
{
	extern char **environ;
	char *argv[] = { g->gpgconf, "--homedir", (char *)g->home, "--kill",
	    "all", NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st;

	if (g->gpgconf == NULL)
		return;
	if (posix_spawn_file_actions_init(&fa) != 0)
		return;
	if (posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0)
	    == 0 && posix_spawn_file_actions_addopen(&fa, 2, "/dev/null",
	    O_WRONLY, 0) == 0 &&
	    posix_spawn(&pid, g->gpgconf, &fa, NULL, argv, environ) == 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	posix_spawn_file_actions_destroy(&fa);
}

void
gpg_close(struct gpg *g)
{
	if (g == NULL)
		return;
	gpgme_release(g->ctx);
	if (g->home[0] != '\0') {
		kill_daemons(g);
		if (nftw(g->home, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
			fprintf(stderr, EV_PROG ": warning: cannot remove "
			    "'%s': %s\n", g->home, strerror(errno));
	}
	free(g->gpgconf);
	free(g);
}

gpgme_ctx_t
gpg_ctx(struct gpg *g)
{
	return g->ctx;
}

void
gpg_fprs_free(char **fprs, size_t n)
{
	size_t i;

	if (fprs == NULL)
		return;
	for (i = 0; i < n; i++)
		free(fprs[i]);
	free(fprs);
}

static int
collect_imports(gpgme_import_result_t ir, const char *name, char ***fprs,
    size_t *n, struct err *e)
{
	gpgme_import_status_t is;
	size_t cap = 0, i;
	char **v = NULL, **nv;

	for (is = ir->imports; is != NULL; is = is->next)
		cap++;
	if (cap > 0 && (v = calloc(cap, sizeof(*v))) == NULL)
		goto oom;
	*n = 0;
	for (is = ir->imports; is != NULL; is = is->next) {
		if (is->result != 0 || is->fpr == NULL)
			continue;
		for (i = 0; i < *n && strcasecmp(v[i], is->fpr) != 0; i++)
			;
		if (i < *n)
			continue;
		if ((v[*n] = strdup(is->fpr)) == NULL)
			goto oom;
		for (char *p = v[*n]; *p != '\0'; p++)
			if (*p >= 'a' && *p <= 'f')
				*p -= 'a' - 'A';
		(*n)++;
	}
	if (*n == 0) {
		err_set(e, "'%s': no usable public key in it (%d considered, "
		    "%d without user ID)", name, ir->considered,
		    ir->no_user_id);
		goto fail;
	}
	if ((nv = realloc(v, *n * sizeof(*v))) != NULL)
		v = nv;
	*fprs = v;
	return 0;
oom:
	err_set(e, "out of memory");
fail:
	gpg_fprs_free(v, *n);
	*n = 0;
	return -1;
}

int
gpg_import(struct gpg *g, const unsigned char *buf, size_t len,
    const char *name, char ***fprs, size_t *n, struct err *e)
{
	gpgme_data_t d = NULL;
	gpgme_error_t ge;
	gpgme_import_result_t ir;
	int rc = -1;

	*fprs = NULL;
	*n = 0;
	if ((ge = gpgme_data_new_from_mem(&d, (const char *)buf, len, 0)) != 0) {
		err_set(e, "'%s': %s", name, gpgme_strerror(ge));
		goto out;
	}
	if ((ge = gpgme_op_import(g->ctx, d)) != 0) {
		err_set(e, "'%s': cannot import keys: %s", name,
		    gpgme_strerror(ge));
		goto out;
	}
	if ((ir = gpgme_op_import_result(g->ctx)) == NULL) {
		err_set(e, "'%s': the engine gave no import result", name);
		goto out;
	}
	rc = collect_imports(ir, name, fprs, n, e);
out:
	gpgme_data_release(d);
	return rc;
}

int
gpg_key(struct gpg *g, const char *id, gpgme_key_t *key, struct err *e)
{
	gpgme_error_t ge;

	*key = NULL;
	ge = gpgme_get_key(g->ctx, id, key, 0);
	if (ge == 0 && *key != NULL)
		return 1;
	if (gpgme_err_code(ge) == GPG_ERR_EOF || ge == 0)
		return 0;
	err_set(e, "cannot look up key '%s': %s", id, gpgme_strerror(ge));
	return -1;
}

int
gpg_export(struct gpg *g, const char *fpr, int armor, unsigned char **buf,
    size_t *len, struct err *e)
{
	gpgme_data_t d = NULL;
	gpgme_error_t ge;
	char *mem;
	int rc = -1;

	*buf = NULL;
	*len = 0;
	gpgme_set_armor(g->ctx, armor);
	if ((ge = gpgme_data_new(&d)) != 0 ||
	    (ge = gpgme_op_export(g->ctx, fpr, 0, d)) != 0) {
		err_set(e, "cannot export key %s: %s", fpr ? fpr : "(all)",
		    gpgme_strerror(ge));
		goto out;
	}
	mem = gpgme_data_release_and_get_mem(d, len);
	d = NULL;
	if (mem == NULL || *len == 0) {
		gpgme_free(mem);
		err_set(e, "cannot export key %s: the engine returned nothing",
		    fpr ? fpr : "(all)");
		goto out;
	}
	if ((*buf = malloc(*len + 1)) == NULL) {
		gpgme_free(mem);
		err_set(e, "out of memory");
		goto out;
	}
	memcpy(*buf, mem, *len);
	(*buf)[*len] = '\0';
	gpgme_free(mem);
	rc = 0;
out:
	gpgme_set_armor(g->ctx, 0);
	gpgme_data_release(d);
	return rc;
}

struct reader {
	gpg_read_fn fn;
	void *arg;
};

static ssize_t
data_read(void *handle, void *buf, size_t size)
{
	struct reader *r = handle;
	long n = r->fn(r->arg, buf, size);

	if (n < 0) {
		errno = EIO;
		return -1;
	}
	return n;
}

int
gpg_verify(struct gpg *g, const unsigned char *sig, size_t siglen,
    gpg_read_fn rd, void *arg, gpgme_verify_result_t *res, struct err *e)
{
	struct gpgme_data_cbs cbs = { data_read, NULL, NULL, NULL };
	struct reader r = { rd, arg };
	gpgme_data_t sd = NULL, dd = NULL;
	gpgme_error_t ge;
	int rc = -1;

	*res = NULL;
	if ((ge = gpgme_data_new_from_mem(&sd, (const char *)sig, siglen, 0))
	    != 0 || (ge = gpgme_data_new_from_cbs(&dd, &cbs, &r)) != 0) {
		err_set(e, "cannot set up verification: %s",
		    gpgme_strerror(ge));
		goto out;
	}
	ge = gpgme_op_verify(g->ctx, sd, dd, NULL);
	if (ge != 0) {
		err_set(e, "the engine could not check the signatures: %s",
		    gpgme_strerror(ge));
		goto out;
	}
	if ((*res = gpgme_op_verify_result(g->ctx)) == NULL) {
		err_set(e, "the engine gave no verification result");
		goto out;
	}
	rc = 0;
out:
	gpgme_data_release(dd);
	gpgme_data_release(sd);
	return rc;
}
