/* fuzz_appimage: appimage_walk: the ELF headers that place the squashfs
 * (appimage_locate), the image, the runtime and trailing-data records. */
#include "fuzz.h"

#include "walk/appimage.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m;
	struct err e;
	char path[64];
	uint64_t off, used;
	int fd = fuzz_memfd(data, size, path, sizeof(path));
	struct walker_input in = { fd, path, "fuzz.AppImage", size };

	fuzz_manifest(&m);
	if (appimage_locate(fd, size, &off, &used, &e) == 0) {
		if (off > size || used > size - off)
			abort();
		if (appimage_walk(&in, &m, &e) == 0)
			(void)manifest_finish(&m, &e);
	}
	manifest_release(&m);
	close(fd);
	return 0;
}
