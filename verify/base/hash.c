#include <string.h>

#include "base/hash.h"

int
hash_lib_init(struct err *e)
{
	gcry_error_t ge;

	if (gcry_check_version(NULL) == NULL) {
		err_set(e, "cannot initialise libgcrypt");
		return -1;
	}
	if (gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P))
		return 0;
	ge = gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
	if (ge != 0) {
		err_set(e, "cannot disable libgcrypt's secure memory: %s",
		    gcry_strerror(ge));
		return -1;
	}
	ge = gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	if (ge != 0) {
		err_set(e, "cannot initialise libgcrypt: %s",
		    gcry_strerror(ge));
		return -1;
	}
	return 0;
}

int
hash_ready(struct err *e)
{
	if (!gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) {
		err_set(e, "libgcrypt is not initialised (core_init was not "
		    "called)");
		return -1;
	}
	return 0;
}

int
hash_init(struct hash *h, struct err *e)
{
	gcry_error_t ge;

	memset(h, 0, sizeof(*h));
	h->md = NULL;
	if (hash_ready(e) < 0)
		return -1;
	ge = gcry_md_open(&h->md, GCRY_MD_SHA256, 0);
	if (ge != 0) {
		h->md = NULL;
		err_set(e, "cannot start a SHA-256 hash: %s",
		    gcry_strerror(ge));
		return -1;
	}
	return 0;
}

static void
keep_head(struct hash *h, const unsigned char *p, size_t len)
{
	size_t n = HASH_HEAD - h->head_len;

	if (n == 0)
		return;
	if (n > len)
		n = len;
	memcpy(h->head + h->head_len, p, n);
	h->head_len += n;
}

/* Until hash_final, tail is a ring: the byte at stream offset k lives in
 * tail[k % HASH_TAIL]. h->size is the offset of p[0]. */
static void
keep_tail(struct hash *h, const unsigned char *p, size_t len)
{
	uint64_t off = h->size, end = h->size + len;
	size_t pos, n;

	if (len > HASH_TAIL) {
		off = end - HASH_TAIL;
		p += len - HASH_TAIL;
		len = HASH_TAIL;
	}
	pos = (size_t)(off % HASH_TAIL);
	n = HASH_TAIL - pos;
	if (n > len)
		n = len;
	memcpy(h->tail + pos, p, n);
	memcpy(h->tail, p + n, len - n);
	h->tail_len = end < HASH_TAIL ? (size_t)end : HASH_TAIL;
}

/* Ignored after hash_final, and when hash_init failed. */
void
hash_update(struct hash *h, const void *buf, size_t len)
{
	if (h == NULL || h->md == NULL || h->hex[0] != '\0' || len == 0)
		return;
	gcry_md_write(h->md, buf, len);
	keep_head(h, buf, len);
	keep_tail(h, buf, len);
	h->size += len;
}

/* Turns the ring into plain order, oldest byte first. */
static void
unring_tail(struct hash *h)
{
	unsigned char tmp[HASH_TAIL];
	size_t pos;

	if (h->tail_len < HASH_TAIL)
		return;
	pos = (size_t)(h->size % HASH_TAIL);
	if (pos == 0)
		return;
	memcpy(tmp, h->tail + pos, HASH_TAIL - pos);
	memcpy(tmp + HASH_TAIL - pos, h->tail, pos);
	memcpy(h->tail, tmp, HASH_TAIL);
}

/* Idempotent: a second call leaves hex and tail as they are. */
void
hash_final(struct hash *h)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *d;
	size_t i;

	if (h == NULL || h->md == NULL || h->hex[0] != '\0')
		return;
	d = gcry_md_read(h->md, GCRY_MD_SHA256);
	if (d == NULL)
		return;
	for (i = 0; i < 32; i++) {
		h->hex[2 * i] = digits[d[i] >> 4];
		h->hex[2 * i + 1] = digits[d[i] & 0x0f];
	}
	h->hex[64] = '\0';
	unring_tail(h);
}

void
hash_release(struct hash *h)
{
	if (h == NULL || h->md == NULL)
		return;
	gcry_md_close(h->md);
	h->md = NULL;
}
