#include <stdlib.h>
#include <string.h>

#include "openpgp/cleartext.h"

#define SIG_BEGIN "-----BEGIN PGP SIGNATURE-----"

struct line {
	const unsigned char *p;
	size_t len;		/* without its LF */
	size_t no;		/* 1-based */
	size_t off;		/* where it starts in the input */
};

/* The line at *pos, and *pos moved past it; 0 at the end. */
static int
next_line(const unsigned char *buf, size_t len, size_t *pos, size_t *no,
    struct line *l)
{
	const unsigned char *nl;

	if (*pos >= len)
		return 0;
	l->p = buf + *pos;
	l->off = *pos;
	l->no = ++*no;
	nl = memchr(l->p, '\n', len - *pos);
	l->len = nl != NULL ? (size_t)(nl - l->p) : len - *pos;
	*pos += l->len + (nl != NULL);
	return 1;
}

/* Length without trailing spaces, tabs and CR (RFC 9580 section 7.2: they
 * are not part of the signed text; a CR ends the line). */
static size_t
trimmed(const unsigned char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
	    p[n - 1] == '\r'))
		n--;
	return n;
}

static int
is(const struct line *l, const char *s)
{
	size_t n = strlen(s);

	return trimmed(l->p, l->len) == n && memcmp(l->p, s, n) == 0;
}

int
cleartext_detect(const unsigned char *buf, size_t len)
{
	struct line l;
	size_t pos = 0, no = 0;

	while (next_line(buf, len, &pos, &no, &l))
		if (is(&l, CLEARTEXT_BEGIN))
			return 1;
	return 0;
}

void
cleartext_init(struct cleartext *c)
{
	memset(c, 0, sizeof(*c));
}

void
cleartext_release(struct cleartext *c)
{
	if (c == NULL)
		return;
	free(c->text);
	cleartext_init(c);
}

/* The names a Hash header may give (RFC 9580 section 9.5), and their
 * OpenPGP algorithm IDs. */
static const struct {
	const char *name;
	int id;
} hash_names[] = {
	{ "MD5", 1 }, { "SHA1", 2 }, { "RIPEMD160", 3 }, { "SHA256", 8 },
	{ "SHA384", 9 }, { "SHA512", 10 }, { "SHA224", 11 },
	{ "SHA3-256", 12 }, { "SHA3-512", 14 },
};

/* "Hash: SHA256, SHA512": 1 and the algorithms' bits added to *bits;
 * 0 if the line is no such header or names an unknown algorithm. */
static int
hash_header(const struct line *l, unsigned *bits)
{
	size_t n = trimmed(l->p, l->len), i, k, w;
	const char *p = (const char *)l->p;

	if (n <= 6 || memcmp(p, "Hash: ", 6) != 0)
		return 0;
	for (i = 6; i < n; i += w) {
		while (i < n && (p[i] == ' ' || p[i] == ','))
			i++;
		for (w = 0; i + w < n && p[i + w] != ',' && p[i + w] != ' ';
		    w++)
			;
		if (w == 0)
			break;
		for (k = 0; k < sizeof(hash_names) / sizeof(hash_names[0]);
		    k++)
			if (strlen(hash_names[k].name) == w &&
			    memcmp(p + i, hash_names[k].name, w) == 0)
				break;
		if (k == sizeof(hash_names) / sizeof(hash_names[0]))
			return 0;
		*bits |= 1u << hash_names[k].id;
	}
	return 1;
}

int
cleartext_hash_named(const struct cleartext *c, int algo)
{
	return algo > 0 && algo < 32 && (c->hashes & (1u << algo)) != 0;
}

enum err_status
cleartext_split(const unsigned char *buf, size_t len, const char *name,
    struct cleartext *c, struct err *e)
{
	struct line l;
	size_t pos = 0, no = 0, n, lines = 0;
	unsigned char *t;
	int blank;

	cleartext_init(c);
	if (memchr(buf, '\0', len) != NULL) {
		err_set(e, "'%s': a NUL byte in a clear-signed message", name);
		return ERR_REFUSED;
	}
	if (!next_line(buf, len, &pos, &no, &l) || !is(&l, CLEARTEXT_BEGIN)) {
		err_set(e, "'%s': line 1: not the start of a clear-signed "
		    "message ('%s' alone on the first line)", name,
		    CLEARTEXT_BEGIN);
		return ERR_REFUSED;
	}
	while ((blank = next_line(buf, len, &pos, &no, &l)) &&
	    trimmed(l.p, l.len) > 0)
		if (!hash_header(&l, &c->hashes)) {
			err_set(e, "'%s': line %zu: not a 'Hash: ALGO' header "
			    "naming known algorithms (the only header of a "
			    "clear-signed message; a blank line ends them)",
			    name, l.no);
			return ERR_REFUSED;
		}
	if (c->hashes == 0)
		c->hashes = 1u << 1;	/* no header: MD5 */
	if (!blank) {
		err_set(e, "'%s': the clear-signed message ends in its "
		    "headers", name);
		return ERR_REFUSED;
	}
	/* Each line of the text takes at most twice its input. */
	if ((t = c->text = malloc(2 * len + 1)) == NULL) {
		err_set(e, "out of memory");
		return ERR_FAILED;
	}
	for (;;) {
		if (!next_line(buf, len, &pos, &no, &l)) {
			err_set(e, "'%s': the clear-signed message has no "
			    "'%s' line", name, SIG_BEGIN);
			goto refused;
		}
		if (is(&l, SIG_BEGIN))
			break;
		n = trimmed(l.p, l.len);
		if (n > 0 && l.p[0] == '-') {
			if (n < 2 || l.p[1] != ' ') {
				err_set(e, "'%s': line %zu starts with '-' but "
				    "is not dash-escaped ('- ')", name, l.no);
				goto refused;
			}
			l.p += 2;
			n -= 2;
		}
		if (lines++ > 0) {
			*t++ = '\r';
			*t++ = '\n';
		}
		memcpy(t, l.p, n);
		t += n;
	}
	c->len = (size_t)(t - c->text);
	c->text[c->len] = '\0';
	c->sig_off = l.off;
	c->sig_line = l.no;
	return ERR_OK;
refused:
	cleartext_release(c);
	return ERR_REFUSED;
}
