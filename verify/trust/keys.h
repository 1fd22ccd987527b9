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

/* Where the key in use for a pin came from. */
enum keys_source {
	KEYS_NONE,	/* neither bundled nor stored */
	KEYS_BUNDLED,	/* the bundled key; a stored copy added nothing */
	KEYS_UPDATED,	/* the bundled key with what a stored copy added */
	KEYS_STORED	/* only a stored copy (no key bundled for the pin) */
};

/* Imports every pin's key into g: its bundled key (trust/bundle.h), then
 * the key store's copy over it. GnuPG merges the two: the union of their
 * subkeys, self-signatures and revocations, so a stored copy can extend
 * an expiry, add a subkey or a revocation, and never hides what the
 * bundled key has. A copy that holds any other key is an error. *loaded
 * counts the pins with key material; src (p->n entries, or NULL: then
 * KEYS_UPDATED is never told apart from KEYS_BUNDLED, which saves two
 * exports a pin) says where each came from. */
int keys_load_pinned(struct gpg *g, const struct pins *p,
    enum keys_source *src, size_t *loaded, struct err *e) EV_WUR;

/* Imports a --keyring file into g and pins its keys, named after their
 * first user ID: every key, or, when nwant > 0, only those whose primary
 * fingerprint is in want (upper-case hex; the others stay in g, not
 * pinned). The file holds binary keys, one or more armoured PUBLIC KEY
 * BLOCKs (text between them is skipped), or gpg --enarmor's output
 * (PGP ARMORED FILE blocks around binary keys): what Debian's uscan
 * accepts in debian/upstream/signing-key.asc. */
int keys_load_keyring(struct gpg *g, struct pins *p, const char *path,
    const char *const *want, size_t nwant, struct err *e) EV_WUR;

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

/* A key (primary or subkey) that may sign. */
struct keys_signing {
	char fpr[65];
	int64_t expires;	/* 0 never */
	int revoked;
	int unusable;		/* invalid or disabled for gpg */
};

struct keys_info {
	const struct pin *pin;
	int present;		/* key material is at hand (bundled/stored) */
	enum keys_source source;
	char *uid;		/* escaped first user ID, or NULL */
	int64_t expires;	/* primary key, 0 never */
	int revoked;
	size_t signing;		/* usable signing (sub)keys */
	int64_t sign_expires;	/* latest expiry among them, 0 never */
	struct keys_signing *subs;	/* every signing-capable key, */
	size_t nsubs;			/* usable or not, primary first */
};

/* present[i] (p->n entries) says whether pin i's key is at hand, bundled
 * or stored, as a check would load it; cheaper than keys_list, which
 * also tells bundled from updated copies. */
int keys_present(const struct pins *p, unsigned char *present,
    struct err *e) EV_WUR;

/* Describes every pin (n = p->n entries). */
int keys_list(const struct pins *p, struct keys_info **out,
    struct err *e) EV_WUR;
void keys_info_free(struct keys_info *k, size_t n);

/* Armoured key material (bundled merged with stored) of one pin (name)
 * or of all pins (NULL). */
int keys_export(const struct pins *p, const char *name, unsigned char **buf,
    size_t *len, struct err *e) EV_WUR;

#endif
