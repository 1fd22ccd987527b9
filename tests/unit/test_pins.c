/* pins: the pins file format, every error with its line, the real
 * keys/electrum.pins, the built-in pins and pins_add. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#include "base/err.h"
#include "base/file.h"
#include "trust/pins.h"

#define THOMASV "6694D8DE7BE8EE5631BED9502BD5824B7F9470E6"
#define EMZY "9EDAFF80E080659604F4A76B2EBB056FD847F8A7"
#define V6 "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"

#ifdef TEST_STANDALONE
/* The build generates these from keys/electrum.pins; a standalone build
 * of this test has its own. */
const char pins_builtin_origin[] = "test pins (built in)";
const char pins_builtin[] =
    "# built in for the standalone test\n"
    "alpha " THOMASV " -\n"
    "beta " EMZY " https://example.org/beta.asc note\n";
#endif

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* keys/electrum.pins, found from this file's own path so that the test
 * runs from the top of the tree or with an absolute __FILE__. */
static void
real_pins_path(char *out, size_t n)
{
	static const char me[] = "tests/unit/test_pins.c";
	const char *file = __FILE__;
	size_t fl = strlen(file), ml = sizeof(me) - 1;
	int root = fl >= ml && strcmp(file + fl - ml, me) == 0;

	snprintf(out, n, "%.*skeys/electrum.pins", root ? (int)(fl - ml) : 0,
	    file);
}

static void
test_real_file(void **state)
{
	static const char *names[] = { "ThomasV", "sombernight_releasekey",
	    "sombernight", "Emzy", "felixb_f321x", "svanstaa", "bauerj" };
	struct err e = { "" };
	struct pins p;
	const struct pin *t;
	char path[4096];
	unsigned char *buf = NULL;
	size_t len = 0, i;

	(void)state;
	real_pins_path(path, sizeof(path));
	if (file_read(path, 1024 * 1024, &buf, &len, &e) < 0)
		fail_msg("%s", e.msg);
	pins_init(&p);
	if (pins_parse(&p, (const char *)buf, len, path, &e) < 0)
		fail_msg("%s", e.msg);
	free(buf);
	assert_int_equal(p.n, 7);
	assert_string_equal(p.origin, path);
	for (i = 0; i < N(names); i++)
		assert_string_equal(p.v[i].name, names[i]);
	t = pins_by_name(&p, "ThomasV");
	assert_ptr_equal(t, &p.v[0]);
	assert_string_equal(t->fpr, THOMASV);
	assert_string_equal(t->url, "https://raw.githubusercontent.com/"
	    "spesmilo/electrum/master/pubkeys/ThomasV.asc");
	assert_string_equal(t->note, "Thomas Voegtlin, release manager; RSA "
	    "4096, signs with the primary key; self-signatures use SHA-1");
	assert_ptr_equal(pins_by_fpr(&p, THOMASV), t);
	assert_ptr_equal(pins_by_fpr(&p,
	    "6694d8de7be8ee5631bed9502bd5824b7f9470e6"), t);
	assert_string_equal(pins_by_fpr(&p, EMZY)->name, "Emzy");
	assert_string_equal(pins_by_name(&p, "bauerj")->fpr,
	    "E546EA0987C09B6EE59A53F484F1BF925B1F484D");
	assert_null(pins_by_name(&p, "thomasv"));
	assert_null(pins_by_name(&p, "Thomas"));
	assert_null(pins_by_fpr(&p, "2BD5824B7F9470E6"));
	assert_null(pins_by_fpr(&p, THOMASV "00"));
	/* the listed signing subkeys name their signer, by fingerprint or
	 * by key ID; a subkey's fingerprint is no pin */
	assert_int_equal(pins_by_name(&p, "sombernight")->nsub, 1);
	assert_string_equal(pins_by_issuer(&p,
	    "6D7A2116DA909E00AC21108BB33B5F232C6271E9", NULL)->name,
	    "sombernight");
	assert_string_equal(pins_by_issuer(&p, "", "B33B5F232C6271E9")->name,
	    "sombernight");
	assert_string_equal(pins_by_issuer(&p, NULL, "3152347D07DA627C")->name,
	    "Emzy");
	assert_ptr_equal(pins_by_issuer(&p, THOMASV, "0000000000000000"), t);
	assert_ptr_equal(pins_by_issuer(&p, "", "2BD5824B7F9470E6"), t);
	assert_null(pins_by_issuer(&p, "", "1A25C4602021CD84"));
	assert_null(pins_by_fpr(&p, "6D7A2116DA909E00AC21108BB33B5F232C6271E9"));
	assert_int_equal(p.builtin, 0);
	pins_release(&p);
	assert_null(p.v);
	assert_int_equal(p.n, 0);
}

/* What the format allows: blanks and tabs, comments, CRLF, no final
 * newline, lower-case hex, "-" for no URL, 64-digit fingerprints. */
static void
test_format(void **state)
{
	static const char text[] =
	    "# comment\n"
	    "   \t # indented comment\n"
	    "\n"
	    " \t \n"
	    "  alpha\t6694d8de7be8ee5631bed9502bd5824b7f9470e6 \t-\n"
	    "b.e_t-a " V6 " https://example.org/b.asc   some  note \t # x  \r\n"
	    "c " EMZY " https://e.org/c -\r\n"
	    "abcdefghijklmnopqrstuvwxyz012345 "
	    "E546EA0987C09B6EE59A53F484F1BF925B1F484D -";
	struct err e = { "" };
	struct pins p;

	(void)state;
	pins_init(&p);
	if (pins_parse(&p, text, sizeof(text) - 1, "t.pins", &e) < 0)
		fail_msg("%s", e.msg);
	assert_int_equal(p.n, 4);
	assert_string_equal(p.origin, "t.pins");
	assert_string_equal(p.v[0].name, "alpha");
	assert_string_equal(p.v[0].fpr, THOMASV);
	assert_string_equal(p.v[0].url, "");
	assert_string_equal(p.v[0].note, "");
	assert_string_equal(p.v[1].name, "b.e_t-a");
	assert_string_equal(p.v[1].fpr, V6);
	assert_string_equal(p.v[1].url, "https://example.org/b.asc");
	assert_string_equal(p.v[1].note, "some  note \t # x");
	assert_string_equal(p.v[2].url, "https://e.org/c");
	assert_string_equal(p.v[2].note, "-");
	assert_string_equal(p.v[3].name, "abcdefghijklmnopqrstuvwxyz012345");
	assert_string_equal(p.v[3].note, "");
	pins_release(&p);
}

struct bad_case {
	const char *text;
	const char *msg;
};

#define LINE(name, fpr, url) name " " fpr " " url "\n"

static const struct bad_case bad[] = {
	{ "\n# c\n\nbad!name " THOMASV " -\n",
	  "t.pins:4: 'bad!name' is not a valid signer name (1-32 letters, "
	  "digits, '.', '_' or '-')" },
	{ "abcdefghijklmnopqrstuvwxyz0123456 " THOMASV " -\n",
	  "t.pins:1: 'abcdefghijklmnopqrstuvwxyz0123456' is not a valid "
	  "signer name (1-32 letters, digits, '.', '_' or '-')" },
	{ LINE("a", EMZY, "-") "n\x1b[0m " THOMASV " -\n",
	  "t.pins:2: 'n\\x1b[0m' is not a valid signer name (1-32 letters, "
	  "digits, '.', '_' or '-')" },
	{ LINE("a", EMZY, "-") "ThomasV\n",
	  "t.pins:2: missing fingerprint after the signer name" },
	{ "ThomasV \t \n", "t.pins:1: missing fingerprint after the signer "
	  "name" },
	{ "# x\nThomasV " THOMASV "\n",
	  "t.pins:2: missing URL after the fingerprint (write '-' for "
	  "none)" },
	{ "ThomasV " THOMASV "   \r\n",
	  "t.pins:1: missing URL after the fingerprint (write '-' for "
	  "none)" },
	{ LINE("a", EMZY, "-") "\n" LINE("ThomasV", "2BD5824B7F9470E6", "-"),
	  "t.pins:3: '2BD5824B7F9470E6' is a key ID, not a fingerprint: pin "
	  "the full primary key fingerprint" },
	{ LINE("ThomasV", "7f9470e6", "-"),
	  "t.pins:1: '7f9470e6' is a key ID, not a fingerprint: pin the full "
	  "primary key fingerprint" },
	{ LINE("ThomasV", "0x2BD5824B7F9470E6", "-"),
	  "t.pins:1: '0x2BD5824B7F9470E6' is a key ID, not a fingerprint: pin "
	  "the full primary key fingerprint" },
	{ LINE("ThomasV", "6694D8DE7BE8EE5631BED9502BD5824B7F9470E", "-"),
	  "t.pins:1: '6694D8DE7BE8EE5631BED9502BD5824B7F9470E' is not a "
	  "fingerprint (40 or 64 hex digits)" },
	{ LINE("ThomasV", THOMASV "0", "-"),
	  "t.pins:1: '" THOMASV "0' is not a fingerprint (40 or 64 hex "
	  "digits)" },
	{ LINE("ThomasV", "6694D8DE7BE8EE5631BED9502BD5824B7F9470EG", "-"),
	  "t.pins:1: '6694D8DE7BE8EE5631BED9502BD5824B7F9470EG' is not a "
	  "fingerprint (40 or 64 hex digits)" },
	{ LINE("ThomasV", "0x" THOMASV, "-"),
	  "t.pins:1: '0x" THOMASV "' is not a fingerprint (40 or 64 hex "
	  "digits)" },
	{ LINE("ThomasV", "2BD5824B7F9470E", "-"),
	  "t.pins:1: '2BD5824B7F9470E' is not a fingerprint (40 or 64 hex "
	  "digits)" },
	{ LINE("ThomasV", THOMASV, "http://example.org/k.asc"),
	  "t.pins:1: 'http://example.org/k.asc' is not an https:// URL (write "
	  "'-' for none)" },
	{ LINE("ThomasV", THOMASV, "https://"),
	  "t.pins:1: 'https://' is not an https:// URL (write '-' for "
	  "none)" },
	{ LINE("ThomasV", THOMASV, "HTTPS://example.org"),
	  "t.pins:1: 'HTTPS://example.org' is not an https:// URL (write '-' "
	  "for none)" },
	{ LINE("ThomasV", THOMASV, "--"),
	  "t.pins:1: '--' is not an https:// URL (write '-' for none)" },
	{ LINE("ThomasV", THOMASV, "https://e.org/\x7f"),
	  "t.pins:1: 'https://e.org/\\x7f' is not an https:// URL (write '-' "
	  "for none)" },
	{ LINE("ThomasV", THOMASV, "-") LINE("Emzy", EMZY, "-")
	  LINE("ThomasV", V6, "-"),
	  "t.pins:3: signer 'ThomasV' is already pinned on line 1" },
	{ LINE("ThomasV", THOMASV, "-") "# c\n" LINE("thomasV", EMZY, "-"),
	  "t.pins:3: signer 'ThomasV' is already pinned on line 1" },
	{ LINE("Emzy", EMZY, "-") LINE("ThomasV", THOMASV, "-")
	  LINE("other", "6694d8de7be8ee5631bed9502bd5824b7f9470e6", "-"),
	  "t.pins:3: fingerprint " THOMASV " is already pinned on line 2 "
	  "(as 'ThomasV')" },
	{ "", "t.pins: no pins" },
	{ "# nothing\n\n   \n\t# here\n", "t.pins: no pins" },
};

static void
test_errors(void **state)
{
	struct err e = { "" };
	struct pins p;
	size_t i;

	(void)state;
	for (i = 0; i < N(bad); i++) {
		pins_init(&p);
		e.msg[0] = '\0';
		if (pins_parse(&p, bad[i].text, strlen(bad[i].text), "t.pins",
		    &e) != -1)
			fail_msg("case %zu parsed", i);
		if (strcmp(e.msg, bad[i].msg) != 0)
			fail_msg("case %zu: \"%s\", want \"%s\"", i, e.msg,
			    bad[i].msg);
		assert_int_equal(p.n, 0);
		assert_null(p.v);
		assert_null(p.origin);
	}
}

/* Lines of 4096 bytes are fine, 4097 is too long; a NUL anywhere in a
 * line is refused, even in a comment. */
static void
test_line_limits(void **state)
{
	struct err e = { "" };
	struct pins p;
	char *text;
	size_t head, i;
	static const char nul[] = LINE("a", EMZY, "-") "# c\0mment\n";

	(void)state;
	text = malloc(8192);
	assert_non_null(text);
	head = (size_t)snprintf(text, 8192, "# c\nThomasV " THOMASV " - ");
	for (i = head; i < 4 + 4096; i++)
		text[i] = 'x';
	text[i] = '\n';
	pins_init(&p);
	if (pins_parse(&p, text, i + 1, "t.pins", &e) < 0)
		fail_msg("%s", e.msg);
	/* line 2 is 4096 bytes: the name, fingerprint and URL, then x */
	assert_int_equal(strlen(p.v[0].note), 4096 - (head - 4));
	pins_release(&p);
	text[i] = 'x';
	text[i + 1] = '\n';
	assert_int_equal(pins_parse(&p, text, i + 2, "t.pins", &e), -1);
	assert_string_equal(e.msg, "t.pins:2: line is longer than 4096 "
	    "bytes");
	/* the same without a final newline */
	assert_int_equal(pins_parse(&p, text, i + 1, "t.pins", &e), -1);
	assert_string_equal(e.msg, "t.pins:2: line is longer than 4096 "
	    "bytes");
	free(text);
	assert_int_equal(pins_parse(&p, nul, sizeof(nul) - 1, "t.pins", &e),
	    -1);
	assert_string_equal(e.msg, "t.pins:2: line contains a NUL byte");
	assert_int_equal(p.n, 0);
}

/* A failed parse leaves the pins as they were; a good one replaces
 * them. */
static void
test_parse_replaces(void **state)
{
	static const char one[] = LINE("ThomasV", THOMASV, "-");
	static const char two[] = LINE("a", EMZY, "-") LINE("b", V6, "-");
	static const char broken[] = LINE("a", EMZY, "-") "b 1234\n";
	struct err e = { "" };
	struct pins p;

	(void)state;
	pins_init(&p);
	assert_int_equal(pins_parse(&p, one, sizeof(one) - 1, "one", &e), 0);
	assert_int_equal(pins_parse(&p, broken, sizeof(broken) - 1, "broken",
	    &e), -1);
	assert_string_equal(e.msg, "broken:2: '1234' is not a fingerprint "
	    "(40 or 64 hex digits)");
	assert_int_equal(p.n, 1);
	assert_string_equal(p.origin, "one");
	assert_string_equal(p.v[0].name, "ThomasV");
	assert_int_equal(pins_parse(&p, two, sizeof(two) - 1, "two", &e), 0);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.origin, "two");
	assert_null(pins_by_name(&p, "ThomasV"));
	assert_string_equal(pins_by_name(&p, "b")->fpr, V6);
	/* the origin is kept as given, and escaped in messages */
	assert_int_equal(pins_parse(&p, broken, sizeof(broken) - 1,
	    "a\nb.pins", &e), -1);
	assert_string_equal(e.msg, "a\\nb.pins:2: '1234' is not a "
	    "fingerprint (40 or 64 hex digits)");
	assert_int_equal(pins_parse(&p, one, sizeof(one) - 1, "a\nb.pins",
	    &e), 0);
	assert_string_equal(p.origin, "a\nb.pins");
	assert_int_equal(pins_parse(&p, "", 0, NULL, &e), -1);
	assert_string_equal(e.msg, "pins: no pins");
	pins_release(&p);
	pins_release(&p);
	pins_release(NULL);
}

static void
test_add(void **state)
{
	struct err e = { "" };
	struct pins p;
	const struct pin *k;

	(void)state;
	pins_init(&p);
	assert_int_equal(pins_add(&p, "Some One <one@example.org>",
	    "6694d8de7be8ee5631bed9502bd5824b7f9470e6", &e), 0);
	assert_int_equal(pins_add(&p, "", V6, &e), 0);
	assert_int_equal(p.n, 2);
	k = pins_by_fpr(&p, THOMASV);
	assert_non_null(k);
	assert_string_equal(k->name, "Some One <one@example.org>");
	assert_string_equal(k->fpr, THOMASV);
	assert_string_equal(k->url, "");
	assert_string_equal(k->note, "");
	assert_ptr_equal(pins_by_name(&p, "Some One <one@example.org>"), k);
	assert_string_equal(pins_by_fpr(&p, V6)->name, "");

	assert_int_equal(pins_add(&p, "x", "2BD5824B7F9470E6", &e), -1);
	assert_string_equal(e.msg, "'2BD5824B7F9470E6' is a key ID, not a "
	    "fingerprint: pin the full primary key fingerprint");
	assert_int_equal(pins_add(&p, "x", "nonsense\n", &e), -1);
	assert_string_equal(e.msg, "'nonsense\\n' is not a fingerprint (40 "
	    "or 64 hex digits)");
	assert_int_equal(pins_add(&p, "x", THOMASV, &e), -1);
	assert_string_equal(e.msg, "key " THOMASV " is already pinned (as "
	    "'Some One <one@example.org>')");
	assert_int_equal(p.n, 2);
	pins_release(&p);
}

static char tmpdir[4096];

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* ELECTRUM_VERIFY_PINS names a pins file that replaces the built-in
 * ones; errors name that file. */
static void
test_load_env(void **state)
{
	struct err e = { "" };
	struct pins p;
	char path[4200], msg[4400];

	(void)state;
	snprintf(path, sizeof(path), "%s/my.pins", tmpdir);
	write_file(path, "# mine\n" LINE("mine", EMZY, "-"));
	assert_int_equal(setenv("ELECTRUM_VERIFY_PINS", path, 1), 0);
	pins_init(&p);
	if (pins_load_default(&p, &e) < 0)
		fail_msg("%s", e.msg);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.origin, path);
	assert_int_equal(p.builtin, 0);
	assert_string_equal(pins_override(), path);
	assert_string_equal(p.v[0].name, "mine");
	assert_null(pins_by_fpr(&p, THOMASV));
	pins_release(&p);

	write_file(path, "# mine\n" LINE("mine", "7F9470E6", "-"));
	assert_int_equal(pins_load_default(&p, &e), -1);
	snprintf(msg, sizeof(msg), "%s:2: '7F9470E6' is a key ID, not a "
	    "fingerprint: pin the full primary key fingerprint", path);
	assert_string_equal(e.msg, msg);

	snprintf(path, sizeof(path), "%s/none.pins", tmpdir);
	assert_int_equal(setenv("ELECTRUM_VERIFY_PINS", path, 1), 0);
	assert_int_equal(pins_load_default(&p, &e), -1);
	snprintf(msg, sizeof(msg), "cannot open '%s': No such file or "
	    "directory", path);
	assert_string_equal(e.msg, msg);
	assert_int_equal(p.n, 0);
	assert_int_equal(unsetenv("ELECTRUM_VERIFY_PINS"), 0);
}

/* "subkey NAME FPR" lines: after the signer's line, never a pin. */
static void
test_subkeys(void **state)
{
	static const char text[] =
	    LINE("alpha", THOMASV, "-")
	    "subkey alpha " EMZY " a note\n"
	    "subkey  alpha  " "637db1e23370f84aff88cce03152347d07da627c" "\n";
	static const char orphan[] = "subkey beta " EMZY "\n";
	static const char keyid[] = LINE("alpha", THOMASV, "-")
	    "subkey alpha 7F9470E6\n";
	struct err e = { "" };
	struct pins p;

	(void)state;
	pins_init(&p);
	if (pins_parse(&p, text, strlen(text), "t", &e) < 0)
		fail_msg("%s", e.msg);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0].nsub, 2);
	assert_string_equal(p.v[0].subkeys[1],
	    "637DB1E23370F84AFF88CCE03152347D07DA627C");
	assert_string_equal(pins_by_issuer(&p, EMZY, "")->name, "alpha");
	assert_string_equal(pins_by_issuer(&p, "", "3152347D07DA627C")->name,
	    "alpha");
	assert_null(pins_by_fpr(&p, EMZY));
	assert_int_equal(pins_parse(&p, orphan, strlen(orphan), "t", &e), -1);
	assert_string_equal(e.msg, "t:1: subkey of 'beta', which is not "
	    "pinned on an earlier line");
	assert_int_equal(pins_parse(&p, keyid, strlen(keyid), "t", &e), -1);
	assert_string_equal(e.msg, "t:2: '7F9470E6' is a key ID, not a "
	    "fingerprint: pin the full primary key fingerprint");
	pins_release(&p);
}

/* Without ELECTRUM_VERIFY_PINS (or with it empty), the built-in pins:
 * in the real build those of keys/electrum.pins. */
static void
check_builtin(void)
{
	struct err e = { "" };
	struct pins p;

	pins_init(&p);
	if (pins_load_default(&p, &e) < 0)
		fail_msg("%s", e.msg);
	assert_int_equal(p.builtin, 1);
#ifdef TEST_STANDALONE
	assert_int_equal(p.n, 2);
	assert_string_equal(p.origin, "test pins (built in)");
	assert_string_equal(pins_by_fpr(&p, THOMASV)->name, "alpha");
	assert_string_equal(pins_by_name(&p, "beta")->note, "note");
#else
	assert_int_equal(p.n, 7);
	assert_string_equal(p.origin, "keys/electrum.pins (built in)");
	assert_non_null(pins_by_name(&p, "ThomasV"));
	assert_string_equal(pins_by_name(&p, "ThomasV")->fpr, THOMASV);
	assert_string_equal(pins_by_fpr(&p, EMZY)->name, "Emzy");
#endif
	pins_release(&p);
}

static void
test_builtin(void **state)
{
	(void)state;
	assert_int_equal(unsetenv("ELECTRUM_VERIFY_PINS"), 0);
	check_builtin();
	assert_null(pins_override());
	assert_int_equal(setenv("ELECTRUM_VERIFY_PINS", "", 1), 0);
	check_builtin();
	assert_null(pins_override());
	assert_int_equal(unsetenv("ELECTRUM_VERIFY_PINS"), 0);
}

static int
setup(void **state)
{
	(void)state;
	return tmpdir_make(tmpdir, sizeof(tmpdir), "test_pins");
}

static int
teardown(void **state)
{
	char path[4200];

	(void)state;
	snprintf(path, sizeof(path), "%s/my.pins", tmpdir);
	unlink(path);
	return rmdir(tmpdir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_file),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_line_limits),
		cmocka_unit_test(test_parse_replaces),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_load_env),
		cmocka_unit_test(test_subkeys),
		cmocka_unit_test(test_builtin),
	};

	return cmocka_run_group_tests_name("pins", tests, setup, teardown);
}
