/* fuzz_zip: arc_walk_zip on a zip or APK: libarchive's seeking zip reader,
 * the size and CRC checks against the central directory. */
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
	if (arc_walk_zip(&in, &m, &e) == 0)
		(void)manifest_finish(&m, &e);
	manifest_release(&m);
	close(fd);
	return 0;
}
