#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/escape.h"

void
err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

void
err_path(struct err *e, const char *pre, const char *path, const char *post)
{
	char *q = escape_dup(path, strlen(path));

	err_set(e, "%s'%s'%s", pre, q != NULL ? q : "?", post);
	free(q);
}

void
err_path_cut(struct err *e, const char *pre, const char *path, size_t max,
    const char *post)
{
	size_t n = strlen(path);
	char *q = escape_dup(path, n > max ? max : n);

	err_set(e, "%s'%s%s'%s", pre, q != NULL ? q : "?", n > max ? "..." : "",
	    post);
	free(q);
}

const char *
err_strerror(int errnum, char *buf, size_t len)
{
	/* the GNU strerror_r (_GNU_SOURCE): its text, in buf or constant */
	return strerror_r(errnum, buf, len);
}

void
err_errno(struct err *e, const char *what, const char *path, int errnum)
{
	char pre[64], post[256];

	snprintf(pre, sizeof(pre), "%s ", what);
	snprintf(post, sizeof(post), ": %s", ERRNO_STR(errnum));
	err_path(e, pre, path, post);
	errno = errnum;
}
