#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "base/escape.h"
#include "base/hash.h"
#include "manifest/manifest.h"
#define MANIFEST_PRIVATE
#include "manifest/manifest_private.h"


static const char *const type_names[] = {
	"file", "dir", "symlink", "hardlink", "other"
};

static const struct {
	unsigned bit;
	const char *name;
} flag_names[] = {
	{ MF_DOTDOT, "dotdot" },
	{ MF_ABSOLUTE, "absolute" },
	{ MF_BACKSLASH, "backslash" },
	{ MF_CONTROL, "control" },
	{ MF_DUPLICATE, "duplicate" },
	{ MF_DUP_FOLDED, "duplicate-folded" },
	{ MF_BELOW_LINK, "below-symlink" },
	{ MF_LINK_FORWARD, "hardlink-forward" },
	{ MF_LINK_OUTSIDE, "symlink-outside" },
	{ MF_SIZE_LIE, "size-mismatch" },
	{ MF_EMPTY_NAME, "empty-name" },
	{ MF_NOT_LISTED, "not-in-md5sums" },
	{ MF_MD5_DIFFERS, "md5-differs" },
	{ MF_DOT_NAME, "dot-component" },
	{ MF_SPECIAL, "special-file" },
	{ MF_XATTR, "xattr" },
	{ MF_SETID, "setuid-setgid-sticky" },
};

#define NFLAGS (sizeof(flag_names) / sizeof(flag_names[0]))

void
manifest_caps_default(struct manifest_caps *c)
{
	c->entries = MANIFEST_MAX_ENTRIES;
	c->path = MANIFEST_MAX_PATH;
	c->entry = MANIFEST_MAX_ENTRY;
	c->total = MANIFEST_MAX_TOTAL;
}

void
manifest_init(struct manifest *m, const struct manifest_caps *caps)
{
	memset(m, 0, sizeof(*m));
	m->v = NULL;
	m->cur = NULL;
	m->md = NULL;
	m->md5 = NULL;
	m->cancel = NULL;
	if (caps != NULL)
		m->caps = *caps;
	else
		manifest_caps_default(&m->caps);
}

static void
entry_free(struct manifest_entry *ent)
{
	free(ent->path);
	free(ent->link);
	free(ent->uname);
	free(ent->gname);
	memset(ent, 0, sizeof(*ent));
}

static void
data_close(struct manifest *m)
{
	if (m->md != NULL)
		gcry_md_close(m->md);
	if (m->md5 != NULL)
		gcry_md_close(m->md5);
	m->md = NULL;
	m->md5 = NULL;
	m->cur = NULL;
}

void
manifest_release(struct manifest *m)
{
	size_t i;

	if (m == NULL)
		return;
	data_close(m);
	for (i = 0; i < m->n; i++)
		entry_free(&m->v[i]);
	free(m->v);
	entry_free(&m->root);
	memset(m, 0, sizeof(*m));
	m->v = NULL;
}

/* The canonical form of raw: without leading "./" and trailing "/", and
 * "." as "". Returns a pointer into raw and sets *len. */
static const char *
canon(const char *raw, size_t *len)
{
	size_t n;

	while (raw[0] == '.' && raw[1] == '/')
		raw += 2;
	n = strlen(raw);
	while (n > 0 && raw[n - 1] == '/')
		n--;
	if (n == 1 && raw[0] == '.')
		n = 0;
	*len = n;
	return raw;
}

/* MF_DOTDOT, MF_EMPTY_NAME and MF_DOT_NAME from the components of raw,
 * ignoring leading (absolute) and trailing (directory) slashes and the
 * leading "./" that canonicalisation removes ("a/./b" names "a/b"). */
static unsigned
component_marks(const char *raw)
{
	size_t i = 0, n = strlen(raw), c;
	unsigned f = 0;
	int named = 0;

	while (n > 0 && raw[n - 1] == '/')
		n--;
	while (i < n && raw[i] == '/')
		i++;
	while (i < n) {
		for (c = 0; i + c < n && raw[i + c] != '/'; c++)
			;
		if (c == 0)
			f |= MF_EMPTY_NAME;
		else if (c == 1 && raw[i] == '.')
			f |= named ? MF_DOT_NAME : 0;
		else if (c == 2 && raw[i] == '.' && raw[i + 1] == '.')
			f |= MF_DOTDOT;
		named |= !(c == 1 && raw[i] == '.');
		i += c + 1;
	}
	return f;
}

static int
unsafe_char(ucs4_t c, int keep_newlines)
{
	if (c < 0x20)
		return !(keep_newlines && (c == '\n' || c == '\r'));
	return (c >= 0x7f && c < 0xa0) || c == 0x061c || c == 0x200e ||
	    c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069);
}

int
manifest_name_unsafe(const char *name, int keep_newlines)
{
	const uint8_t *p = (const uint8_t *)name, *end = p + strlen(name);
	ucs4_t c;
	int n;

	for (; p < end; p += n) {
		if (*p >= 0x20 && *p < 0x7f) {
			n = 1;
			continue;
		}
		if ((n = u8_mbtoucr(&c, p, (size_t)(end - p))) < 0 ||
		    unsafe_char(c, keep_newlines))
			return 1;
	}
	return 0;
}

static unsigned
raw_marks(const char *raw)
{
	unsigned f = component_marks(raw);

	if (raw[0] == '/' || is_drive(raw))
		f |= MF_ABSOLUTE;
	if (strchr(raw, '\\') != NULL)
		f |= MF_BACKSLASH;
	if (manifest_name_unsafe(raw, 0))
		f |= MF_CONTROL;
	return f;
}

static int
check_caps(struct manifest *m, const char *path, const char *link,
    struct err *e)
{
	char post[128];

	if (m->cur != NULL || m->sorted) {
		err_set(e, "internal error: manifest_add while %s",
		    m->cur != NULL ? "an entry's data is open" : "finished");
		return -1;
	}
	if (m->n >= m->caps.entries) {
		err_set(e, "archive has more than %llu entries (cap; raise "
		    "with --max-entries)", (unsigned long long)m->caps.entries);
		return -1;
	}
	snprintf(post, sizeof(post), " is longer than %llu bytes (cap; raise "
	    "with --max-path)", (unsigned long long)m->caps.path);
	if (strlen(path) > m->caps.path) {
		err_shown(e, "path ", path, post);
		return -1;
	}
	if (link != NULL && strlen(link) > m->caps.path) {
		err_shown(e, "link target of ", path, post);
		return -1;
	}
	return 0;
}

static int
grow(struct manifest *m, struct err *e)
{
	struct manifest_entry *v;
	size_t cap;

	if (m->n < m->cap)
		return 0;
	cap = m->cap > 0 ? m->cap * 2 : 64;
	if (cap > m->caps.entries)
		cap = (size_t)m->caps.entries;
	v = reallocarray(m->v, cap, sizeof(*v));
	if (v == NULL) {
		err_set(e, "out of memory for %zu entries", cap);
		return -1;
	}
	m->v = v;
	m->cap = cap;
	return 0;
}

/* Fills ent (zeroed) with copies of the canonical path and link. */
static int
entry_fill(struct manifest_entry *ent, const char *raw,
    enum manifest_type type, const char *link, struct err *e)
{
	const char *p;
	size_t n;

	p = canon(raw, &n);
	ent->flags = raw_marks(raw);
	if (p[0] == '/')		/* ".//etc" */
		ent->flags |= MF_ABSOLUTE;
	if (n == 0) {
		ent->flags |= MF_EMPTY_NAME;
		if (raw[0] != '\0' && raw[0] != '/') {
			p = ".";
			n = 1;
		} else {
			p = raw;
			n = strlen(raw);
		}
	}
	ent->path = strndup(p, n);
	if (link != NULL && type == MF_HARDLINK) {
		p = canon(link, &n);
		ent->link = strndup(p, n);
	} else if (link != NULL)
		ent->link = strdup(link);
	if (ent->path == NULL || (link != NULL && ent->link == NULL)) {
		err_set(e, "out of memory");
		return -1;
	}
	return 0;
}

static int
is_root(const char *raw, enum manifest_type type)
{
	size_t n;

	canon(raw, &n);
	return n == 0 && type == MF_DIR && raw[0] != '\0' && raw[0] != '/';
}

struct manifest_entry *
manifest_add(struct manifest *m, const char *path, enum manifest_type type,
    unsigned mode, uint64_t declared, const char *link, struct err *e)
{
	struct manifest_entry *ent, *res = NULL;

	if (check_caps(m, path, link, e) < 0)
		goto out;
	if (is_root(path, type))
		ent = &m->root;
	else if (grow(m, e) < 0)
		goto out;
	else
		ent = &m->v[m->n];
	if (ent == &m->root)
		entry_free(ent);
	memset(ent, 0, sizeof(*ent));
	if (entry_fill(ent, path, type, link, e) < 0) {
		entry_free(ent);
		goto out;
	}
	ent->type = type;
	ent->mode = mode & 07777;
	ent->declared = declared;
	ent->uid = ent->gid = -1;
	ent->order = m->n;
	if (type == MF_OTHER)
		ent->flags |= MF_SPECIAL;
	if (ent == &m->root) {
		ent->flags = 0;		/* "./" is not an empty name */
		m->nroot++;
	} else
		m->n++;
	if (mode & 07000)
		ent->flags |= MF_SETID;
	res = ent;
out:
	return res;
}

static int
owner_dup(char **dst, const char *s, const char *what,
    const struct manifest_entry *ent, struct err *e)
{
	char post[96];

	*dst = NULL;
	if (s == NULL)
		return 0;
	if (strlen(s) > MANIFEST_MAX_OWNER) {
		snprintf(post, sizeof(post), " is longer than %d bytes",
		    MANIFEST_MAX_OWNER);
		err_shown(e, what, ent->path, post);
		return -1;
	}
	if ((*dst = strdup(s)) == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	return 0;
}

int
manifest_set_owner(struct manifest_entry *ent, const char *uname,
    const char *gname, struct err *e)
{
	char *u = NULL, *g = NULL;

	if (owner_dup(&u, uname, "the owner name of ", ent, e) < 0 ||
	    owner_dup(&g, gname, "the group name of ", ent, e) < 0) {
		free(u);
		return -1;
	}
	free(ent->uname);
	free(ent->gname);
	ent->uname = u;
	ent->gname = g;
	return 0;
}

static void
hex(const unsigned char *d, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

int
manifest_data_begin(struct manifest *m, struct manifest_entry *ent,
    int want_md5, struct err *e)
{
	gcry_md_hd_t md = NULL, md5 = NULL;
	gcry_error_t ge;
	int rc = -1;

	if (m->cur != NULL || m->md != NULL) {
		err_set(e, "internal error: an entry's data is already open");
		return -1;
	}
	if (hash_ready(e) < 0)
		return -1;
	if ((ge = gcry_md_open(&md, GCRY_MD_SHA256, 0)) != 0) {
		md = NULL;
		err_set(e, "cannot start a SHA-256 hash: %s", gcry_strerror(ge));
		goto out;
	}
	m->md = md;
	if (want_md5 && (ge = gcry_md_open(&md5, GCRY_MD_MD5, 0)) != 0) {
		md5 = NULL;
		err_set(e, "cannot start an MD5 hash: %s", gcry_strerror(ge));
		goto out;
	}
	m->md5 = md5;
	ent->size = 0;
	ent->sha256[0] = '\0';
	ent->md5[0] = '\0';
	m->cur = ent;
	if (m->peek != NULL)
		m->peek(m->peek_ctx, ent->path, NULL, 0);
	rc = 0;
out:
	if (rc < 0)
		data_close(m);
	return rc;
}

int
manifest_data_update(struct manifest *m, const void *buf, size_t len,
    struct err *e)
{
	char post[128];

	if (m->cur == NULL || m->md == NULL) {
		err_set(e, "internal error: no entry's data is open");
		return -1;
	}
	if (m->cancel != NULL && *m->cancel) {
		err_set(e, "cancelled");
		return -1;
	}
	if (m->cur->size > m->caps.entry || len > m->caps.entry - m->cur->size) {
		snprintf(post, sizeof(post), " is larger than %llu bytes (cap; "
		    "raise with --max-entry-bytes)",
		    (unsigned long long)m->caps.entry);
		err_shown(e, "entry ", m->cur->path, post);
		return -1;
	}
	if (m->total > m->caps.total || len > m->caps.total - m->total) {
		err_set(e, "archive content is larger than %llu bytes (cap; "
		    "raise with --max-total-bytes)",
		    (unsigned long long)m->caps.total);
		return -1;
	}
	if (len == 0)
		return 0;
	gcry_md_write(m->md, buf, len);
	if (m->md5 != NULL)
		gcry_md_write(m->md5, buf, len);
	m->cur->size += len;
	m->total += len;
	if (m->peek != NULL)
		m->peek(m->peek_ctx, m->cur->path, buf, len);
	return 0;
}

int
manifest_data_end(struct manifest *m, struct err *e)
{
	struct manifest_entry *ent = m->cur;
	const unsigned char *d;
	int rc = -1;

	if (ent == NULL || m->md == NULL) {
		err_set(e, "internal error: no entry's data is open");
		goto out;
	}
	if ((d = gcry_md_read(m->md, GCRY_MD_SHA256)) == NULL) {
		err_shown(e, "cannot read the SHA-256 hash of ", ent->path, "");
		goto out;
	}
	hex(d, 32, ent->sha256);
	if (m->md5 != NULL) {
		if ((d = gcry_md_read(m->md5, GCRY_MD_MD5)) == NULL) {
			err_shown(e, "cannot read the MD5 hash of ", ent->path,
			    "");
			goto out;
		}
		hex(d, 16, ent->md5);
	}
	if (ent->declared != MANIFEST_UNKNOWN && ent->declared != ent->size)
		ent->flags |= MF_SIZE_LIE;
	rc = 0;
out:
	data_close(m);
	return rc;
}

int
manifest_outside_add(struct manifest *m, const char *name, uint64_t offset,
    uint64_t size, const char *sha256, const char *note, int hostile,
    struct err *e)
{
	struct manifest_outside *o;

	if (m->nout >= MANIFEST_MAX_OUTSIDE) {
		err_set(e, "artifact has more than %d records outside its "
		    "entries", MANIFEST_MAX_OUTSIDE);
		return -1;
	}
	if (strlen(name) >= sizeof(o->name) || (sha256 != NULL &&
	    sha256[0] != '\0' && (strlen(sha256) != 64 ||
	    strspn(sha256, "0123456789abcdef") != 64))) {
		err_set(e, "internal error: bad outside record '%s'", name);
		return -1;
	}
	o = &m->out[m->nout++];
	memset(o, 0, sizeof(*o));
	memcpy(o->name, name, strlen(name) + 1);
	o->offset = offset;
	o->size = size;
	if (sha256 != NULL)
		memcpy(o->sha256, sha256, strlen(sha256) + 1);
	snprintf(o->note, sizeof(o->note), "%s", note != NULL ? note : "");
	o->hostile = hostile != 0;
	return 0;
}

const struct manifest_entry *
manifest_find(const struct manifest *m, const char *path)
{
	size_t i;

	if (!m->sorted) {
		for (i = 0; i < m->n; i++)
			if (strcmp(m->v[i].path, path) == 0)
				return &m->v[i];
		return NULL;
	}
	i = marks_lower_bound(m, path);
	if (i < m->n && strcmp(m->v[i].path, path) == 0)
		return &m->v[i];
	return NULL;
}

const char *
manifest_type_name(enum manifest_type t)
{
	if ((unsigned)t >= sizeof(type_names) / sizeof(type_names[0]))
		return "other";
	return type_names[t];
}

int
manifest_type_parse(const char *s, enum manifest_type *t)
{
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strcmp(s, type_names[i]) == 0) {
			*t = (enum manifest_type)i;
			return 0;
		}
	return -1;
}

const char *
manifest_flag_name(unsigned bit)
{
	size_t i;

	for (i = 0; i < NFLAGS; i++)
		if (flag_names[i].bit == bit)
			return flag_names[i].name;
	return NULL;
}

int
manifest_flag_parse(const char *name, unsigned *bit)
{
	size_t i;

	for (i = 0; i < NFLAGS; i++)
		if (strcmp(name, flag_names[i].name) == 0) {
			*bit = flag_names[i].bit;
			return 0;
		}
	return -1;
}

int
manifest_hostile(const struct manifest *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->v[i].flags & MF_HOSTILE_MASK)
			return 1;
	for (i = 0; i < m->nout; i++)
		if (m->out[i].hostile)
			return 1;
	return 0;
}

/* Flag names of marks, "a,b", in buf, in bit order. */
static void
flag_list(unsigned flags, char *buf, size_t len)
{
	const char *name;
	unsigned bit;
	size_t n = 0;

	buf[0] = '\0';
	for (bit = 1; bit <= MF_HOSTILE_MASK && n < len; bit <<= 1)
		if ((flags & bit) && (name = manifest_flag_name(bit)) != NULL)
			n += (size_t)snprintf(buf + n, len - n, "%s%s",
			    n > 0 ? "," : "", name);
}

/* The root is not an entry: what is wrong with it is said outside. */
static int
root_records(struct manifest *m, struct err *e)
{
	char note[256], list[192];

	if (m->nroot > 1) {
		snprintf(note, sizeof(note), "%zu entries for the root "
		    "directory", m->nroot);
		if (manifest_outside_add(m, "root-duplicate", 0, 0, "", note,
		    1, e) < 0)
			return -1;
	}
	if (m->nroot > 0 && (m->root.flags & MF_HOSTILE_MASK) != 0) {
		flag_list(m->root.flags & MF_HOSTILE_MASK, list, sizeof(list));
		snprintf(note, sizeof(note), "the root directory entry is "
		    "marked %s", list);
		if (manifest_outside_add(m, "root-marked", 0, 0, "", note, 1,
		    e) < 0)
			return -1;
	}
	return 0;
}

int
manifest_finish(struct manifest *m, struct err *e)
{
	size_t i;

	if (m->cur != NULL) {
		err_set(e, "internal error: an entry's data is still open");
		return -1;
	}
	if (marks_apply(m, e) < 0 || root_records(m, e) < 0)
		return -1;
	m->flags = 0;
	for (i = 0; i < m->n; i++)
		m->flags |= m->v[i].flags;
	m->sorted = 1;
	return 0;
}
