/* pever: the version strings of a Windows PE's version resource
 * (VS_VERSION_INFO, StringFileInfo), read without running anything.
 * Electrum's NSIS setup sets ProductVersion and FileVersion to the
 * release's version; its PyInstaller executables carry no version
 * resource. */
#ifndef EV_PEVER_H
#define EV_PEVER_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* Reads the first RT_VERSION resource of the PE on fd (file_size bytes)
 * and copies its "ProductVersion" string, else its "FileVersion" one,
 * as printable ASCII (others as '?') into out (cap bytes). Returns 1
 * found, 0 no version resource or neither string, -1 malformed headers
 * or resource tree (e says which). Reads at most 64 KiB of the
 * resource; a resource tree deeper or wider than Windows reads it is an
 * error. */
int pever_read(int fd, uint64_t file_size, char *out, size_t cap,
    struct err *e) EV_WUR;

#endif
