#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "bind/bind.h"
#include "gui/gui_text.h"
#include "gui/gui_work.h"
#include "walk/inspect.h"
#include "trust/fetch.h"
#include "trust/keys.h"
#include "openpgp/pgp.h"
#include "trust/pins.h"
#include "openpgp/sigfile.h"

/* A job goes from the worker to the main loop through g_idle_add, and is
 * freed by whichever thread drops its last reference (g_atomic_rc_box):
 * real happens-before edges, made inside GLib, which ThreadSanitizer does
 * not see unless GLib itself is built with it. make check-tsan is told of
 * them here; elsewhere these are no-ops. The progress fields are guarded
 * by a pthread mutex, which it does see. */
#if defined(__SANITIZE_THREAD__)
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define handed_over(j)	__tsan_release(j)	/* before handing j on */
#define taken_over(j)	__tsan_acquire(j)	/* on receiving j */
#else
#define handed_over(j)	((void)(j))
#define taken_over(j)	((void)(j))
#endif

struct gui_job {
	char *file, *sig;
	char *cafile;			/* GUI_JOB_FETCH: --ca-file, or NULL */
	char **imports;
	size_t nimports;
	struct gui_job_cb cb;
	void *ud;
	int alive;			/* main loop only: callbacks wanted */
	int finished;			/* main loop only: finished was called */
	atomic_int cancel;	/* the core's stop flag */
	GThread *thread;
	pthread_mutex_t lock;		/* guards the progress fields */
	enum gui_stage stage;
	uint64_t done, total;
	int queued;			/* a progress callback is queued */
	struct gui_outcome out;
};

static void
job_clear(gpointer p)
{
	struct gui_job *j = p;
	size_t i;

	g_free(j->file);
	g_free(j->sig);
	g_free(j->cafile);
	for (i = 0; i < j->nimports; i++)
		g_free(j->imports[i]);
	g_free(j->imports);
	g_free(j->out.imported);
	g_free(j->out.keys_missing);
	verify_result_release(&j->out.r);
	manifest_release(&j->out.m);
	pthread_mutex_destroy(&j->lock);
}

static void
job_clear_taken(gpointer p)
{
	taken_over(p);
	job_clear(p);
}

static void
job_unref(gpointer p)
{
	handed_over(p);
	g_atomic_rc_box_release_full(p, job_clear_taken);
}

static gboolean
progress_idle(gpointer p)
{
	struct gui_job *j = p;
	enum gui_stage st;
	uint64_t done, total;

	taken_over(j);
	pthread_mutex_lock(&j->lock);
	st = j->stage;
	done = j->done;
	total = j->total;
	j->queued = 0;
	pthread_mutex_unlock(&j->lock);
	/* a late report must not bring the busy state back */
	if (j->alive && !j->finished && j->cb.progress != NULL)
		j->cb.progress(j->ud, st, done, total);
	return G_SOURCE_REMOVE;
}

/* Worker side: records the progress, and queues one callback at most. */
static void
set_progress(struct gui_job *j, enum gui_stage st, uint64_t done,
    uint64_t total)
{
	int queue;

	pthread_mutex_lock(&j->lock);
	j->stage = st;
	j->done = done;
	j->total = total;
	queue = !j->queued;
	j->queued = 1;
	pthread_mutex_unlock(&j->lock);
	if (queue) {
		handed_over(j);
		g_idle_add_full(G_PRIORITY_DEFAULT_IDLE, progress_idle,
		    g_atomic_rc_box_acquire(j), job_unref);
	}
}

static void
core_progress(void *ctx, uint64_t done, uint64_t total)
{
	set_progress(ctx, GUI_STAGE_VERIFY, done, total);
}

static gboolean
verdict_idle(gpointer p)
{
	struct gui_job *j = p;

	taken_over(j);
	if (j->alive && j->cb.verdict != NULL)
		j->cb.verdict(j->ud, &j->out);
	return G_SOURCE_REMOVE;
}

static gboolean
finished_idle(gpointer p)
{
	struct gui_job *j = p;

	taken_over(j);
	j->finished = 1;
	if (j->alive && j->cb.finished != NULL)
		j->cb.finished(j->ud, &j->out);
	return G_SOURCE_REMOVE;
}

static void
post(struct gui_job *j, GSourceFunc fn)
{
	handed_over(j);
	g_idle_add_full(G_PRIORITY_DEFAULT, fn, g_atomic_rc_box_acquire(j),
	    job_unref);
}

/* One key file into the store; what happened, as lines of s (made fit
 * for the window). */
static void
import_one(const struct pins *p, const char *path, GString *s,
    size_t tally[4])
{
	struct keys_outcome *o = NULL;
	size_t n = 0, i;
	struct err e = { "" };
	char *name = gui_text_safe(path, -1), *t;

	if (keys_import(p, path, &o, &n, &e) != 0) {
		t = gui_text_core(e.msg);
		g_string_append_printf(s, "%s\n", t);
		g_free(t);
		tally[FETCH_FAILED]++;
		goto out;
	}
	if (n == 0) {
		g_string_append_printf(s, "'%s': no key in this file\n", name);
		tally[FETCH_REFUSED]++;
	}
	for (i = 0; i < n; i++) {
		tally[o[i].pin == NULL ? FETCH_REFUSED : o[i].changed ?
		    FETCH_IMPORTED : FETCH_UNCHANGED]++;
		if (o[i].pin != NULL) {
			g_string_append_printf(s, "imported the key of %s "
			    "(%s)%s\n", o[i].pin->name, o[i].fpr,
			    o[i].revoked ? ": revoked by its owner" : "");
			continue;
		}
		t = gui_text_core(o[i].uid ? o[i].uid : "a key");
		g_string_append_printf(s, "refused %s (%s): not the key of a "
		    "known Electrum developer\n", t, o[i].fpr);
		g_free(t);
	}
out:
	keys_outcomes_free(o, n);
	g_free(name);
}

static void
do_imports(struct gui_job *j)
{
	struct pins p;
	struct err e = { "" };
	GString *s = g_string_new(NULL);
	size_t i;

	pins_init(&p);
	if (pins_load_default(&p, &e) != 0) {
		g_string_append_printf(s, "%s\n", e.msg);
		j->out.keys_n[FETCH_FAILED]++;
		goto out;
	}
	for (i = 0; i < j->nimports && !j->cancel; i++) {
		set_progress(j, GUI_STAGE_KEYS, i, j->nimports);
		import_one(&p, j->imports[i], s, j->out.keys_n);
	}
out:
	pins_release(&p);
	j->out.imported = g_string_free(s, FALSE);
}

/* One line of what the fetch of a pinned key did. */
static void
fetch_line(GString *s, const char *name, const struct fetch_result *r)
{
	char *why = gui_text_core(r->why.msg);

	switch (r->status) {
	case FETCH_IMPORTED:
	case FETCH_UNCHANGED:
		g_string_append_printf(s, "%s: %s (%s)%s", name, r->status ==
		    FETCH_IMPORTED ? "updated" : "already up to date", r->fpr,
		    r->revoked ? ": the key is REVOKED by its owner, its "
		    "signatures no longer count" : "");
		if (r->others)
			g_string_append_printf(s, " (%zu other key%s in the "
			    "file not taken)", r->others, r->others == 1 ? "" :
			    "s");
		break;
	case FETCH_REFUSED:
		g_string_append_printf(s, "%s: refused: %s", name, why);
		break;
	case FETCH_FAILED:
		g_string_append_printf(s, "%s: could not be fetched: %s", name,
		    why);
		break;
	}
	g_string_append_c(s, '\n');
	g_free(why);
}

/* Every pinned key from its address, one at a time, as 'keys fetch'. */
static void
do_fetch(struct gui_job *j)
{
	struct pins p;
	struct fetch_result r;
	struct err e = { "" };
	GString *s = g_string_new(NULL);
	size_t *n = j->out.keys_n, i;
	char *name, *t;

	pins_init(&p);
	if (pins_load_default(&p, &e) != 0) {
		t = gui_text_core(e.msg);
		g_string_append_printf(s, "%s\n", t);
		g_free(t);
		n[FETCH_FAILED]++;
		goto out;
	}
	for (i = 0; i < p.n; i++) {
		set_progress(j, GUI_STAGE_FETCH, i, p.n);
		name = gui_text_safe(p.v[i].name, -1);
		memset(&r, 0, sizeof(r));
		if (j->cancel) {
			r.status = FETCH_FAILED;
			err_set(&r.why, "cancelled");
		} else if (fetch_key(&p, &p.v[i], j->cafile, &j->cancel, &r,
		    &e) != 0) {
			r.status = FETCH_FAILED;
			r.why = e;
		}
		fetch_line(s, name, &r);
		n[r.status]++;
		g_free(name);
	}
	set_progress(j, GUI_STAGE_FETCH, p.n, p.n);
out:
	pins_release(&p);
	j->out.imported = g_string_free(s, FALSE);
}

/* How many pinned signers there are, and how many have key material in
 * the store (both -1: unknown), and which lack it. */
static void
count_keys(struct gui_outcome *o)
{
	struct pins p;
	unsigned char *present = NULL;
	struct err e = { "" };
	GString *miss = g_string_new(NULL);
	size_t i;

	o->keys_present = o->keys_pinned = -1;
	pins_init(&p);
	if (pins_load_default(&p, &e) != 0 ||
	    (present = calloc(p.n ? p.n : 1, 1)) == NULL ||
	    keys_present(&p, present, &e) != 0)
		goto out;
	o->keys_present = 0;
	o->keys_pinned = (int)p.n;
	for (i = 0; i < p.n; i++) {
		o->keys_present += present[i];
		if (!present[i])
			g_string_append_printf(miss, "%s%s", miss->len ?
			    ", " : "", p.v[i].name);
	}
out:
	g_free(o->keys_missing);
	o->keys_missing = miss->len ? g_strdup(miss->str) : NULL;
	g_string_free(miss, TRUE);
	free(present);
	pins_release(&p);
}

/* After an error: whether reading the signature file(s) is what fails
 * (a directory, a file too large to be one), by reading them again. */
static int
sig_unreadable(const char *file, const char *sig)
{
	struct pgp_sigs ps;
	char **names = NULL, why[1024];
	size_t n = 0, i;
	struct err e = { "" };
	int bad;

	pgp_sigs_init(&ps);
	bad = sigfile_read(file, sig, &ps, &names, &n, why, sizeof(why),
	    &e) != 0;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	pgp_sigs_release(&ps);
	return bad;
}

/* What identifies the file's content for this check. */
struct ident {
	int ok;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtim;
};

static void
ident_take(const char *path, struct ident *id)
{
	struct stat st;

	memset(id, 0, sizeof(*id));
	if (stat(path, &st) != 0)
		return;
	id->ok = 1;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	id->size = st.st_size;
	id->mtim = st.st_mtim;
}

/* Whether the file is no longer the one ident a saw. */
static int
ident_changed(const char *path, const struct ident *a)
{
	struct ident b;

	if (!a->ok)
		return 0;	/* the check itself said why it failed */
	ident_take(path, &b);
	return !b.ok || a->dev != b.dev || a->ino != b.ino ||
	    a->size != b.size || a->mtim.tv_sec != b.mtim.tv_sec ||
	    a->mtim.tv_nsec != b.mtim.tv_nsec;
}

/* Whether every signature is by a key not at hand. */
static int
all_nokey(const struct verify_result *r)
{
	size_t i;

	for (i = 0; i < r->nsigs; i++)
		if (r->sigs[i].status != SIG_NOKEY)
			return 0;
	return r->nsigs > 0;
}

/* Whether an error may be blamed on the keys: the file itself opens. */
static int
readable(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	int ok = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);

	if (fd >= 0)
		close(fd);
	return ok;
}

static gpointer
work(gpointer p)
{
	struct gui_job *j = p;
	struct gui_outcome *o = &j->out;
	struct verify_opts vo = { .file = j->file, .sig = j->sig,
	    .min_sigs = 1, .cancel = &j->cancel, .progress = core_progress,
	    .progress_ctx = j };
	struct ident id;

	if (o->kind == GUI_JOB_FETCH)
		do_fetch(j);
	else if (j->nimports > 0)
		do_imports(j);
	if (o->kind != GUI_JOB_CHECK) {
		o->cancelled = j->cancel != 0;
		post(j, verdict_idle);
		post(j, finished_idle);
		return NULL;
	}
	set_progress(j, GUI_STAGE_VERIFY, 0, 0);
	ident_take(j->file, &id);
	o->rc = bind_file(&vo, 0, &o->r, &o->e);
	o->cancelled = j->cancel != 0;
	o->keys_present = o->keys_pinned = -1;
	if (!o->cancelled && (o->rc != 0 || all_nokey(&o->r))) {
		count_keys(o);
		o->file_ok = readable(j->file);
	}
	if (!o->cancelled && o->rc != 0 && o->file_ok)
		o->sig_unreadable = sig_unreadable(j->file, j->sig);
	o->changed = !o->cancelled && ident_changed(j->file, &id);
	post(j, verdict_idle);
	if (o->rc == 0 && !o->changed && !j->cancel &&
	    (o->r.type->flags & ARTIFACT_HOLDS_FILES)) {
		set_progress(j, GUI_STAGE_INSPECT, 0, 0);
		o->inspected = 1;
		o->mrc = inspect_artifact(j->file, &o->m, &o->me);
		o->mcancelled = j->cancel != 0;
		/* the list is of the bytes checked only if the file is the
		 * same one, unchanged, after it */
		o->mchanged = !o->mcancelled && ident_changed(j->file, &id);
	}
	post(j, finished_idle);
	return NULL;
}

static struct gui_job *
job_start(enum gui_job_kind kind, const char *file, const char *sig,
    char *const *imports, size_t nimports, const char *cafile,
    const struct gui_job_cb *cb, void *ud, struct err *e)
{
	struct gui_job *j = g_atomic_rc_box_new0(struct gui_job);
	struct manifest_caps caps;
	GError *ge = NULL;
	size_t i;

	if (pthread_mutex_init(&j->lock, NULL) != 0) {
		g_atomic_rc_box_release(j);	/* nothing in it yet */
		err_set(e, "cannot start the check: no mutex");
		return NULL;
	}
	j->out.kind = kind;
	j->file = g_strdup(file);
	j->sig = g_strdup(sig);
	j->cafile = g_strdup(cafile);
	j->imports = g_new0(char *, nimports + 1);
	for (i = 0; i < nimports; i++)
		j->imports[i] = g_strdup(imports[i]);
	j->nimports = nimports;
	j->cb = *cb;
	j->ud = ud;
	j->alive = 1;
	verify_result_init(&j->out.r);
	manifest_caps_default(&caps);
	manifest_init(&j->out.m, &caps);
	j->out.m.cancel = &j->cancel;
	j->thread = g_thread_try_new(kind == GUI_JOB_CHECK ? "check" : "keys",
	    work, g_atomic_rc_box_acquire(j),
	    &ge);
	if (j->thread == NULL) {
		err_set(e, "cannot start the check: %s", ge->message);
		g_error_free(ge);
		job_unref(j);	/* the worker's reference */
		job_unref(j);
		return NULL;
	}
	return j;
}

struct gui_job *
gui_job_start(const char *file, const char *sig, char *const *imports,
    size_t nimports, const struct gui_job_cb *cb, void *ud, struct err *e)
{
	return job_start(GUI_JOB_CHECK, file, sig, imports, nimports, NULL,
	    cb, ud, e);
}

struct gui_job *
gui_job_import(char *const *imports, size_t nimports,
    const struct gui_job_cb *cb, void *ud, struct err *e)
{
	return job_start(GUI_JOB_IMPORT, NULL, NULL, imports, nimports, NULL,
	    cb, ud, e);
}

struct gui_job *
gui_job_fetch(const char *cafile, const struct gui_job_cb *cb, void *ud,
    struct err *e)
{
	return job_start(GUI_JOB_FETCH, NULL, NULL, NULL, 0, cafile, cb, ud,
	    e);
}

void
gui_job_cancel(struct gui_job *j)
{
	if (j != NULL)
		j->cancel = 1;
}

void
gui_job_free(struct gui_job *j)
{
	if (j == NULL)
		return;
	j->alive = 0;
	j->cancel = 1;
	g_thread_join(j->thread);
	job_unref(j);	/* the worker's */
	job_unref(j);
}
