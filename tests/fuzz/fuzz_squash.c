/* fuzz_squash: squash_walk, a bare squashfs image (libsquashfs and our
 * directory, index and inode checks) filling the whole input. */
#include "fuzz.h"

#include "walk/squash.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m;
	struct err e;
	char path[64];
	int fd = fuzz_memfd(data, size, path, sizeof(path));

	fuzz_manifest(&m);
	if (squash_walk(fd, 0, size, &m, &e) == 0)
		(void)manifest_finish(&m, &e);
	manifest_release(&m);
	close(fd);
	return 0;
}
