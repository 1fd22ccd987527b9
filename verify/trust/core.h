/* core: the one initialisation of the libraries the core uses (libgcrypt,
 * GPGME), made by each program's main before any thread starts. */
#ifndef EV_CORE_H
#define EV_CORE_H

#include "base/err.h"

/* Returns 0, or -1 and a message when a library cannot be set up. After
 * it the core never changes the process environment. */
int core_init(struct err *e) EV_WUR;

#endif
