/* artifact: what a downloaded file claims to be (from its name) and what
 * it is (from its bytes). */
#ifndef EV_ARTIFACT_H
#define EV_ARTIFACT_H

#include <stddef.h>
#include <stdint.h>

struct artifact_name {
	char product[32];	/* "Electrum" */
	char version[32];	/* "4.6.2" */
	char platform[64];	/* "Linux x86_64 AppImage", "Windows installer" */
	const char *type;	/* type the name implies, as artifact_detect */
};

/* Parses an Electrum release file name (base name only). Returns 1 and
 * fills n if it is one, else 0. */
int artifact_parse_name(const char *base, struct artifact_name *n);

/* Names the type from the content: "AppImage", "ELF executable",
 * "Windows PE executable", "Apple disk image", "zip archive", "APK" is not
 * told from zip, "gzip data", "xz data", "bzip2 data", "tar archive",
 * "OpenPGP data", "empty", "unknown". */
const char *artifact_detect(const unsigned char *head, size_t head_len,
    const unsigned char *tail, size_t tail_len, uint64_t size);

#endif
