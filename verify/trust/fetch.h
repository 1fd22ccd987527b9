/* fetch: download a pinned signer's public key from the address in the
 * pins (HTTPS only, through libcurl) and take it into the key store
 * through the same path as 'keys import', only if its primary fingerprint
 * is the pin's. */
#ifndef EV_FETCH_H
#define EV_FETCH_H

#include <stdatomic.h>

#include "base/err.h"
#include "trust/pins.h"

#define FETCH_MAX_BYTES (1024 * 1024)	/* bytes in one downloaded key */
#define FETCH_MAX_REDIRS 5
#define FETCH_CONNECT_SECS 30		/* to connect (TCP and TLS) */
#define FETCH_LOW_SPEED_BYTES 64	/* slower than this (bytes/s) ... */
#define FETCH_LOW_SPEED_SECS 30		/* ... for this long: give up */
#define FETCH_TOTAL_SECS 300		/* the whole transfer */

enum fetch_status {
	FETCH_IMPORTED,		/* the pinned key stored, new or updated */
	FETCH_UNCHANGED,	/* the store held it already, nothing new */
	FETCH_REFUSED,		/* the answer is refused: why says why */
	FETCH_FAILED		/* could not be fetched (no https address,
				 * network, TLS, interrupted): why */
};

struct fetch_result {
	enum fetch_status status;
	char fpr[65];		/* imported or unchanged: the pinned key */
	int revoked;		/* ... and it is revoked */
	size_t others;		/* other keys in the file, not taken */
	struct err why;		/* refused or failed: the reason */
};

/* curl_global_init, once per process, before any fetch_key. */
int fetch_init(struct err *e) EV_WUR;
void fetch_cleanup(void);

/* 1 if url is an https:// URL with something after the scheme (in any
 * case), else 0. */
int fetch_url_https(const char *url);

/* Checks that the --ca-file path names a readable regular file. */
int fetch_check_cafile(const char *path, struct err *e) EV_WUR;

/* Downloads pin->url into memory (at most FETCH_MAX_BYTES; https only,
 * also for redirects, at most FETCH_MAX_REDIRS; the server certificate
 * and host name always verified, against cafile if not NULL, else the
 * system's CAs) and imports the key whose primary fingerprint is
 * pin->fpr, and nothing else. *cancel (may be NULL) turning non-zero
 * stops the transfer (FETCH_FAILED). Returns 0 with *r filled, whatever
 * the outcome; -1 when it could not run (the key store, GnuPG, out of
 * memory), e set. */
int fetch_key(const struct pins *p, const struct pin *pin,
    const char *cafile, atomic_int *cancel,
    struct fetch_result *r, struct err *e) EV_WUR;

#endif
