/* err: one error message carried from the core up to a front end. */
#ifndef EV_ERR_H
#define EV_ERR_H

#define EV_PROG "electrum-verify"
#define EV_WUR __attribute__((warn_unused_result))

struct err {
	char msg[1024];
};

/* Records a lowercase message without the program name; the front end
 * prefixes "electrum-verify: ". A later call replaces an earlier one. */
void err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
