#include <dlfcn.h>
#include <string.h>
#include <unistd.h>

#include <gdk/x11/gdkx.h>

#include "gui/gui_xio.h"

/* XSetIOErrorHandler is looked up in the libX11 that GTK loaded: the
 * program is not linked with libX11 itself. */
typedef XIOErrorHandler (*set_handler_fn)(XIOErrorHandler);
_Static_assert(sizeof(set_handler_fn) == sizeof(void *),
    "dlsym's result holds a function pointer");

static struct {
	void (*fn)(void *);
	void *ud;
	int code;
	volatile int seen;	/* the handler ran already */
} lost;

static int
io_error(Display *d)
{
	(void)d;
	/* a second error (the callback touched the display after all)
	 * must not run it again */
	if (!lost.seen) {
		lost.seen = 1;
		if (lost.fn != NULL)
			lost.fn(lost.ud);
	}
	_exit(lost.code);
}

int
gui_xio_watch(void (*fn)(void *ud), void *ud, int code)
{
	GdkDisplay *d = gdk_display_get_default();
	set_handler_fn set;
	void *sym;

	if (d == NULL || !GDK_IS_X11_DISPLAY(d))
		return -1;
	if ((sym = dlsym(RTLD_DEFAULT, "XSetIOErrorHandler")) == NULL)
		return -1;
	memcpy(&set, &sym, sizeof(set));	/* (no cast: ISO C) */
	lost.fn = fn;
	lost.ud = ud;
	lost.code = code;
	set(io_error);
	return 0;
}
