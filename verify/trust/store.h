/* store: the user's copy of the pinned signers' public keys. */
#ifndef EV_STORE_H
#define EV_STORE_H

#include <stddef.h>

#include "base/err.h"

/* The largest key file the store reads or writes. */
#define STORE_MAX_KEY (1024 * 1024)

/* The store directory: $ELECTRUM_VERIFY_HOME, else
 * $XDG_DATA_HOME/electrum-verify, else $HOME/.local/share/electrum-verify.
 * Keys live in DIR/keys/FPR.pgp (binary, one transferable key each). */
int store_dir(char *out, size_t n, struct err *e) EV_WUR;

/* Reads the key stored for fpr into a new buffer. Returns 1 if found, 0 if
 * not stored, -1 on error. */
int store_read(const char *fpr, unsigned char **buf, size_t *len,
    struct err *e) EV_WUR;

/* Writes the key for fpr atomically (temporary file, fsync, rename),
 * creating the directories with mode 0700. ERR_OK; ERR_REFUSED when buf
 * is larger than STORE_MAX_KEY (nothing written, a stored key stays);
 * ERR_FAILED on error. */
enum err_status store_write(const char *fpr, const unsigned char *buf,
    size_t len, struct err *e) EV_WUR;

/* A small record of the store beside the keys, DIR/NAME (NAME a plain
 * file name): read whole (at most max bytes: 1 found, 0 none, -1 error,
 * the path in *path when path is not NULL), or written atomically
 * (directory made with mode 0700). */
int store_read_record(const char *name, size_t max, unsigned char **buf,
    size_t *len, char *path, size_t pathlen, struct err *e) EV_WUR;
int store_write_record(const char *name, const unsigned char *buf,
    size_t len, struct err *e) EV_WUR;

#endif
