/* file: open a regular file without hanging on a FIFO; read a whole small
 * file (signatures, keys, pins) with a size cap. */
#ifndef EV_FILE_H
#define EV_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* Opens path for reading (O_CLOEXEC): a regular file only, checked
 * before it is read, so that a FIFO cannot hang. The descriptor, and its
 * size in *size; or -1 with e set ("cannot open 'PATH': ...", "'PATH' is
 * a directory", "'PATH' is not a regular file") and errno: EISDIR, EINVAL
 * (not a regular file) or what open, fstat or fcntl said. */
int file_open(const char *path, uint64_t *size, struct err *e) EV_WUR;

/* Reads path into a new NUL-terminated buffer (the NUL is not counted in
 * *len). Fails with a clear message if the file is larger than max bytes
 * (also when it grows past max while being read), is a directory or not a
 * regular file, or cannot be read. On failure *buf is NULL and errno says
 * why: ENOENT if path does not exist, EISDIR, EINVAL (not a regular file),
 * EFBIG (too large), ENOMEM, or what open/read said. */
int file_read(const char *path, size_t max, unsigned char **buf, size_t *len,
    struct err *e) EV_WUR;

#endif
