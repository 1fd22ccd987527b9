/* err: one error message carried from the core up to a front end. */
#ifndef EV_ERR_H
#define EV_ERR_H

#include <stddef.h>

#define EV_PROG "electrum-verify"
#define EV_WUR __attribute__((warn_unused_result))

struct err {
	char msg[1024];
};

/* What became of a core function that takes outside material (a key, a
 * signature): made use of, refused because the material is wrong
 * (malformed, rejected by gpg, too large), or not run at all. Refused and
 * could not run lead to different verdicts and exit statuses, so they
 * must not both be "non-zero". */
enum err_status {
	ERR_FAILED = -1,	/* could not run: e says why */
	ERR_OK = 0,
	ERR_REFUSED = 1		/* the material is refused: e says why */
};

/* Records a lowercase message without the program name; the front end
 * prefixes "electrum-verify: ". A later call replaces an earlier one. */
void err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Records "PRE'PATH'POST" with the path escaped for printing. */
void err_path(struct err *e, const char *pre, const char *path,
    const char *post);

/* Records "PRE'PATH'POST" with at most the first max bytes of path,
 * escaped, and "..." after a cut. */
void err_path_cut(struct err *e, const char *pre, const char *path,
    size_t max, const char *post);

/* strerror's text for errnum, made in buf (len bytes) or a constant:
 * strerror itself need not be thread-safe, and the core runs in the
 * GUI's worker thread too. ERRNO_STR(n) gives one whose buffer lives until
 * the end of the enclosing block. */
const char *err_strerror(int errnum, char *buf, size_t len);
#define ERRNO_STR(n)	err_strerror((n), (char[128]){ 0 }, 128)

/* Records "WHAT 'PATH': its errno text", path escaped, and leaves errno
 * at errnum. */
void err_errno(struct err *e, const char *what, const char *path,
    int errnum);

#endif
