/* udifdec: the three decoders, and the slots the workers fill. One
 * mutex guards every slot's state; a slot's bytes belong to the worker
 * that holds it BUSY, and to the reader once it is DONE. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bzlib.h>
#include <zlib.h>

#include "base/bytes.h"
#include "walk/udifdec.h"

_Static_assert(UDIFDEC_SLOTS > UDIFDEC_WORKERS,
    "a wanted chunk always finds a slot no worker holds");

enum state { S_EMPTY, S_QUEUED, S_BUSY, S_DONE, S_FAILED };

struct slot {
	enum state state;
	struct udifdec_job job;
	unsigned char *buf;	/* job.n bytes once DONE */
	size_t cap;
	uint64_t tick;		/* last wanted or queued: the oldest goes */
	uint64_t seq;		/* queue order; 0 for the wanted chunk */
	enum udifdec_why why;
	int errnum;
};

struct udifdec {
	int fd;			/* not owned */
	pthread_mutex_t mu;
	pthread_cond_t work;	/* a slot was queued, or stop */
	pthread_cond_t done;	/* a slot left BUSY */
	pthread_t t[UDIFDEC_WORKERS];
	size_t ncores;		/* threads to start, and chunks ahead */
	size_t nthreads;	/* started */
	int started, stop;
	struct slot s[UDIFDEC_SLOTS];
	uint64_t tick, seq;
	unsigned char *stored;	/* the caller's, when no thread started */
	size_t stored_cap;
};

/* ---- decoders ---- */

/* Apple Data Compression: literal runs and back references into the
 * output. 0 if in decodes to exactly out's n bytes. */
static int
adc_decode(const unsigned char *in, size_t inlen, unsigned char *out,
    size_t n)
{
	size_t i = 0, o = 0, len, dist;

	while (i < inlen) {
		unsigned c = in[i++];

		if (c & 0x80) {
			len = (c & 0x7f) + 1;
			if (len > inlen - i || len > n - o)
				return -1;
			memcpy(out + o, in + i, len);
			i += len;
			o += len;
			continue;
		}
		if (c & 0x40) {
			if (inlen - i < 2)
				return -1;
			len = (c & 0x3f) + 4;
			dist = ((size_t)in[i] << 8 | in[i + 1]) + 1;
			i += 2;
		} else {
			if (inlen - i < 1)
				return -1;
			len = ((c >> 2) & 0x0f) + 3;
			dist = ((size_t)(c & 3) << 8 | in[i]) + 1;
			i += 1;
		}
		if (dist > o || len > n - o)
			return -1;
		for (; len > 0; len--, o++)	/* may overlap itself */
			out[o] = out[o - dist];
	}
	return o == n ? 0 : -1;
}

static int
zlib_decode(const unsigned char *in, size_t inlen, unsigned char *out,
    size_t n)
{
	z_stream z;
	int r;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)inlen;
	z.next_out = out;
	z.avail_out = (uInt)n;
	r = inflate(&z, Z_FINISH);
	(void)inflateEnd(&z);
	return r == Z_STREAM_END && z.avail_out == 0 && z.avail_in == 0 ?
	    0 : -1;
}

static int
bzip2_decode(const unsigned char *in, size_t inlen, unsigned char *out,
    size_t n)
{
	bz_stream z;
	int r;

	memset(&z, 0, sizeof(z));
	if (BZ2_bzDecompressInit(&z, 0, 0) != BZ_OK)
		return -1;
	z.next_in = (char *)in;
	z.avail_in = (unsigned)inlen;
	z.next_out = (char *)out;
	z.avail_out = (unsigned)n;
	r = BZ2_bzDecompress(&z);
	(void)BZ2_bzDecompressEnd(&z);
	return r == BZ_STREAM_END && z.avail_out == 0 && z.avail_in == 0 ?
	    0 : -1;
}

/* Reads and decompresses job into out (grown to job->n). */
static enum udifdec_why
decode(int fd, const struct udifdec_job *job, unsigned char **stored,
    size_t *stored_cap, unsigned char **out, size_t *out_cap, int *errnum)
{
	unsigned char *p;
	int r;

	if (*stored_cap < job->len) {
		if ((p = realloc(*stored, job->len)) == NULL)
			return UDIFDEC_ENOMEM;
		*stored = p;
		*stored_cap = job->len;
	}
	if (*out_cap < job->n) {
		free(*out);
		*out_cap = 0;
		if ((*out = malloc(job->n)) == NULL)
			return UDIFDEC_ENOMEM;
		*out_cap = job->n;
	}
	if (bytes_pread(fd, job->off, *stored, job->len) < 0) {
		*errnum = errno;
		return UDIFDEC_EREAD;
	}
	r = job->codec == UDIFDEC_ZLIB ?
	    zlib_decode(*stored, job->len, *out, job->n) :
	    job->codec == UDIFDEC_BZIP2 ?
	    bzip2_decode(*stored, job->len, *out, job->n) :
	    adc_decode(*stored, job->len, *out, job->n);
	return r < 0 ? UDIFDEC_EDECODE : UDIFDEC_OK;
}

/* ---- slots and workers ---- */

/* With d->mu held: decodes the first queued slot (the lock let go
 * meanwhile). 0 when none is queued. */
static int
run_one(struct udifdec *d, unsigned char **stored, size_t *cap)
{
	struct slot *s = NULL;
	enum udifdec_why why;
	size_t i;
	int errnum = 0;

	for (i = 0; i < UDIFDEC_SLOTS; i++)
		if (d->s[i].state == S_QUEUED &&
		    (s == NULL || d->s[i].seq < s->seq))
			s = &d->s[i];
	if (s == NULL)
		return 0;
	s->state = S_BUSY;
	pthread_mutex_unlock(&d->mu);
	why = decode(d->fd, &s->job, stored, cap, &s->buf, &s->cap, &errnum);
	pthread_mutex_lock(&d->mu);
	s->why = why;
	s->errnum = errnum;
	s->state = why == UDIFDEC_OK ? S_DONE : S_FAILED;
	pthread_cond_broadcast(&d->done);
	return 1;
}

static void *
worker(void *arg)
{
	struct udifdec *d = arg;
	unsigned char *stored = NULL;
	size_t cap = 0;

	pthread_mutex_lock(&d->mu);
	while (!d->stop)
		if (!run_one(d, &stored, &cap))
			pthread_cond_wait(&d->work, &d->mu);
	pthread_mutex_unlock(&d->mu);
	free(stored);
	return NULL;
}

struct udifdec *
udifdec_new(int fd)
{
	struct udifdec *d = calloc(1, sizeof(*d));
	long cores;

	if (d == NULL)
		return NULL;
	cores = sysconf(_SC_NPROCESSORS_ONLN);
	d->ncores = cores < 1 ? 1 : cores > UDIFDEC_WORKERS ?
	    UDIFDEC_WORKERS : (size_t)cores;
	d->fd = fd;
	if (pthread_mutex_init(&d->mu, NULL) != 0) {
		free(d);
		return NULL;
	}
	if (pthread_cond_init(&d->work, NULL) != 0) {
		pthread_mutex_destroy(&d->mu);
		free(d);
		return NULL;
	}
	if (pthread_cond_init(&d->done, NULL) != 0) {
		pthread_cond_destroy(&d->work);
		pthread_mutex_destroy(&d->mu);
		free(d);
		return NULL;
	}
	return d;
}

void
udifdec_free(struct udifdec *d)
{
	size_t i;

	if (d == NULL)
		return;
	pthread_mutex_lock(&d->mu);
	d->stop = 1;
	for (i = 0; i < UDIFDEC_SLOTS; i++)
		if (d->s[i].state == S_QUEUED)
			d->s[i].state = S_EMPTY;
	pthread_cond_broadcast(&d->work);
	pthread_mutex_unlock(&d->mu);
	for (i = 0; i < d->nthreads; i++)
		pthread_join(d->t[i], NULL);
	for (i = 0; i < UDIFDEC_SLOTS; i++)
		free(d->s[i].buf);
	free(d->stored);
	pthread_cond_destroy(&d->done);
	pthread_cond_destroy(&d->work);
	pthread_mutex_destroy(&d->mu);
	free(d);
}

static void
start(struct udifdec *d)
{
	d->started = 1;
	for (; d->nthreads < d->ncores; d->nthreads++)
		if (pthread_create(&d->t[d->nthreads], NULL, worker, d) != 0)
			break;
}

size_t
udifdec_ahead(const struct udifdec *d)
{
	return d->ncores;
}

static struct slot *
find(struct udifdec *d, uint64_t key)
{
	size_t i;

	for (i = 0; i < UDIFDEC_SLOTS; i++)
		if (d->s[i].state != S_EMPTY && d->s[i].job.key == key)
			return &d->s[i];
	return NULL;
}

static int
in_window(uint64_t key, const struct udifdec_job *want,
    const struct udifdec_job *ahead, size_t nahead)
{
	size_t i;

	if (key == want->key)
		return 1;
	for (i = 0; i < nahead; i++)
		if (key == ahead[i].key)
			return 1;
	return 0;
}

/* The slot to reuse: the oldest one no worker holds, outside the window
 * of chunks wanted now; for the wanted chunk itself, failing that, a
 * queued one (cancelled), then the oldest one no worker holds. NULL when
 * none. */
static struct slot *
claim(struct udifdec *d, const struct udifdec_job *want,
    const struct udifdec_job *ahead, size_t nahead, int wanted)
{
	struct slot *v = NULL, *q = NULL, *any = NULL;
	size_t i;

	for (i = 0; i < UDIFDEC_SLOTS; i++) {
		struct slot *s = &d->s[i];

		if (s->state == S_QUEUED)
			q = s;
		if (s->state == S_QUEUED || s->state == S_BUSY)
			continue;
		if (any == NULL || s->tick < any->tick)
			any = s;
		if (s->state != S_EMPTY && in_window(s->job.key, want, ahead,
		    nahead))
			continue;
		if (v == NULL || s->tick < v->tick)
			v = s;
	}
	if (v != NULL || !wanted)
		return v;
	return q != NULL ? q : any;
}

static void
queue(struct udifdec *d, struct slot *s, const struct udifdec_job *job,
    uint64_t seq)
{
	s->job = *job;
	s->state = S_QUEUED;
	s->seq = seq;
	s->tick = ++d->tick;
}

const unsigned char *
udifdec_get(struct udifdec *d, const struct udifdec_job *want,
    const struct udifdec_job *ahead, size_t nahead, enum udifdec_why *why,
    int *errnum)
{
	const unsigned char *r = NULL;
	struct slot *s, *v;
	size_t i;
	int queued = 0;

	if (!d->started)
		start(d);
	if (d->nthreads == 0)
		nahead = 0;
	pthread_mutex_lock(&d->mu);
	if ((s = find(d, want->key)) == NULL) {
		/* a slot is always there: fewer workers than slots */
		s = claim(d, want, ahead, nahead, 1);
		queue(d, s, want, 0);
		queued = 1;
	} else if (s->state == S_QUEUED)
		s->seq = 0;
	s->tick = ++d->tick;
	for (i = 0; i < nahead; i++) {
		if (find(d, ahead[i].key) != NULL)
			continue;
		if ((v = claim(d, want, ahead, nahead, 0)) == NULL)
			break;
		queue(d, v, &ahead[i], ++d->seq);
		queued = 1;
	}
	if (queued)
		pthread_cond_broadcast(&d->work);
	while (s->state == S_QUEUED || s->state == S_BUSY)
		if (d->nthreads > 0 || !run_one(d, &d->stored, &d->stored_cap))
			pthread_cond_wait(&d->done, &d->mu);
	if (s->state == S_DONE)
		r = s->buf;
	else {
		*why = s->why;
		*errnum = s->errnum;
		s->state = S_EMPTY;
	}
	pthread_mutex_unlock(&d->mu);
	return r;
}
