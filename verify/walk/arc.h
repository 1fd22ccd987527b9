/* arc: walk tar (plain, gzip, xz, bzip2) and zip/APK archives with
 * libarchive into a manifest, streaming, with only those formats and
 * filters enabled; and the walker the .deb module (deb.c) builds on. */
#ifndef EV_ARC_H
#define EV_ARC_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "manifest/manifest.h"
#include "walk/walker.h"

/* arc_walk_tar: a tar, tar.gz, tar.xz or tar.bz2; arc_walk_zip: a zip or
 * APK (central directory, seekable). Walks the archive open on in->fd
 * (the whole file, read with pread) into m and sets m->kind ("tar", "tar.gz", "tar.xz", "tar.bz2", "zip").
 * Does not call manifest_finish. 0, or -1 with e set; messages name
 * in->path (and the entry). A read or decompression error anywhere, a tar
 * without its end-of-archive block, a libarchive warning other than a
 * name not valid in its charset, or data that is not a tar archive is an
 * error, never a shorter manifest. So is a tar header that tar readers
 * could read differently (tarscan.h has the rules: a 'V', 'A' or 'g'
 * header, a link or directory with data, a file named "d/", an unknown
 * magic ...): "tar header at offset N: RULE", N in the tar stream; pax
 * data and GNU long names are limited to 64 KiB plus twice the path cap.
 * Entries with extended attributes, ACLs beyond the mode or file flags
 * are marked MF_XATTR.
 *
 * Outside records (offsets in the file unless said otherwise):
 *   "trailing-data"   bytes after the compressed stream, or after the
 *                     end of an uncompressed tar; hostile unless all
 *                     zero (tar's record padding; gzip -t accepts zeros
 *                     after its stream)
 *   "trailing-data-decompressed"  bytes after the end of the tar in the
 *                     decompressed stream, offset in that stream
 *                     (hostile unless all zero)
 *   "gzip-header"     the gzip header (at the start of the compressed
 *                     stream), when it holds more than a modification
 *                     time and a file name of at most 255 printable bytes
 *                     without "/" (what gzip and Python write, differing
 *                     between runs): an extra field, a comment, a header
 *                     CRC, reserved flags, another name (not hostile; the
 *                     note says what). Only the first gzip member's header
 *                     is seen.
 *
 * Zip: a size or CRC on which the central directory and the local
 * header disagree marks MF_SIZE_LIE (libarchive then reads by the local
 * header); data that then fails its CRC or size check is an error.
 * libarchive shows "\" in zip names as "/" (apk_inspect counts them).
 * Names are read in a C.UTF-8 locale (per thread), so UTF-8 names keep
 * their bytes; a zip entry flagged UTF-8 whose name is not valid UTF-8
 * is an error. Non-file entries that carry data get MF_SIZE_LIE; entry
 * caps apply to that data and to the decompressed bytes after the tar,
 * and the total cap to every byte read (entries, data after the end). */
int arc_walk_tar(const struct walker_input *in, struct manifest *m,
    struct err *e) EV_WUR;
int arc_walk_zip(const struct walker_input *in, struct manifest *m,
    struct err *e) EV_WUR;

/* Called by arc_zip_each with one entry's whole content (data may be
 * NULL when len is 0); 0 to go on, or -1 with e set. */
typedef int (*arc_file_fn)(const char *path, const unsigned char *data,
    size_t len, void *ctx, struct err *e);

/* Reads the zip on fd with libarchive (as arc_walk does) and calls fn
 * with the content of each regular file entry for which want(path) is
 * non-zero, read whole into memory; an entry over cap bytes is an error.
 * 0, or -1 with e set (messages name 'name'). For the APK v1 signature
 * files (jarsig.h). */
int arc_zip_each(int fd, const char *name, int (*want)(const char *path),
    arc_file_fn fn, void *ctx, size_t cap, struct err *e) EV_WUR;

/* ---- for walkers built on this one (deb.c); not for other callers ----
 *
 * A walker runs inside arc_run, which sets up what arc_walk does (the
 * C.UTF-8 locale, libgcrypt, the file's size) and calls body. Errors go
 * to the e given to arc_run; arc_fail and arc_wrap word them like
 * arc_walk's. */

struct archive;
struct archive_entry;
struct hash;
struct arc_walk;		/* one walk, opaque */

#define ARC_MD5		0x1u	/* arc_add_entry: MD5 of files too */
#define ARC_OWNERS	0x2u	/* arc_add_entry: uid and gid are facts */
#define ARC_ZSTD	0x4u	/* arc_tar: accept zstd compression */

typedef int (*arc_body_fn)(struct arc_walk *w, void *ctx);
/* Called for each entry of a tar; marks are MF_* bits from libarchive's
 * warnings. 0, or -1 with the error set. */
typedef int (*arc_entry_fn)(struct arc_walk *w, struct archive *a,
    struct archive_entry *ae, unsigned marks, void *ctx);

/* Runs body(w, ctx) on the file open on fd; opts are ARC_* bits. */
int arc_run(int fd, const char *name, struct manifest *m, unsigned opts,
    arc_body_fn body, void *ctx, struct err *e) EV_WUR;

/* Opens a (formats and filters already enabled) on the whole file,
 * without seeking; a stays readable until freed, within the walk. */
int arc_open_file(struct arc_walk *w, struct archive *a) EV_WUR;

/* Walks the tar stream in the current member of outer (an ar), whose
 * bytes are [off, off + len) of the file, calling per(w, ..., ctx) for
 * each entry; checks the end-of-archive marker and records what follows
 * the tar and the compressed stream as arc_walk does, the names with
 * ":PREFIX" appended ("trailing-data:data.tar"). *code is the
 * compression (ARCHIVE_FILTER_*). */
int arc_tar(struct arc_walk *w, struct archive *outer, uint64_t off,
    uint64_t len, arc_entry_fn per, void *ctx, const char *prefix,
    int *code) EV_WUR;

/* The arc_entry_fn of a manifest: adds the entry to m, hashes its data
 * (a non-file's data is read too and marks it MF_SIZE_LIE). */
int arc_add_entry(struct arc_walk *w, struct archive *a,
    struct archive_entry *ae, unsigned marks, void *ctx) EV_WUR;

/* Reads the rest of the current entry's data into h (may be NULL); *n
 * is its size; more than cap bytes is an error, and the bytes count
 * against the total cap. */
int arc_drain(struct arc_walk *w, struct archive *a, uint64_t cap,
    uint64_t *n, struct hash *h) EV_WUR;

/* Counts n bytes read against the total cap (--max-total-bytes); -1
 * with the cap's error past it. */
int arc_count(struct arc_walk *w, uint64_t n) EV_WUR;

/* The size of the file walked, and len bytes of it at off (an error
 * worded like arc_fail's if they cannot be read). */
uint64_t arc_file_size(const struct arc_walk *w);
int arc_pread(struct arc_walk *w, uint64_t off, void *buf, size_t len) EV_WUR;

/* An outside record for [off, off + len) of the file, with its SHA-256
 * (the bytes count against the total cap). */
int arc_record(struct arc_walk *w, const char *name, uint64_t off,
    uint64_t len, const char *note, int hostile) EV_WUR;

/* Records "cannot read 'NAME' (PART, entry N 'PATH'): MSG", all
 * escaped; msg NULL takes a's error string. Returns -1. */
int arc_fail(struct arc_walk *w, struct archive *a, const char *msg);
/* Prefixes the message already set (by manifest_*) with 'NAME': and
 * returns -1. */
int arc_wrap(struct arc_walk *w);
/* What arc_fail names: the member being read ("data.tar.xz") and the
 * entry's path; NULL for none. The strings must outlive their use. */
void arc_set_part(struct arc_walk *w, const char *part);
void arc_set_entry(struct arc_walk *w, const char *path);

/* An entry's path (NULL if missing), and its type with the link target
 * (hard link, symlink) or NULL in *link. */
const char *arc_entry_path(struct archive_entry *ae);
enum manifest_type arc_entry_type(struct archive_entry *ae,
    const char **link);

#endif
