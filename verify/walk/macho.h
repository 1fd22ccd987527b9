/* macho: Mach-O executables and libraries (thin, or fat with up to
 * MACHO_MAX_SLICES slices): where each slice's code signature lies, and
 * the same file without it, as it was before codesign_allocate made room
 * for the signature. Read through a callback, so the file may lie inside
 * a disk image and never on disk. */
#ifndef EV_MACHO_H
#define EV_MACHO_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define MACHO_MAX_SLICES	16
#define MACHO_MAX_CMDS		(1u << 20)	/* bytes of load commands */

/* The file: size bytes, read through read(ctx, off, buf, len, e), which
 * returns 0, or -1 with e set. */
struct macho_src {
	int (*read)(void *ctx, uint64_t off, void *buf, size_t len,
	    struct err *e);
	void *ctx;
	uint64_t size;
};

/* One slice (a thin file is one slice at offset 0). */
struct macho_slice {
	uint64_t off, size;	/* in the file */
	uint32_t cputype, align;	/* align: fat's power of two, else 0 */
	int is64;
	int is_signed;		/* has an LC_CODE_SIGNATURE */
	int adhoc;		/* signed, ad-hoc: a CodeDirectory flagged
				 * CS_ADHOC and no CMS signature with content
				 * (what Apple's arm64 linker adds to every
				 * file it links) */
	/* when signed: */
	uint64_t sig_off, sig_size;	/* dataoff, datasize (in the slice) */
	uint64_t blob_len;	/* the SuperBlob's own length */
	uint64_t keep;		/* bytes of the slice kept: the end of the
				 * last __LINKEDIT data other than the
				 * signature */
	uint32_t ncmds, sizeofcmds;
	uint64_t lc_off;	/* the LC_CODE_SIGNATURE command */
	uint64_t seg_off;	/* the __LINKEDIT segment command */
	uint64_t le_fileoff;	/* __LINKEDIT's fileoff */
	uint64_t new_vmsize;	/* __LINKEDIT's vmsize without signature */
	uint64_t new_off;	/* offset in the unsigned file */
};

struct macho_info {
	int fat;
	size_t n;
	struct macho_slice s[MACHO_MAX_SLICES];
	uint64_t size;		/* of the file */
	uint64_t unsigned_size;	/* of the file without signatures */
	size_t nsigned;		/* signed slices */
	size_t nadhoc;		/* of those, ad-hoc ones */
	uint64_t cut;		/* bytes of signature and padding removed
				 * (the sum of each signed slice's size -
				 * keep) */
};

/* 1 if the first n bytes (n >= 8) start a Mach-O file: a thin header
 * (either byte order, 32 or 64 bit) or a fat header (0xcafebabe with 1 to
 * MACHO_MAX_SLICES slices, which tells it from a Java class file, or
 * 0xcafebabf). */
int macho_sniff(const unsigned char *p, size_t n);

/* Parses the file and checks that each signed slice strips cleanly: a
 * little-endian header; load commands inside the slice and
 * MACHO_MAX_CMDS; one __LINKEDIT segment ending at the slice's end;
 * LC_CODE_SIGNATURE the last load command, 16 bytes; its data at a
 * 16-byte boundary at the end of the slice, inside __LINKEDIT, after the
 * last other __LINKEDIT data (symbol and string tables, dyld info,
 * function starts ...) by fewer than 16 zero bytes; a code signature
 * SuperBlob (0xfade0cc0) whose length fits, then only zero bytes;
 * __LINKEDIT's vmsize its filesize rounded up to the page (16 KiB for
 * arm64, else 4 KiB). A fat file: slices in order, each at the first
 * offset of its alignment after the one before, the bytes between them
 * zero, the last ending the file. Each signed slice's SuperBlob index
 * (at most 64 slots) says whether it is ad-hoc. 0, or -1 with e saying what breaks
 * the rule (where, in the slice). */
int macho_parse(const struct macho_src *s, struct macho_info *mi,
    struct err *e) EV_WUR;

/* Streams the file without its signatures: each signed slice cut after
 * its last other __LINKEDIT data, its LC_CODE_SIGNATURE zeroed, ncmds and
 * sizeofcmds less that command, __LINKEDIT's filesize the bytes kept and
 * vmsize that rounded up to the page; a fat file's slices laid out again
 * by the same rule (header offsets and sizes rewritten, zeros between).
 * An unsigned file comes out unchanged. Calls out(ctx, buf, len) for each
 * piece in order; its non-zero return stops and is returned; -1 on a read
 * error, with e set. */
int macho_unsigned_stream(const struct macho_src *s,
    const struct macho_info *mi,
    int (*out)(void *ctx, const void *buf, size_t len), void *ctx,
    struct err *e) EV_WUR;

#endif
