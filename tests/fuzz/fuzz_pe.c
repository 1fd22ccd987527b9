/* fuzz_pe: pe_parse (PE headers, the Authenticode certificate table),
 * pe_check_one_cert, pe_unsigned_stream (the file without its
 * signature) and pe_walk. */
#include "fuzz.h"

#include "walk/pe.h"

static int
out(void *ctx, const void *buf, size_t len)
{
	uint64_t *n = ctx;

	(void)buf;
	*n += len;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_info pi;
	struct manifest m;
	struct err e;
	char path[64];
	uint64_t n = 0;
	int fd = fuzz_memfd(data, size, path, sizeof(path));
	struct walker_input in = { fd, "fuzz.exe", "fuzz.exe", size };

	fuzz_manifest(&m);
	if (pe_parse(fd, size, &pi, &e) == 0) {
		if (pi.cert_off > size || pi.cert_size > size - pi.cert_off)
			abort();
		(void)pe_check_one_cert(&pi, &e);
		if (pe_unsigned_stream(fd, &pi, out, &n, &e) == 0 &&
		    n > size + 8)
			abort();
		if (pe_walk(&in, &m, &e) == 0)
			(void)manifest_finish(&m, &e);
	}
	manifest_release(&m);
	close(fd);
	return 0;
}
