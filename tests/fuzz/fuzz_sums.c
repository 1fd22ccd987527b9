/* fuzz_sums: cleartext_split (the clear-signed framework) and
 * sumlist_parse (a checksum list), each on the input, and the list
 * again on the clear-signed text; every entry checked against the rules
 * it was accepted by. */
#include "fuzz.h"

#include "bind/sumlist.h"
#include "openpgp/cleartext.h"

static void
list(const unsigned char *p, size_t n)
{
	struct sumlist l;
	struct err e;
	size_t i, k;

	if (sumlist_parse(p, n, "fuzz", &l, &e) != ERR_OK)
		return;
	if (l.n == 0 || l.n > SUMLIST_MAX_ENTRIES)
		abort();
	for (i = 0; i < l.n; i++) {
		k = strlen(l.v[i].name);
		if (k == 0 || k > SUMLIST_MAX_NAME ||
		    strchr(l.v[i].name, '/') != NULL ||
		    strcmp(l.v[i].name, "..") == 0 ||
		    strlen(l.v[i].sha256) != 64 ||
		    sumlist_find(&l, l.v[i].name) != &l.v[i] ||
		    (i > 0 && strcmp(l.v[i - 1].name, l.v[i].name) >= 0))
			abort();
	}
	sumlist_release(&l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cleartext c;
	struct err e;

	list(data, size);
	(void)cleartext_detect(data, size);
	if (cleartext_split(data, size, "fuzz", &c, &e) != ERR_OK)
		return 0;
	if (c.len > 2 * size || c.sig_off >= size || c.text[c.len] != '\0')
		abort();
	list(c.text, c.len);
	cleartext_release(&c);
	return 0;
}
