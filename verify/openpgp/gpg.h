/* gpg: a private, temporary GnuPG home driven through GPGME. It holds only
 * the keys imported into it, never reads the user's ~/.gnupg or gpg.conf,
 * and is removed (with any agent stopped) by gpg_close. GPGME's types stay
 * in gpg.c: what it learns is handed out in sigcheck's structs. */
#ifndef EV_GPG_H
#define EV_GPG_H

#include <stdatomic.h>
#include <stddef.h>

#include "base/err.h"
#include "openpgp/sigcheck.h"

/* The oldest GnuPG accepted: 2.2.36 fixed the last known status-line
 * injection (CVE-2022-34903) after the SigSpoof fixes of 2.2.8. */
#define GPG_MIN_VERSION "2.2.36"

struct gpg;

/* Reads the data to verify: returns bytes read, 0 at end, -1 on error. */
typedef long (*gpg_read_fn)(void *arg, void *buf, size_t len);

/* Once per process, from main (core_init), before any thread starts:
 * initialises GPGME and points its engine probes at a home that cannot
 * exist, so they never read the user's GnuPG files. The environment is
 * not changed again. */
int gpg_lib_init(struct err *e) EV_WUR;

int gpg_open(struct gpg **g, struct err *e) EV_WUR;
void gpg_close(struct gpg *g);		/* accepts NULL */

/* Imports key material and returns the primary fingerprints it held
 * (upper-case hex, n entries, freed with gpg_fprs_free). ERR_OK;
 * ERR_REFUSED when gpg rejected the material (no usable key in it, a key
 * dropped, bad packets); ERR_FAILED when it could not run. */
enum err_status gpg_import(struct gpg *g, const unsigned char *buf,
    size_t len, const char *name, char ***fprs, size_t *n,
    struct err *e) EV_WUR;
void gpg_fprs_free(char **fprs, size_t n);

/* Looks a key up by fingerprint or key ID (of the primary key or a
 * subkey). Returns 1 and fills *c (initialised here; release it with
 * sigcheck_cert_release), 0 if the keyring has none, -1 on error (an id
 * that matches more than one key among them). c->sha1_selfsig is left 0:
 * it needs the exported key (pgp_key_sha1_selfsig). */
int gpg_key(struct gpg *g, const char *id, struct sigcheck_cert *c,
    struct err *e) EV_WUR;

/* Exports one key (armoured or binary) into a new buffer. */
int gpg_export(struct gpg *g, const char *fpr, int armor,
    unsigned char **buf, size_t *len, struct err *e) EV_WUR;

/* Verifies detached signature packets sig[0..siglen) over the data that
 * rd delivers; *cancel (may be NULL) turning non-zero stops it. ERR_OK
 * and the engine's answers, in the order gpg gave them (one per packet it
 * reached: gpg stops at a BAD one), in *res (n entries, at least one;
 * free it); ERR_REFUSED when gpg could not read the signature packets
 * (malformed); ERR_FAILED when it could not check at all. */
enum err_status gpg_verify(struct gpg *g, const unsigned char *sig,
    size_t siglen, gpg_read_fn rd, void *arg, atomic_int *cancel,
    struct sigcheck **res, size_t *n, struct err *e) EV_WUR;

#endif
