/* fuzz_hfs: hfs_walk, an HFS+ or HFSX volume filling the whole input
 * (volume header, journal, the extents overflow, catalog and attributes
 * B-trees, forks, hard links, paths). */
#include "fuzz.h"

#include "walk/hfs.h"

struct mem {
	const uint8_t *p;
	size_t n;
};

static int
mem_read(void *ctx, uint64_t off, void *buf, size_t len, struct err *e)
{
	struct mem *m = ctx;

	if (off > m->n || len > m->n - off) {
		err_set(e, "read past the volume");
		return -1;
	}
	memcpy(buf, m->p + off, len);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem mem = { data, size };
	struct hfs_dev d = { mem_read, &mem, size };
	struct manifest m;
	struct err e;

	fuzz_manifest(&m);
	if (hfs_walk(&d, &m, &e) == 0)
		(void)manifest_finish(&m, &e);
	manifest_release(&m);
	return 0;
}
