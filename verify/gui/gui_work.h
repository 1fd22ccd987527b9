/* gui_work: one job in a worker thread: a check of a download (key
 * imports the user asked for, verify_file, then inspect_artifact), key
 * imports alone, or the update of the pinned keys from their published
 * addresses (keys fetch); with progress, cancel, and results handed to
 * the main loop. Nothing here touches a
 * widget: the callbacks run in the main loop (GMainContext default). */
#ifndef EV_GUI_WORK_H
#define EV_GUI_WORK_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "manifest/manifest.h"
#include "trust/verify.h"

enum gui_stage {
	GUI_STAGE_KEYS,		/* importing key files */
	GUI_STAGE_VERIFY,	/* hashing and checking the signatures */
	GUI_STAGE_INSPECT,	/* listing the files inside */
	GUI_STAGE_FETCH		/* fetching the pinned keys (done of total) */
};

enum gui_job_kind {
	GUI_JOB_CHECK,		/* a check (after the imports asked for) */
	GUI_JOB_IMPORT,		/* key imports alone */
	GUI_JOB_FETCH		/* the pinned keys fetched */
};

struct gui_outcome {
	enum gui_job_kind kind;
	char *imported;		/* what the key imports or the fetch did,
				 * lines, or NULL */
	/* keys imported or fetched, by enum fetch_status: stored,
	 * unchanged, refused, failed (a key file that could not be read,
	 * a key that could not be fetched) */
	size_t keys_n[4];
	int keys_present;	/* pinned signers with key material, -1 ? */
	int keys_pinned;	/* pinned signers, -1 ? (with keys_present) */
	char *keys_missing;	/* "ivan, Emzy": the pinned signers without
				 * key material, or NULL (none, or not
				 * counted) */
	int file_ok;		/* the file is a regular file we can read */
	int sig_unreadable;	/* rc != 0: the signature file is what failed */
	int rc;			/* verify_file's result */
	struct err e;		/* why, when rc != 0 */
	struct verify_result r;
	int cancelled;		/* the user pressed cancel */
	/* the file changed (device, inode, size or mtime) between the start
	 * of the check and the verdict */
	int changed;
	/* set after the verdict callback: read them in finished only */
	int mchanged;		/* ... or by the end of the listing */
	int inspected;		/* 1: inspect_artifact ran */
	int mcancelled;		/* the listing was cancelled */
	int mrc;		/* its result */
	struct err me;
	struct manifest m;
};

struct gui_job_cb {
	/* done == total == 0: no measure (pulse) */
	void (*progress)(void *ud, enum gui_stage st, uint64_t done,
	    uint64_t total);
	void (*verdict)(void *ud, const struct gui_outcome *o);
	void (*finished)(void *ud, const struct gui_outcome *o);
};

struct gui_job;

/* Starts a check of file with signature sig (NULL: beside the file),
 * importing the key files imports[0..nimports) first. No progress
 * callback comes after the finished one. The strings are
 * copied. Returns NULL (e set) if no thread could be started. */
struct gui_job *gui_job_start(const char *file, const char *sig,
    char *const *imports, size_t nimports, const struct gui_job_cb *cb,
    void *ud, struct err *e);

/* Imports the key files imports[0..nimports) alone (kind
 * GUI_JOB_IMPORT): the callbacks come as for a check, o->r empty. */
struct gui_job *gui_job_import(char *const *imports, size_t nimports,
    const struct gui_job_cb *cb, void *ud, struct err *e);

/* Fetches every pinned key from its address (fetch_key; fetch_init was
 * called) and stores the pinned ones (kind GUI_JOB_FETCH); cafile: the
 * CA certificates to trust instead of the system's, or NULL. Progress
 * in GUI_STAGE_FETCH, a key at a time; cancel stops the transfer. */
struct gui_job *gui_job_fetch(const char *cafile,
    const struct gui_job_cb *cb, void *ud, struct err *e);

/* Asks the worker to stop; the callbacks still come. */
void gui_job_cancel(struct gui_job *j);

/* Cancels, waits for the worker (so the private GnuPG home is gone),
 * drops callbacks still queued, frees. Accepts NULL. */
void gui_job_free(struct gui_job *j);

#endif
