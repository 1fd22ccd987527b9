#include <string.h>

#include "openpgp/textmode.h"

void
textmode_init(struct textmode *t)
{
	memset(t, 0, sizeof(*t));
}

/* Passes on the bytes held back: they were inside a line. */
static void
release_held(struct textmode *t, textmode_out_fn out, void *arg)
{
	if (t->nheld > 0)
		out(arg, t->held, t->nheld);
	t->nheld = 0;
}

void
textmode_feed(struct textmode *t, const unsigned char *buf, size_t len,
    textmode_out_fn out, void *arg)
{
	const unsigned char *lf;
	size_t i = 0, run = 0;	/* buf[run..i) are plain bytes to pass on */
	unsigned char c;

	while (i < len) {
		if (t->skip) {
			if ((lf = memchr(buf + i, '\n', len - i)) == NULL)
				return;
			i = (size_t)(lf - buf) + 1;
			run = i;
			t->skip = 0;
			t->col = 0;
			continue;
		}
		c = buf[i];
		if (c != '\n' && ++t->col <= TEXTMODE_MAXLINE) {
			if (c == '\r' || c == '\0') {	/* may end the line */
				if (run < i)
					out(arg, buf + run, i - run);
				t->held[t->nheld++] = c;
				run = ++i;
				continue;
			}
			release_held(t, out, arg);	/* run == i then */
			i++;
			continue;
		}
		if (run < i)
			out(arg, buf + run, i - run);
		/* the end of a line: its LF, or its 19 994th byte */
		t->nheld = 0;
		out(arg, "\r\n", 2);
		if (c == '\n') {
			t->col = 0;
			run = ++i;
		} else {
			t->cut = 1;
			t->skip = 1;
			run = i;
		}
	}
	if (run < i)
		out(arg, buf + run, i - run);
}
