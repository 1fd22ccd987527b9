/* gui: the desktop helper electrum-verify-gui. This header is free of
 * GTK types: gui.c (main) is built like the core; the gui_*.c modules
 * behind it use GTK 4. */
#ifndef EV_GUI_H
#define EV_GUI_H

#define GUI_PROG "electrum-verify-gui"
/* The application ID; the desktop entry is GUI_APP_ID.desktop, so that
 * a desktop finds it from the window (Wayland's app_id). Not Electrum's
 * own domain: this helper is not made by the Electrum developers. */
#define GUI_APP_ID "net.electrumverify.Gui"

/* Exit codes when the test hook ends the program (and for errors): the
 * CLI's codes for the verdict, and one for "nothing was checked". */
#define GUI_EXIT_GENUINE	0
#define GUI_EXIT_NOT_GENUINE	1
#define GUI_EXIT_CANNOT		2
#define GUI_EXIT_NOTHING	3

struct gui_args {
	const char *prog;	/* argv[0] */
	const char *file;	/* FILE, or NULL */
	const char *sig;	/* --sig, or NULL */
	int update_keys;	/* --update-keys */
	const char *fetch_error; /* why keys cannot be fetched, or NULL */
};

/* Opens the window and, if file is not NULL, checks it (a download, or
 * its .asc / .sig / .SIGNER.asc: then the file beside it; a public key:
 * then it offers to import it); sig is a signature to use instead of
 * looking beside the file, or NULL. With update_keys, it updates the
 * pinned keys instead (keys fetch). Returns the exit status. */
int gui_app_run(const struct gui_args *ga);

#endif
