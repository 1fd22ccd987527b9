/* escape_dup: every byte that is not printable ASCII, and the backslash,
 * comes out escaped; everything else unchanged. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/escape.h"

struct escape_case {
	const char *in;
	size_t len;
	const char *want;
};

#define CASE(lit, want) { lit, sizeof(lit) - 1, want }

static const struct escape_case cases[] = {
	CASE("", ""),
	CASE("Electrum-4.6.2.tar.gz", "Electrum-4.6.2.tar.gz"),
	CASE("a b~!", "a b~!"),
	CASE("back\\slash", "back\\\\slash"),
	CASE("line\nbreak", "line\\nbreak"),
	CASE("tab\there", "tab\\there"),
	CASE("cr\rhere", "cr\\rhere"),
	CASE("\x1b[31mred", "\\x1b[31mred"),
	CASE("del\x7f", "del\\x7f"),
	CASE("nul\0inside", "nul\\x00inside"),
	CASE("\x01\x1f", "\\x01\\x1f"),
	CASE("caf\xc3\xa9", "caf\\xc3\\xa9"),
	CASE("\xff\x80", "\\xff\\x80"),
	CASE("\\n", "\\\\n"),
};

static void
test_table(void **state)
{
	size_t i;
	char *got;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = escape_dup(cases[i].in, cases[i].len);
		assert_non_null(got);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

/* The length is what counts: bytes after len are not read, and a NUL
 * before len does not end the string. */
static void
test_length_bounds(void **state)
{
	char *got;

	(void)state;
	got = escape_dup("abcdef", 3);
	assert_non_null(got);
	assert_string_equal(got, "abc");
	free(got);
	got = escape_dup(NULL, 0);
	assert_non_null(got);
	assert_string_equal(got, "");
	free(got);
}

/* Every one of the 256 byte values, worst case 4 bytes out per byte in. */
static void
test_all_bytes(void **state)
{
	char in[256], want[8];
	char *got;
	size_t i, o = 0;
	int c;

	(void)state;
	for (c = 0; c < 256; c++)
		in[c] = (char)c;
	got = escape_dup(in, sizeof(in));
	assert_non_null(got);
	for (c = 0; c < 256; c++) {
		if (c == '\\')
			strcpy(want, "\\\\");
		else if (c == '\n')
			strcpy(want, "\\n");
		else if (c == '\t')
			strcpy(want, "\\t");
		else if (c == '\r')
			strcpy(want, "\\r");
		else if (c >= 0x20 && c < 0x7f) {
			want[0] = (char)c;
			want[1] = '\0';
		} else
			snprintf(want, sizeof(want), "\\x%02x", c);
		i = strlen(want);
		assert_memory_equal(got + o, want, i);
		o += i;
	}
	assert_int_equal(strlen(got), o);
	/* 94 printable bytes other than the backslash, 4 two-byte
	 * escapes, and 158 bytes as \xHH */
	assert_int_equal(o, 94 + 4 * 2 + 158 * 4);
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_length_bounds),
		cmocka_unit_test(test_all_bytes),
	};

	return cmocka_run_group_tests_name("escape", tests, NULL, NULL);
}
