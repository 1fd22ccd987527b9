/* fuzz_version: where a release carries its version: axml_version_name
 * (Android's binary XML) on the input, pever_read (the PE version
 * resource) on it as a file, and relver_from_py on it as text. */
#include "fuzz.h"

#include "walk/axml.h"
#include "walk/pever.h"
#include "walk/relver.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e;
	char out[32], path[64];
	int fd, r;

	r = axml_version_name(data, size, out, sizeof(out), &e);
	if (r < -1 || r > 1 || (r == 1 && strlen(out) >= sizeof(out)))
		abort();
	r = relver_from_py((const char *)data, size, out, sizeof(out));
	if (r == 1 && strlen(out) >= sizeof(out))
		abort();
	fd = fuzz_memfd(data, size, path, sizeof(path));
	r = pever_read(fd, size, out, sizeof(out), &e);
	if (r < -1 || r > 1 || (r == 1 && strlen(out) >= sizeof(out)))
		abort();
	close(fd);
	return 0;
}
