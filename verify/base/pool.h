/* pool: the same worker on one thread per core (at most POOL_MAX, and
 * no more than there are jobs); the workers share out the jobs
 * themselves (an atomic counter in arg). */
#ifndef EV_POOL_H
#define EV_POOL_H

#include <stddef.h>

#define POOL_MAX 16

/* Runs fn(arg) on the threads and waits for them all; when no thread
 * can be started, runs fn(arg) in the caller's. */
void pool_run(void *(*fn)(void *), void *arg, size_t jobs);

#endif
