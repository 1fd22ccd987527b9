/* squash: walk a squashfs image that lies inside a larger file (an
 * AppImage's) into a manifest with libsquashfs, reading only the image's
 * own bytes and extracting nothing. (sqfs_ is libsquashfs's prefix.) */
#ifndef EV_SQUASH_H
#define EV_SQUASH_H

#include <stdint.h>

#include "base/err.h"
#include "manifest/manifest.h"

/* Walks the squashfs at [off, off + size) of fd into m; size is its
 * bytes_used, which the caller has checked lies within the file. No read
 * goes outside that window. Entries: directories, files (hard links are
 * files, each with its content), symlinks with their target, anything
 * else MF_OTHER; mode & 07777, uid/gid from the id table, mtime; no user
 * or group names; an inode with extended attributes is marked MF_XATTR;
 * the root directory is not listed (manifest_add gets it as "."). A
 * read, decompression or table error anywhere is an error, never a
 * shorter manifest; so is an entry named "." or holding "/" or NUL,
 * directories nested deeper than 256 (a loop), or more inodes than the
 * entry cap. So is anything that would make the kernel or squashfuse
 * (the AppImage runtime) resolve a name to another inode than the
 * listing shows: a directory index entry that does not name a header of
 * the listing where it lies, or not its first name ("directory 'X' has
 * an index that disagrees with its listing"), names out of byte order,
 * a listing that ends elsewhere than its inode's size says, an entry
 * whose inode number or type is not its inode's, two inodes with one
 * number. Errors start "squashfs at offset OFF", untrusted names
 * escaped. Checks *m->cancel between entries. Sets neither
 * m->kind nor outside records; does not call manifest_finish. */
int squash_walk(int fd, uint64_t off, uint64_t size, struct manifest *m,
    struct err *e) EV_WUR;

#endif
