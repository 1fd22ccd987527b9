/* appimage: an AppImage (type 2) is an ELF runtime followed by a squashfs
 * image; locate the squashfs and walk it (squash.h) into a manifest. */
#ifndef EV_APPIMAGE_H
#define EV_APPIMAGE_H

#include <stdint.h>

#include "base/err.h"
#include "manifest/manifest.h"
#include "walk/walker.h"

/* Finds the squashfs where the AppImage runtime itself looks for it (its
 * appimage_get_elf_size): the end of the ELF section header table, or the
 * end of the last section if that lies further. Accepts 32- and 64-bit
 * ELF of either byte order with "AI\x02" at offset 8, checks the "hsqs"
 * magic there; *sqfs_size is the superblock's bytes_used, which must lie
 * within the file. Returns 0, or -1 with e set if fd is not an AppImage
 * of type 2 or is truncated. Messages name offsets, not the file: the
 * caller prefixes the path. */
int appimage_locate(int fd, uint64_t file_size, uint64_t *sqfs_off,
    uint64_t *sqfs_size, struct err *e) EV_WUR;

/* Walks the squashfs into m (kind "AppImage"); adds the outside records
 * "appimage-runtime" (bytes before the squashfs) and "trailing-data"
 * (bytes after bytes_used, if any: recorded even when they are the zero
 * padding mksquashfs writes, hostile unless all zero and under 4 KiB).
 * Only the squashfs's own bytes [off, off + bytes_used) are read through
 * libsquashfs, by squash_walk (squash.h). Entries: directories, files
 * (hard links are files, each with its content), symlinks with their
 * target, anything else MF_OTHER; mode & 07777, uid/gid from the id
 * table, mtime; no user or group names and no xattrs (squashfs has none
 * / not compared); the root directory is not listed. A read,
 * decompression or table error anywhere is an error, never a shorter
 * manifest; so is an entry named "." or holding "/" or NUL, or
 * directories nested deeper than 256 (a loop). Errors read "squashfs at
 * offset N: ..." with untrusted names escaped. Checks *m->cancel between
 * entries. Does not call manifest_finish. */
int appimage_walk(const struct walker_input *in, struct manifest *m,
    struct err *e) EV_WUR;

#endif
