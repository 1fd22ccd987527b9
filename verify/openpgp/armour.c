/* armour: decode ASCII-armoured detached signatures (RFC 9580 section 6).
 * The input is attacker-controlled: every line is checked, and the output
 * can never outgrow the input. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "openpgp/armour.h"

#define BEGIN_PGP	"-----BEGIN PGP "
#define DASHES		"-----"
#define SIG_TYPE	"SIGNATURE"
#define CRC24_INIT	0xB704CEUL
#define CRC24_POLY	0x1864CFBUL

/* Streaming base64 decoder for one armour block. */
struct b64 {
	uint32_t acc;
	int n;			/* characters in the current group */
	int pad;		/* '=' seen in the current group */
	int done;		/* padding ended the data */
};

enum astate { A_OUT, A_HEAD, A_BODY, A_CRC };

/* One armour_decode call. */
struct armour {
	const char *name;
	const char *type;	/* the blocks read: "SIGNATURE", ... */
	const char *what;	/* what they are, in words */
	char end[64];		/* their END line */
	unsigned char *out;	/* the decoded blocks, one after the other */
	size_t len;
	armour_block_fn block;
	void *arg;
	enum astate state;
	size_t blocks;		/* complete blocks */
	size_t start;		/* offset in out of this block */
	struct b64 d;
	int have_crc;
	uint32_t crc;
	size_t crc_no;		/* line of the checksum */
};

struct line {
	const unsigned char *p;
	size_t len;		/* trailing blanks and CR removed */
	size_t no;		/* 1-based */
};

/* Armour types that are not signatures, with what to tell the user. */
static const struct {
	const char *type;
	const char *msg;
} not_sig[] = {
	{ "PUBLIC KEY BLOCK", "this is an OpenPGP public key, not a "
	    "signature" },
	{ "SIGNED MESSAGE", "this is a clear-signed message, not a detached "
	    "signature" },
	{ "MESSAGE", "this is an OpenPGP message, not a detached signature" },
	{ "PRIVATE KEY BLOCK", "this is a PRIVATE key; do not share it; it is "
	    "not a signature" },
};

static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\f' || c == '\v';
}

static int
has_prefix(const unsigned char *p, size_t len, const char *s)
{
	size_t n = strlen(s);

	return len >= n && memcmp(p, s, n) == 0;
}

static int
line_is(const struct line *l, const char *s)
{
	return l->len == strlen(s) && memcmp(l->p, s, l->len) == 0;
}

/*
 * Base64 and the CRC-24 checksum.
 */

static int
b64_val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static uint32_t
crc24(const unsigned char *p, size_t n)
{
	uint32_t crc = CRC24_INIT;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		crc ^= (uint32_t)p[i] << 16;
		for (k = 0; k < 8; k++) {
			crc <<= 1;
			if (crc & 0x1000000)
				crc ^= CRC24_POLY;
		}
	}
	return crc & 0xFFFFFF;
}

/* Decodes one line of base64 into a->out; the output can never outgrow
 * the input, which a->out is as large as. */
static const char *
b64_line(struct armour *a, const struct line *l)
{
	struct b64 *d = &a->d;
	size_t i, k, out;
	int v;

	for (i = 0; i < l->len; i++) {
		if (d->done)
			return "base64 data after the padding";
		if (l->p[i] == '=') {
			if (d->n < 2)
				return "misplaced base64 padding";
			d->pad++;
		} else if ((v = b64_val(l->p[i])) < 0)
			return "invalid character in base64 data";
		else if (d->pad)
			return "misplaced base64 padding";
		else
			d->acc = d->acc << 6 | (uint32_t)v;
		if (++d->n < 4)
			continue;
		d->acc <<= 6 * d->pad;
		out = 3 - (size_t)d->pad;
		for (k = 0; k < out; k++)
			a->out[a->len++] = d->acc >> (16 - 8 * k) & 0xFF;
		d->done = d->pad != 0;
		d->n = d->pad = 0;
		d->acc = 0;
	}
	return NULL;
}

/* Parses the "=XXXX" checksum line. */
static int
crc_line(const struct line *l, uint32_t *crc)
{
	size_t i;
	int v;

	if (l->len != 5)
		return -1;
	for (*crc = 0, i = 1; i < 5; i++) {
		if ((v = b64_val(l->p[i])) < 0)
			return -1;
		*crc = *crc << 6 | (uint32_t)v;
	}
	return 0;
}

/*
 * The lines of the armour, one state each.
 */

/* A BEGIN line: t[0..tl) is what follows "-----BEGIN PGP ". */
static int
arm_begin(struct armour *a, const struct line *l, const unsigned char *t,
    size_t tl, struct err *e)
{
	size_t i, dl = strlen(DASHES);

	if (tl < dl || memcmp(t + tl - dl, DASHES, dl) != 0) {
		err_set(e, "'%s': line %zu: malformed armour BEGIN line",
		    a->name, l->no);
		return -1;
	}
	tl -= dl;
	if (tl == strlen(a->type) && memcmp(t, a->type, tl) == 0) {
		a->state = A_HEAD;
		a->start = a->len;
		memset(&a->d, 0, sizeof(a->d));
		a->have_crc = 0;
		return 0;
	}
	for (i = 0; strcmp(a->type, SIG_TYPE) == 0 &&
	    i < sizeof(not_sig) / sizeof(not_sig[0]); i++)
		if (tl == strlen(not_sig[i].type) &&
		    memcmp(t, not_sig[i].type, tl) == 0) {
			err_set(e, "'%s': %s", a->name, not_sig[i].msg);
			return -1;
		}
	err_set(e, "'%s': line %zu: unknown armour type (expected '-----BEGIN "
	    "PGP %s-----')", a->name, l->no, a->type);
	return -1;
}

/* Outside a block: blank lines, or the BEGIN line of the next one. */
static int
arm_out(struct armour *a, const struct line *l, struct err *e)
{
	size_t bl = strlen(BEGIN_PGP);

	if (l->len == 0)
		return 0;
	if (!has_prefix(l->p, l->len, BEGIN_PGP)) {
		err_set(e, "'%s': line %zu: unexpected text %s the %s",
		    a->name, l->no, a->blocks ? "after" : "before", a->what);
		return -1;
	}
	return arm_begin(a, l, l->p + bl, l->len - bl, e);
}

/* Armour headers ("Key: value") up to the empty line. */
static int
arm_head(struct armour *a, const struct line *l, struct err *e)
{
	size_t i;

	if (l->len == 0) {
		a->state = A_BODY;
		return 0;
	}
	for (i = 0; i < l->len && l->p[i] > ' ' && l->p[i] < 0x7F &&
	    l->p[i] != ':'; i++)
		;
	if (i > 0 && i < l->len && l->p[i] == ':' &&
	    (i + 1 == l->len || l->p[i + 1] == ' '))
		return 0;
	err_set(e, "'%s': line %zu: malformed armour header (expected "
	    "'Key: value' or an empty line)", a->name, l->no);
	return -1;
}

/* The END line: checks the base64 ended cleanly and the checksum, then
 * hands the block to the caller. */
static int
arm_end(struct armour *a, const struct line *l, struct err *e)
{
	if (!line_is(l, a->end)) {
		if (has_prefix(l->p, l->len, BEGIN_PGP))
			err_set(e, "'%s': line %zu: truncated armour (no "
			    "'%s' line before this one)", a->name, l->no,
			    a->end);
		else
			err_set(e, "'%s': line %zu: expected '%s'", a->name,
			    l->no, a->end);
		return -1;
	}
	if (a->d.n != 0) {
		err_set(e, "'%s': line %zu: incomplete base64 data", a->name,
		    l->no);
		return -1;
	}
	if (a->len == a->start) {
		err_set(e, "'%s': line %zu: empty armour block", a->name,
		    l->no);
		return -1;
	}
	if (a->have_crc && crc24(a->out + a->start, a->len - a->start) !=
	    a->crc) {
		err_set(e, "'%s': line %zu: armour checksum mismatch", a->name,
		    a->crc_no);
		return -1;
	}
	a->state = A_OUT;
	a->blocks++;
	if (a->block == NULL)
		return 0;
	return a->block(a->arg, a->start, a->len - a->start, e);
}

/* Inside a block after the headers: base64 lines, the checksum, END. */
static int
arm_body(struct armour *a, const struct line *l, struct err *e)
{
	const char *r;

	if (has_prefix(l->p, l->len, DASHES))
		return arm_end(a, l, e);
	if (l->len == 0) {
		err_set(e, "'%s': line %zu: empty line inside the armour",
		    a->name, l->no);
		return -1;
	}
	if (l->len == 5 && l->p[0] == '=') {
		if (crc_line(l, &a->crc) == -1) {
			err_set(e, "'%s': line %zu: malformed armour checksum",
			    a->name, l->no);
			return -1;
		}
		a->have_crc = 1;
		a->crc_no = l->no;
		a->state = A_CRC;
		return 0;
	}
	if ((r = b64_line(a, l)) != NULL) {
		err_set(e, "'%s': line %zu: %s", a->name, l->no, r);
		return -1;
	}
	return 0;
}

/*
 * Lines.
 */

/* Cuts the next line out of buf, without its line ending and trailing
 * blanks. Returns 0 at the end of the input. */
static int
next_line(const unsigned char *buf, size_t len, size_t *pos, struct line *l)
{
	const unsigned char *nl;

	if (*pos >= len)
		return 0;
	l->p = buf + *pos;
	nl = memchr(l->p, '\n', len - *pos);
	l->len = nl != NULL ? (size_t)(nl - l->p) : len - *pos;
	*pos += l->len + (nl != NULL);
	while (l->len > 0 && is_blank(l->p[l->len - 1]))
		l->len--;
	l->no++;
	return 1;
}

/* Hands one line to the state it belongs to. */
static int
arm_line(struct armour *a, struct line *l, struct err *e)
{
	switch (a->state) {
	case A_OUT:
		while (l->len > 0 && is_blank(l->p[0])) {
			l->p++;
			l->len--;
		}
		return arm_out(a, l, e);
	case A_HEAD:
		return arm_head(a, l, e);
	case A_BODY:
		return arm_body(a, l, e);
	case A_CRC:
		break;
	}
	return arm_end(a, l, e);
}

/* Whether some line starts with "-----BEGIN PGP ", so that text before
 * the armour gets a message naming its line. */
static int
find_begin(const unsigned char *buf, size_t len)
{
	size_t i = 0;

	while (i < len) {
		while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
			i++;
		if (has_prefix(buf + i, len - i, BEGIN_PGP))
			return 1;
		while (i < len && buf[i] != '\n')
			i++;
		i++;
	}
	return 0;
}

int
armour_detect(const unsigned char *buf, size_t len)
{
	size_t i;

	if (buf == NULL)
		return 0;
	for (i = 0; i < len && is_blank(buf[i]); i++)
		;
	if (i == len)
		return 0;
	return has_prefix(buf + i, len - i, BEGIN_PGP) ||
	    ((buf[i] & 0x80) == 0 && find_begin(buf, len));
}

/* One decoding of the blocks of a type. */
static int
decode(const unsigned char *buf, size_t len, const char *name,
    const char *type, const char *what, unsigned char *out, size_t *outlen,
    armour_block_fn block, void *arg, struct err *e)
{
	struct armour a;
	struct line l;
	size_t pos = 0;
	int rc = -1;

	memset(&a, 0, sizeof(a));
	memset(&l, 0, sizeof(l));
	a.name = name;
	a.type = type;
	a.what = what;
	snprintf(a.end, sizeof(a.end), "-----END PGP %s-----", type);
	a.out = out;
	a.block = block;
	a.arg = arg;
	while (next_line(buf, len, &pos, &l))
		if (arm_line(&a, &l, e) == -1)
			goto out;
	if (a.state != A_OUT || a.blocks == 0) {
		err_set(e, "'%s': truncated armour (no '%s' line)", name,
		    a.end);
		goto out;
	}
	rc = 0;
out:
	*outlen = a.len;
	return rc;
}

int
armour_decode(const unsigned char *buf, size_t len, const char *name,
    unsigned char *out, size_t *outlen, armour_block_fn block, void *arg,
    struct err *e)
{
	return decode(buf, len, name, SIG_TYPE, "signature", out, outlen,
	    block, arg, e);
}

int
armour_is_file(const unsigned char *buf, size_t len)
{
	static const char begin[] = BEGIN_PGP "ARMORED FILE-----";
	size_t i;

	for (i = 0; i < len && is_blank(buf[i]); i++)
		;
	return has_prefix(buf + i, len - i, begin);
}

int
armour_decode_file(const unsigned char *buf, size_t len, const char *name,
    unsigned char *out, size_t *outlen, struct err *e)
{
	return decode(buf, len, name, "ARMORED FILE", "armoured file", out,
	    outlen, NULL, NULL, e);
}
