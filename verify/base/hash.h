/* hash: SHA-256 and size of a stream in one pass, keeping its first and
 * last bytes for type detection. */
#ifndef EV_HASH_H
#define EV_HASH_H

#include <stddef.h>
#include <stdint.h>

#include <gcrypt.h>

#include "base/err.h"

#define HASH_HEAD 4096
#define HASH_TAIL 512

struct hash {
	gcry_md_hd_t md;
	uint64_t size;
	unsigned char head[HASH_HEAD];
	size_t head_len;
	unsigned char tail[HASH_TAIL];	/* last bytes, oldest first after final */
	size_t tail_len;
	char hex[65];			/* set by hash_final */
};

/* Initialises libgcrypt: once, from main (core_init), before any thread
 * starts; safe to call again. */
int hash_lib_init(struct err *e) EV_WUR;
/* 0 once hash_lib_init has run, else -1 and a message: the core never
 * initialises libraries lazily, from whichever thread comes first. */
int hash_ready(struct err *e) EV_WUR;
int hash_init(struct hash *h, struct err *e) EV_WUR;
void hash_update(struct hash *h, const void *buf, size_t len);
/* hash_final may be called twice; updates after it are ignored. */
void hash_final(struct hash *h);	/* fills hex */
void hash_release(struct hash *h);	/* accepts an unused or released h */

#endif
