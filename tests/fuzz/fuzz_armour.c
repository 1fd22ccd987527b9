/* fuzz_armour: armour_detect and armour_decode (ASCII armour of detached
 * signatures), each block's bounds checked in the callback; armour_is_file
 * and armour_decode_file (gpg --enarmor's key files). */
#include "fuzz.h"

#include "openpgp/armour.h"

struct blocks {
	size_t size, n;
};

static int
block(void *arg, size_t off, size_t len, struct err *e)
{
	struct blocks *b = arg;

	(void)e;
	if (len == 0 || off > b->size || len > b->size - off)
		abort();
	b->n++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct blocks b = { size, 0 };
	unsigned char *out = malloc(size + 1);
	size_t outlen = 0;
	struct err e;

	if (out == NULL)
		return 0;
	(void)armour_detect(data, size);
	if (armour_decode(data, size, "fuzz", out, &outlen, block, &b,
	    &e) == 0 && (outlen > size || (outlen > 0 && b.n == 0)))
		abort();
	(void)armour_is_file(data, size);
	outlen = 0;
	if (armour_decode_file(data, size, "fuzz", out, &outlen, &e) == 0 &&
	    (outlen > size || outlen == 0))
		abort();
	free(out);
	return 0;
}
