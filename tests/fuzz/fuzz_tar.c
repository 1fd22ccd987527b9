/* fuzz_tar: arc_walk_tar on a tar (plain, gzip, xz, bzip2): libarchive with
 * the tarscan check beside it, trailing data, the gzip header. */
#include "fuzz.h"

#include "walk/arc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m;
	struct err e;
	char path[64];
	int fd = fuzz_memfd(data, size, path, sizeof(path));
	struct walker_input in = { fd, "fuzz", "fuzz", size };

	fuzz_manifest(&m);
	if (arc_walk_tar(&in, &m, &e) == 0)
		(void)manifest_finish(&m, &e);
	manifest_release(&m);
	close(fd);
	return 0;
}
