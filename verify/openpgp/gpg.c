#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gpgme.h>

#include "openpgp/gpg.h"

struct gpg {
	gpgme_ctx_t ctx;
	char home[64];		/* mkdtemp result, "" when none */
	char *gpgconf;		/* absolute path of gpgconf, to stop agents */
	int broken;		/* ctx holds a stopped loop: never use it */
};

/* Written into the private home: nothing from outside, nothing fetched.
 * self-sigs-only drops certifications by other keys on import: anyone can
 * add any number of them to a key (a hostile key server, say), and none
 * of them counts here. */
static const char gpg_conf[] =
	"no-greeting\n"
	"import-options self-sigs-only\n"
	"no-auto-key-retrieve\n"
	"no-auto-key-import\n"
	"no-auto-key-locate\n"
	"no-auto-check-trustdb\n"
	"trust-model always\n"
	"no-symkey-cache\n"
	"no-autostart\n";

/* GPGME's probes (gpgconf --list-dirs, gpg --version) run with this
 * process's environment before any --homedir applies, and would read the
 * user's GNUPGHOME or ~/.gnupg/gpg.conf. gpg_lib_init points them, once
 * and before any thread starts, at a home that can never exist: every
 * path below /dev/null fails with ENOTDIR. Each check's own gpg is given
 * its private home through gpgme_ctx_set_engine_info. */
#define GPG_PROBE_HOME "/dev/null/electrum-verify"

/* gpgme_strerror is not thread-safe: GE(ge) is gpgme_strerror_r's text in
 * a buffer that lives until the end of the enclosing block. */
struct gpg_errbuf {
	char s[128];
};
#define GE(ge) gpg_strerror_buf((ge), &(struct gpg_errbuf){ { 0 } })

static const char *
gpg_strerror_buf(gpgme_error_t ge, struct gpg_errbuf *b)
{
	if (gpgme_strerror_r(ge, b->s, sizeof(b->s)) != 0 && b->s[0] == '\0')
		snprintf(b->s, sizeof(b->s), "GPGME error %u", (unsigned)ge);
	return b->s;
}

int
gpg_lib_init(struct err *e)
{
	if (setenv("GNUPGHOME", GPG_PROBE_HOME, 1) != 0) {
		err_set(e, "cannot set GNUPGHOME: %s", ERRNO_STR(errno));
		return -1;
	}
	/* Initialises GPGME (its thread support among it); the version
	 * floor is checked where a check needs gpg (check_engine). */
	if (gpgme_check_version(NULL) == NULL) {
		err_set(e, "cannot initialise GPGME");
		return -1;
	}
	return 0;
}

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
		    "install the 'gnupg' package", GE(ge));
		return -1;
	}
	ge = gpgme_get_engine_info(&info);
	if (ge != 0) {
		err_set(e, "cannot query the OpenPGP engine: %s",
		    GE(ge));
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
		err_set(e, "cannot create '%s': %s", path, ERRNO_STR(errno));
		return -1;
	}
	if (write(fd, gpg_conf, len) != (ssize_t)len) {
		err_set(e, "cannot write '%s': %s", path, ERRNO_STR(errno));
		goto out;
	}
	rc = 0;
out:
	if (close(fd) != 0 && rc == 0) {
		err_set(e, "cannot write '%s': %s", path, ERRNO_STR(errno));
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
	tmp = getenv("TMPDIR");
	if (tmp == NULL || tmp[0] != '/' || strlen(tmp) > 40)
		tmp = "/tmp";
	snprintf(g->home, sizeof(g->home), "%s/electrum-verify.XXXXXX", tmp);
	if (mkdtemp(g->home) == NULL) {
		err_set(e, "cannot create a private GnuPG home in '%s': %s",
		    tmp, ERRNO_STR(errno));
		g->home[0] = '\0';
		goto fail;
	}
	if (write_conf(g->home, e) != 0)
		goto fail;
	if (check_engine(g, &gpgpath, e) != 0)
		goto fail;
	if ((ge = gpgme_new(&g->ctx)) != 0 ||
	    (ge = gpgme_set_protocol(g->ctx, GPGME_PROTOCOL_OpenPGP)) != 0 ||
	    (ge = gpgme_ctx_set_engine_info(g->ctx, GPGME_PROTOCOL_OpenPGP,
	    gpgpath, g->home)) != 0 ||
	    (ge = gpgme_set_keylist_mode(g->ctx, GPGME_KEYLIST_MODE_LOCAL)) != 0 ||
	    (ge = gpgme_set_ctx_flag(g->ctx, "auto-key-retrieve", "0")) != 0) {
		err_set(e, "cannot set up GPGME: %s", GE(ge));
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

/* Whether a failed verification means the signature data was unreadable
 * to gpg (a malformed packet) rather than that gpg could not run. */
static int
gpg_rejected(gpgme_error_t ge)
{
	switch (gpgme_err_code(ge)) {
	case GPG_ERR_NO_DATA:
	case GPG_ERR_INV_PACKET:
	case GPG_ERR_BAD_DATA:
	case GPG_ERR_UNEXPECTED:
	case GPG_ERR_INV_VALUE:
		return 1;
	default:
		return 0;
	}
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path) == 0 || errno == ENOENT ? 0 : -1;
	return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* Removes the private home. A gpg that GPGME has just cancelled is not our
 * child, so it cannot be waited for: it may still take or drop its lock
 * files (pubring.kbx.lock, .#lk*) while the tree is walked. A walk that
 * fails is tried again, for at most about a second. */
static int
rm_home(const char *home)
{
	const struct timespec pause = { 0, 20 * 1000 * 1000 };
	int i;

	for (i = 0; i < 50; i++) {
		if (nftw(home, rm_entry, 16, FTW_DEPTH | FTW_PHYS) == 0 ||
		    (access(home, F_OK) != 0 && errno == ENOENT))
			return 0;
		nanosleep(&pause, NULL);
	}
	return -1;
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
	if (!g->broken)		/* else leaked: releasing it would crash */
		gpgme_release(g->ctx);
	if (g->home[0] != '\0') {
		kill_daemons(g);
		if (rm_home(g->home) != 0)
			fprintf(stderr, EV_PROG ": warning: cannot remove "
			    "'%s': %s\n", g->home, ERRNO_STR(errno));
	}
	free(g->gpgconf);
	free(g);
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

/* ERR_OK; ERR_REFUSED when ir shows the material unusable (e says why);
 * ERR_FAILED out of memory. */
static enum err_status
collect_imports(gpgme_import_result_t ir, const char *name, char ***fprs,
    size_t *n, struct err *e)
{
	gpgme_import_status_t is;
	size_t cap = 0, i;
	char **v = NULL, **nv;
	enum err_status rc = ERR_REFUSED;

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
	/* A key gpg dropped (one clashing with another key's subkey, say)
	 * would otherwise be missing without a word. */
	if (ir->considered > (int)cap + ir->no_user_id + ir->skipped_v3_keys) {
		err_set(e, "'%s': gpg dropped %d of the %d keys in it: the "
		    "file is damaged or crafted; get the keys from where the "
		    "signers publish them", name, ir->considered - (int)cap -
		    ir->no_user_id - ir->skipped_v3_keys, ir->considered);
		goto fail;
	}
	if ((nv = realloc(v, *n * sizeof(*v))) != NULL)
		v = nv;
	*fprs = v;
	return ERR_OK;
oom:
	err_set(e, "out of memory");
	rc = ERR_FAILED;
fail:
	gpg_fprs_free(v, *n);
	*n = 0;
	return rc;
}

static void
upper_copy(char *out, size_t n, const char *in)
{
	size_t i;

	for (i = 0; in != NULL && in[i] != '\0' && i + 1 < n; i++)
		out[i] = in[i] >= 'a' && in[i] <= 'f' ? in[i] - ('a' - 'A') :
		    in[i];
	out[i] = '\0';
}

/* GPGME's view of a key in our own struct: 0, or -1 out of memory. */
static int
cert_from(gpgme_key_t k, struct sigcheck_cert *c, struct err *e)
{
	gpgme_subkey_t sk;
	struct sigcheck_key *d;
	size_t n = 0;

	for (sk = k->subkeys; sk != NULL; sk = sk->next)
		n++;
	if ((c->keys = calloc(n ? n : 1, sizeof(*c->keys))) == NULL ||
	    (k->uids != NULL && k->uids->uid != NULL &&
	    (c->uid = strdup(k->uids->uid)) == NULL)) {
		err_set(e, "out of memory");
		return -1;
	}
	c->revoked = k->revoked;
	c->invalid = k->invalid;
	for (sk = k->subkeys; sk != NULL; sk = sk->next) {
		d = &c->keys[c->n++];
		upper_copy(d->fpr, sizeof(d->fpr), sk->fpr);
		upper_copy(d->keyid, sizeof(d->keyid), sk->keyid);
		d->created = sk->timestamp;
		d->expires = sk->expires;
		d->revoked = sk->revoked;
		d->invalid = sk->invalid;
		d->disabled = sk->disabled;
		d->can_sign = sk->can_sign;
	}
	return 0;
}

int
gpg_key(struct gpg *g, const char *id, struct sigcheck_cert *c,
    struct err *e)
{
	gpgme_error_t ge;
	gpgme_key_t k = NULL;
	int rc = -1;

	sigcheck_cert_init(c);
	if (g->broken) {
		err_set(e, "the engine is unusable after a failed stop");
		return -1;
	}
	ge = gpgme_get_key(g->ctx, id, &k, 0);
	if (ge == 0 && k != NULL && k->subkeys != NULL)
		rc = cert_from(k, c, e) == 0 ? 1 : -1;
	else if (gpgme_err_code(ge) == GPG_ERR_EOF || ge == 0)
		rc = 0;
	else
		err_set(e, "cannot look up key '%s': %s", id, GE(ge));
	gpgme_key_unref(k);
	if (rc != 1)
		sigcheck_cert_release(c);
	return rc;
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
	if (g->broken) {
		err_set(e, "the engine is unusable after a failed stop");
		return -1;
	}
	gpgme_set_armor(g->ctx, armor);
	if ((ge = gpgme_data_new(&d)) != 0 ||
	    (ge = gpgme_op_export(g->ctx, fpr, 0, d)) != 0) {
		err_set(e, "cannot export key %s: %s", fpr ? fpr : "(all)",
		    GE(ge));
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

/* An event loop of our own for GPGME (its "external event loop"): GPGME's
 * internal one spins forever on POLLERR when gpg exits without reading all
 * the data, and it cannot be interrupted. This one treats an error or a
 * hang-up as readiness, so the handler sees EPIPE, and checks cancel. */
#define LOOP_FDS 16
#define LOOP_IDLE 120	/* seconds gpg may neither read nor write */

struct loop_fd {
	int fd, dir;			/* dir 1: GPGME reads from fd */
	gpgme_io_cb_t fnc;
	void *fnc_data;
	int used;
};

struct loop {
	struct loop_fd fds[LOOP_FDS];
	int done;
	gpgme_error_t err;		/* from GPGME_EVENT_DONE */
};

static gpgme_error_t
loop_add(void *data, int fd, int dir, gpgme_io_cb_t fnc, void *fnc_data,
    void **tag)
{
	struct loop *l = data;
	size_t i;

	for (i = 0; i < LOOP_FDS; i++)
		if (!l->fds[i].used) {
			l->fds[i] = (struct loop_fd){ fd, dir, fnc, fnc_data, 1 };
			*tag = &l->fds[i];
			return 0;
		}
	return gpgme_error(GPG_ERR_GENERAL);
}

static void
loop_remove(void *tag)
{
	((struct loop_fd *)tag)->used = 0;
}

static void
loop_event(void *data, gpgme_event_io_t type, void *type_data)
{
	struct loop *l = data;
	gpgme_io_event_done_data_t d = type_data;

	if (type == GPGME_EVENT_DONE) {
		l->done = 1;
		l->err = d != NULL ? (d->err ? d->err : d->op_err) : 0;
	}
}

static int
loop_busy(const struct loop *l)
{
	size_t i;

	for (i = 0; i < LOOP_FDS; i++)
		if (l->fds[i].used)
			return 1;
	return 0;
}

/* Runs the started operation to its end; stops it when cancel turns
 * non-zero or gpg has done nothing for LOOP_IDLE seconds. */
static gpgme_error_t
loop_run(gpgme_ctx_t ctx, struct loop *l, atomic_int *cancel)
{
	struct pollfd pfd[LOOP_FDS];
	struct loop_fd *who[LOOP_FDS];
	size_t i, n;
	int rc, cancelled = 0, idle = 0;

	while (!l->done) {
		if (!cancelled && ((cancel != NULL && *cancel) ||
		    idle >= LOOP_IDLE * 4)) {
			cancelled = idle >= LOOP_IDLE * 4 ? 2 : 1;
			if (gpgme_cancel(ctx) != 0)
				return gpgme_error(GPG_ERR_CANCELED);
			continue;
		}
		for (n = 0, i = 0; i < LOOP_FDS; i++) {
			if (!l->fds[i].used)
				continue;
			pfd[n].fd = l->fds[i].fd;
			pfd[n].events = l->fds[i].dir ? POLLIN : POLLOUT;
			pfd[n].revents = 0;
			who[n++] = &l->fds[i];
		}
		if (n == 0)
			return gpgme_error(GPG_ERR_GENERAL);
		rc = poll(pfd, n, 250);
		if (rc < 0 && errno != EINTR)
			return gpgme_error_from_errno(errno);
		idle = rc > 0 ? 0 : idle + 1;
		for (i = 0; rc > 0 && i < n && !l->done; i++)
			if (pfd[i].revents != 0 && who[i]->used &&
			    who[i]->fd == pfd[i].fd)
				who[i]->fnc(who[i]->fnc_data, pfd[i].fd);
	}
	return cancelled == 2 ? gpgme_error(GPG_ERR_TIMEOUT) : cancelled ?
	    gpgme_error(GPG_ERR_CANCELED) : l->err;
}

/* Hands g's next operation to our loop l; call before starting it. */
static void
loop_attach(struct gpg *g, struct loop *l)
{
	struct gpgme_io_cbs io = { loop_add, l, loop_remove, loop_event, l };

	memset(l, 0, sizeof(*l));
	gpgme_set_io_cbs(g->ctx, &io);	/* GPGME keeps a copy */
}

/* Runs the operation whose start returned started in l, then takes our
 * callbacks back from GPGME; *ge is the operation's result. -1 with e set
 * when gpg could not be stopped. GPGME must hold none of our fds before
 * its own loop is back, or it would call a remove callback that is no
 * longer there. */
static int
loop_finish(struct gpg *g, struct loop *l, gpgme_error_t started,
    atomic_int *cancel, gpgme_error_t *ge, struct err *e)
{
	struct gpgme_io_cbs none = { NULL, NULL, NULL, NULL, NULL };

	*ge = started == 0 ? loop_run(g->ctx, l, cancel) : started;
	if (!l->done && loop_busy(l) && gpgme_cancel(g->ctx) != 0) {
		g->broken = 1;	/* keep our callbacks' loop out of reach */
		err_set(e, "the engine could not be stopped");
		return -1;
	}
	gpgme_set_io_cbs(g->ctx, &none);
	return 0;
}

/* One of GPGME's answers in our own struct. */
static void
check_from(gpgme_signature_t gs, struct sigcheck *c)
{
	memset(c, 0, sizeof(*c));
	switch (gpgme_err_code(gs->status)) {
	case GPG_ERR_NO_ERROR:
	case GPG_ERR_KEY_EXPIRED:	/* good, by a key expired since */
		c->status = SIGCHECK_GOOD;
		break;
	case GPG_ERR_SIG_EXPIRED:
		c->status = SIGCHECK_GOOD;
		c->sig_expired = 1;
		break;
	case GPG_ERR_CERT_REVOKED:	/* good, by a revoked key */
		c->status = SIGCHECK_GOOD;
		c->key_revoked = 1;
		break;
	case GPG_ERR_BAD_SIGNATURE:
		c->status = SIGCHECK_BAD;
		break;
	case GPG_ERR_NO_PUBKEY:
		c->status = SIGCHECK_NOKEY;
		break;
	default:
		c->status = SIGCHECK_ERROR;
		break;
	}
	if (gpgme_err_code(gs->status) == GPG_ERR_TIME_CONFLICT)
		/* the native engine's words for the same refusal */
		snprintf(c->error, sizeof(c->error), "made before its signing "
		    "key was created, or that key is dated in the future");
	else
		snprintf(c->error, sizeof(c->error), "%s", GE(gs->status));
	snprintf(c->fpr, sizeof(c->fpr), "%s", gs->fpr != NULL ? gs->fpr :
	    "");
	c->created = gs->timestamp;
	c->hashalgo = (int)gs->hash_algo;	/* GPGME uses the OpenPGP ids */
}

enum err_status
gpg_verify(struct gpg *g, const unsigned char *sig, size_t siglen,
    gpg_read_fn rd, void *arg, atomic_int *cancel,
    struct sigcheck **res, size_t *nres, struct err *e)
{
	struct gpgme_data_cbs cbs = { data_read, NULL, NULL, NULL };
	struct reader r = { rd, arg };
	struct loop l;
	gpgme_data_t sd = NULL, dd = NULL;
	gpgme_verify_result_t vr;
	gpgme_signature_t gs;
	gpgme_error_t ge;
	size_t n = 0;
	enum err_status rc = ERR_FAILED;

	*res = NULL;
	*nres = 0;
	if (g->broken) {
		err_set(e, "the engine is unusable after a failed stop");
		return ERR_FAILED;
	}
	if ((ge = gpgme_data_new_from_mem(&sd, (const char *)sig, siglen, 0))
	    != 0 || (ge = gpgme_data_new_from_cbs(&dd, &cbs, &r)) != 0) {
		err_set(e, "cannot set up verification: %s",
		    GE(ge));
		goto out;
	}
	loop_attach(g, &l);
	if (loop_finish(g, &l, gpgme_op_verify_start(g->ctx, sd, dd, NULL),
	    cancel, &ge, e) != 0)
		goto out;
	if (ge != 0) {
		rc = gpg_rejected(ge) ? ERR_REFUSED : ERR_FAILED;
		err_set(e, "the engine could not check the signatures: %s",
		    GE(ge));
		goto out;
	}
	if ((vr = gpgme_op_verify_result(g->ctx)) == NULL ||
	    vr->signatures == NULL) {
		err_set(e, "gpg ended without checking the signatures");
		goto out;
	}
	for (gs = vr->signatures; gs != NULL; gs = gs->next)
		n++;
	if ((*res = calloc(n, sizeof(**res))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	for (n = 0, gs = vr->signatures; gs != NULL; gs = gs->next)
		check_from(gs, &(*res)[n++]);
	*nres = n;
	rc = ERR_OK;
out:
	gpgme_data_release(dd);
	gpgme_data_release(sd);
	return rc;
}

/* In our event loop, as GPGME's own spins forever when gpg stops reading a
 * key file early (hostile armour of some megabytes). */
enum err_status
gpg_import(struct gpg *g, const unsigned char *buf, size_t len,
    const char *name, char ***fprs, size_t *n, struct err *e)
{
	struct loop l;
	gpgme_data_t d = NULL;
	gpgme_error_t ge;
	gpgme_import_result_t ir;
	enum err_status rc = ERR_FAILED;

	*fprs = NULL;
	*n = 0;
	if (g->broken) {
		err_set(e, "the engine is unusable after a failed stop");
		return ERR_FAILED;
	}
	if ((ge = gpgme_data_new_from_mem(&d, (const char *)buf, len, 0)) != 0) {
		err_set(e, "'%s': %s", name, GE(ge));
		goto out;
	}
	loop_attach(g, &l);
	if (loop_finish(g, &l, gpgme_op_import_start(g->ctx, d), NULL, &ge,
	    e) != 0)
		goto out;
	if (ge != 0) {
		err_set(e, "'%s': gpg cannot read the keys: %s", name,
		    GE(ge));
		rc = gpg_rejected(ge) ? ERR_REFUSED : ERR_FAILED;
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
