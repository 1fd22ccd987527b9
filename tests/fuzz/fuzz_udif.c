/* fuzz_udif: udif_open (koly trailer, the property list through
 * libxml2, the blkx tables and their checks) and udif_read of every
 * partition (raw, zero-fill, zlib, bzip2 and ADC chunks), whole. */
#include "fuzz.h"

#include "walk/udif.h"

#define READ_CAP (8u << 20)	/* bytes read per input */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct udif *u = NULL;
	struct err e;
	char path[64];
	static unsigned char buf[65536];
	uint64_t off, len, total = 0;
	size_t i, n;
	int fd = fuzz_memfd(data, size, path, sizeof(path));

	if (udif_open(fd, size, &u, &e) == 0) {
		for (i = 0; i < udif_nparts(u); i++) {
			len = udif_part(u, i)->sectors * UDIF_SECTOR;
			for (off = 0; off < len && total < READ_CAP; off += n) {
				n = len - off < sizeof(buf) ?
				    (size_t)(len - off) : sizeof(buf);
				if (udif_read(u, i, off, buf, n, &e) < 0)
					break;
				total += n;
			}
		}
	}
	udif_free(u);
	close(fd);
	return 0;
}
