#include <pthread.h>
#include <unistd.h>

#include "base/pool.h"

void
pool_run(void *(*fn)(void *), void *arg, size_t jobs)
{
	pthread_t t[POOL_MAX];
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n, i, started = 0;

	n = cores < 1 ? 1 : (size_t)cores;
	if (n > POOL_MAX)
		n = POOL_MAX;
	if (n > jobs)
		n = jobs;
	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, fn, arg) == 0)
			started++;
	if (started == 0)
		fn(arg);
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
}
