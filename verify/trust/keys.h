/* keys: the pinned signers' key material: loading it into a private
 * keyring for a check, and taking new material into the key store. */
#ifndef EV_KEYS_H
#define EV_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "openpgp/gpg.h"
#include "trust/pins.h"

#define KEYS_MAX_FILE (8 * 1024 * 1024)	/* bytes in one key file */

/* Imports the stored key of every pin into g; *loaded counts them. */
int keys_load_store(struct gpg *g, const struct pins *p, size_t *loaded,
    struct err *e) EV_WUR;

/* Imports a --keyring file into g and pins every key in it, named after
 * its first user ID. */
int keys_load_keyring(struct gpg *g, struct pins *p, const char *path,
    struct err *e) EV_WUR;

struct keys_outcome {
	char fpr[65];
	char *uid;		/* escaped first user ID */
	const struct pin *pin;	/* NULL: not pinned, refused */
	int revoked;		/* imported, but the key is revoked */
	int changed;		/* stored, and the store's copy changed */
};

/* Reads a key file and stores every key whose primary fingerprint is
 * pinned, merged with what the store held; the others are refused. */
int keys_import(const struct pins *p, const char *path,
    struct keys_outcome **out, size_t *n, struct err *e) EV_WUR;
/* The same for key material in memory, named name in messages (printed
 * as given, so pass it escaped). With only (a fingerprint) set, only the
 * key with that primary fingerprint is stored, if it is pinned; every
 * other key in buf is listed with pin NULL. ERR_OK; ERR_REFUSED when buf
 * is refused whole (no usable key in it, a key gpg dropped, a key carrying
 * another as a subkey: e says why), nothing stored, or when a merged key
 * is larger than the store keeps (that key not stored, its old copy
 * kept); ERR_FAILED when it could not run (GnuPG, the key store). */
enum err_status keys_import_mem(const struct pins *p,
    const unsigned char *buf,
    size_t len, const char *name, const char *only,
    struct keys_outcome **out, size_t *n, struct err *e) EV_WUR;
void keys_outcomes_free(struct keys_outcome *o, size_t n);

struct keys_info {
	const struct pin *pin;
	int present;		/* the store has key material for it */
	char *uid;		/* escaped first user ID, or NULL */
	int64_t expires;	/* primary key, 0 never */
	int revoked;
	size_t signing;		/* usable signing (sub)keys */
	int64_t sign_expires;	/* latest expiry among them, 0 never */
};

/* Describes every pin (n = p->n entries). */
int keys_list(const struct pins *p, struct keys_info **out,
    struct err *e) EV_WUR;
void keys_info_free(struct keys_info *k, size_t n);

/* Armoured key material of one pin (name) or of all pins (NULL). */
int keys_export(const struct pins *p, const char *name, unsigned char **buf,
    size_t *len, struct err *e) EV_WUR;

#endif
