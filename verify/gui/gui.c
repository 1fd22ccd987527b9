/* electrum-verify-gui: the desktop helper's command line. It parses and
 * hands over to the window (gui_app.c); everything else happens there. */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "gui/gui.h"
#include "trust/core.h"
#include "trust/fetch.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: " GUI_PROG " [--sig SIGFILE] [FILE]\n"
	    "       " GUI_PROG " --update-keys\n"
	    "\n"
	    "Shows in a window whether FILE, a downloaded Electrum release, "
	    "is signed by\nthe pinned Electrum signers. FILE may also be a "
	    "signature (FILE.asc,\nFILE.sig, FILE.SIGNER.asc): then the file "
	    "it signs, beside it, is checked;\na public key file is offered "
	    "for import. Without FILE the window offers\nto open one, or "
	    "takes one dropped on it. The file is only read: it is\nnever "
	    "run or extracted.\n"
	    "\n"
	    "options:\n"
	    "  --sig SIGFILE     the detached signature (default: beside "
	    "FILE)\n"
	    "  --update-keys     fetch the pinned developers' keys from their "
	    "published\n"
	    "                    addresses (as 'electrum-verify keys fetch')\n"
	    "  --help, --version\n"
	    "\n"
	    "key store: $ELECTRUM_VERIFY_HOME, else "
	    "$XDG_DATA_HOME/electrum-verify\n"
	    "test hook: ELECTRUM_VERIFY_GUI_TEST=DIR writes DIR/widgets.txt "
	    "and\nDIR/screenshot.png once the check is done, then exits 0 "
	    "genuine, 1 not\ngenuine, 2 could not check, 3 nothing checked\n");
}

static int
usage_error(void)
{
	fprintf(stderr, "usage: " GUI_PROG " [--sig SIGFILE] [FILE] (see '"
	    GUI_PROG " --help')\n");
	return GUI_EXIT_CANNOT;
}

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "sig", required_argument, NULL, 's' },
		{ "update-keys", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct gui_args ga = { argv[0], NULL, NULL, 0, NULL };
	const char *sig = NULL;
	static struct err e, fe;	/* (fe outlives the window) */
	int rc;
	char *bad, opt[2] = "-";
	int c, prev;

	opterr = 0;	/* our own message, with the program's name */
	for (;;) {
		prev = optind;
		if ((c = getopt_long(argc, argv, ":", lo, NULL)) == -1)
			break;
		switch (c) {
		case 's':
			if (sig != NULL) {
				fprintf(stderr, GUI_PROG ": --sig given twice\n");
				return GUI_EXIT_CANNOT;
			}
			sig = optarg;
			break;
		case 'u':
			ga.update_keys = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf(GUI_PROG " %s\n", EV_VERSION);
			return 0;
		case ':':	/* "--sig" at the end */
			bad = escape_dup(argv[optind - 1],
			    strlen(argv[optind - 1]));
			fprintf(stderr, GUI_PROG ": missing argument for "
			    "'%s'\n", bad ? bad : "?");
			free(bad);
			return usage_error();
		default:
			/* a long option is behind optind; a short one has
			 * only optopt to name it ("-ab" is still at optind) */
			opt[1] = (char)optopt;
			if (optind > prev &&
			    strncmp(argv[optind - 1], "--", 2) == 0)
				bad = escape_dup(argv[optind - 1],
				    strlen(argv[optind - 1]));
			else
				bad = escape_dup(opt, 2);
			fprintf(stderr, GUI_PROG ": unknown option: '%s'\n",
			    bad ? bad : "?");
			free(bad);
			return usage_error();
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, GUI_PROG ": one file at a time, please\n");
		return GUI_EXIT_CANNOT;
	}
	if (sig != NULL && optind == argc) {
		fprintf(stderr, GUI_PROG ": --sig needs a FILE\n");
		return GUI_EXIT_CANNOT;
	}
	if (ga.update_keys && optind < argc) {
		fprintf(stderr, GUI_PROG ": --update-keys takes no FILE\n");
		return GUI_EXIT_CANNOT;
	}
	/* The locale and the libraries once, before GTK or a worker thread
	 * starts (gtk_init sets the same locale again). */
	setlocale(LC_ALL, "");
	if (core_init(&e) != 0) {
		fprintf(stderr, GUI_PROG ": %s\n", e.msg);
		return GUI_EXIT_CANNOT;
	}
	/* libcurl too, for the key update; without it, checks still work */
	if (fetch_init(&fe) != 0)
		ga.fetch_error = fe.msg;
	ga.file = optind < argc ? argv[optind] : NULL;
	ga.sig = sig;
	rc = gui_app_run(&ga);
	fetch_cleanup();
	return rc;
}
