/* pins: the signers whose keys may vouch for a release, by fingerprint. */
#ifndef EV_PINS_H
#define EV_PINS_H

#include <stddef.h>

#include "base/err.h"

struct pin {
	char *name;	/* e.g. "ThomasV" (letters, digits, . _ -) */
	char *fpr;	/* primary key fingerprint, upper-case hex, 40 or 64 */
	char *url;	/* where the public key is published, may be "" */
	char *note;	/* free text after the URL, may be "" */
	char **subkeys;	/* known signing subkeys' fingerprints (upper-case
			 * hex), from "subkey" lines: they name the signer
			 * of a signature whose key is not at hand */
	size_t nsub;
};

struct pins {
	struct pin *v;
	size_t n;
	char *origin;	/* file the pins came from, for messages */
	int builtin;	/* the pins compiled in (not $ELECTRUM_VERIFY_PINS):
			 * their keys are the compiled-in ones (bundle.h) */
	char *keyring;	/* the pins are the keys of --keyring files: their
			 * names for messages ("'a.asc'", escaped), else
			 * NULL */
	int chosen;	/* --fingerprint chose some of those keys */
};

void pins_init(struct pins *p);
void pins_release(struct pins *p);

/* The file $ELECTRUM_VERIFY_PINS names, the trust root in use instead of
 * the built-in pins; NULL when the built-in pins are used. */
const char *pins_override(void);

/* Parses the pins file format (see keys/electrum.pins). On success returns
 * 0 and replaces what p held (p must have been initialised). On error
 * returns -1, leaves p as it was and e says "ORIGIN:LINE: what is wrong"
 * (or "ORIGIN: no pins"). */
int pins_parse(struct pins *p, const char *text, size_t len,
    const char *origin, struct err *e) EV_WUR;

/* Loads $ELECTRUM_VERIFY_PINS if set (origin names it), else the pins
 * built into the binary from keys/electrum.pins (then p->builtin is 1). */
int pins_load_default(struct pins *p, struct err *e) EV_WUR;

/* Adds one pin (used for keys from --keyring), with url and note "".
 * fpr is 40 or 64 hex digits (stored upper-case); a key ID is refused, and
 * so is a fingerprint already in p (look it up with pins_by_fpr first). */
int pins_add(struct pins *p, const char *name, const char *fpr,
    struct err *e) EV_WUR;

/* The pin whose primary key or listed subkey made a signature: by its
 * issuer fingerprint fpr (hex, "" if none), else by its 16-hex-digit
 * issuer key ID (the tail of a v4 fingerprint; "" if none); NULL if
 * none matches. A claim, not a proof: it names whose key to look for. */
const struct pin *pins_by_issuer(const struct pins *p, const char *fpr,
    const char *keyid);

/* NULL if absent. Fingerprints match without regard to case, names
 * exactly. */
const struct pin *pins_by_fpr(const struct pins *p, const char *fpr);
const struct pin *pins_by_name(const struct pins *p, const char *name);

#endif
