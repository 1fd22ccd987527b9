/* fuzz_macho: macho_parse and macho_unsigned_stream on the whole input
 * (thin or fat headers, load commands, the code signature's place and
 * SuperBlob); the stream's length must be what the parse promised. */
#include "fuzz.h"

#include "walk/macho.h"

static int
count(void *ctx, const void *buf, size_t len)
{
	(void)buf;
	*(uint64_t *)ctx += len;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_mem mem = { data, size };
	struct macho_src s = { fuzz_mem_read, &mem, size };
	struct macho_info *mi = malloc(sizeof(*mi));
	struct err e;
	uint64_t n = 0;

	if (mi == NULL)
		return 0;
	(void)macho_sniff(data, size);
	if (macho_parse(&s, mi, &e) == 0 &&
	    macho_unsigned_stream(&s, mi, count, &n, &e) == 0 &&
	    n != mi->unsigned_size)
		abort();
	free(mi);
	return 0;
}
