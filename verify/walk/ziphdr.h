/* ziphdr: the fields a zip entry's local header and its central
 * directory entry both carry (method, flags, CRC, sizes, zip64 sizes),
 * and whether the two readings, and the data descriptor, agree. Readers
 * differ in which one they take (libarchive and Java's ZipInputStream
 * the local header, Android, Java's ZipFile and Python's zipfile the
 * central directory), so any difference is a different archive. */
#ifndef EV_ZIPHDR_H
#define EV_ZIPHDR_H

#include <stddef.h>
#include <stdint.h>

/* The general purpose flags compared: encrypted (bit 0), data
 * descriptor (3), strong encryption (6), UTF-8 names (11), masked local
 * header (13). The others only tune a compressor. */
#define ZIPHDR_FLAGS	0x2849u
#define ZIPHDR_DESC	0x0008u	/* sizes and CRC in a data descriptor */

struct ziphdr {
	unsigned flags, method;
	unsigned dostime, dosdate;	/* the MS-DOS modification time */
	uint32_t crc;
	uint64_t csize, usize;	/* zip64 values where the field is 0xffffffff */
	int zip64;		/* the extra field holds a zip64 field (0x0001) */
};

/* Fills z from a local header (30 bytes, "PK\3\4" ...) or a central
 * directory header (46 bytes, "PK\1\2" ...), then takes each 32-bit size
 * that is 0xffffffff from the zip64 field of the extra field x[0..xlen),
 * uncompressed first, as libarchive, Java and Python do. -1 if such a
 * size is not there. */
int ziphdr_local(struct ziphdr *z, const unsigned char *h,
    const unsigned char *x, size_t xlen);
int ziphdr_central(struct ziphdr *z, const unsigned char *h,
    const unsigned char *x, size_t xlen);

/* Compares a local header with its central directory entry: method,
 * the ZIPHDR_FLAGS, the MS-DOS modification time and (unless the
 * descriptor flag is set, when the local fields must be 0 or equal) CRC
 * and both sizes. NULL if they
 * agree, else why[0..cap) says what differs ("method: 0 in the local
 * header, 8 in the central directory"). */
const char *ziphdr_differ(const struct ziphdr *local, const struct ziphdr *cd,
    char *why, size_t cap);

/* Compares the extra fields both headers carry, by what they mean
 * (lx[0..llen) local, cx[0..clen) central): the modification time of an
 * extended timestamp (0x5455) and of an old Info-ZIP Unix field
 * (0x5855), the Info-ZIP Unix owner (0x7875) when the central one is
 * not empty, and byte for byte any other field both give, except zip64
 * (ziphdr_differ compares its sizes), zipalign and JAR padding (0xd935,
 * 0xcafe) and zero padding (id 0). A field given twice in one header is
 * a difference too: readers take the first or the last. NULL if they
 * agree, else why. Malformed areas are scanned as far as they parse
 * (zipcd marks them). */
const char *ziphdr_extra_differ(const unsigned char *lx, size_t llen,
    const unsigned char *cx, size_t clen, char *why, size_t cap);

/* The data descriptor in d[0..n) (signature optional; 8-byte sizes if
 * the local header has a zip64 field): *len its length, and NULL if its
 * CRC and sizes are the central directory's, else why. n must be at
 * least 24 or what is left of the file. */
const char *ziphdr_descriptor(const struct ziphdr *local,
    const struct ziphdr *cd, const unsigned char *d, size_t n, size_t *len,
    char *why, size_t cap);

#endif
