/* Unit tests for verify/pgp.c: real Electrum signatures and keys from
 * ../shared/electrum (tests run from the top of the repository), and
 * hand-built packets for what the real data does not show. Expected values
 * come from `gpg --list-packets` (GnuPG 2.2.40). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include <gcrypt.h>

#include "openpgp/pgp.h"

#define DATA "../shared/electrum/"
#define SIG481 DATA "signatures/4.8.1/Electrum-4.8.1.tar.gz/Electrum-4.8.1.tar.gz."
#define FELIX481 SIG481 "felixb_f321x.asc"
#define EMZY481 SIG481 "Emzy.asc"
#define SVANSTAA481 SIG481 "svanstaa.asc"
#define THOMASV_TAG DATA "signed-tags/4.6.2.tag.asc"
#define SOMBER334 DATA "signatures/3.3.4/electrum-3.3.4.exe/electrum-3.3.4.exe.sombernight.asc"

/* One expected signature, as gpg --list-packets shows it. */
struct want {
	int version, sigclass, pkalgo, hashalgo;
	int64_t created;
	const char *keyid;	/* hex */
	const char *fpr;	/* hex, or NULL */
	size_t len;		/* whole packet */
};

static const struct want felix481 = { 4, 0x00, 19, 8, 1786538355,
	"7ED8D82B37192688", "AA0BC6824B397BBA99776E157ED8D82B37192688", 119 };
static const struct want emzy481 = { 4, 0x00, 1, 10, 1786539550,
	"3152347D07DA627C", "637DB1E23370F84AFF88CCE03152347D07DA627C", 566 };
static const struct want svanstaa481 = { 4, 0x00, 1, 10, 1786537949,
	"CFB2C83C66CD792A", "33C103B4B2794170546CCF7BCFB2C83C66CD792A", 566 };
static const struct want thomasv462 = { 4, 0x00, 1, 10, 1756059512,
	"2BD5824B7F9470E6", "6694D8DE7BE8EE5631BED9502BD5824B7F9470E6", 566 };
static const struct want somber334 = { 4, 0x00, 1, 8, 1550097900,
	"B33B5F232C6271E9", "6D7A2116DA909E00AC21108BB33B5F232C6271E9", 566 };

/*
 * Helpers.
 */

static void
hex(const char *h, unsigned char *out, size_t n)
{
	size_t i;
	unsigned int v;

	assert_int_equal(strlen(h), 2 * n);
	for (i = 0; i < n; i++) {
		assert_int_equal(sscanf(h + 2 * i, "%2x", &v), 1);
		out[i] = (unsigned char)v;
	}
}

/* A base64 decoder written independently of pgp.c: decodes the armour
 * body (after the first empty line, up to the "=" checksum line). */
static unsigned char *
unarmour(const unsigned char *in, size_t len, size_t *outlen)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char *out = malloc(len);
	const char *q;
	uint32_t acc = 0;
	size_t i = 0, n = 0;
	int bits = 0;

	assert_non_null(out);
	while (i + 1 < len && !(in[i] == '\n' && in[i + 1] == '\n'))
		i++;
	for (i += 2; i < len; i++) {
		if (in[i] == '\n' && i + 1 < len && (in[i + 1] == '=' ||
		    in[i + 1] == '-'))
			break;
		if (in[i] == '\n' || in[i] == '\r' || in[i] == '=')
			continue;
		q = memchr(tab, in[i], 64);
		assert_non_null(q);
		acc = acc << 6 | (uint32_t)(q - tab);
		if ((bits += 6) >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	*outlen = n;
	return out;
}

static void
check_sig(const struct pgp_sig *g, const struct want *w)
{
	unsigned char id[8], fpr[32];

	assert_int_equal(g->version, w->version);
	assert_int_equal(g->sigclass, w->sigclass);
	assert_int_equal(g->pkalgo, w->pkalgo);
	assert_int_equal(g->hashalgo, w->hashalgo);
	assert_int_equal(g->created, w->created);
	assert_int_equal(g->expires, 0);
	assert_int_equal(g->has_keyid, 1);
	hex(w->keyid, id, 8);
	assert_memory_equal(g->keyid, id, 8);
	if (w->fpr != NULL) {
		assert_int_equal(g->fpr_len, strlen(w->fpr) / 2);
		hex(w->fpr, fpr, g->fpr_len);
		assert_memory_equal(g->fpr, fpr, g->fpr_len);
	} else
		assert_int_equal(g->fpr_len, 0);
	assert_int_equal(g->len, w->len);
}

/* Runs pgp_sigs_add on buf and checks it fails with msg in the message
 * and appends nothing. */
static void
add_fails(const void *buf, size_t len, const char *msg)
{
	struct pgp_sigs s;
	struct err e;

	pgp_sigs_init(&s);
	e.msg[0] = '\0';
	assert_int_equal(pgp_sigs_add(&s, buf, len, "x.asc", &e), -1);
	if (strstr(e.msg, msg) == NULL)
		fail_msg("message '%s' lacks '%s'", e.msg, msg);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.bin_len, 0);
	assert_int_equal(s.files, 0);
	pgp_sigs_release(&s);
}

static void
add_file_fails(const char *path, const char *msg)
{
	unsigned char *buf;
	size_t len;

	buf = slurp(path, &len);
	add_fails(buf, len, msg);
	free(buf);
}

/* pgp_sigs_add fails on the file at path, and its message lacks word. */
static void
add_file_lacks(const char *path, const char *word)
{
	struct pgp_sigs s;
	struct err e;
	unsigned char *buf;
	size_t len;

	buf = slurp(path, &len);
	pgp_sigs_init(&s);
	e.msg[0] = '\0';
	assert_int_equal(pgp_sigs_add(&s, buf, len, "x.asc", &e), -1);
	if (strstr(e.msg, word) != NULL)
		fail_msg("message '%s' has '%s'", e.msg, word);
	pgp_sigs_release(&s);
	free(buf);
}

/*
 * Hand-built packets.
 */

enum hdr { NEW1, NEW2, NEW5, OLD1, OLD2, OLD4 };

/* Writes a tag 2 packet header of the given form, then the body. */
static size_t
wrap(unsigned char *out, enum hdr h, const unsigned char *body, size_t bl)
{
	size_t n = 0;

	switch (h) {
	case NEW1:
		out[n++] = 0xC2;
		out[n++] = (unsigned char)bl;
		break;
	case NEW2:
		out[n++] = 0xC2;
		out[n++] = (unsigned char)(((bl - 192) >> 8) + 192);
		out[n++] = (unsigned char)(bl - 192);
		break;
	case NEW5:
		out[n++] = 0xC2;
		out[n++] = 0xFF;
		out[n++] = 0;
		out[n++] = 0;
		out[n++] = (unsigned char)(bl >> 8);
		out[n++] = (unsigned char)bl;
		break;
	case OLD1:
		out[n++] = 0x88;
		out[n++] = (unsigned char)bl;
		break;
	case OLD2:
		out[n++] = 0x89;
		out[n++] = (unsigned char)(bl >> 8);
		out[n++] = (unsigned char)bl;
		break;
	case OLD4:
		out[n++] = 0x8A;
		out[n++] = 0;
		out[n++] = 0;
		out[n++] = (unsigned char)(bl >> 8);
		out[n++] = (unsigned char)bl;
		break;
	}
	memcpy(out + n, body, bl);
	return n + bl;
}

/* Hashed: creation time 0x5F5E1000 (2020-09-13) and a v4 issuer
 * fingerprint 01..14; unhashed: nothing. Key ID from the fingerprint. */
static const unsigned char hashed_std[] = {
	5, 2, 0x5F, 0x5E, 0x10, 0x00,
	22, 33, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
	18, 19, 20,
};

/* A v4 body: version, class 0x00, RSA, SHA-256, the areas, left16, one
 * MPI. */
static size_t
body_v4(unsigned char *out, int version, const unsigned char *h, size_t hl,
    const unsigned char *u, size_t ul)
{
	static const unsigned char tail[] = { 0xAB, 0xCD, 0x00, 0x08, 0xFF };
	size_t n = 0;

	out[n++] = (unsigned char)version;
	out[n++] = 0x00;
	out[n++] = 1;
	out[n++] = 8;
	out[n++] = (unsigned char)(hl >> 8);
	out[n++] = (unsigned char)hl;
	if (hl > 0)
		memcpy(out + n, h, hl);
	n += hl;
	out[n++] = (unsigned char)(ul >> 8);
	out[n++] = (unsigned char)ul;
	if (ul > 0)
		memcpy(out + n, u, ul);
	n += ul;
	memcpy(out + n, tail, sizeof(tail));
	return n + sizeof(tail);
}

/* The standard hand-built v4 packet, new format. */
static size_t
pkt_std(unsigned char *out)
{
	unsigned char body[256];
	size_t bl;

	bl = body_v4(body, 4, hashed_std, sizeof(hashed_std), NULL, 0);
	return wrap(out, NEW1, body, bl);
}

/* Builds a v4 packet with the given areas and checks it is refused as a
 * malformed subpacket. */
static void
subpacket_fails(const unsigned char *h, size_t hl, const unsigned char *u,
    size_t ul)
{
	unsigned char body[300], pkt[310];
	size_t bl, pl;

	bl = body_v4(body, 4, h, hl, u, ul);
	pl = wrap(pkt, NEW1, body, bl);
	add_fails(pkt, pl, "'x.asc': packet 1: malformed subpacket");
}

/*
 * Real armoured signatures.
 */

static void
test_real_armoured(void **state)
{
	struct pgp_sigs s;
	struct err e;
	unsigned char *buf, *bin;
	size_t len, binlen;

	(void)state;
	pgp_sigs_init(&s);
	buf = slurp(FELIX481, &len);
	assert_int_equal(pgp_sigs_add(&s, buf, len, "f.asc", &e), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.files, 1);
	check_sig(&s.v[0], &felix481);
	assert_int_equal(s.v[0].off, 0);
	assert_int_equal(s.v[0].file, 0);
	assert_int_equal(s.bin_len, 119);
	bin = unarmour(buf, len, &binlen);
	assert_int_equal(binlen, 119);
	assert_memory_equal(s.bin, bin, binlen);
	assert_int_equal(s.bin[0], 0x88);	/* old format, 1-byte length */
	free(bin);
	free(buf);

	buf = slurp(THOMASV_TAG, &len);
	assert_int_equal(pgp_sigs_add(&s, buf, len, "t.asc", &e), 0);
	free(buf);
	buf = slurp(SOMBER334, &len);
	assert_int_equal(pgp_sigs_add(&s, buf, len, "s.asc", &e), 0);
	free(buf);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.files, 3);
	check_sig(&s.v[1], &thomasv462);
	check_sig(&s.v[2], &somber334);
	assert_int_equal(s.v[1].file, 1);
	assert_int_equal(s.v[1].off, 119);
	assert_int_equal(s.v[2].file, 2);
	assert_int_equal(s.v[2].off, 119 + 566);
	assert_int_equal(s.bin_len, 119 + 566 + 566);
	assert_int_equal(s.bin[119], 0x89);	/* old format, 2-byte length */
	pgp_sigs_release(&s);
	pgp_sigs_release(&s);			/* released twice: fine */
	assert_null(s.bin);
	assert_null(s.v);
	pgp_sigs_release(NULL);
}

/* Electrum's FILE.asc: several signers' armour concatenated. */
static void
test_concatenated(void **state)
{
	static const char *sep = "\n \t\n\n";
	struct pgp_sigs s;
	struct err e;
	unsigned char *a, *b, *c, *ab, *abc;
	size_t al, bl, cl, abl, abcl, i;

	(void)state;
	a = slurp(EMZY481, &al);
	b = slurp(FELIX481, &bl);
	c = slurp(SVANSTAA481, &cl);
	ab = cat(a, al, b, bl, &abl);
	free(a);
	a = cat(ab, abl, sep, strlen(sep), &al);
	abc = cat(a, al, c, cl, &abcl);
	pgp_sigs_init(&s);
	assert_int_equal(pgp_sigs_add(&s, abc, abcl, "FILE.asc", &e), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.files, 1);
	check_sig(&s.v[0], &emzy481);
	check_sig(&s.v[1], &felix481);
	check_sig(&s.v[2], &svanstaa481);
	for (i = 0; i < 3; i++)
		assert_int_equal(s.v[i].file, 0);
	assert_int_equal(s.v[1].off, 566);
	assert_int_equal(s.v[2].off, 566 + 119);
	assert_int_equal(s.bin_len, 566 + 119 + 566);
	pgp_sigs_release(&s);
	free(a);
	free(b);
	free(c);
	free(ab);
	free(abc);
}

static void
test_crlf_and_headers(void **state)
{
	static const char hdr[] = "-----BEGIN PGP SIGNATURE-----\r\n"
	    "Version: GnuPG v2\r\nComment: https://electrum.org  \r\n";
	struct pgp_sigs s;
	struct err e;
	unsigned char *buf, *crlf;
	size_t len, i, n = 0;

	(void)state;
	buf = slurp(FELIX481, &len);
	crlf = malloc(2 * len + sizeof(hdr));
	assert_non_null(crlf);
	memcpy(crlf, hdr, strlen(hdr));
	n = strlen(hdr);
	/* skip the original BEGIN line */
	for (i = strlen("-----BEGIN PGP SIGNATURE-----\n"); i < len; i++) {
		if (buf[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = buf[i];
	}
	pgp_sigs_init(&s);
	assert_int_equal(pgp_sigs_add(&s, crlf, n, "crlf.asc", &e), 0);
	assert_int_equal(s.n, 1);
	check_sig(&s.v[0], &felix481);
	pgp_sigs_release(&s);
	free(crlf);
	free(buf);
}

static void
test_no_checksum(void **state)
{
	struct pgp_sigs s;
	struct err e;
	unsigned char *buf;
	size_t len, at;

	(void)state;
	buf = slurp(FELIX481, &len);
	patch(buf, len, "=ufQ2\n", "\n\n\n\n\n\n");
	/* the blank lines now sit where the checksum was: refused */
	add_fails(buf, len, "'x.asc': line 6: empty line inside the armour");
	free(buf);

	buf = slurp(FELIX481, &len);
	/* drop the checksum line: RFC 9580 makes it optional */
	at = find(buf, len, "=ufQ2\n");
	memmove(buf + at, buf + at + 6, len - at - 6);
	len -= 6;
	assert_memory_equal(buf + at, "-----END", 8);
	pgp_sigs_init(&s);
	assert_int_equal(pgp_sigs_add(&s, buf, len, "n.asc", &e), 0);
	check_sig(&s.v[0], &felix481);
	pgp_sigs_release(&s);
	free(buf);
}

static void
test_binary(void **state)
{
	struct pgp_sigs s;
	struct err e;
	unsigned char *buf, *bin, *two;
	size_t len, binlen, twolen;

	(void)state;
	buf = slurp(THOMASV_TAG, &len);
	bin = unarmour(buf, len, &binlen);
	assert_int_equal(binlen, 566);
	two = cat(bin, binlen, bin, binlen, &twolen);
	pgp_sigs_init(&s);
	assert_int_equal(pgp_sigs_add(&s, bin, binlen, "t.sig", &e), 0);
	assert_int_equal(pgp_sigs_add(&s, two, twolen, "t2.sig", &e), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.files, 2);
	check_sig(&s.v[0], &thomasv462);
	check_sig(&s.v[1], &thomasv462);
	check_sig(&s.v[2], &thomasv462);
	assert_int_equal(s.v[0].file, 0);
	assert_int_equal(s.v[1].file, 1);
	assert_int_equal(s.v[2].file, 1);
	assert_int_equal(s.v[2].off, 2 * 566);
	assert_memory_equal(s.bin + s.v[2].off, bin, 566);
	pgp_sigs_release(&s);

	/* a binary signature cut short */
	add_fails(bin, binlen - 1, "'x.asc': packet 1: truncated packet");
	add_fails(bin, 2, "'x.asc': packet 1: truncated packet");
	add_fails(two, binlen + 1, "'x.asc': packet 2: truncated packet");
	free(two);
	free(bin);
	free(buf);
}

/*
 * Armour errors.
 */

static void
test_crc_mismatch(void **state)
{
	unsigned char *buf;
	size_t len;

	(void)state;
	buf = slurp(FELIX481, &len);
	patch(buf, len, "=ufQ2", "=ufQ3");
	add_fails(buf, len, "'x.asc': line 6: armour checksum mismatch");
	patch(buf, len, "=ufQ3", "=uf*2");
	add_fails(buf, len, "'x.asc': line 6: malformed armour checksum");
	free(buf);
	/* a flipped data bit is caught by the checksum */
	buf = slurp(FELIX481, &len);
	patch(buf, len, "iHUEABMIAB0W", "iHUEABMIAB0X");
	add_fails(buf, len, "'x.asc': line 6: armour checksum mismatch");
	free(buf);
}

static void
test_bad_base64(void **state)
{
	unsigned char *buf;
	size_t len;

	(void)state;
	buf = slurp(FELIX481, &len);
	patch(buf, len, "iMpCAQ", "iMp!AQ");
	add_fails(buf, len, "'x.asc': line 4: invalid character in base64");
	free(buf);
	buf = slurp(FELIX481, &len);
	patch(buf, len, "iMpCAQ", "iMpC=Q");
	add_fails(buf, len, "'x.asc': line 4: misplaced base64 padding");
	free(buf);
	buf = slurp(FELIX481, &len);
	patch(buf, len, "Sb8=\n", "Sb8 \n");
	add_fails(buf, len, "'x.asc': line 7: incomplete base64 data");
	free(buf);
	buf = slurp(FELIX481, &len);
	patch(buf, len, "Sb8=\n=ufQ2", "Sb8=\nAAAAA");
	add_fails(buf, len, "'x.asc': line 6: base64 data after the padding");
	free(buf);
}

static void
test_junk(void **state)
{
	static const char junk[] = "Here is my signature:\n";
	static const char tail[] = "\n  \r\n\t\n";
	struct pgp_sigs s;
	struct err e;
	unsigned char *buf, *more;
	size_t len, mlen;

	(void)state;
	buf = slurp(FELIX481, &len);
	more = cat(buf, len, "junk\n", 5, &mlen);
	add_fails(more, mlen, "'x.asc': line 8: unexpected text after the "
	    "signature");
	free(more);
	more = cat(buf, len, "x", 1, &mlen);
	add_fails(more, mlen, "'x.asc': line 8: unexpected text after the "
	    "signature");
	free(more);
	more = cat(junk, strlen(junk), buf, len, &mlen);
	add_fails(more, mlen, "'x.asc': line 1: unexpected text before the "
	    "signature");
	free(more);
	more = cat("\n\n-", 3, buf, len, &mlen);
	add_fails(more, mlen, "'x.asc': not an OpenPGP signature");
	free(more);
	more = cat(buf, len, "", 0, &mlen);
	patch(more, mlen, "SIGNATURE-----\n\n", "SIGNATURE----\t\n\n");
	add_fails(more, mlen, "'x.asc': line 1: malformed armour BEGIN line");
	free(more);
	/* whitespace around the armour is fine */
	more = cat(tail, strlen(tail), buf, len, &mlen);
	free(buf);
	buf = cat(more, mlen, tail, strlen(tail), &len);
	pgp_sigs_init(&s);
	assert_int_equal(pgp_sigs_add(&s, buf, len, "ws.asc", &e), 0);
	check_sig(&s.v[0], &felix481);
	pgp_sigs_release(&s);
	free(more);
	free(buf);
}

static void
test_armour_types(void **state)
{
	static const char clear[] = "-----BEGIN PGP SIGNED MESSAGE-----\n"
	    "Hash: SHA256\n\nhello\n-----BEGIN PGP SIGNATURE-----\n";
	static const char msg[] = "-----BEGIN PGP MESSAGE-----\n\nowE=\n"
	    "-----END PGP MESSAGE-----\n";
	static const char priv[] = "\n-----BEGIN PGP PRIVATE KEY BLOCK-----\n";
	static const char other[] = "-----BEGIN PGP ARMORED FILE-----\n";
	static const char hdr[] = "-----BEGIN PGP SIGNATURE-----\n"
	    "this is not a header\n\niHUE\n";
	static const char empty[] = "-----BEGIN PGP SIGNATURE-----\n\n"
	    "-----END PGP SIGNATURE-----\n";

	(void)state;
	add_file_fails(DATA "pubkeys/ThomasV.asc", "'x.asc': this is an "
	    "OpenPGP public key, not a signature");
	/* the whole message: it is the same with --keyring, where no key is
	 * imported (issue 11), so it names no command */
	add_file_lacks(DATA "pubkeys/ThomasV.asc", "import");
	add_fails(clear, strlen(clear), "'x.asc': this is a clear-signed "
	    "message, not a detached signature");
	add_fails(msg, strlen(msg), "'x.asc': this is an OpenPGP message, "
	    "not a detached signature");
	add_fails(priv, strlen(priv), "'x.asc': this is a PRIVATE key; do "
	    "not share it; it is not a signature");
	add_fails(other, strlen(other), "'x.asc': line 1: unknown armour "
	    "type");
	add_fails(hdr, strlen(hdr), "'x.asc': line 2: malformed armour "
	    "header");
	add_fails(empty, strlen(empty), "'x.asc': line 3: empty armour block");
}

static void
test_missing_end(void **state)
{
	unsigned char *buf, *two;
	size_t len, twolen;

	(void)state;
	buf = slurp(FELIX481, &len);
	add_fails(buf, len - strlen("-----END PGP SIGNATURE-----\n"),
	    "'x.asc': truncated armour");
	add_fails(buf, 40, "'x.asc': truncated armour");
	/* a second BEGIN where the END should be */
	two = cat(buf, len - strlen("-----END PGP SIGNATURE-----\n"), buf,
	    len, &twolen);
	add_fails(two, twolen, "'x.asc': line 7: truncated armour");
	free(two);
	patch(buf, len, "-----END PGP SIGNATURE", "-----END PGP MESSAGE--");
	add_fails(buf, len, "'x.asc': line 7: expected '-----END PGP "
	    "SIGNATURE-----'");
	free(buf);
}

static void
test_empty_and_not_pgp(void **state)
{
	static const char *hello = "hello, world\n";
	unsigned char *big;

	(void)state;
	add_fails("", 0, "'x.asc': empty signature file");
	add_fails(NULL, 0, "'x.asc': empty signature file");
	add_fails(" \n\t\r\n", 5, "'x.asc': empty signature file");
	add_fails(hello, strlen(hello), "'x.asc': not an OpenPGP signature "
	    "(neither armoured nor binary OpenPGP data)");
	big = calloc(1, PGP_MAX_INPUT + 1);
	assert_non_null(big);
	add_fails(big, PGP_MAX_INPUT + 1, "'x.asc': signature file too large");
	free(big);
}

/*
 * Packet errors.
 */

static void
test_packet_types(void **state)
{
	static const unsigned char literal[] = { 0xCB, 0x03, 'b', 0, 0 };
	static const unsigned char compressed[] = { 0xA3, 0x01, 0x00 };
	static const unsigned char onepass[] = { 0x90, 0x01, 0x03 };
	static const unsigned char marker[] = { 0xCA, 0x03, 'P', 'G', 'P' };
	static const unsigned char notpkt[] = { 0xC2, 0x01, 0x09, 0x0A };
	unsigned char *buf, *bin;
	size_t len, binlen;

	(void)state;
	buf = slurp(DATA "pubkeys/felixb_f321x.asc", &len);
	bin = unarmour(buf, len, &binlen);
	add_fails(bin, binlen, "'x.asc': packet 1: contains a public key, "
	    "not a signature");
	free(bin);
	free(buf);
	add_fails(literal, sizeof(literal), "'x.asc': packet 1: is an OpenPGP "
	    "message, not a detached signature");
	/* old format, indeterminate length, but the type comes first */
	add_fails(compressed, sizeof(compressed), "'x.asc': packet 1: is an "
	    "OpenPGP message");
	add_fails(onepass, sizeof(onepass), "'x.asc': packet 1: is an OpenPGP "
	    "message");
	add_fails(marker, sizeof(marker), "'x.asc': packet 1: unexpected "
	    "packet type 10");
	/* a version-9 signature, then a byte that is no packet header */
	add_fails(notpkt, sizeof(notpkt), "'x.asc': packet 2: invalid packet "
	    "header");
}

static void
test_partial_length(void **state)
{
	unsigned char pkt[300], bad[310];
	size_t pl;

	(void)state;
	pl = pkt_std(pkt);
	/* new format, partial body length of 2 bytes (0xE1) */
	bad[0] = 0xC2;
	bad[1] = 0xE1;
	memcpy(bad + 2, pkt + 2, pl - 2);
	add_fails(bad, pl, "'x.asc': packet 1: partial body length not "
	    "allowed in a signature");
	/* old format, indeterminate length */
	bad[0] = 0x8B;
	memcpy(bad + 1, pkt + 2, pl - 2);
	add_fails(bad, pl - 1, "'x.asc': packet 1: indeterminate length not "
	    "allowed in a signature");
	/* the second packet is the bad one */
	memcpy(bad, pkt, pl);
	bad[pl] = 0x8B;
	memcpy(bad + pl + 1, pkt + 2, pl - 2);
	add_fails(bad, 2 * pl - 1, "'x.asc': packet 2: indeterminate length");
}

static void
test_header_formats(void **state)
{
	static const enum hdr forms[] = { NEW1, NEW2, NEW5, OLD1, OLD2, OLD4 };
	static const size_t hlen[] = { 2, 3, 6, 2, 3, 5 };
	unsigned char small[100], large[300], buf[6 * 310], pad[200];
	const unsigned char *body;
	struct pgp_sigs s;
	struct err e;
	size_t sl, ll, bl, n = 0, i, off = 0;

	(void)state;
	/* NEW1 needs a body under 192 bytes; the others one of 234, so
	 * that NEW2 is a real 2-byte length: the unhashed area is padded with
	 * an unknown (private/experimental) subpacket */
	memset(pad, 0, sizeof(pad));
	pad[0] = 191;		/* the largest 1-byte subpacket length */
	pad[1] = 101;
	sl = body_v4(small, 4, hashed_std, sizeof(hashed_std), NULL, 0);
	ll = body_v4(large, 4, hashed_std, sizeof(hashed_std), pad, 192);
	assert_true(sl < 192 && ll >= 192);
	for (i = 0; i < 6; i++)
		n += wrap(buf + n, forms[i], forms[i] == NEW1 ? small : large,
		    forms[i] == NEW1 ? sl : ll);
	pgp_sigs_init(&s);
	assert_int_equal(pgp_sigs_add(&s, buf, n, "h.sig", &e), 0);
	assert_int_equal(s.n, 6);
	assert_int_equal(s.bin_len, n);
	for (i = 0; i < 6; i++) {
		body = forms[i] == NEW1 ? small : large;
		bl = forms[i] == NEW1 ? sl : ll;
		assert_int_equal(s.v[i].version, 4);
		assert_int_equal(s.v[i].sigclass, 0);
		assert_int_equal(s.v[i].pkalgo, 1);
		assert_int_equal(s.v[i].hashalgo, 8);
		assert_int_equal(s.v[i].created, 0x5F5E1000);
		assert_int_equal(s.v[i].has_keyid, 1);
		assert_memory_equal(s.v[i].keyid,
		    "\x0D\x0E\x0F\x10\x11\x12\x13\x14", 8);
		assert_int_equal(s.v[i].fpr_len, 20);
		assert_int_equal(s.v[i].fpr[0], 1);
		assert_int_equal(s.v[i].fpr[19], 20);
		assert_int_equal(s.v[i].off, off);
		assert_int_equal(s.v[i].len, hlen[i] + bl);
		assert_memory_equal(s.bin + off + hlen[i], body, bl);
		off += s.v[i].len;
	}
	assert_int_equal(s.bin[s.v[3].off], 0x88);
	assert_int_equal(s.bin[s.v[4].off], 0x89);
	assert_int_equal(s.bin[s.v[5].off], 0x8A);
	pgp_sigs_release(&s);
}

static void
test_v3(void **state)
{
	static const unsigned char pkt[] = {
		0x88, 0x16,			/* old format, 22 bytes */
		3, 5, 0x01,			/* v3, class text */
		0x3B, 0x9A, 0xCA, 0x00,		/* 1000000000 */
		0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
		17, 2,				/* DSA, SHA-1 */
		0xBE, 0xEF, 0x00, 0x01, 0x01,	/* left16, MPI */
	};
	unsigned char bad[sizeof(pkt)];
	struct pgp_sigs s;
	struct err e;

	(void)state;
	pgp_sigs_init(&s);
	assert_int_equal(pgp_sigs_add(&s, pkt, sizeof(pkt), "v3.sig", &e), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0].version, 3);
	assert_int_equal(s.v[0].sigclass, 0x01);
	assert_int_equal(s.v[0].created, 1000000000);
	assert_int_equal(s.v[0].expires, 0);
	assert_int_equal(s.v[0].pkalgo, 17);
	assert_int_equal(s.v[0].hashalgo, 2);
	assert_int_equal(s.v[0].has_keyid, 1);
	assert_memory_equal(s.v[0].keyid,
	    "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	assert_int_equal(s.v[0].fpr_len, 0);
	assert_int_equal(s.v[0].len, sizeof(pkt));
	pgp_sigs_release(&s);

	memcpy(bad, pkt, sizeof(pkt));
	bad[3] = 6;			/* hashed-material length */
	add_fails(bad, sizeof(bad), "'x.asc': packet 1: malformed signature "
	    "packet");
	memcpy(bad, pkt, sizeof(pkt));
	bad[1] = 0x11;			/* no room left for the MPIs */
	add_fails(bad, 0x13, "'x.asc': packet 1: malformed signature packet");
}

/* A v6 signature (RFC 9580 section 5.2.3): 4-byte area lengths, a v6
 * issuer fingerprint, a salt; the key ID is the fingerprint's first 8
 * bytes. */
static void
test_v6(void **state)
{
	unsigned char pkt[300], body[290];
	struct pgp_sigs s;
	struct err e;
	size_t n = 0, i, pl;

	(void)state;
	body[n++] = 6;
	body[n++] = 0x00;
	body[n++] = 27;			/* Ed25519 */
	body[n++] = 10;			/* SHA-512 */
	memcpy(body + n, "\0\0\0\x2F", 4);	/* hashed: 6 + 6 + 35 */
	n += 4;
	memcpy(body + n, "\x05\x02\x65\x53\xF1\x00", 6);	/* 1700000000 */
	n += 6;
	memcpy(body + n, "\x05\x03\x00\x01\x51\x80", 6);	/* 1 day */
	n += 6;
	body[n++] = 34;
	body[n++] = 33;
	body[n++] = 6;
	for (i = 0; i < 32; i++)
		body[n++] = (unsigned char)(0xA0 + i);
	memcpy(body + n, "\0\0\0\0", 4);	/* unhashed: empty */
	n += 4;
	body[n++] = 0x12;		/* left16 */
	body[n++] = 0x34;
	body[n++] = 32;			/* salt size for SHA-512 */
	memset(body + n, 0x5A, 32);
	n += 32;
	memset(body + n, 0x77, 64);	/* the Ed25519 signature */
	n += 64;
	pl = wrap(pkt, NEW1, body, n);

	pgp_sigs_init(&s);
	assert_int_equal(pgp_sigs_add(&s, pkt, pl, "v6.sig", &e), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0].version, 6);
	assert_int_equal(s.v[0].sigclass, 0);
	assert_int_equal(s.v[0].pkalgo, 27);
	assert_int_equal(s.v[0].hashalgo, 10);
	assert_int_equal(s.v[0].created, 1700000000);
	assert_int_equal(s.v[0].expires, 86400);
	assert_int_equal(s.v[0].fpr_len, 32);
	assert_int_equal(s.v[0].fpr[0], 0xA0);
	assert_int_equal(s.v[0].fpr[31], 0xBF);
	assert_int_equal(s.v[0].has_keyid, 1);
	assert_memory_equal(s.v[0].keyid,
	    "\xA0\xA1\xA2\xA3\xA4\xA5\xA6\xA7", 8);
	assert_int_equal(s.v[0].len, pl);
	pgp_sigs_release(&s);

	/* the salt runs past the end */
	pkt[1] = (unsigned char)(n - 64 - 20);
	add_fails(pkt, 2 + n - 64 - 20, "'x.asc': packet 1: malformed "
	    "signature packet");
	/* a hashed area length of 4 GiB - 1 */
	pl = wrap(pkt, NEW1, body, n);
	memcpy(pkt + 2 + 4, "\xFF\xFF\xFF\xFF", 4);
	add_fails(pkt, pl, "'x.asc': packet 1: malformed signature packet");
}

/* An unknown version is recorded, not refused: the caller reports it. */
static void
test_unknown_version(void **state)
{
	static const unsigned char pkt[] = {
		0xC2, 0x05, 9, 0x00, 1, 8, 0xFF,
	};
	unsigned char *buf, *bin, *two;
	size_t len, binlen, twolen;
	struct pgp_sigs s;
	struct err e;

	(void)state;
	buf = slurp(EMZY481, &len);
	bin = unarmour(buf, len, &binlen);
	two = cat(pkt, sizeof(pkt), bin, binlen, &twolen);
	pgp_sigs_init(&s);
	assert_int_equal(pgp_sigs_add(&s, two, twolen, "v9.sig", &e), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.v[0].version, 9);
	assert_int_equal(s.v[0].sigclass, 0);
	assert_int_equal(s.v[0].pkalgo, 0);
	assert_int_equal(s.v[0].hashalgo, 0);
	assert_int_equal(s.v[0].created, -1);
	assert_int_equal(s.v[0].expires, 0);
	assert_int_equal(s.v[0].has_keyid, 0);
	assert_int_equal(s.v[0].fpr_len, 0);
	assert_int_equal(s.v[0].len, sizeof(pkt));
	check_sig(&s.v[1], &emzy481);
	assert_int_equal(s.v[1].off, sizeof(pkt));
	pgp_sigs_release(&s);
	free(two);
	free(bin);
	free(buf);
	/* an empty signature packet has no version at all */
	add_fails("\xC2\x00", 2, "'x.asc': packet 1: malformed signature "
	    "packet");
}

static void
test_subpackets(void **state)
{
	/* claims 5 bytes (type + 4), only 4 left in the area */
	static const unsigned char overrun[] = { 5, 2, 0x5F, 0x5E, 0x10 };
	static const unsigned char zero[] = { 0 };
	static const unsigned char two[] = { 0xC5 };		/* 2-byte, cut */
	static const unsigned char five[] = { 0xFF, 0, 0, 0 };	/* cut */
	static const unsigned char huge[] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
		2 };
	static const unsigned char shortct[] = { 4, 2, 0x5F, 0x5E, 0x10 };
	static const unsigned char shortid[] = { 8, 16, 1, 2, 3, 4, 5, 6, 7 };
	static const unsigned char shortfpr[] = { 21, 33, 4, 1, 2, 3, 4, 5,
		6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 };
	/* hashed: after an unknown subpacket with a 2-byte length (200), a
	 * critical creation time and an expiry with a 5-byte length;
	 * unhashed: a creation time (ignored there), an issuer key ID */
	static const unsigned char ctexp[] = {
		5, 0x82, 0x5F, 0x5E, 0x10, 0x00,
		0xFF, 0, 0, 0, 5, 3, 0, 0, 0x0E, 0x10,
	};
	static const unsigned char unhashed[] = {
		5, 2, 0x70, 0, 0, 0,
		9, 16, 0xCA, 0xFE, 0xBA, 0xBE, 0xDE, 0xAD, 0xBE, 0xEF,
	};
	unsigned char hashed[300], body[400], pkt[410];
	struct pgp_sigs s;
	struct err e;
	size_t bl, pl;

	(void)state;
	memset(hashed, 0, sizeof(hashed));
	hashed[0] = 0xC0;		/* (0xC0 - 192) << 8 + 8 + 192 */
	hashed[1] = 0x08;
	hashed[2] = 100;
	memcpy(hashed + 202, ctexp, sizeof(ctexp));
	subpacket_fails(overrun, sizeof(overrun), NULL, 0);
	subpacket_fails(zero, sizeof(zero), NULL, 0);
	subpacket_fails(NULL, 0, zero, sizeof(zero));
	subpacket_fails(two, sizeof(two), NULL, 0);
	subpacket_fails(five, sizeof(five), NULL, 0);
	subpacket_fails(huge, sizeof(huge), NULL, 0);
	subpacket_fails(shortct, sizeof(shortct), NULL, 0);
	subpacket_fails(NULL, 0, shortid, sizeof(shortid));
	subpacket_fails(shortfpr, sizeof(shortfpr), NULL, 0);

	bl = body_v4(body, 4, hashed, 202 + sizeof(ctexp), unhashed,
	    sizeof(unhashed));
	pl = wrap(pkt, NEW5, body, bl);
	pgp_sigs_init(&s);
	assert_int_equal(pgp_sigs_add(&s, pkt, pl, "sub.sig", &e), 0);
	assert_int_equal(s.v[0].created, 0x5F5E1000);
	assert_int_equal(s.v[0].expires, 3600);
	assert_int_equal(s.v[0].has_keyid, 1);
	assert_memory_equal(s.v[0].keyid,
	    "\xCA\xFE\xBA\xBE\xDE\xAD\xBE\xEF", 8);
	assert_int_equal(s.v[0].fpr_len, 0);

	/* creation time only in the unhashed area: none */
	bl = body_v4(body, 5, NULL, 0, unhashed, sizeof(unhashed));
	pl = wrap(pkt, NEW1, body, bl);
	assert_int_equal(pgp_sigs_add(&s, pkt, pl, "v5.sig", &e), 0);
	assert_int_equal(s.v[1].version, 5);
	assert_int_equal(s.v[1].created, -1);
	assert_int_equal(s.v[1].has_keyid, 1);

	/* a hashed fingerprint beats an unhashed key ID (which anyone can
	 * change without breaking the signature) */
	bl = body_v4(body, 4, hashed_std, sizeof(hashed_std), unhashed,
	    sizeof(unhashed));
	pl = wrap(pkt, NEW1, body, bl);
	assert_int_equal(pgp_sigs_add(&s, pkt, pl, "fpr.sig", &e), 0);
	assert_int_equal(s.v[2].created, 0x5F5E1000);
	assert_int_equal(s.v[2].fpr_len, 20);
	assert_int_equal(s.v[2].has_keyid, 1);
	assert_memory_equal(s.v[2].keyid,
	    "\x0D\x0E\x0F\x10\x11\x12\x13\x14", 8);

	/* nothing after left16 */
	bl = body_v4(body, 4, hashed_std, sizeof(hashed_std), NULL, 0);
	pl = wrap(pkt, NEW1, body, bl - 3);
	add_fails(pkt, pl, "'x.asc': packet 1: malformed signature packet");
	assert_int_equal(s.n, 3);
	pgp_sigs_release(&s);
}

static void
test_too_many(void **state)
{
	unsigned char one[300], *buf;
	struct pgp_sigs s;
	struct err e;
	size_t pl, i;

	(void)state;
	pl = pkt_std(one);
	buf = malloc((PGP_MAX_SIGS + 1) * pl);
	assert_non_null(buf);
	for (i = 0; i <= PGP_MAX_SIGS; i++)
		memcpy(buf + i * pl, one, pl);
	add_fails(buf, (PGP_MAX_SIGS + 1) * pl, "'x.asc': too many signature "
	    "packets (at most 64)");

	/* 63 + 1 fit; one more in a later file does not, and changes
	 * nothing */
	pgp_sigs_init(&s);
	assert_int_equal(pgp_sigs_add(&s, buf, (PGP_MAX_SIGS - 1) * pl,
	    "a.sig", &e), 0);
	assert_int_equal(pgp_sigs_add(&s, one, pl, "b.sig", &e), 0);
	assert_int_equal(s.n, PGP_MAX_SIGS);
	assert_int_equal(s.files, 2);
	assert_int_equal(s.v[PGP_MAX_SIGS - 1].file, 1);
	assert_int_equal(s.v[PGP_MAX_SIGS - 1].off, (PGP_MAX_SIGS - 1) * pl);
	assert_int_equal(pgp_sigs_add(&s, one, pl, "c.sig", &e), -1);
	assert_string_equal(e.msg, "'c.sig': too many signature packets (at "
	    "most 64)");
	assert_int_equal(s.n, PGP_MAX_SIGS);
	assert_int_equal(s.files, 2);
	assert_int_equal(s.bin_len, PGP_MAX_SIGS * pl);
	pgp_sigs_release(&s);
	free(buf);
}

/* A failed call leaves earlier results alone. */
static void
test_atomic(void **state)
{
	unsigned char *a, *b, *ab;
	size_t al, bl, abl;
	struct pgp_sigs s;
	struct err e;

	(void)state;
	a = slurp(EMZY481, &al);
	b = slurp(FELIX481, &bl);
	pgp_sigs_init(&s);
	assert_int_equal(pgp_sigs_add(&s, a, al, "a.asc", &e), 0);
	/* a good block, then a bad checksum in the second */
	patch(b, bl, "=ufQ2", "=ufQ3");
	ab = cat(a, al, b, bl, &abl);
	assert_int_equal(pgp_sigs_add(&s, ab, abl, "ab.asc", &e), -1);
	assert_string_equal(e.msg, "'ab.asc': line 22: armour checksum "
	    "mismatch");
	assert_int_equal(s.n, 1);
	assert_int_equal(s.files, 1);
	assert_int_equal(s.bin_len, 566);
	check_sig(&s.v[0], &emzy481);
	pgp_sigs_release(&s);
	free(ab);
	free(a);
	free(b);
}

/*
 * Keys.
 */

static int
key_sha1(const char *file)
{
	unsigned char *buf, *bin;
	size_t len, binlen;
	struct err e;
	int sha1 = -1;

	buf = slurp(file, &len);
	bin = unarmour(buf, len, &binlen);
	e.msg[0] = '\0';
	if (pgp_key_sha1_selfsig(bin, binlen, &sha1, &e) != 0)
		fail_msg("%s: %s", file, e.msg);
	free(bin);
	free(buf);
	return sha1;
}

static void
test_key_real(void **state)
{
	(void)state;
	/* all of ThomasV's and bauerj's self-signatures are SHA-1 */
	assert_int_equal(key_sha1(DATA "pubkeys/ThomasV.asc"), 1);
	assert_int_equal(key_sha1(DATA "pubkeys/bauerj.asc"), 1);
	/* SHA-256/512 self-signatures (felixb's key has a JPEG user
	 * attribute in a new-format packet) */
	assert_int_equal(key_sha1(DATA "pubkeys/felixb_f321x.asc"), 0);
	assert_int_equal(key_sha1(DATA "pubkeys/Emzy.asc"), 0);
	assert_int_equal(key_sha1(DATA "pubkeys/svanstaa.asc"), 0);
	assert_int_equal(key_sha1(DATA "pubkeys/sombernight_releasekey.asc"),
	    0);
	/* four SHA-1 certifications by another key (9710B89BCA57AD7C) do
	 * not count: only the primary's own */
	assert_int_equal(key_sha1(DATA "pubkeys/sombernight.asc"), 0);
}

static void
test_key_built(void **state)
{
	/* v4 primary (RSA, a 1-bit modulus and exponent), user ID */
	static const unsigned char key[] = {
		0x98, 0x0C, 4, 0x5F, 0x5E, 0x10, 0x00, 1, 0, 1, 1, 0, 1, 1,
		0xB4, 0x01, 'u',
	};
	static const unsigned char v6key[] = {
		0xC6, 0x05, 6, 0x5F, 0x5E, 0x10, 0x00,
	};
	/* v4 sigs, SHA-1: class 0x13 without issuer; class 0x13 by a
	 * stranger; class 0x00 without issuer */
	static const unsigned char noissuer[] = {
		0x88, 0x0B, 4, 0x13, 1, 2, 0, 0, 0, 0, 0xAB, 0xCD, 0,
	};
	static const unsigned char stranger[] = {
		0x88, 0x15, 4, 0x13, 1, 2, 0, 0, 0, 10, 9, 16, 1, 2, 3, 4, 5,
		6, 7, 8, 0xAB, 0xCD, 0,
	};
	static const unsigned char binary[] = {
		0x88, 0x0B, 4, 0x00, 1, 2, 0, 0, 0, 0, 0xAB, 0xCD, 0,
	};
	static const unsigned char badsig[] = {
		0x88, 0x0C, 4, 0x13, 1, 2, 0, 1, 0, 0, 0, 0xAB, 0xCD, 0,
	};
	unsigned char buf[200];
	struct err e;
	size_t n;
	int sha1;

	(void)state;
#define BUILD(a, b) (memcpy(buf, a, sizeof(a)), memcpy(buf + sizeof(a), \
	b, sizeof(b)), sizeof(a) + sizeof(b))
	n = BUILD(key, noissuer);
	assert_int_equal(pgp_key_sha1_selfsig(buf, n, &sha1, &e), 0);
	assert_int_equal(sha1, 1);
	n = BUILD(key, stranger);
	assert_int_equal(pgp_key_sha1_selfsig(buf, n, &sha1, &e), 0);
	assert_int_equal(sha1, 0);
	n = BUILD(key, binary);
	assert_int_equal(pgp_key_sha1_selfsig(buf, n, &sha1, &e), 0);
	assert_int_equal(sha1, 0);
	n = BUILD(v6key, noissuer);
	assert_int_equal(pgp_key_sha1_selfsig(buf, n, &sha1, &e), 0);
	assert_int_equal(sha1, 0);
	n = BUILD(key, badsig);
	assert_int_equal(pgp_key_sha1_selfsig(buf, n, &sha1, &e), -1);
	assert_string_equal(e.msg, "malformed public key: packet 3: "
	    "malformed subpacket");
	n = BUILD(noissuer, key);
	assert_int_equal(pgp_key_sha1_selfsig(buf, n, &sha1, &e), -1);
	assert_string_equal(e.msg, "malformed public key: the first packet "
	    "is not a public key packet");
	n = BUILD(key, noissuer);
	assert_int_equal(pgp_key_sha1_selfsig(buf, n - 1, &sha1, &e), -1);
	assert_string_equal(e.msg, "malformed public key: packet 3: "
	    "truncated packet");
	buf[0] = 0x9B;		/* old format, indeterminate length */
	assert_int_equal(pgp_key_sha1_selfsig(buf, n, &sha1, &e), -1);
	assert_string_equal(e.msg, "malformed public key: packet 1: "
	    "indeterminate length not supported");
	assert_int_equal(pgp_key_sha1_selfsig(buf, 0, &sha1, &e), -1);
	assert_int_equal(sha1, 0);
#undef BUILD
}

static void
test_key_truncated_real(void **state)
{
	unsigned char *buf, *bin;
	size_t len, binlen, cut;
	struct err e;
	int sha1, rc;

	(void)state;
	buf = slurp(DATA "pubkeys/ThomasV.asc", &len);
	bin = unarmour(buf, len, &binlen);
	/* every cut either fails cleanly or parses whole packets */
	for (cut = 1; cut < binlen; cut++) {
		rc = pgp_key_sha1_selfsig(bin, cut, &sha1, &e);
		assert_true(rc == 0 || rc == -1);
	}
	assert_int_equal(pgp_key_sha1_selfsig(bin, binlen - 1, &sha1, &e), -1);
	assert_non_null(strstr(e.msg, "truncated packet"));
	free(bin);
	free(buf);
}

/* Every prefix and every single-byte change of a real signature is either
 * refused or parsed without reading out of bounds (run under ASan). */
static void
test_mutations(void **state)
{
	unsigned char *buf, *bin, *m;
	size_t len, binlen, i;
	struct pgp_sigs s;
	struct err e;
	int bit;

	(void)state;
	buf = slurp(FELIX481, &len);
	bin = unarmour(buf, len, &binlen);
	pgp_sigs_init(&s);
	for (i = 1; i < binlen; i++) {
		m = malloc(i);
		assert_non_null(m);
		memcpy(m, bin, i);
		assert_int_equal(pgp_sigs_add(&s, m, i, "m", &e), -1);
		free(m);
	}
	m = malloc(binlen);
	assert_non_null(m);
	for (i = 0; i < binlen; i++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(m, bin, binlen);
			m[i] ^= (unsigned char)(1 << bit);
			if (pgp_sigs_add(&s, m, binlen, "m", &e) == 0)
				pgp_sigs_release(&s);
		}
	free(m);
	for (i = 1; i < len; i++) {
		m = malloc(i);
		assert_non_null(m);
		memcpy(m, buf, i);
		if (pgp_sigs_add(&s, m, i, "m", &e) == 0)
			pgp_sigs_release(&s);
		free(m);
	}
	pgp_sigs_release(&s);
	free(bin);
	free(buf);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(pgp_hash_name(1), "MD5");
	assert_string_equal(pgp_hash_name(2), "SHA1");
	assert_string_equal(pgp_hash_name(3), "RIPEMD160");
	assert_string_equal(pgp_hash_name(8), "SHA256");
	assert_string_equal(pgp_hash_name(9), "SHA384");
	assert_string_equal(pgp_hash_name(10), "SHA512");
	assert_string_equal(pgp_hash_name(11), "SHA224");
	assert_string_equal(pgp_hash_name(12), "SHA3-256");
	assert_string_equal(pgp_hash_name(14), "SHA3-512");
	assert_string_equal(pgp_hash_name(13), "unknown");
	assert_string_equal(pgp_hash_name(-1), "unknown");
	assert_string_equal(pgp_pk_name(1), "RSA");
	assert_string_equal(pgp_pk_name(3), "RSA");
	assert_string_equal(pgp_pk_name(16), "Elgamal");
	assert_string_equal(pgp_pk_name(17), "DSA");
	assert_string_equal(pgp_pk_name(18), "ECDH");
	assert_string_equal(pgp_pk_name(19), "ECDSA");
	assert_string_equal(pgp_pk_name(22), "EdDSA");
	assert_string_equal(pgp_pk_name(27), "Ed25519");
	assert_string_equal(pgp_pk_name(28), "Ed448");
	assert_string_equal(pgp_pk_name(20), "unknown");
	assert_int_equal(pgp_hash_strong(8), 1);
	assert_int_equal(pgp_hash_strong(9), 1);
	assert_int_equal(pgp_hash_strong(10), 1);
	assert_int_equal(pgp_hash_strong(12), 0);
	assert_int_equal(pgp_hash_strong(14), 0);
	assert_int_equal(pgp_hash_strong(2), 0);
	assert_int_equal(pgp_hash_strong(11), 0);
	assert_int_equal(pgp_hash_strong(1), 0);
	assert_int_equal(pgp_hash_strong(0), 0);
}

/* Parses a v4 signature whose hashed area is hashed_std plus sub (one
 * subpacket) and whose unhashed area is u; returns its crit_type. */
static int
crit_of(const unsigned char *sub, size_t sl, const unsigned char *u,
    size_t ul, struct pgp_sig *out)
{
	unsigned char hashed[400], body[700], pkt[710];
	struct pgp_sigs s;
	struct err e;
	size_t hl = sizeof(hashed_std), bl, pl;

	memcpy(hashed, hashed_std, hl);
	memcpy(hashed + hl, sub, sl);
	bl = body_v4(body, 4, hashed, hl + sl, u, ul);
	pl = wrap(pkt, NEW5, body, bl);
	pgp_sigs_init(&s);
	assert_int_equal(pgp_sigs_add(&s, pkt, pl, "crit.sig", &e), 0);
	assert_int_equal(s.n, 1);
	*out = s.v[0];
	pgp_sigs_release(&s);
	return out->crit_type;
}

/* Writes a notation subpacket (critical if crit) named name, value "v". */
static size_t
notation(unsigned char *out, int crit, const char *name)
{
	size_t nl = strlen(name), n = 0;

	out[n++] = (unsigned char)(1 + 8 + nl + 1);	/* under 192 */
	out[n++] = crit ? 0x80 | 20 : 20;
	memcpy(out + n, "\x80\0\0\0", 4);
	n += 4;
	out[n++] = (unsigned char)(nl >> 8);
	out[n++] = (unsigned char)nl;
	out[n++] = 0;
	out[n++] = 1;
	memcpy(out + n, name, nl);
	n += nl;
	out[n++] = 'v';
	return n;
}

static void
test_critical(void **state)
{
	/* critical: key flags (known), keyserver preferences flags (23, not
	 * known to GnuPG), key blocks of version 0 (known) and 1 (not) */
	static const unsigned char flags[] = { 2, 0x80 | 27, 0x01 };
	static const unsigned char ksflags[] = { 2, 0x80 | 23, 0x80 };
	static const unsigned char kb0[] = { 3, 0x80 | 38, 0, 0x99 };
	static const unsigned char kb1[] = { 3, 0x80 | 38, 1, 0x99 };
	static const unsigned char shortnote[] = { 5, 0x80 | 20, 0x80, 0, 0,
		0 };
	unsigned char sub[200];
	char name[101];
	struct pgp_sig v;
	size_t n;

	(void)state;
	n = notation(sub, 1, "x@y.test");
	assert_int_equal(crit_of(sub, n, NULL, 0, &v), 20);
	assert_int_equal(v.crit_name_len, 8);
	assert_memory_equal(v.crit_name, "x@y.test", 8);
	n = notation(sub, 0, "x@y.test");
	assert_int_equal(crit_of(sub, n, NULL, 0, &v), -1);
	n = notation(sub, 1, "pka-address@gnupg.org");
	assert_int_equal(crit_of(sub, n, NULL, 0, &v), -1);
	n = notation(sub, 1, "preferred-email-encoding@pgp.com");
	assert_int_equal(crit_of(sub, n, NULL, 0, &v), -1);
	/* a known name must match whole */
	n = notation(sub, 1, "pka-address@gnupg.or");
	assert_int_equal(crit_of(sub, n, NULL, 0, &v), 20);
	/* a long name: the full length, the first bytes */
	memset(name, 'n', 100);
	name[100] = '\0';
	n = notation(sub, 1, name);
	assert_int_equal(crit_of(sub, n, NULL, 0, &v), 20);
	assert_int_equal(v.crit_name_len, 100);
	assert_memory_equal(v.crit_name, name, sizeof(v.crit_name));
	/* too short to hold a name: still critical, no name */
	assert_int_equal(crit_of(shortnote, sizeof(shortnote), NULL, 0, &v),
	    20);
	assert_int_equal(v.crit_name_len, 0);
	assert_int_equal(crit_of(flags, sizeof(flags), NULL, 0, &v), -1);
	assert_int_equal(crit_of(kb0, sizeof(kb0), NULL, 0, &v), -1);
	assert_int_equal(crit_of(kb1, sizeof(kb1), NULL, 0, &v), 38);
	/* GnuPG looks at the unhashed area too; the first one found wins */
	assert_int_equal(crit_of(flags, sizeof(flags), ksflags,
	    sizeof(ksflags), &v), 23);
	n = notation(sub, 1, "x@y.test");
	assert_int_equal(crit_of(ksflags, sizeof(ksflags), sub, n, &v), 23);
	assert_int_equal(v.crit_name_len, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_armoured),
		cmocka_unit_test(test_concatenated),
		cmocka_unit_test(test_crlf_and_headers),
		cmocka_unit_test(test_no_checksum),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_crc_mismatch),
		cmocka_unit_test(test_bad_base64),
		cmocka_unit_test(test_junk),
		cmocka_unit_test(test_armour_types),
		cmocka_unit_test(test_missing_end),
		cmocka_unit_test(test_empty_and_not_pgp),
		cmocka_unit_test(test_packet_types),
		cmocka_unit_test(test_partial_length),
		cmocka_unit_test(test_header_formats),
		cmocka_unit_test(test_v3),
		cmocka_unit_test(test_v6),
		cmocka_unit_test(test_unknown_version),
		cmocka_unit_test(test_subpackets),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_atomic),
		cmocka_unit_test(test_key_real),
		cmocka_unit_test(test_key_built),
		cmocka_unit_test(test_key_truncated_real),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_critical),
	};

	if (gcry_check_version(NULL) == NULL)
		return 1;
	gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	return cmocka_run_group_tests_name("pgp", tests, NULL, NULL);
}
