/* fuzz_hfs: hfs_walk, an HFS+ or HFSX volume filling the whole input
 * (volume header, journal, the extents overflow, catalog and attributes
 * B-trees, forks, hard links, paths). */
#include "fuzz.h"

#include "walk/hfs.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_mem mem = { data, size };
	struct hfs_dev d = { fuzz_mem_read, &mem, size, NULL, NULL };
	struct manifest m;
	struct err e;

	fuzz_manifest(&m);
	if (hfs_walk(&d, &m, &e) == 0)
		(void)manifest_finish(&m, &e);
	manifest_release(&m);
	return 0;
}
