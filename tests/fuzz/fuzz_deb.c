/* fuzz_deb: deb_walk: the ar members of a .deb, control.tar (md5sums,
 * conffiles) and data.tar, each on the arc walker. */
#include "fuzz.h"

#include "walk/deb.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m;
	struct err e;
	char path[64];
	int fd = fuzz_memfd(data, size, path, sizeof(path));
	struct walker_input in = { fd, "fuzz.deb", "fuzz.deb", size };

	fuzz_manifest(&m);
	if (deb_walk(&in, &m, &e) == 0)
		(void)manifest_finish(&m, &e);
	manifest_release(&m);
	close(fd);
	return 0;
}
