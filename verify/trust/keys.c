#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/escape.h"
#include "base/file.h"
#include "trust/bundle.h"
#include "openpgp/armour.h"
#include "trust/keys.h"
#include "trust/store.h"

static char *
first_uid(const struct sigcheck_cert *k)
{
	const char *u = k->uid != NULL ? k->uid : "(no user ID)";

	return escape_dup(u, strlen(u));
}

/* Refuses key material in which one key carries another key of the same
 * file as a subkey: anyone can bind someone else's key as an encryption
 * subkey of their own, and gpg then confuses the two. (Where gpg drops
 * the real key instead, gpg_import says so.) */
static int
check_subkeys(struct gpg *g, char **fprs, size_t n, const char *name,
    struct err *e)
{
	struct sigcheck_cert k;
	size_t i, j, s;
	int rc = -1, found;

	sigcheck_cert_init(&k);
	for (i = 0; i < n; i++) {
		if ((found = gpg_key(g, fprs[i], &k, e)) < 0) {
			err_set(e, "'%s': key %s is not unique in it (it is "
			    "also a subkey of another key): refusing the file; "
			    "get the keys from where the signers publish them",
			    name, fprs[i]);
			goto out;
		}
		for (s = 1; found && s < k.n; s++) {
			for (j = 0; j < n && strcasecmp(fprs[j], k.keys[s].fpr);
			    j++)
				;
			if (j < n) {
				err_set(e, "'%s': key %s carries key %s as a "
				    "subkey: refusing the file; get the keys "
				    "from where the signers publish them",
				    name, fprs[i], k.keys[s].fpr);
				goto out;
			}
		}
		sigcheck_cert_release(&k);
	}
	rc = 0;
out:
	sigcheck_cert_release(&k);
	return rc;
}

/* Imports one copy of pin's key (what: "bundled", "stored") into g; it
 * must hold that key and nothing else (else e says so, and what to do:
 * fix). */
static int
import_copy(struct gpg *g, const struct pin *pin, const unsigned char *buf,
    size_t len, const char *what, const char *fix, struct err *e)
{
	char **fprs = NULL;
	char name[96];
	size_t j, n = 0;
	int rc = -1;

	snprintf(name, sizeof(name), "the %s key of '%s'", what, pin->name);
	if (gpg_import(g, buf, len, name, &fprs, &n, e) != ERR_OK)
		goto out;
	for (j = 0; j < n; j++)
		if (strcasecmp(fprs[j], pin->fpr) != 0) {
			err_set(e, "the %s key file of '%s' holds key %s, "
			    "which is not the pinned %s: %s", what, pin->name,
			    fprs[j], pin->fpr, fix);
			goto out;
		}
	rc = 0;
out:
	gpg_fprs_free(fprs, n);
	return rc;
}

/* Imports pin's bundled key into g: 1, or 0 if none is bundled, -1 on
 * error. */
static int
merge_bundled(struct gpg *g, const struct pins *p, const struct pin *pin,
    struct err *e)
{
	unsigned char *buf = NULL;
	size_t len;
	int found;

	if ((found = bundle_read(p, pin, &buf, &len, e)) == 1 &&
	    import_copy(g, pin, buf, len, "bundled", "replace the file with "
	    "the key the signer publishes", e) != 0)
		found = -1;
	free(buf);
	return found;
}

/* Exports pin's key from g (binary) into *buf, or NULL if g has none. */
static int
export_or_none(struct gpg *g, const struct pin *pin, unsigned char **buf,
    size_t *len, struct err *e)
{
	struct sigcheck_cert k;
	int found;

	*buf = NULL;
	*len = 0;
	sigcheck_cert_init(&k);
	found = gpg_key(g, pin->fpr, &k, e);
	sigcheck_cert_release(&k);
	if (found <= 0)
		return found;
	return gpg_export(g, pin->fpr, 0, buf, len, e);
}

/* The key of one pin: the bundled copy first, then the stored one over
 * it. GnuPG's import merges the second into the first (the union of
 * their subkeys, self-signatures and revocations), so a stored copy adds
 * to the bundled key and never takes anything away. With src, says which
 * copies the key in use came from; with compare, "updated" when the
 * stored copy changed what gpg exports (two exports more). */
static int
load_pin(struct gpg *g, const struct pins *p, const struct pin *pin,
    int compare, enum keys_source *src, struct err *e)
{
	unsigned char *stored = NULL, *before = NULL, *after = NULL;
	size_t slen, beforelen = 0, afterlen = 0;
	int rc = -1, hasb, hass, cmp;

	*src = KEYS_NONE;
	if ((hass = store_read(pin->fpr, &stored, &slen, e)) < 0 ||
	    (hasb = merge_bundled(g, p, pin, e)) < 0)
		goto out;
	cmp = compare && hasb && hass;
	if (cmp && export_or_none(g, pin, &before, &beforelen, e) < 0)
		goto out;
	if (hass && import_copy(g, pin, stored, slen, "stored", "remove it "
	    "from the key store and import the key again", e) != 0)
		goto out;
	if (cmp && export_or_none(g, pin, &after, &afterlen, e) < 0)
		goto out;
	if (hasb)
		*src = cmp && (beforelen != afterlen || (afterlen > 0 &&
		    memcmp(before, after, afterlen) != 0)) ? KEYS_UPDATED :
		    KEYS_BUNDLED;
	else if (hass)
		*src = KEYS_STORED;
	rc = 0;
out:
	free(after);
	free(before);
	free(stored);
	return rc;
}

int
keys_load_pinned(struct gpg *g, const struct pins *p, enum keys_source *src,
    size_t *loaded, struct err *e)
{
	enum keys_source one;
	size_t i;

	*loaded = 0;
	for (i = 0; i < p->n; i++) {
		if (load_pin(g, p, &p->v[i], src != NULL, &one, e) != 0)
			return -1;
		if (src != NULL)
			src[i] = one;
		*loaded += one != KEYS_NONE;
	}
	return 0;
}

static int
wanted(const char *const *want, size_t nwant, const char *fpr)
{
	size_t i;

	for (i = 0; i < nwant; i++)
		if (strcasecmp(want[i], fpr) == 0)
			return 1;
	return 0;
}

/* A key file as gpg reads it: gpg --enarmor's armour taken off. */
static int
read_keyring(const char *path, const char *shown, unsigned char **buf,
    size_t *len, struct err *e)
{
	unsigned char *bin;

	if (file_read(path, KEYS_MAX_FILE, buf, len, e) != 0)
		return -1;
	if (!armour_is_file(*buf, *len))
		return 0;
	if ((bin = malloc(*len)) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	if (armour_decode_file(*buf, *len, shown, bin, len, e) != 0) {
		free(bin);
		return -1;
	}
	free(*buf);
	*buf = bin;
	return 0;
}

/* Imports the keys of buf into g, checked; with nwant > 0 only the keys
 * want names (each exported alone from a scratch keyring that read the
 * whole file), so that no engine sees the others. *fprs: the keys put
 * into g. */
static int
import_keyring(struct gpg *g, const unsigned char *buf, size_t len,
    const char *shown, const char *const *want, size_t nwant, char ***fprs,
    size_t *n, struct err *e)
{
	struct gpg *s = NULL;
	unsigned char *kb = NULL;
	char **all = NULL, **one = NULL, **v;
	size_t i, kl, nall = 0, none = 0;
	int rc = -1;

	*fprs = NULL;
	*n = 0;
	if (nwant == 0) {
		if (gpg_import(g, buf, len, shown, fprs, n, e) != ERR_OK)
			return -1;
		return check_subkeys(g, *fprs, *n, shown, e);
	}
	if (gpg_open(&s, e) != 0 ||
	    gpg_import(s, buf, len, shown, &all, &nall, e) != ERR_OK ||
	    check_subkeys(s, all, nall, shown, e) != 0)
		goto out;
	for (i = 0; i < nall; i++) {
		if (!wanted(want, nwant, all[i]))
			continue;
		if (gpg_export(s, all[i], 0, &kb, &kl, e) != 0 ||
		    gpg_import(g, kb, kl, shown, &one, &none, e) != ERR_OK)
			goto out;
		if ((v = realloc(*fprs, (*n + none) * sizeof(*v))) == NULL) {
			err_set(e, "out of memory");
			goto out;
		}
		*fprs = v;
		while (none > 0)
			(*fprs)[(*n)++] = one[--none];
		gpg_fprs_free(one, 0);
		one = NULL;
		free(kb);
		kb = NULL;
	}
	rc = 0;
out:
	gpg_fprs_free(one, none);
	free(kb);
	gpg_fprs_free(all, nall);
	gpg_close(s);
	return rc;
}

int
keys_load_keyring(struct gpg *g, struct pins *p, const char *path,
    const char *const *want, size_t nwant, struct err *e)
{
	unsigned char *buf = NULL;
	char **fprs = NULL, *uid = NULL, *shown = NULL;
	struct sigcheck_cert k;
	size_t i, len, n = 0;
	int rc = -1;

	sigcheck_cert_init(&k);
	if ((shown = escape_dup(path, strlen(path))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	if (read_keyring(path, shown, &buf, &len, e) != 0 ||
	    import_keyring(g, buf, len, shown, want, nwant, &fprs, &n, e) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (pins_by_fpr(p, fprs[i]) != NULL)
			continue;
		if (gpg_key(g, fprs[i], &k, e) < 0)
			goto out;
		if ((uid = first_uid(&k)) == NULL) {
			err_set(e, "out of memory");
			goto out;
		}
		if (pins_add(p, uid, fprs[i], e) != 0)
			goto out;
		free(uid);
		uid = NULL;
		sigcheck_cert_release(&k);
	}
	rc = 0;
out:
	sigcheck_cert_release(&k);
	free(uid);
	free(shown);
	gpg_fprs_free(fprs, n);
	free(buf);
	return rc;
}

void
keys_outcomes_free(struct keys_outcome *o, size_t n)
{
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < n; i++)
		free(o[i].uid);
	free(o);
}

/* Merges what the store holds for fpr into g, exports the result and
 * writes it back to the store (*changed: it differs from what was there):
 * ERR_OK; ERR_REFUSED if the store refuses it as too large (the stored
 * key stays); ERR_FAILED on error. */
static enum err_status
store_merged(struct gpg *g, const char *fpr, int *changed, struct err *e)
{
	unsigned char *old = NULL, *key = NULL;
	char **fprs = NULL;
	size_t oldlen, keylen, n = 0;
	enum err_status rc = ERR_FAILED;
	int found;

	found = store_read(fpr, &old, &oldlen, e);
	if (found < 0)
		goto out;
	if (found && gpg_import(g, old, oldlen, fpr, &fprs, &n, e) != ERR_OK)
		goto out;
	if (gpg_export(g, fpr, 0, &key, &keylen, e) != 0)
		goto out;
	*changed = !found || keylen != oldlen || memcmp(key, old, keylen) != 0;
	rc = store_write(fpr, key, keylen, e);
out:
	gpg_fprs_free(fprs, n);
	free(key);
	free(old);
	return rc;
}

/* Describes the n keys imported into g (fprs) in o and stores those that
 * are pinned (with only set, that key alone); ERR_REFUSED if the store
 * refuses one. */
static enum err_status
take_keys(struct gpg *g, const struct pins *p, char **fprs, size_t n,
    const char *only, struct keys_outcome *o, struct err *e)
{
	struct sigcheck_cert k;
	size_t i;
	enum err_status rc = ERR_FAILED, r;

	sigcheck_cert_init(&k);
	for (i = 0; i < n; i++) {
		snprintf(o[i].fpr, sizeof(o[i].fpr), "%s", fprs[i]);
		if (gpg_key(g, fprs[i], &k, e) < 0)
			goto out;
		if ((o[i].uid = first_uid(&k)) == NULL) {
			err_set(e, "out of memory");
			goto out;
		}
		o[i].revoked = k.revoked;
		sigcheck_cert_release(&k);
		if (only != NULL && strcasecmp(only, fprs[i]) != 0)
			continue;
		if ((o[i].pin = pins_by_fpr(p, fprs[i])) == NULL)
			continue;
		if ((r = store_merged(g, fprs[i], &o[i].changed, e)) !=
		    ERR_OK) {
			rc = r;
			goto out;
		}
		/* The stored copy or the bundled key may bring a
		 * revocation. */
		if (merge_bundled(g, p, o[i].pin, e) < 0 ||
		    gpg_key(g, fprs[i], &k, e) < 0)
			goto out;
		o[i].revoked = k.revoked;
		sigcheck_cert_release(&k);
	}
	rc = 0;
out:
	sigcheck_cert_release(&k);
	return rc;
}

enum err_status
keys_import_mem(const struct pins *p, const unsigned char *buf, size_t len,
    const char *name, const char *only, struct keys_outcome **out,
    size_t *nout, struct err *e)
{
	struct gpg *g = NULL;
	struct keys_outcome *o = NULL;
	char **fprs = NULL;
	size_t n = 0;
	enum err_status rc = ERR_FAILED, r;

	*out = NULL;
	*nout = 0;
	if (gpg_open(&g, e) != 0)
		goto out;
	/* gpg rejected it, or it holds a key as another's subkey: refused */
	if ((r = gpg_import(g, buf, len, name, &fprs, &n, e)) != ERR_OK ||
	    check_subkeys(g, fprs, n, name, e) != 0) {
		rc = r == ERR_FAILED ? ERR_FAILED : ERR_REFUSED;
		goto out;
	}
	if ((o = calloc(n, sizeof(*o))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	if ((r = take_keys(g, p, fprs, n, only, o, e)) != ERR_OK) {
		rc = r;
		goto out;
	}
	*out = o;
	*nout = n;
	o = NULL;
	rc = ERR_OK;
out:
	keys_outcomes_free(o, n);
	gpg_fprs_free(fprs, n);
	gpg_close(g);
	return rc;
}

int
keys_import(const struct pins *p, const char *path, struct keys_outcome **out,
    size_t *nout, struct err *e)
{
	unsigned char *buf = NULL;
	char *shown = NULL;
	size_t len;
	int rc = -1;

	*out = NULL;
	*nout = 0;
	if ((shown = escape_dup(path, strlen(path))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	if (file_read(path, KEYS_MAX_FILE, &buf, &len, e) != 0 ||
	    keys_import_mem(p, buf, len, shown, NULL, out, nout, e) != ERR_OK)
		goto out;
	rc = 0;
out:
	free(buf);
	free(shown);
	return rc;
}

void
keys_info_free(struct keys_info *k, size_t n)
{
	size_t i;

	if (k == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(k[i].uid);
		free(k[i].subs);
	}
	free(k);
}

static int
describe(const struct sigcheck_cert *k, struct keys_info *ki, struct err *e)
{
	const struct sigcheck_key *sk;
	size_t i;

	ki->revoked = k->revoked;
	ki->expires = k->n > 0 ? k->keys[0].expires : 0;
	if ((ki->subs = calloc(k->n ? k->n : 1, sizeof(*ki->subs))) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	for (i = 0; i < k->n; i++) {
		sk = &k->keys[i];
		if (!sk->can_sign)
			continue;
		snprintf(ki->subs[ki->nsubs].fpr, sizeof(ki->subs[0].fpr),
		    "%s", sk->fpr);
		ki->subs[ki->nsubs].expires = sk->expires;
		ki->subs[ki->nsubs].revoked = sk->revoked;
		ki->subs[ki->nsubs].unusable = sk->invalid || sk->disabled;
		ki->nsubs++;
		if (sk->revoked || sk->invalid || sk->disabled)
			continue;
		if (ki->signing == 0 || sk->expires == 0 ||
		    (ki->sign_expires != 0 && sk->expires > ki->sign_expires))
			ki->sign_expires = sk->expires;
		ki->signing++;
	}
	return 0;
}

int
keys_present(const struct pins *p, unsigned char *present, struct err *e)
{
	struct gpg *g = NULL;
	struct sigcheck_cert k;
	size_t i, loaded;
	int rc = -1, found;

	sigcheck_cert_init(&k);
	if (gpg_open(&g, e) != 0 || keys_load_pinned(g, p, NULL, &loaded,
	    e) != 0)
		goto out;
	for (i = 0; i < p->n; i++) {
		if ((found = gpg_key(g, p->v[i].fpr, &k, e)) < 0)
			goto out;
		present[i] = found == 1;
		sigcheck_cert_release(&k);
	}
	rc = 0;
out:
	sigcheck_cert_release(&k);
	gpg_close(g);
	return rc;
}

int
keys_list(const struct pins *p, struct keys_info **out, struct err *e)
{
	struct gpg *g = NULL;
	struct keys_info *ki = NULL;
	enum keys_source *src = NULL;
	struct sigcheck_cert k;
	size_t i, loaded;
	int rc = -1, found;

	sigcheck_cert_init(&k);
	*out = NULL;
	if ((ki = calloc(p->n ? p->n : 1, sizeof(*ki))) == NULL ||
	    (src = calloc(p->n ? p->n : 1, sizeof(*src))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	if (gpg_open(&g, e) != 0 ||
	    keys_load_pinned(g, p, src, &loaded, e) != 0)
		goto out;
	for (i = 0; i < p->n; i++) {
		ki[i].pin = &p->v[i];
		ki[i].source = src[i];
		if ((found = gpg_key(g, p->v[i].fpr, &k, e)) < 0)
			goto out;
		if (!found)
			continue;
		ki[i].present = 1;
		if ((ki[i].uid = first_uid(&k)) == NULL) {
			err_set(e, "out of memory");
			goto out;
		}
		if (describe(&k, &ki[i], e) != 0)
			goto out;
		sigcheck_cert_release(&k);
	}
	*out = ki;
	ki = NULL;
	rc = 0;
out:
	sigcheck_cert_release(&k);
	free(src);
	keys_info_free(ki, p->n);
	gpg_close(g);
	return rc;
}

int
keys_export(const struct pins *p, const char *name, unsigned char **buf,
    size_t *len, struct err *e)
{
	struct gpg *g = NULL;
	const struct pin *pin = NULL;
	size_t loaded;
	int rc = -1, found;
	struct sigcheck_cert k;

	sigcheck_cert_init(&k);
	*buf = NULL;
	*len = 0;
	if (name != NULL && (pin = pins_by_name(p, name)) == NULL) {
		err_set(e, "no pinned signer is named '%s' (see "
		    "'electrum-verify keys list')", name);
		goto out;
	}
	if (gpg_open(&g, e) != 0 ||
	    keys_load_pinned(g, p, NULL, &loaded, e) != 0)
		goto out;
	if (pin != NULL) {
		if ((found = gpg_key(g, pin->fpr, &k, e)) < 0)
			goto out;
		if (!found) {
			err_set(e, "no key of '%s' is bundled or stored: "
			    "import it first", pin->name);
			goto out;
		}
	} else if (loaded == 0) {
		err_set(e, "no key of any pin is bundled or stored: import "
		    "them first");
		goto out;
	}
	/* An empty pattern exports every key, which here are pinned ones. */
	if (gpg_export(g, pin != NULL ? pin->fpr : NULL, 1, buf, len, e) != 0)
		goto out;
	rc = 0;
out:
	sigcheck_cert_release(&k);
	gpg_close(g);
	return rc;
}
