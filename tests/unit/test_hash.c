/* hash: SHA-256, size, first HASH_HEAD and last HASH_TAIL bytes of a
 * stream, however it is cut into chunks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/hash.h"

/* BLAKE3's test input: byte i is i % 251. */
static unsigned char *
pattern(size_t n)
{
	unsigned char *p = malloc(n > 0 ? n : 1);
	size_t i;

	assert_non_null(p);
	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i % 251);
	return p;
}

/* Feeds data in chunks whose sizes cycle through chunks[]. */
static void
feed(struct hash *h, const unsigned char *data, size_t n,
    const size_t *chunks, size_t nchunks)
{
	size_t off = 0, c, k = 0;

	while (off < n) {
		c = chunks[k++ % nchunks];
		if (c > n - off)
			c = n - off;
		hash_update(h, data + off, c);
		off += c;
	}
}

/* Checks size, head and tail of h (after hash_final) against data. */
static void
check_ends(const struct hash *h, const unsigned char *data, size_t n)
{
	size_t hl = n < HASH_HEAD ? n : HASH_HEAD;
	size_t tl = n < HASH_TAIL ? n : HASH_TAIL;

	assert_int_equal(h->size, n);
	assert_int_equal(h->head_len, hl);
	assert_int_equal(h->tail_len, tl);
	if (hl > 0)
		assert_memory_equal(h->head, data, hl);
	if (tl > 0)
		assert_memory_equal(h->tail, data + n - tl, tl);
}

static int
setup(void **state)
{
	struct err e = { "" };

	(void)state;
	if (hash_lib_init(&e) < 0)
		return -1;
	return hash_lib_init(&e);	/* a second call is harmless */
}

static void
test_abc(void **state)
{
	struct err e = { "" };
	struct hash h;

	(void)state;
	assert_int_equal(hash_init(&h, &e), 0);
	hash_update(&h, "abc", 3);
	hash_final(&h);
	assert_string_equal(h.hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	check_ends(&h, (const unsigned char *)"abc", 3);
	hash_release(&h);
}

static void
test_empty(void **state)
{
	struct err e = { "" };
	struct hash h;

	(void)state;
	assert_int_equal(hash_init(&h, &e), 0);
	hash_update(&h, NULL, 0);
	hash_final(&h);
	assert_string_equal(h.hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	assert_int_equal(h.size, 0);
	assert_int_equal(h.head_len, 0);
	assert_int_equal(h.tail_len, 0);
	hash_release(&h);
}

/* 1 MiB + 4321 bytes of the pattern; digest from sha256sum. */
#define BIG_LEN (1048576 + 4321)
#define BIG_SHA256 "df6a2ebd8546a504df0563afa619c607" \
	"f799d5597affb71b848ee48ed72b1301"

static void
test_big_odd_chunks(void **state)
{
	static const size_t odd[] = { 1, 7, 4095, 65537, 3, 511, 513, 100003,
	    2, 4097 };
	struct err e = { "" };
	struct hash h;
	unsigned char *data = pattern(BIG_LEN);

	(void)state;
	assert_int_equal(hash_init(&h, &e), 0);
	feed(&h, data, BIG_LEN, odd, sizeof(odd) / sizeof(odd[0]));
	hash_final(&h);
	assert_string_equal(h.hex, BIG_SHA256);
	check_ends(&h, data, BIG_LEN);
	hash_release(&h);
	free(data);
}

static void
test_big_one_chunk(void **state)
{
	struct err e = { "" };
	struct hash h;
	unsigned char *data = pattern(BIG_LEN);

	(void)state;
	assert_int_equal(hash_init(&h, &e), 0);
	hash_update(&h, data, BIG_LEN);
	hash_final(&h);
	assert_string_equal(h.hex, BIG_SHA256);
	check_ends(&h, data, BIG_LEN);
	hash_release(&h);
	free(data);
}

/* 600 bytes one at a time: the tail ring wraps 88 bytes in. */
static void
test_bytewise(void **state)
{
	static const size_t one[] = { 1 };
	struct err e = { "" };
	struct hash h;
	unsigned char *data = pattern(600);

	(void)state;
	assert_int_equal(hash_init(&h, &e), 0);
	feed(&h, data, 600, one, 1);
	hash_final(&h);
	assert_string_equal(h.hex, "db4f2ac25d140369324dbed60d7b8e31"
	    "4fdf1252c171f8513fb7dbf5cc92e88d");
	check_ends(&h, data, 600);
	assert_int_equal(h.tail[0], 88 % 251);
	assert_int_equal(h.tail[511], 599 % 251);
	hash_release(&h);
	free(data);
}

/* Every length around the head and tail sizes, in every chunking, gives
 * the same digest as one update and the right ends. */
static void
test_boundaries(void **state)
{
	static const size_t lens[] = { 1, 2, 511, 512, 513, 1023, 1024, 1025,
	    1536, 4095, 4096, 4097, 8192, 9000 };
	static const size_t chunkings[][3] = {
		{ 1, 1, 1 }, { 3, 5, 7 }, { 511, 1, 1 }, { 512, 512, 512 },
		{ 513, 2, 100 }, { 700, 10, 4096 }, { 4097, 1, 511 },
	};
	struct err e = { "" };
	struct hash ref, h;
	unsigned char *data = pattern(9000);
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		assert_int_equal(hash_init(&ref, &e), 0);
		hash_update(&ref, data, lens[i]);
		hash_final(&ref);
		check_ends(&ref, data, lens[i]);
		for (j = 0; j < sizeof(chunkings) / sizeof(chunkings[0]); j++) {
			assert_int_equal(hash_init(&h, &e), 0);
			feed(&h, data, lens[i], chunkings[j], 3);
			hash_final(&h);
			assert_string_equal(h.hex, ref.hex);
			check_ends(&h, data, lens[i]);
			hash_release(&h);
		}
		hash_release(&ref);
	}
	free(data);
}

/* hash_final twice leaves the result alone; updates after it are
 * ignored rather than corrupting the tail. */
static void
test_final_twice(void **state)
{
	struct err e = { "" };
	struct hash h;
	unsigned char *data = pattern(1000);

	(void)state;
	assert_int_equal(hash_init(&h, &e), 0);
	hash_update(&h, data, 1000);
	hash_final(&h);
	hash_final(&h);
	hash_update(&h, "more", 4);
	hash_final(&h);
	check_ends(&h, data, 1000);
	assert_int_equal(strlen(h.hex), 64);
	hash_release(&h);
	free(data);
}

static void
test_release(void **state)
{
	struct err e = { "" };
	struct hash h;

	(void)state;
	memset(&h, 0, sizeof(h));
	hash_release(&h);		/* never initialised */
	hash_release(NULL);
	assert_int_equal(hash_init(&h, &e), 0);
	hash_update(&h, "x", 1);
	hash_release(&h);
	assert_null(h.md);
	hash_release(&h);		/* released twice */
	hash_update(&h, "x", 1);	/* ignored, no crash */
	assert_int_equal(h.size, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abc),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_big_odd_chunks),
		cmocka_unit_test(test_big_one_chunk),
		cmocka_unit_test(test_bytewise),
		cmocka_unit_test(test_boundaries),
		cmocka_unit_test(test_final_twice),
		cmocka_unit_test(test_release),
	};

	return cmocka_run_group_tests_name("hash", tests, setup, NULL);
}
