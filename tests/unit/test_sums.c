/* cleartext and sumlist: the clear-signed framework (dash-escapes,
 * trailing whitespace, CR LF, headers) and the strict reading of a
 * checksum list, as tables of (input, result, message). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "bind/sumlist.h"
#include "openpgp/cleartext.h"

#define H64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define SIGB "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n"

static const struct {
	const char *in;
	enum err_status want;
	const char *text;	/* ERR_OK: the canonical text */
	const char *msg;	/* ERR_REFUSED: a part of the message */
} ct_cases[] = {
	{ CLEARTEXT_BEGIN "\nHash: SHA256\n\nline one  \n- -dashed\t\nlast\n" SIGB,
	    ERR_OK, "line one\r\n-dashed\r\nlast", NULL },
	{ CLEARTEXT_BEGIN "\r\nHash: SHA512\r\n\r\na\r\nb \r\n" SIGB,
	    ERR_OK, "a\r\nb", NULL },
	{ CLEARTEXT_BEGIN "\n\n" SIGB, ERR_OK, "", NULL },	/* no header */
	{ CLEARTEXT_BEGIN "\nHash: SHA256\n\n\n\nx\n" SIGB, ERR_OK,
	    "\r\n\r\nx", NULL },
	{ "junk\n" CLEARTEXT_BEGIN "\n\nx\n" SIGB, ERR_REFUSED, NULL,
	    "line 1: not the start" },
	{ CLEARTEXT_BEGIN "\nComment: hi\n\nx\n" SIGB, ERR_REFUSED, NULL,
	    "line 2: not a 'Hash: ALGO' header" },
	{ CLEARTEXT_BEGIN "\nHash: SHA256\n", ERR_REFUSED, NULL,
	    "ends in its headers" },
	{ CLEARTEXT_BEGIN "\nHash: SHA256\n\n-x\n" SIGB, ERR_REFUSED, NULL,
	    "line 4 starts with '-' but is not dash-escaped" },
	{ CLEARTEXT_BEGIN "\nHash: SHA256\n\nx\n", ERR_REFUSED, NULL,
	    "no '-----BEGIN PGP SIGNATURE-----' line" },
};

static void
test_cleartext(void **state)
{
	struct cleartext c;
	struct err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ct_cases) / sizeof(ct_cases[0]); i++) {
		const char *in = ct_cases[i].in;
		enum err_status got = cleartext_split((const unsigned char *)in,
		    strlen(in), "L", &c, &e);

		assert_int_equal(got, ct_cases[i].want);
		if (got == ERR_OK) {
			assert_int_equal(c.len, strlen(ct_cases[i].text));
			assert_memory_equal(c.text, ct_cases[i].text, c.len);
			assert_memory_equal(in + c.sig_off, SIGB,
			    strlen(SIGB));
		} else
			assert_non_null(strstr(e.msg, ct_cases[i].msg));
		cleartext_release(&c);
	}
	assert_true(cleartext_detect((const unsigned char *)CLEARTEXT_BEGIN,
	    strlen(CLEARTEXT_BEGIN)));
	assert_false(cleartext_detect((const unsigned char *)"-----BEGIN PGP "
	    "SIGNATURE-----", 29));
	assert_true(cleartext_detect((const unsigned char *)"x\n"
	    CLEARTEXT_BEGIN "\n", strlen(CLEARTEXT_BEGIN) + 3));
	assert_false(cleartext_detect((const unsigned char *)"x "
	    CLEARTEXT_BEGIN "\n", strlen(CLEARTEXT_BEGIN) + 3));
	/* a NUL byte */
	assert_int_equal(cleartext_split((const unsigned char *)
	    CLEARTEXT_BEGIN "\n\n\0" SIGB, strlen(CLEARTEXT_BEGIN) + 3 +
	    strlen(SIGB), "L", &c, &e), ERR_REFUSED);
}

static const struct {
	const char *in;
	enum err_status want;
	size_t n;		/* ERR_OK: entries */
	const char *msg;	/* ERR_REFUSED: a part of the message */
} sl_cases[] = {
	{ H64 "  a.tar.gz\n" H64 " *b.zip\n", ERR_OK, 2, NULL },
	{ H64 "  a\r\n" H64 "  b\r\n", ERR_OK, 2, NULL },
	{ H64 "  a\r\n\r\n" H64 "  b", ERR_OK, 2, NULL },
	{ H64 "  x y\n", ERR_OK, 1, NULL },		/* a space in a name */
	{ "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef  u\n",
	    ERR_OK, 1, NULL },
	{ "", ERR_REFUSED, 0, "holds no entries" },
	{ "\n\n", ERR_REFUSED, 0, "holds no entries" },
	{ H64 "  a\n" H64 "  a\n", ERR_REFUSED, 0,
	    "line 2 lists 'a' again (first on line 1)" },
	{ H64 "  a\n" "1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef  a\n",
	    ERR_REFUSED, 0, "again (first on line 1) with another SHA-256" },
	{ H64 "  ../a\n", ERR_REFUSED, 0, "line 1: a path with '/'" },
	{ H64 "  ..\n", ERR_REFUSED, 0, "line 1: '.' or '..'" },
	{ H64 "  /etc/passwd\n", ERR_REFUSED, 0, "line 1: an absolute path" },
	{ H64 "  dir/a\n", ERR_REFUSED, 0, "a path with '/'" },
	{ H64 "  a\r\n" H64 "  b\n", ERR_REFUSED, 0,
	    "line 2: line ends mixed" },
	{ H64 "  a\rb\n", ERR_REFUSED, 0, "line 1: a carriage return inside" },
	{ H64 "  a\x01\n", ERR_REFUSED, 0, "a control byte" },
	{ H64 "  \n", ERR_REFUSED, 0, "not an entry" },
	{ H64 " a\n", ERR_REFUSED, 0, "not an entry" },
	{ "0123  a\n", ERR_REFUSED, 0, "not an entry" },
	{ H64 H64 "  a\n", ERR_REFUSED, 0, "not an entry" },	/* SHA-512 */
	{ "SHA256 (a) = " H64 "\n", ERR_REFUSED, 0, "not an entry" },
	{ "\\" H64 "  a\\nb\n", ERR_REFUSED, 0, "an escaped name" },
	{ "# made by hand\n" H64 "  a\n", ERR_REFUSED, 0, "line 1: a comment" },
};

static void
test_sumlist(void **state)
{
	struct sumlist l;
	struct err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sl_cases) / sizeof(sl_cases[0]); i++) {
		const char *in = sl_cases[i].in;
		enum err_status got = sumlist_parse((const unsigned char *)in,
		    strlen(in), "L", &l, &e);

		if (got != sl_cases[i].want)
			fail_msg("case %zu: got %d (%s)", i, got, e.msg);
		if (got == ERR_OK)
			assert_int_equal(l.n, sl_cases[i].n);
		else if (strstr(e.msg, sl_cases[i].msg) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, e.msg,
			    sl_cases[i].msg);
		sumlist_release(&l);
	}
}

/* Names bind exactly: lower-cased digests, lookup by the raw bytes. */
static void
test_sumlist_find(void **state)
{
	static const char in[] = "0123456789ABCDEF0123456789abcdef"
	    "0123456789abcdef0123456789abcdef  B.bin\n" H64 " *a.bin\n";
	struct sumlist l;
	struct err e;

	(void)state;
	assert_int_equal(sumlist_parse((const unsigned char *)in,
	    strlen(in), "L", &l, &e), ERR_OK);
	assert_non_null(sumlist_find(&l, "B.bin"));
	assert_null(sumlist_find(&l, "b.bin"));
	assert_null(sumlist_find(&l, "a.bin "));
	assert_string_equal(sumlist_find(&l, "B.bin")->sha256, H64);
	assert_int_equal(sumlist_find(&l, "a.bin")->line, 2);
	sumlist_release(&l);
}

/* The caps: a line over SUMLIST_MAX_LINE, a name over 255 bytes, more
 * than SUMLIST_MAX_ENTRIES entries, a list over SUMLIST_MAX_BYTES. */
static void
test_sumlist_caps(void **state)
{
	static char buf[SUMLIST_MAX_BYTES + 2];
	struct sumlist l;
	struct err e;
	size_t i, n, last = 0;

	(void)state;
	n = (size_t)snprintf(buf, sizeof(buf), H64 "  ");
	memset(buf + n, 'x', 256);
	buf[n + 256] = '\n';
	assert_int_equal(sumlist_parse((unsigned char *)buf, n + 257, "L", &l,
	    &e), ERR_REFUSED);
	assert_non_null(strstr(e.msg, "longer than 255 bytes"));
	memset(buf + n, 'x', SUMLIST_MAX_LINE);
	assert_int_equal(sumlist_parse((unsigned char *)buf, n +
	    SUMLIST_MAX_LINE, "L", &l, &e), ERR_REFUSED);
	assert_non_null(strstr(e.msg, "line 1: the line is longer than 1024"));
	for (i = n = 0; i <= SUMLIST_MAX_ENTRIES; i++)
		n += last = (size_t)snprintf(buf + n, sizeof(buf) - n,
		    H64 "  f%zu\n", i);
	assert_int_equal(sumlist_parse((unsigned char *)buf, n, "L", &l, &e),
	    ERR_REFUSED);
	assert_non_null(strstr(e.msg, "line 4097: more than 4096 entries"));
	assert_int_equal(sumlist_parse((unsigned char *)buf, n - last, "L", &l,
	    &e), ERR_OK);
	assert_int_equal(l.n, SUMLIST_MAX_ENTRIES);
	sumlist_release(&l);
	assert_int_equal(sumlist_parse((unsigned char *)buf,
	    SUMLIST_MAX_BYTES + 1, "L", &l, &e), ERR_REFUSED);
	assert_non_null(strstr(e.msg, "larger than"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cleartext),
		cmocka_unit_test(test_sumlist),
		cmocka_unit_test(test_sumlist_find),
		cmocka_unit_test(test_sumlist_caps),
	};

	return cmocka_run_group_tests_name("sums", tests, NULL, NULL);
}
