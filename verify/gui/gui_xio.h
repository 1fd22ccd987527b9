/* gui_xio: when the X server goes away under the window. GDK's X11
 * backend then ends the process at once (its Xlib I/O error handler
 * calls _exit(1): no "closed" signal, no atexit, no clean-up), so a check
 * running in the worker would leave its private GnuPG home behind. This
 * puts a handler of our own in GDK's place: it calls back first (to
 * cancel and wait for the check), then ends the process itself. */
#ifndef EV_GUI_XIO_H
#define EV_GUI_XIO_H

/* On an X11 display (call it after gtk_init): once the connection to the
 * X server is lost, fn(ud) runs in the thread that saw it (the main
 * one), where no GTK or X call may be made, then the process ends with
 * status code. Returns 0, or -1 (nothing done) on another backend or if
 * Xlib's XSetIOErrorHandler is not found. */
int gui_xio_watch(void (*fn)(void *ud), void *ud, int code);

#endif
