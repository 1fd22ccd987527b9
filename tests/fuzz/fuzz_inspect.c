/* fuzz_inspect: inspect_artifact, the whole artifact reader of manifest
 * and compare: the magic picks tar (any compression), zip/APK, AppImage,
 * .deb, PE or a plain file. */
#include "fuzz.h"

#include "walk/inspect.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m;
	struct err e;
	char path[64];
	int fd = fuzz_memfd(data, size, path, sizeof(path));

	fuzz_manifest(&m);
	if (inspect_artifact(path, &m, &e) == 0)
		(void)manifest_hostile(&m);
	manifest_release(&m);
	close(fd);
	return 0;
}
