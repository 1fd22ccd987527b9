#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apk.h"
#include "appimage.h"
#include "arc.h"
#include "bytes.h"
#include "deb.h"
#include "escape.h"
#include "file.h"
#include "inspect.h"
#include "pe.h"

#define HEAD	512	/* bytes read for the magic */
#define CHUNK	65536

enum walker { W_FILE, W_APPIMAGE, W_PE, W_ZIP, W_TAR, W_DEB };

/* Reads up to len bytes at off; *got is how many (fewer at the end). */
static int
read_at(int fd, uint64_t off, unsigned char *buf, size_t len, size_t *got,
    const char *path, struct err *e)
{
	if (bytes_pread_upto(fd, off, buf, len, got) == 0)
		return 0;
	err_errno(e, "cannot read", path, errno);
	return -1;
}

/* "MZ" starts many files; a PE also has "PE\0\0" where e_lfanew says. */
static int
is_pe(int fd, const unsigned char *h, size_t n, uint64_t size)
{
	unsigned char sig[4];
	uint32_t lfanew;

	if (n < 64 || memcmp(h, "MZ", 2) != 0)
		return 0;
	lfanew = bytes_le32(h + 60);
	if (lfanew < 64 || (uint64_t)lfanew + 4 > size ||
	    bytes_pread(fd, lfanew, sig, 4) < 0)
		return 0;
	return memcmp(sig, "PE\0\0", 4) == 0;
}

static enum walker
detect(int fd, const unsigned char *h, size_t n, uint64_t size)
{
	static const unsigned char xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	static const unsigned char bz_block[] = "1AY&SY";
	static const unsigned char bz_empty[] = { 0x17, 0x72, 0x45, 0x38,
	    0x50, 0x90 };

	if (n >= 11 && memcmp(h, "\177ELF", 4) == 0 &&
	    memcmp(h + 8, "AI\002", 3) == 0)
		return W_APPIMAGE;
	if (is_pe(fd, h, n, size))
		return W_PE;
	if (n >= 4 && (memcmp(h, "PK\003\004", 4) == 0 ||
	    memcmp(h, "PK\005\006", 4) == 0))
		return W_ZIP;
	if ((n >= 3 && memcmp(h, "\037\213\010", 3) == 0) ||
	    (n >= 6 && memcmp(h, xz, 6) == 0) ||
	    (n >= 10 && memcmp(h, "BZh", 3) == 0 && h[3] >= '1' &&
	    h[3] <= '9' && (memcmp(h + 4, bz_block, 6) == 0 ||
	    memcmp(h + 4, bz_empty, 6) == 0)) ||
	    (n >= 262 && memcmp(h + 257, "ustar", 5) == 0))
		return W_TAR;
	if (n >= 24 && memcmp(h, "!<arch>\n", 8) == 0 &&
	    memcmp(h + 8, "debian-binary", 13) == 0 &&
	    (h[21] == ' ' || h[21] == '/'))
		return W_DEB;
	return W_FILE;
}

/* Any other file: one entry for itself, named by its base name. Its
 * mode and times are those of the local copy, not facts of the
 * artifact, so they are left out (mode 0644, as pe_walk). */
static int
walk_file(int fd, const char *path, const char *base, uint64_t size,
    struct manifest *m, struct err *e)
{
	struct manifest_entry *ent;
	unsigned char *buf = NULL;
	uint64_t off = 0;
	size_t got;
	int rc = -1;

	snprintf(m->kind, sizeof(m->kind), "file");
	if ((buf = malloc(CHUNK)) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	if ((ent = manifest_add(m, base, MF_FILE, 0644, size, NULL, e)) ==
	    NULL || manifest_data_begin(m, ent, 0, e) < 0)
		goto out;
	do {
		if (read_at(fd, off, buf, CHUNK, &got, path, e) < 0 ||
		    manifest_data_update(m, buf, got, e) < 0)
			goto out;
		off += got;
	} while (got == CHUNK);
	rc = manifest_data_end(m, e);
out:
	free(buf);
	return rc;
}

/* A zip, an APK if it has a signing block or an AndroidManifest.xml. */
static int
walk_zip(int fd, const char *path, uint64_t size, struct manifest *m,
    struct err *e)
{
	struct apk_info ai;

	memset(&ai, 0, sizeof(ai));
	if (arc_walk(fd, path, ARC_ZIP, m, e) < 0 ||
	    apk_inspect(fd, size, &ai, e) < 0)
		return -1;
	if (ai.has_sigblock || manifest_find(m, "AndroidManifest.xml") != NULL)
		snprintf(m->kind, sizeof(m->kind), "APK");
	return apk_outside(fd, &ai, m, e);
}

static int
walk(int fd, const char *path, uint64_t size, struct manifest *m,
    struct err *e)
{
	unsigned char h[HEAD];
	const char *base = strrchr(path, '/');
	size_t n;

	base = base != NULL ? base + 1 : path;
	if (read_at(fd, 0, h, sizeof(h), &n, path, e) < 0)
		return -1;
	switch (detect(fd, h, n, size)) {
	case W_APPIMAGE:
		return appimage_walk(fd, size, m, e);
	case W_PE:
		return pe_walk(fd, size, base, m, e);
	case W_ZIP:
		return walk_zip(fd, path, size, m, e);
	case W_TAR:
		return arc_walk(fd, path, ARC_TAR, m, e);
	case W_DEB:
		return deb_walk(fd, path, m, e);
	case W_FILE:
		break;
	}
	return walk_file(fd, path, base, size, m, e);
}

/* Names the artifact in a message that does not already. */
static void
name_it(struct err *e, const char *path)
{
	char msg[sizeof(e->msg)], *q;

	q = escape_dup(path, strlen(path));
	if (q == NULL)
		return;
	if (strstr(e->msg, q) == NULL) {
		memcpy(msg, e->msg, sizeof(msg));
		err_set(e, "'%s': %s", q, msg);
	}
	free(q);
}

int
inspect_artifact(const char *path, struct manifest *m, struct err *e)
{
	uint64_t size;
	int fd, rc = -1;

	if ((fd = file_open(path, &size, e)) < 0)
		goto out;
	if (walk(fd, path, size, m, e) < 0 || manifest_finish(m, e) < 0) {
		name_it(e, path);
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	return rc;
}
