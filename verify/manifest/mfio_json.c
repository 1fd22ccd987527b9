/* mfio_json: manifests as JSON (jansson). The writer streams one entry
 * per line; a name that is not UTF-8 is written escaped for reading,
 * with its bytes in hex beside it ("path_hex", "link_hex", ...). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/escape.h"
#define MFIO_PRIVATE
#include "manifest/mfio.h"
#include "manifest/mfio_private.h"

/* Adds v under key; a NULL v or a failure clears *ok. */
static void
put(json_t *o, const char *key, json_t *v, int *ok)
{
	if (v == NULL || json_object_set_new(o, key, v) != 0)
		*ok = 0;
}

static json_t *
hex_string(const char *s)
{
	static const char digits[] = "0123456789abcdef";
	size_t i, n = strlen(s);
	char *h = malloc(2 * n + 1);
	json_t *j;

	if (h == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		h[2 * i] = digits[(unsigned char)s[i] >> 4];
		h[2 * i + 1] = digits[(unsigned char)s[i] & 0x0f];
	}
	h[2 * n] = '\0';
	j = json_string(h);
	free(h);
	return j;
}

/* key: s as a string (null if s is NULL); if s is not UTF-8, its escaped
 * form, and KEY_hex: its bytes. */
static void
put_bytes(json_t *o, const char *key, const char *s, int *ok)
{
	char hkey[32], *q;
	json_t *j;

	if (s == NULL) {
		put(o, key, json_null(), ok);
		return;
	}
	if ((j = json_string(s)) != NULL) {
		put(o, key, j, ok);
		return;
	}
	q = escape_dup(s, strlen(s));
	put(o, key, q != NULL ? json_string(q) : NULL, ok);
	free(q);
	snprintf(hkey, sizeof(hkey), "%s_hex", key);
	put(o, hkey, hex_string(s), ok);
}

static json_t *
flags_array(unsigned flags)
{
	json_t *a = json_array();
	unsigned bit;

	for (bit = 1; a != NULL && bit <= MF_HOSTILE_MASK; bit <<= 1)
		if ((flags & bit) && manifest_flag_name(bit) != NULL &&
		    json_array_append_new(a, json_string(manifest_flag_name(
		    bit))) != 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

static json_t *
int_or_null(int known, int64_t v)
{
	return known ? json_integer((json_int_t)v) : json_null();
}

static json_t *
entry_json(const struct manifest_entry *x)
{
	json_t *o = json_object();
	char mode[8];
	int ok = o != NULL;

	if (!ok)
		return NULL;
	snprintf(mode, sizeof(mode), "%04o", x->mode & 07777);
	put_bytes(o, "path", x->path, &ok);
	put(o, "type", json_string(manifest_type_name(x->type)), &ok);
	put(o, "mode", x->mode != MFIO_NO_MODE ? json_string(mode) :
	    json_null(), &ok);
	put(o, "size", int_or_null(x->size != MANIFEST_UNKNOWN &&
	    x->size <= INT64_MAX, (int64_t)x->size), &ok);
	put(o, "sha256", x->sha256[0] != '\0' ? json_string(x->sha256) :
	    json_null(), &ok);
	put_bytes(o, "link", x->link, &ok);
	put(o, "mtime", int_or_null(x->has_mtime, x->mtime), &ok);
	put(o, "uid", int_or_null(x->uid >= 0, x->uid), &ok);
	put(o, "gid", int_or_null(x->gid >= 0, x->gid), &ok);
	put_bytes(o, "uname", x->uname, &ok);
	put_bytes(o, "gname", x->gname, &ok);
	put(o, "flags", flags_array(x->flags), &ok);
	if (!ok) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

/* The root directory: its type and facts, no path, no marks. */
static json_t *
root_json(const struct manifest *m)
{
	const struct manifest_entry *x = &m->root;
	json_t *o;
	char mode[8];
	int ok;

	if (m->nroot == 0)
		return json_null();
	if ((o = json_object()) == NULL)
		return NULL;
	ok = 1;
	snprintf(mode, sizeof(mode), "%04o", x->mode & 07777);
	put(o, "type", json_string("dir"), &ok);
	put(o, "mode", x->mode != MFIO_NO_MODE ? json_string(mode) :
	    json_null(), &ok);
	put(o, "mtime", int_or_null(x->has_mtime, x->mtime), &ok);
	put(o, "uid", int_or_null(x->uid >= 0, x->uid), &ok);
	put(o, "gid", int_or_null(x->gid >= 0, x->gid), &ok);
	put_bytes(o, "uname", x->uname, &ok);
	put_bytes(o, "gname", x->gname, &ok);
	if (!ok) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static json_t *
outside_json(const struct manifest_outside *x)
{
	json_t *o = json_object();
	int ok = o != NULL;

	if (!ok)
		return NULL;
	put_bytes(o, "name", x->name, &ok);
	put(o, "offset", json_integer((json_int_t)x->offset), &ok);
	put(o, "size", json_integer((json_int_t)x->size), &ok);
	put(o, "sha256", x->sha256[0] != '\0' ? json_string(x->sha256) :
	    json_null(), &ok);
	put_bytes(o, "note", x->note, &ok);
	put(o, "hostile", json_boolean(x->hostile), &ok);
	if (!ok) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

/* Dumps j (taken over) to f; NULL is out of memory. */
static int
dump(FILE *f, json_t *j, struct err *e)
{
	int rc = -1;

	if (j == NULL)
		err_set(e, "cannot write the manifest: out of memory");
	else if (json_dumpf(j, f, JSON_COMPACT | JSON_ENCODE_ANY) != 0 ||
	    ferror(f))
		err_set(e, "cannot write the manifest");
	else
		rc = 0;
	json_decref(j);
	return rc;
}

int
mfio_json_write(FILE *f, const struct manifest *m, struct err *e)
{
	size_t i;

	fputs("{\"kind\": ", f);
	if (dump(f, json_string(m->kind), e) < 0)
		return -1;
	fprintf(f, ", \"hostile\": %s,\n\"root\": ",
	    manifest_hostile(m) ? "true" : "false");
	if (dump(f, root_json(m), e) < 0)
		return -1;
	fputs(",\n\"entries\": [", f);
	for (i = 0; i < m->n; i++) {
		fputs(i > 0 ? ",\n  " : "\n  ", f);
		if (dump(f, entry_json(&m->v[i]), e) < 0)
			return -1;
	}
	fputs("\n],\n\"outside\": [", f);
	for (i = 0; i < m->nout; i++) {
		fputs(i > 0 ? ",\n  " : "\n  ", f);
		if (dump(f, outside_json(&m->out[i]), e) < 0)
			return -1;
	}
	fputs("\n]}\n", f);
	if (ferror(f)) {
		err_set(e, "cannot write the manifest");
		return -1;
	}
	return 0;
}

/* ---- reading ---- */

struct jr {
	const char *path;
	const char *what;	/* "entries" or "outside" */
	size_t i;
	struct err *e;
};

static int
jr_bad(const struct jr *r, const char *key)
{
	char *q = escape_dup(r->path, strlen(r->path));

	err_set(r->e, "%s: %s[%zu]: missing or malformed \"%s\"",
	    q != NULL ? q : "?", r->what, r->i, key);
	free(q);
	return -1;
}

static int
from_hex(const char *h, char **out)
{
	size_t i, n = strlen(h);
	unsigned hi, lo;
	char *s;

	if (n % 2 != 0 || strspn(h, "0123456789abcdef") != n ||
	    (s = malloc(n / 2 + 1)) == NULL)
		return -1;
	for (i = 0; i < n / 2; i++) {
		hi = (unsigned)(h[2 * i] <= '9' ? h[2 * i] - '0' :
		    h[2 * i] - 'a' + 10);
		lo = (unsigned)(h[2 * i + 1] <= '9' ? h[2 * i + 1] - '0' :
		    h[2 * i + 1] - 'a' + 10);
		if ((s[i] = (char)(hi << 4 | lo)) == '\0') {
			free(s);
			return -1;
		}
	}
	s[n / 2] = '\0';
	*out = s;
	return 0;
}

/* A string member (KEY_hex preferred), NULL when absent or null. */
static int
get_bytes(const struct jr *r, json_t *o, const char *key, char **out)
{
	char hkey[32];
	json_t *j;

	*out = NULL;
	snprintf(hkey, sizeof(hkey), "%s_hex", key);
	if ((j = json_object_get(o, hkey)) != NULL && !json_is_null(j))
		return json_is_string(j) && from_hex(json_string_value(j),
		    out) == 0 ? 0 : jr_bad(r, hkey);
	if ((j = json_object_get(o, key)) == NULL || json_is_null(j))
		return 0;
	if (!json_is_string(j) || strlen(json_string_value(j)) !=
	    json_string_length(j))
		return jr_bad(r, key);
	if ((*out = strdup(json_string_value(j))) == NULL) {
		err_set(r->e, "out of memory");
		return -1;
	}
	return 0;
}

/* An integer member from lo to hi; *known = 0 when absent or null. */
static int
get_int(const struct jr *r, json_t *o, const char *key, json_int_t lo,
    json_int_t hi, int64_t *v, int *known)
{
	json_t *j = json_object_get(o, key);

	*known = 0;
	if (j == NULL || json_is_null(j))
		return 0;
	if (!json_is_integer(j) || json_integer_value(j) < lo ||
	    json_integer_value(j) > hi)
		return jr_bad(r, key);
	*v = (int64_t)json_integer_value(j);
	*known = 1;
	return 0;
}

static int
get_sha256(const struct jr *r, json_t *o, char out[65])
{
	json_t *j = json_object_get(o, "sha256");
	const char *s;

	out[0] = '\0';
	if (j == NULL || json_is_null(j))
		return 0;
	s = json_is_string(j) ? json_string_value(j) : "";
	if (s[0] == '\0' && json_is_string(j))
		return 0;
	if (strlen(s) != 64 || strspn(s, "0123456789abcdef") != 64)
		return jr_bad(r, "sha256");
	memcpy(out, s, 65);
	return 0;
}

static int
get_mode(const struct jr *r, json_t *o, unsigned *mode)
{
	json_t *j = json_object_get(o, "mode");
	const char *s;
	unsigned long v;

	*mode = MFIO_NO_MODE;
	if (j == NULL || json_is_null(j))
		return 0;
	s = json_is_string(j) ? json_string_value(j) : "";
	if (s[0] == '\0' || strlen(s) > 6 || strspn(s, "01234567") !=
	    strlen(s) || (v = strtoul(s, NULL, 8)) > 07777)
		return jr_bad(r, "mode");
	*mode = (unsigned)v;
	return 0;
}

static int
get_flags(const struct jr *r, json_t *o, unsigned *flags)
{
	json_t *a = json_object_get(o, "flags"), *j;
	unsigned bit;
	size_t i;

	*flags = 0;
	if (a == NULL || json_is_null(a))
		return 0;
	if (!json_is_array(a))
		return jr_bad(r, "flags");
	json_array_foreach(a, i, j) {
		if (!json_is_string(j) ||
		    manifest_flag_parse(json_string_value(j), &bit) < 0)
			return jr_bad(r, "flags");
		*flags |= bit;
	}
	return 0;
}

static int
get_type(const struct jr *r, json_t *o, enum manifest_type *t)
{
	json_t *j = json_object_get(o, "type");

	if (j == NULL || !json_is_string(j) ||
	    manifest_type_parse(json_string_value(j), t) < 0)
		return jr_bad(r, "type");
	return 0;
}

/* uname or gname, at most MANIFEST_MAX_OWNER bytes. */
static int
get_name(const struct jr *r, json_t *o, const char *key, char **out)
{
	char *q;

	if (get_bytes(r, o, key, out) < 0)
		return -1;
	if (*out == NULL || strlen(*out) <= MANIFEST_MAX_OWNER)
		return 0;
	free(*out);
	*out = NULL;
	q = escape_dup(r->path, strlen(r->path));
	err_set(r->e, "%s: %s[%zu]: \"%s\" longer than %d bytes",
	    q != NULL ? q : "?", r->what, r->i, key, MANIFEST_MAX_OWNER);
	free(q);
	return -1;
}

/* Times and owners of one entry. */
static int
get_owner(const struct jr *r, json_t *o, struct manifest_entry *ent)
{
	int64_t v = 0;
	int known;

	if (get_int(r, o, "mtime", INT64_MIN, INT64_MAX, &ent->mtime,
	    &ent->has_mtime) < 0 ||
	    get_int(r, o, "uid", 0, INT64_MAX, &v, &known) < 0)
		return -1;
	ent->uid = known ? v : -1;
	if (get_int(r, o, "gid", 0, INT64_MAX, &v, &known) < 0)
		return -1;
	ent->gid = known ? v : -1;
	if (get_name(r, o, "uname", &ent->uname) < 0 ||
	    get_name(r, o, "gname", &ent->gname) < 0)
		return -1;
	return 0;
}

static int
read_entry(const struct jr *r, json_t *o, struct manifest *m)
{
	struct manifest_entry *ent;
	enum manifest_type t;
	char *path = NULL, *link = NULL, sha[65];
	int64_t size = 0;
	unsigned mode, flags;
	int known, rc = -1;

	if (!json_is_object(o)) {
		jr_bad(r, "path");
		goto out;
	}
	if (get_bytes(r, o, "path", &path) < 0 || get_type(r, o, &t) < 0 ||
	    get_mode(r, o, &mode) < 0 || get_int(r, o, "size", 0,
	    INT64_MAX, &size, &known) < 0 || get_sha256(r, o, sha) < 0 ||
	    get_bytes(r, o, "link", &link) < 0 || get_flags(r, o, &flags) < 0)
		goto out;
	if (path == NULL) {
		jr_bad(r, "path");
		goto out;
	}
	ent = manifest_add(m, path, t, mode & 07777, known ? (uint64_t)size :
	    MANIFEST_UNKNOWN, t == MF_SYMLINK || t == MF_HARDLINK ? link :
	    NULL, r->e);
	if (ent == NULL)
		goto out;
	if (ent == &m->root && flags != 0) {
		jr_bad(r, "flags");	/* marks on the root */
		goto out;
	}
	ent->mode = mode;
	ent->size = known ? (uint64_t)size : MANIFEST_UNKNOWN;
	if (t == MF_FILE)
		memcpy(ent->sha256, sha, sizeof(sha));
	ent->flags |= flags;
	mfio_order(ent);
	rc = get_owner(r, o, ent);
out:
	free(path);
	free(link);
	return rc;
}

static int
read_outside(const struct jr *r, json_t *o, struct manifest *m)
{
	char *name = NULL, *note = NULL, sha[65];
	int64_t off = 0, size = 0;
	int k1, k2, rc = -1;
	json_t *h = json_is_object(o) ? json_object_get(o, "hostile") : NULL;

	if (!json_is_object(o) || get_bytes(r, o, "name", &name) < 0 ||
	    get_int(r, o, "offset", 0, INT64_MAX, &off, &k1) < 0 ||
	    get_int(r, o, "size", 0, INT64_MAX, &size, &k2) < 0 ||
	    get_sha256(r, o, sha) < 0 || get_bytes(r, o, "note", &note) < 0)
		goto out;
	if (name == NULL || name[0] == '\0' ||
	    strlen(name) >= sizeof(m->out[0].name)) {
		jr_bad(r, "name");
		goto out;
	}
	if (h != NULL && !json_is_boolean(h)) {
		jr_bad(r, "hostile");
		goto out;
	}
	rc = manifest_outside_add(m, name, (uint64_t)off, (uint64_t)size, sha,
	    note, h != NULL && json_is_true(h), r->e);
out:
	free(name);
	free(note);
	return rc;
}

/* "root": null, or the root directory's type "dir", mode and owner. */
static int
read_root(const struct jr *r, json_t *o, struct manifest *m)
{
	struct manifest_entry *ent;
	enum manifest_type t;
	unsigned mode;
	json_t *fl;

	if (o == NULL || json_is_null(o))
		return 0;
	if (!json_is_object(o))
		return jr_bad(r, "root");
	fl = json_object_get(o, "flags");
	if (get_type(r, o, &t) < 0 || t != MF_DIR)
		return jr_bad(r, "type");
	if (fl != NULL && !(json_is_array(fl) && json_array_size(fl) == 0))
		return jr_bad(r, "flags");	/* no marks on the root */
	if (get_mode(r, o, &mode) < 0)
		return -1;
	if ((ent = manifest_add(m, "./", MF_DIR, mode & 07777,
	    MANIFEST_UNKNOWN, NULL, r->e)) == NULL)
		return -1;
	ent->mode = mode;
	return get_owner(r, o, ent);
}

static int
read_all(const char *path, json_t *root, struct manifest *m, struct err *e)
{
	struct jr r = { path, "root", 0, e };
	json_t *a = json_object_get(root, "entries"), *o;

	if (read_root(&r, json_object_get(root, "root"), m) < 0)
		return -1;
	r.what = "entries";
	json_array_foreach(a, r.i, o) {
		if (m->cancel != NULL && *m->cancel) {
			err_set(e, "cancelled");
			return -1;
		}
		if (read_entry(&r, o, m) < 0)
			return -1;
	}
	a = json_object_get(root, "outside");
	r.what = "outside";
	if (a != NULL && !json_is_null(a) && !json_is_array(a)) {
		r.i = 0;
		return jr_bad(&r, "outside");
	}
	json_array_foreach(a, r.i, o)
		if (read_outside(&r, o, m) < 0)
			return -1;
	return 0;
}

enum mfio_status
mfio_json_read(const char *path, const char *buf, size_t len,
    struct manifest *m, struct err *e)
{
	json_error_t je;
	json_t *root;
	char *q, *t;
	enum mfio_status rc;

	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		q = escape_dup(path, strlen(path));
		t = escape_dup(je.text, strlen(je.text));
		err_set(e, "%s:%d: %s", q != NULL ? q : "?", je.line,
		    t != NULL ? t : "malformed JSON");
		free(q);
		free(t);
		return MFIO_FAILED;
	}
	if (!json_is_object(root) ||
	    !json_is_array(json_object_get(root, "entries")))
		rc = MFIO_NOT_MANIFEST;	/* JSON, but not a manifest */
	else
		rc = read_all(path, root, m, e) < 0 ? MFIO_FAILED :
		    MFIO_MANIFEST;
	json_decref(root);
	return rc;
}
