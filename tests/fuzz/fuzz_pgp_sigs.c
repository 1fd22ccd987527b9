/* fuzz_pgp_sigs: pgp_sigs_add (signature files, armoured or binary, and
 * the signature packets in them), twice, so that the second call appends
 * to what the first read. */
#include "fuzz.h"

#include "openpgp/pgp.h"

static void
check(const struct pgp_sigs *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->v[i].off > s->bin_len ||
		    s->v[i].len > s->bin_len - s->v[i].off ||
		    s->v[i].fpr_len > sizeof(s->v[i].fpr))
			abort();
		(void)pgp_hash_name(s->v[i].hashalgo);
		(void)pgp_pk_name(s->v[i].pkalgo);
		(void)pgp_hash_strong(s->v[i].hashalgo);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pgp_sigs s;
	struct err e;

	pgp_sigs_init(&s);
	if (pgp_sigs_add(&s, data, size, "fuzz", &e) == 0)
		(void)pgp_sigs_add(&s, data, size, "fuzz", &e);
	check(&s);
	pgp_sigs_release(&s);
	return 0;
}
