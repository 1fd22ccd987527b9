/* AppImage type 2: an ELF runtime, then a squashfs image. Locates the
 * squashfs where the runtime itself mounts it, records the bytes around
 * it, and leaves the squashfs to squash_walk. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "walk/appimage.h"
#include "base/bytes.h"
#include "walk/squash.h"

#define SB_SIZE		96	/* squashfs 4.0 superblock */
#define PAD_MAX		4096	/* mksquashfs pads the image to 4 KiB */

/* ---- reading the artifact ---- */

/* Hashes [off, off + len); *nonzero tells whether any byte is not 0. */
static int
hash_range(int fd, uint64_t off, uint64_t len, char hex[65], int *nonzero,
    const char *what, struct err *e)
{
	if (bytes_hash_range(fd, off, len, hex, nonzero, e) == 0)
		return 0;
	if (errno != 0)
		err_set(e, "cannot read the %s at offset %ju: %s", what,
		    (uintmax_t)off, ERRNO_STR(errno));
	return -1;
}

/* ---- locating the squashfs ---- */

/* An ELF field of n bytes, in the runtime's byte order (big or not). */
static uint64_t
get(const unsigned char *p, size_t n, int big)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)p[big ? n - 1 - i : i] << (8 * i);
	return v;
}

static int
check_ident(const unsigned char *h, uint64_t file_size, struct err *e)
{
	if (file_size < 52 || memcmp(h, "\177ELF", 4) != 0) {
		err_set(e, "not an AppImage: no ELF header");
		return -1;
	}
	if (h[8] == 'A' && h[9] == 'I' && h[10] == 1) {
		err_set(e, "AppImage of type 1 (ISO 9660) is not supported");
		return -1;
	}
	if (h[8] != 'A' || h[9] != 'I' || h[10] != 2) {
		err_set(e, "not an AppImage of type 2: no \"AI\\x02\" at "
		    "offset 8 of the ELF header");
		return -1;
	}
	if ((h[4] != 1 && h[4] != 2) || (h[5] != 1 && h[5] != 2) ||
	    (h[4] == 2 && file_size < 64)) {
		err_set(e, "AppImage runtime has an unknown ELF class %u or "
		    "byte order %u", h[4], h[5]);
		return -1;
	}
	return 0;
}

/* The offset the AppImage runtime itself mounts (its
 * appimage_get_elf_size): the end of the section header table, or the end
 * of the last section if that lies further. */
static int
elf_end(int fd, const unsigned char *h, uint64_t file_size, uint64_t *end,
    struct err *e)
{
	int is64 = h[4] == 2, big = h[5] == 2;
	uint64_t shoff, shent, shnum, tab_end, sec_end, last;
	unsigned char sh[64];
	size_t std = is64 ? 64 : 40;

	shoff = is64 ? get(h + 0x28, 8, big) : get(h + 0x20, 4, big);
	shent = get(h + (is64 ? 0x3a : 0x2e), 2, big);
	shnum = get(h + (is64 ? 0x3c : 0x30), 2, big);
	if (shnum == 0 || shent < std) {
		err_set(e, "AppImage runtime has no usable section header "
		    "table (%ju entries of %ju bytes)", (uintmax_t)shnum,
		    (uintmax_t)shent);
		return -1;
	}
	if (shoff > file_size || shent * shnum > file_size - shoff) {
		err_set(e, "AppImage runtime's section header table (offset "
		    "%ju, %ju entries of %ju bytes) lies beyond the end of the "
		    "file (%ju bytes)", (uintmax_t)shoff, (uintmax_t)shnum,
		    (uintmax_t)shent, (uintmax_t)file_size);
		return -1;
	}
	tab_end = shoff + shent * shnum;
	last = tab_end - shent;
	if (bytes_pread(fd, last, sh, std) < 0) {
		err_set(e, "cannot read the AppImage runtime's section headers "
		    "at offset %ju: %s", (uintmax_t)last, ERRNO_STR(errno));
		return -1;
	}
	shoff = is64 ? get(sh + 0x18, 8, big) : get(sh + 0x10, 4, big);
	sec_end = is64 ? get(sh + 0x20, 8, big) : get(sh + 0x14, 4, big);
	if (sec_end > UINT64_MAX - shoff) {
		err_set(e, "AppImage runtime's last section (offset %ju, %ju "
		    "bytes) overflows", (uintmax_t)shoff, (uintmax_t)sec_end);
		return -1;
	}
	sec_end += shoff;
	*end = sec_end > tab_end ? sec_end : tab_end;
	return 0;
}

int
appimage_locate(int fd, uint64_t file_size, uint64_t *sqfs_off,
    uint64_t *sqfs_size, struct err *e)
{
	unsigned char h[64], sb[SB_SIZE];
	uint64_t off, used;

	memset(h, 0, sizeof(h));
	if (file_size < 52) {
		err_set(e, "not an AppImage: no ELF header");
		return -1;
	}
	if (bytes_pread(fd, 0, h, file_size < 64 ? 52 : 64) < 0) {
		err_set(e, "cannot read the ELF header: %s", ERRNO_STR(errno));
		return -1;
	}
	if (check_ident(h, file_size, e) < 0 ||
	    elf_end(fd, h, file_size, &off, e) < 0)
		return -1;
	if (off > file_size || file_size - off < SB_SIZE) {
		err_set(e, "AppImage has no squashfs after its runtime: the "
		    "runtime ends at offset %ju of %ju bytes", (uintmax_t)off,
		    (uintmax_t)file_size);
		return -1;
	}
	if (bytes_pread(fd, off, sb, SB_SIZE) < 0) {
		err_set(e, "cannot read the squashfs superblock at offset %ju: "
		    "%s", (uintmax_t)off, ERRNO_STR(errno));
		return -1;
	}
	if (memcmp(sb, "hsqs", 4) != 0) {
		err_set(e, "AppImage has no squashfs magic \"hsqs\" at offset "
		    "%ju (the end of its runtime)", (uintmax_t)off);
		return -1;
	}
	used = bytes_le64(sb + 40);
	if (used < SB_SIZE) {
		err_set(e, "squashfs at offset %ju claims %ju bytes, less than "
		    "its superblock", (uintmax_t)off, (uintmax_t)used);
		return -1;
	}
	if (used > file_size - off) {
		err_set(e, "squashfs at offset %ju claims %ju bytes but %ju "
		    "follow in the file (truncated or corrupted)",
		    (uintmax_t)off, (uintmax_t)used,
		    (uintmax_t)(file_size - off));
		return -1;
	}
	*sqfs_off = off;
	*sqfs_size = used;
	return 0;
}

/* ---- bytes outside the squashfs ---- */

static int
add_runtime(int fd, const unsigned char *h, uint64_t off,
    struct manifest *m, struct err *e)
{
	char hex[65], note[128];
	int nonzero;

	if (hash_range(fd, 0, off, hex, &nonzero, "AppImage runtime", e) < 0)
		return -1;
	snprintf(note, sizeof(note), "ELF%s %s runtime, %ju bytes",
	    h[4] == 2 ? "64" : "32", h[5] == 2 ? "MSB" : "LSB",
	    (uintmax_t)off);
	return manifest_outside_add(m, "appimage-runtime", 0, off, hex, note,
	    0, e);
}

/* mksquashfs pads its image with zeros to a multiple of 4 KiB; anything
 * else after bytes_used is hostile. The padding is recorded too (not
 * hostile), so that two manifests show the same file layout. */
static int
add_trailing(int fd, uint64_t end, uint64_t file_size, struct manifest *m,
    struct err *e)
{
	uint64_t len = file_size - end;
	char hex[65], note[128];
	int nonzero, hostile;

	if (len == 0)
		return 0;
	if (hash_range(fd, end, len, hex, &nonzero, "data after the squashfs",
	    e) < 0)
		return -1;
	hostile = nonzero || len >= PAD_MAX;
	if (nonzero)
		snprintf(note, sizeof(note), "%ju bytes after the squashfs, "
		    "not zero padding", (uintmax_t)len);
	else if (hostile)
		snprintf(note, sizeof(note), "%ju zero bytes after the "
		    "squashfs, more than its 4 KiB padding", (uintmax_t)len);
	else
		snprintf(note, sizeof(note), "zero padding of the squashfs, "
		    "%ju bytes", (uintmax_t)len);
	return manifest_outside_add(m, "trailing-data", end, len, hex, note,
	    hostile, e);
}

int
appimage_walk(const struct walker_input *in, struct manifest *m,
    struct err *e)
{
	unsigned char h[64];
	uint64_t off, used, file_size = in->size;
	int fd = in->fd;

	snprintf(m->kind, sizeof(m->kind), "AppImage");
	if (appimage_locate(fd, file_size, &off, &used, e) < 0)
		return -1;
	if (bytes_pread(fd, 0, h, 6) < 0) {
		err_set(e, "cannot read the ELF header: %s", ERRNO_STR(errno));
		return -1;
	}
	if (add_runtime(fd, h, off, m, e) < 0 ||
	    squash_walk(fd, off, used, m, e) < 0 ||
	    add_trailing(fd, off + used, file_size, m, e) < 0)
		return -1;
	return 0;
}
