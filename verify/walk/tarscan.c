#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "walk/tarscan.h"

#define TS_BLOCK	512
#define TS_KEEP		256	/* data starts kept, of the last entries seen */
#define TS_X		0x1u	/* extension headers seen for the next entry */
#define TS_L		0x2u
#define TS_K		0x4u

enum ts_state { TS_HEADER, TS_SKIP, TS_BODY, TS_END, TS_FAILED };

/* What the extension headers said about the entry after them. */
struct ts_ext {
	unsigned kinds;		/* TS_X, TS_L, TS_K */
	int has_size;		/* pax "size" */
	uint64_t size;
	int pax_path, pax_link;	/* pax "path", "linkpath" given */
	int path_set, path_slash;	/* a new name; it ends in "/" */
	int link_set;		/* a new link target */
};

struct tarscan {
	enum ts_state st;
	uint64_t pos;		/* offset of the next byte fed */
	unsigned char h[TS_BLOCK];	/* the header being read */
	size_t hn;		/* its bytes so far */
	uint64_t hoff;		/* its offset (kept while its data is read) */
	uint64_t skip;		/* TS_SKIP: bytes to pass over */
	unsigned char kind;	/* TS_BODY: 'x', 'L' or 'K' */
	unsigned char *body;	/* its data */
	size_t blen, bn, bcap, max_ext;
	struct ts_ext x;
	uint64_t n;		/* entries seen */
	uint64_t data[TS_KEEP];	/* entry k's data offset at [k % TS_KEEP] */
	uint64_t end;		/* offset of the end-of-archive block */
	int not_tar;
};

static const unsigned char magic_posix[8] = { 'u', 's', 't', 'a', 'r', 0,
    '0', '0' };
static const unsigned char magic_gnu[8] = { 'u', 's', 't', 'a', 'r', ' ',
    ' ', 0 };

static int fail(struct tarscan *s, struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(struct tarscan *s, struct err *e, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set(e, "tar header at offset %llu: %s", (unsigned long long)s->hoff,
	    msg);
	s->st = TS_FAILED;
	return -1;
}

static int
zero(const unsigned char *p, size_t n)
{
	while (n > 0 && p[n - 1] == 0)
		n--;
	return n == 0;
}

/* A typeflag as the messages show it: 'V', '\0', '\xHH'. */
static const char *
flag_name(unsigned char t, char buf[8])
{
	if (t > 0x20 && t < 0x7f)
		snprintf(buf, 8, "%c", t);
	else if (t == 0)
		snprintf(buf, 8, "\\0");
	else
		snprintf(buf, 8, "\\x%02x", t);
	return buf;
}

/* A numeric field: spaces, octal digits, then only NULs and spaces; or
 * base-256 (first byte 0x80) when big is set. -1 if anything else. */
static int
number(const unsigned char *p, size_t n, int big, uint64_t *v)
{
	size_t i = 0, digits = 0;

	*v = 0;
	if (big && n > 0 && p[0] == 0x80) {
		for (i = 1; i < n; i++) {
			if (*v >> 56)
				return -1;
			*v = *v << 8 | p[i];
		}
		return 0;
	}
	while (i < n && p[i] == ' ')
		i++;
	for (; i < n && p[i] >= '0' && p[i] <= '7'; i++, digits++) {
		if (*v >> 60)
			return -1;
		*v = *v * 8 + (uint64_t)(p[i] - '0');
	}
	for (; i < n; i++)
		if (p[i] != ' ' && p[i] != 0)
			return -1;
	return digits > 0 ? 0 : -1;
}

/* The checksum, as GNU tar accepts it: the unsigned or the signed sum of
 * the header with the checksum field read as spaces. */
static int
checksum_ok(const unsigned char *h)
{
	uint64_t want, u = 0;
	int64_t sg = 0;
	size_t i;

	if (number(h + 148, 8, 0, &want) < 0)
		return 0;
	for (i = 0; i < TS_BLOCK; i++) {
		unsigned char c = i >= 148 && i < 156 ? ' ' : h[i];

		u += c;
		sg += (signed char)c;
	}
	return want == u || (sg >= 0 && want == (uint64_t)sg);
}

/* The header's own name ends in "/" (with the POSIX prefix before it). */
static int
name_slash(const unsigned char *h, int posix)
{
	size_t n = strnlen((const char *)h, 100);

	if (n > 0)
		return h[n - 1] == '/';
	return posix && h[345] != 0;	/* "PREFIX/" */
}

/* ---- extension data ---- */

static const char *const pax_std[] = { "path", "linkpath", "size", "uid",
	"gid", "uname", "gname", "mtime", "atime", "ctime", "charset",
	"hdrcharset", "comment" };

static int
pax_value(struct tarscan *s, struct err *e, const char *key, size_t klen,
    const char *v, size_t vlen)
{
	size_t i;

	if (klen == 4 && memcmp(key, "size", 4) == 0) {
		if (vlen == 0 || vlen > 19 || strspn(v, "0123456789") < vlen)
			return fail(s, e, "pax size is not a decimal number");
		s->x.has_size = 1;
		for (s->x.size = 0, i = 0; i < vlen; i++)
			s->x.size = s->x.size * 10 + (uint64_t)(v[i] - '0');
	} else if ((klen == 4 && memcmp(key, "path", 4) == 0) ||
	    (klen == 8 && memcmp(key, "linkpath", 8) == 0)) {
		if (vlen == 0)
			return fail(s, e, "empty pax %s", klen == 4 ? "path" :
			    "linkpath");
		if (klen == 4) {
			s->x.pax_path = s->x.path_set = 1;
			s->x.path_slash = v[vlen - 1] == '/';
		} else
			s->x.pax_link = s->x.link_set = 1;
	}
	return 0;
}

/* A key the readers treat differently: sparse files (the data is a map
 * and holes), or star's real size. */
static int
pax_refused(const char *key, size_t klen)
{
	return (klen >= 11 && memcmp(key, "GNU.sparse.", 11) == 0) ||
	    (klen == 15 && memcmp(key, "SCHILY.realsize", 15) == 0) ||
	    (klen == 13 && memcmp(key, "SCHILY.offset", 13) == 0);
}

static int
pax_key(struct tarscan *s, struct err *e, const char *key, size_t klen,
    unsigned *seen)
{
	char *q;
	size_t i;

	if (pax_refused(key, klen)) {
		q = escape_dup(key, klen);
		fail(s, e, "pax key '%s' (a sparse file) is not accepted",
		    q != NULL ? q : "?");
		free(q);
		return -1;
	}
	for (i = 0; i < sizeof(pax_std) / sizeof(pax_std[0]); i++)
		if (strlen(pax_std[i]) == klen &&
		    memcmp(pax_std[i], key, klen) == 0) {
			if (*seen & 1u << i)
				return fail(s, e, "pax key '%s' given twice",
				    pax_std[i]);
			*seen |= 1u << i;
		}
	return 0;
}

/* Records "LEN KEY=VALUE\n", and nothing else. */
static int
pax_data(struct tarscan *s, struct err *e)
{
	const char *b = (const char *)s->body, *p, *q, *key, *eq;
	size_t at = 0, len, rest;
	unsigned seen = 0;

	while (at < s->blen) {
		p = b + at;
		rest = s->blen - at;
		for (q = p, len = 0; q < p + rest && *q >= '0' && *q <= '9' &&
		    len <= rest; q++)
			len = len * 10 + (size_t)(*q - '0');
		if (q == p || q == p + rest || *q != ' ' || len > rest ||
		    len < (size_t)(q - p) + 4 || p[len - 1] != '\n')
			return fail(s, e, "malformed pax record at byte %zu of "
			    "its data", at);
		key = q + 1;
		eq = memchr(key, '=', (size_t)(p + len - 1 - key));
		if (eq == NULL || eq == key ||
		    memchr(key, '\0', (size_t)(eq - key)) != NULL ||
		    memchr(key, '\n', (size_t)(eq - key)) != NULL)
			return fail(s, e, "malformed pax record at byte %zu of "
			    "its data", at);
		if (pax_key(s, e, key, (size_t)(eq - key), &seen) < 0 ||
		    pax_value(s, e, key, (size_t)(eq - key), eq + 1,
		    (size_t)(p + len - 1 - (eq + 1))) < 0)
			return -1;
		at += len;
	}
	return 0;
}

/* The data of an 'x', 'L' or 'K' header, read in full. */
static int
body_done(struct tarscan *s, struct err *e)
{
	size_t n;

	if (s->kind == 'x') {
		if (pax_data(s, e) < 0)
			return -1;
	} else {
		n = strnlen((const char *)s->body, s->blen);
		if (n == 0)
			return fail(s, e, "empty GNU long %s", s->kind == 'L' ?
			    "name" : "link target");
		if (s->kind == 'L') {
			s->x.path_set = 1;
			s->x.path_slash = s->body[n - 1] == '/';
		} else
			s->x.link_set = 1;
	}
	s->st = s->skip > 0 ? TS_SKIP : TS_HEADER;
	return 0;
}

/* ---- headers ---- */

static int
extension(struct tarscan *s, struct err *e, unsigned char t, uint64_t size)
{
	unsigned bit = t == 'x' ? TS_X : t == 'L' ? TS_L : TS_K;
	unsigned char *nb;

	if (s->x.kinds & bit)
		return fail(s, e, "two typeflag '%c' headers for one entry", t);
	if (size > s->max_ext)
		return fail(s, e, "typeflag '%c' data of %llu bytes is larger "
		    "than %zu bytes", t, (unsigned long long)size, s->max_ext);
	s->x.kinds |= bit;
	s->kind = t;
	s->blen = (size_t)size;
	s->bn = 0;
	s->skip = (TS_BLOCK - size % TS_BLOCK) % TS_BLOCK;
	if (s->blen + 1 > s->bcap) {
		if ((nb = realloc(s->body, s->blen + 1)) == NULL) {
			err_set(e, "out of memory");
			s->st = TS_FAILED;
			return -1;
		}
		s->body = nb;
		s->bcap = s->blen + 1;
	}
	s->body[s->blen] = 0;
	s->st = TS_BODY;
	return s->blen == 0 ? body_done(s, e) : 0;
}

static int
entry(struct tarscan *s, struct err *e, int file, uint64_t size, int posix)
{
	const unsigned char *h = s->h;
	unsigned char t = h[156];
	uint64_t eff = s->x.has_size ? s->x.size : size;
	char f[8];

	if (!file && (size != 0 || eff != 0))
		return fail(s, e, "typeflag '%s' with %llu bytes of data is not "
		    "accepted (only files carry data)", flag_name(t, f),
		    (unsigned long long)eff);
	if ((s->x.kinds & TS_L) && s->x.pax_path)
		return fail(s, e, "both a pax path and a GNU long name");
	if ((s->x.kinds & TS_K) && s->x.pax_link)
		return fail(s, e, "both a pax linkpath and a GNU long link");
	if ((h[157] != 0 || s->x.link_set) && t != '1' && t != '2')
		return fail(s, e, "a link target on typeflag '%s' is not "
		    "accepted", flag_name(t, f));
	if ((t == 0 && name_slash(h, posix)) || (file && (s->x.path_set ?
	    s->x.path_slash : name_slash(h, posix))))
		return fail(s, e, "a file whose name ends in '/' is not accepted");
	if (eff > UINT64_MAX - TS_BLOCK)
		return fail(s, e, "size out of range");
	s->n++;
	s->data[s->n % TS_KEEP] = s->hoff + TS_BLOCK;
	s->skip = file ? (eff + TS_BLOCK - 1) / TS_BLOCK * TS_BLOCK : 0;
	memset(&s->x, 0, sizeof(s->x));
	s->st = s->skip > 0 ? TS_SKIP : TS_HEADER;
	return 0;
}

/* Magic and version, and the fields the format leaves empty. */
static int
format_ok(struct tarscan *s, struct err *e, int *posix)
{
	const unsigned char *h = s->h;
	int gnu = memcmp(h + 257, magic_gnu, 8) == 0;
	char *q;

	*posix = memcmp(h + 257, magic_posix, 8) == 0;
	if (!*posix && !gnu && !zero(h + 257, 8)) {
		s->not_tar = s->hoff == 0;
		q = escape_dup((const char *)h + 257, 8);
		fail(s, e, "magic '%s' is not accepted", q != NULL ? q : "?");
		free(q);
		return -1;
	}
	if (gnu && !zero(h + 345, 155))
		return fail(s, e, "a GNU header with data in the POSIX prefix "
		    "field is not accepted");
	if (!*posix && !gnu && !zero(h + 257, 243))
		return fail(s, e, "a v7 header with data after the link name is "
		    "not accepted");
	return 0;
}

static int
header(struct tarscan *s, struct err *e)
{
	const unsigned char *h = s->h;
	unsigned char t = h[156];
	uint64_t size;
	int posix;
	char f[8];

	if (zero(h, TS_BLOCK)) {
		if (s->x.kinds != 0)
			return fail(s, e, "an extended header is not followed "
			    "by an entry");
		s->end = s->hoff;
		s->st = TS_END;
		return 0;
	}
	if (!checksum_ok(h)) {
		s->not_tar = s->hoff == 0;
		return fail(s, e, "the header checksum does not match");
	}
	if (format_ok(s, e, &posix) < 0)
		return -1;
	if (number(h + 124, 12, 1, &size) < 0)
		return fail(s, e, "the size field is not a number");
	switch (t) {
	case 'x':
	case 'L':
	case 'K':
		return extension(s, e, t, size);
	case '0':
	case 0:
	case '7':
		return entry(s, e, 1, size, posix);
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
		return entry(s, e, 0, size, posix);
	case 'g':
		return fail(s, e, "typeflag 'g' (pax global header) is not "
		    "accepted");
	default:
		return fail(s, e, "typeflag '%s' is not accepted",
		    flag_name(t, f));
	}
}

/* ---- the stream ---- */

struct tarscan *
tarscan_new(size_t max_ext)
{
	struct tarscan *s = calloc(1, sizeof(*s));

	if (s != NULL)
		s->max_ext = max_ext;
	return s;
}

void
tarscan_free(struct tarscan *s)
{
	if (s == NULL)
		return;
	free(s->body);
	free(s);
}

/* Takes up to len bytes in the current state; *used says how many. */
static int
step(struct tarscan *s, const unsigned char *p, size_t len, size_t *used,
    struct err *e)
{
	size_t k;

	switch (s->st) {
	case TS_END:
		*used = len;
		return 0;
	case TS_SKIP:
		k = s->skip < len ? (size_t)s->skip : len;
		s->skip -= k;
		*used = k;
		if (s->skip == 0)
			s->st = TS_HEADER;
		return 0;
	case TS_BODY:
		k = s->blen - s->bn < len ? s->blen - s->bn : len;
		memcpy(s->body + s->bn, p, k);
		s->bn += k;
		*used = k;
		return s->bn == s->blen ? body_done(s, e) : 0;
	case TS_HEADER:
		if (s->hn == 0)
			s->hoff = s->pos;
		k = TS_BLOCK - s->hn < len ? TS_BLOCK - s->hn : len;
		memcpy(s->h + s->hn, p, k);
		s->hn += k;
		*used = k;
		if (s->hn < TS_BLOCK)
			return 0;
		s->hn = 0;
		return header(s, e);
	default:
		err_set(e, "tar stream already refused");
		return -1;
	}
}

int
tarscan_feed(struct tarscan *s, const void *buf, size_t len, struct err *e)
{
	const unsigned char *p = buf;
	size_t used;

	while (len > 0) {
		used = 0;
		if (step(s, p, len, &used, e) < 0)
			return -1;
		s->pos += used;
		p += used;
		len -= used;
	}
	return 0;
}

uint64_t
tarscan_entries(const struct tarscan *s)
{
	return s->n;
}

int
tarscan_data_start(const struct tarscan *s, uint64_t k, uint64_t *off)
{
	if (k == 0 || k > s->n || s->n - k >= TS_KEEP)
		return -1;
	*off = s->data[k % TS_KEEP];
	return 0;
}

int
tarscan_ended(const struct tarscan *s, uint64_t *at)
{
	if (s->st != TS_END)
		return 0;
	*at = s->end;
	return 1;
}

int
tarscan_not_tar(const struct tarscan *s)
{
	return s->not_tar;
}
