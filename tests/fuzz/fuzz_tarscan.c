/* fuzz_tarscan: tarscan_feed, the strict tar header reader, fed in
 * slices whose size the first byte chooses (headers and pax data then
 * straddle calls). */
#include "fuzz.h"

#include "walk/tarscan.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tarscan *s;
	struct err e;
	uint64_t k, off, at;
	size_t step, n;

	if (size < 1)
		return 0;
	step = (size_t)data[0] * 7 + 1;
	data++;
	size--;
	if ((s = tarscan_new(4096)) == NULL)
		return 0;
	while (size > 0) {
		n = size < step ? size : step;
		if (tarscan_feed(s, data, n, &e) < 0)
			break;
		data += n;
		size -= n;
	}
	for (k = 0; k <= tarscan_entries(s) + 1 && k < 64; k++)
		(void)tarscan_data_start(s, k, &off);
	(void)tarscan_ended(s, &at);
	(void)tarscan_not_tar(s);
	tarscan_free(s);
	return 0;
}
