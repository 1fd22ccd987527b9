/* tarscan: a strict reading of a tar stream's 512-byte headers as the
 * stream goes by, independent of libarchive. It refuses what tar readers
 * (libarchive, GNU tar, dpkg, Python's tarfile) read differently, and
 * remembers where each entry's data starts, so that the caller can check
 * that its tar reader saw the same headers. Release tarballs hold none of
 * what it refuses. */
#ifndef EV_TARSCAN_H
#define EV_TARSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* The rules, for each header (at a multiple of 512 in the stream, as
 * the sizes of the entries before it say):
 *   - the checksum matches (unsigned or signed sum, as GNU tar reads it);
 *   - magic and version are "ustar\0" "00" (POSIX), "ustar  \0" (GNU)
 *     or all zero (v7); a GNU or v7 header has nothing in the POSIX
 *     prefix field (Python's tarfile would read it as a prefix), a v7
 *     header nothing after the link name;
 *   - the size field is octal digits (or base-256), nothing else;
 *   - typeflag '0', '\0', '7' (a file), '1', '2', '5' (links and
 *     directories), '3', '4', '6' (devices, fifo), and the extensions
 *     'x' (pax), 'L' and 'K' (GNU long name and link); 'g' (pax global)
 *     and all others ('V', 'A', 'S', 'D', 'M', 'N' ...) are refused;
 *   - only files and the extensions carry data: the others have size 0,
 *     in the header and in a pax "size";
 *   - a file's name (after the extensions) does not end in "/", nor does
 *     the header name of a '\0' file; only links have a link target;
 *   - an extension (pax data, a long name) is at most max_ext bytes,
 *     comes at most once per kind before its entry, and is followed by
 *     an entry; an entry has not both a pax path and a GNU long name
 *     (nor both link forms);
 *   - pax data is well-formed records "LEN KEY=VALUE\n" only, with no
 *     "GNU.sparse.*" keys, no empty path, linkpath or size, size a
 *     decimal number, and none of the standard keys twice.
 * The first all-zero header ends the archive; what follows is the
 * caller's (trailing data). */

struct tarscan;

/* NULL when out of memory. */
struct tarscan *tarscan_new(size_t max_ext);
void tarscan_free(struct tarscan *s);	/* accepts NULL */

/* Reads the next len bytes of the stream. 0, or -1 with e set to "tar
 * header at offset N: RULE" (N in the stream); after an error every
 * call fails. */
int tarscan_feed(struct tarscan *s, const void *buf, size_t len,
    struct err *e) EV_WUR;

/* Entries (non-extension headers) seen so far. */
uint64_t tarscan_entries(const struct tarscan *s);
/* Where entry k (from 1)'s data starts in the stream: 0, or -1 when k
 * was not seen or is too far behind the last one seen to be kept. */
int tarscan_data_start(const struct tarscan *s, uint64_t k, uint64_t *off);
/* Non-zero once the end-of-archive block was seen; *at is its offset. */
int tarscan_ended(const struct tarscan *s, uint64_t *at);
/* Non-zero if the first header's checksum or magic was wrong: the
 * stream is no tar archive at all (the caller says so). */
int tarscan_not_tar(const struct tarscan *s);

#endif
