/* fuzz_pins: pins_parse (the pins file format), then look-ups and an
 * added pin on what it read; a second parse replaces the first. */
#include "fuzz.h"

#include "trust/pins.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pins p;
	struct err e;
	size_t i;

	pins_init(&p);
	if (pins_parse(&p, (const char *)data, size, "fuzz", &e) == 0) {
		for (i = 0; i < p.n; i++)
			if (pins_by_fpr(&p, p.v[i].fpr) == NULL ||
			    pins_by_name(&p, p.v[i].name) == NULL)
				abort();
		(void)pins_add(&p, "added",
		    "0123456789ABCDEF0123456789ABCDEF01234567", &e);
		(void)pins_parse(&p, (const char *)data, size, "fuzz", &e);
	}
	pins_release(&p);
	return 0;
}
