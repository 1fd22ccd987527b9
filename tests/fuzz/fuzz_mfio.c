/* fuzz_mfio: mfio_read, the manifest reader of compare: detects mtree,
 * sha256sum or JSON from the first bytes and reads the file (a memfd);
 * what it read is written back in all three formats. */
#include "fuzz.h"

#include "manifest/mfio.h"

static FILE *devnull;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m;
	struct err e;
	char path[64];
	int fd = fuzz_memfd(data, size, path, sizeof(path));

	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	fuzz_manifest(&m);
	if (mfio_read(path, &m, &e) == MFIO_MANIFEST) {
		(void)manifest_hostile(&m);
		(void)mfio_write(devnull, &m, MFIO_MTREE, &e);
		(void)mfio_write(devnull, &m, MFIO_SHA256SUM, &e);
		(void)mfio_write(devnull, &m, MFIO_JSON, &e);
	}
	manifest_release(&m);
	close(fd);
	return 0;
}
