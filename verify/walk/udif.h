/* udif: Apple's UDIF disk image (.dmg): the koly trailer, the XML
 * property list's blkx tables (one per partition) and their chunks
 * (raw, zero-fill, ignored, zlib, bzip2, ADC), read through preads on
 * demand; nothing is extracted to disk. */
#ifndef EV_UDIF_H
#define EV_UDIF_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* Caps: past any of them the image is refused, whatever it claims. */
#define UDIF_MAX_XML	(16u << 20)	/* bytes of the property list */
#define UDIF_MAX_PARTS	64		/* blkx tables */
#define UDIF_MAX_CHUNKS	200000u		/* chunks in all tables */
#define UDIF_MAX_CHUNK	(16u << 20)	/* bytes of one compressed chunk,
					 * stored or decompressed */
#define UDIF_MAX_DISK	(1ULL << 40)	/* bytes of the whole disk */
#define UDIF_SECTOR	512

struct udif;

/* One partition (blkx table). */
struct udif_part {
	char name[96];		/* the table's Name, escaped, cut */
	uint64_t first;		/* first sector on the disk */
	uint64_t sectors;	/* its sectors */
	size_t nchunks;		/* chunks (comments and the end mark left
				 * out) */
	uint64_t stored;	/* bytes its chunks take in the file */
};

/* Reads the trailer and the tables of the image on fd (size bytes).
 * Every chunk is checked before any is decompressed: known type (LZFSE,
 * LZMA and others refused by name), inside the data fork, chunks in
 * order, without gap or overlap, filling the table's sectors; tables
 * that do not overlap, inside the disk the trailer declares. 0 and *out
 * (udif_free), or -1 with e set ("UDIF image: ..."). */
int udif_open(int fd, uint64_t size, struct udif **out, struct err *e) EV_WUR;
void udif_free(struct udif *u);		/* accepts NULL */

size_t udif_nparts(const struct udif *u);
const struct udif_part *udif_part(const struct udif *u, size_t i);

/* Reads len bytes at byte off of partition i, decompressing the chunks
 * it touches (the last few are kept). A chunk that does not decompress
 * to exactly its sectors is an error naming it. 0, or -1 with e set. */
int udif_read(struct udif *u, size_t i, uint64_t off, void *buf,
    size_t len, struct err *e) EV_WUR;

/* Where the trailer and the property list lie in the file. */
void udif_layout(const struct udif *u, uint64_t *xml_off, uint64_t *xml_len,
    uint64_t *koly_off, uint64_t *data_off, uint64_t *data_len);

/* Where the image's own code signature lies (the trailer's offset and
 * size after its 64 reserved bytes, checked to lie in the file before the
 * trailer); both 0 when it is unsigned. */
void udif_codesig(const struct udif *u, uint64_t *off, uint64_t *len);

#endif
