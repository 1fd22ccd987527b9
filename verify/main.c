/* electrum-verify: the command line. It parses, dispatches to the core in
 * verify/, prints, and turns the result into the exit status. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keys.h"
#include "pins.h"
#include "report.h"
#include "verify.h"

#define EXIT_NOT_VERIFIED 1
#define EXIT_CANNOT 2

enum mode { MODE_CHECK, MODE_KEYS };

struct opts {
	enum mode mode;
	const char *sig;		/* --sig */
	const char **keyrings;		/* --keyring, repeatable */
	size_t nkeyrings;
	unsigned min_sigs;		/* --min-sigs */
	int json;			/* --json */
	int quiet;			/* --quiet */
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: electrum-verify [check] [options] FILE\n"
	    "       electrum-verify keys list | import KEYFILE... | "
	    "export [NAME]\n"
	    "\n"
	    "Checks that FILE, a downloaded Electrum release, is signed by "
	    "the pinned\nElectrum signers. The signature is looked for as "
	    "FILE.asc, FILE.sig, or\nthe per-signer files FILE.SIGNER.asc.\n"
	    "\n"
	    "options:\n"
	    "  --sig SIGFILE     the detached signature (default: beside "
	    "FILE)\n"
	    "  --keyring KEYS    pin every key in KEYS for this run instead "
	    "of the\n"
	    "                    Electrum signers (repeatable)\n"
	    "  --min-sigs N      good signatures by distinct pinned keys "
	    "needed (default 1)\n"
	    "  --json            print a machine-readable receipt\n"
	    "  --quiet           print the verdict line only\n"
	    "  --help, --version\n"
	    "\n"
	    "exit status: 0 verified, 1 not verified, 2 could not check\n"
	    "key store: $ELECTRUM_VERIFY_HOME, else "
	    "$XDG_DATA_HOME/electrum-verify\n");
}

static void
complain(const char *msg)
{
	fprintf(stderr, EV_PROG ": %s\n", msg);
}

static int
parse_count(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v < 1 ||
	    v > 64)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "sig", required_argument, NULL, 's' },
		{ "keyring", required_argument, NULL, 'k' },
		{ "min-sigs", required_argument, NULL, 'm' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char **kr;
	int c, seen_min = 0;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 's':
			if (o->sig != NULL) {
				complain("--sig given twice");
				return -1;
			}
			o->sig = optarg;
			break;
		case 'k':
			kr = realloc(o->keyrings, (o->nkeyrings + 1) *
			    sizeof(*kr));
			if (kr == NULL) {
				complain("out of memory");
				return -1;
			}
			o->keyrings = kr;
			o->keyrings[o->nkeyrings++] = optarg;
			break;
		case 'm':
			if (seen_min++ || parse_count(optarg, &o->min_sigs)) {
				complain("--min-sigs takes one number from 1 "
				    "to 64");
				return -1;
			}
			break;
		case 'j':
			o->json = 1;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case 'V':
			printf("electrum-verify %s\n", EV_VERSION);
			return 1;
		default:
			fprintf(stderr, "usage: electrum-verify [check] [options] "
			    "FILE (see 'electrum-verify --help')\n");
			return -1;
		}
	}
	if (o->json && o->quiet) {
		complain("--json and --quiet cannot be used together");
		return -1;
	}
	return 0;
}

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Ctrl-C stops a check through the core, which then removes its private
 * GnuPG home, instead of killing the process on the spot; the short key
 * store commands finish and clean up. A second signal kills at once. */
static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;	/* a second one kills at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static int
cmd_check(const struct opts *o, const char *file)
{
	struct verify_opts vo = { file, o->sig, o->keyrings, o->nkeyrings,
	    o->min_sigs, &interrupted };
	struct verify_result r;
	struct err e = { "" }, je = { "" };
	int rc;

	verify_result_init(&r);
	if (verify_file(&vo, &r, &e) != 0) {
		complain(e.msg);
		snprintf(r.reason, sizeof(r.reason), "%s", e.msg);
		r.verdict = VERDICT_ERROR;
	}
	rc = report_exit_code(r.verdict);
	if (o->json) {
		if (report_json(stdout, &r, NULL, &je) != 0) {
			complain(je.msg);
			rc = EXIT_CANNOT;
		}
	} else if (r.verdict != VERDICT_ERROR)
		report_text(stdout, &r, o->quiet);
	verify_result_release(&r);
	return rc;
}

static int
keys_cmd_import(const struct pins *p, char **files, int n)
{
	struct keys_outcome *ko;
	struct err e = { "" };
	size_t nko, j;
	int i, rc = 0;

	for (i = 0; i < n; i++) {
		if (keys_import(p, files[i], &ko, &nko, &e) != 0) {
			complain(e.msg);
			rc = EXIT_CANNOT;
			continue;
		}
		for (j = 0; j < nko; j++) {
			if (ko[j].pin == NULL) {
				fprintf(stderr, EV_PROG ": key %s (%s) is not "
				    "pinned: refused; only the keys of %s are "
				    "accepted\n", ko[j].fpr, ko[j].uid,
				    p->origin ? p->origin : "the pins");
				if (rc == 0)
					rc = EXIT_NOT_VERIFIED;
				continue;
			}
			printf("imported %s: key %s matches the pin '%s'%s\n",
			    ko[j].pin->name, ko[j].fpr, ko[j].pin->name,
			    ko[j].revoked ? " (the key is REVOKED: its "
			    "signatures will not count)" : "");
		}
		keys_outcomes_free(ko, nko);
	}
	return rc;
}

static void
print_date(const char *what, long long t)
{
	char d[32];
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL)
		return;
	strftime(d, sizeof(d), "%Y-%m-%d", &tm);
	printf("  %s %s", what, d);
}

static int
keys_cmd_list(const struct pins *p)
{
	struct keys_info *ki;
	struct err e = { "" };
	size_t i;

	if (keys_list(p, &ki, &e) != 0) {
		complain(e.msg);
		return EXIT_CANNOT;
	}
	for (i = 0; i < p->n; i++) {
		printf("%-22s %s  %s", p->v[i].name, p->v[i].fpr,
		    ki[i].present ? "present" : "missing");
		if (ki[i].revoked)
			printf("  REVOKED");
		if (ki[i].expires)
			print_date(ki[i].expires < time(NULL) ? "expired" :
			    "expires", ki[i].expires);
		if (ki[i].present && ki[i].signing == 0)
			printf("  no usable signing key");
		else if (ki[i].sign_expires)
			print_date(ki[i].sign_expires < time(NULL) ?
			    "signing key expired" : "signing key expires",
			    ki[i].sign_expires);
		printf("\n    %s%s%s\n", p->v[i].url[0] ? p->v[i].url :
		    "(no published address)", p->v[i].note[0] ? "\n    " :
		    "", p->v[i].note);
	}
	keys_info_free(ki, p->n);
	return 0;
}

static int
keys_cmd_export(const struct pins *p, const char *name)
{
	unsigned char *buf;
	size_t len;
	struct err e = { "" };
	int rc = 0;

	if (keys_export(p, name, &buf, &len, &e) != 0) {
		complain(e.msg);
		return EXIT_CANNOT;
	}
	if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
		complain("cannot write the keys to standard output");
		rc = EXIT_CANNOT;
	}
	free(buf);
	return rc;
}

static int
cmd_keys(int argc, char **argv)
{
	struct pins p;
	struct err e = { "" };
	const char *verb = argc > 0 ? argv[0] : "";
	int rc = EXIT_CANNOT;

	pins_init(&p);
	if (pins_load_default(&p, &e) != 0) {
		complain(e.msg);
		goto out;
	}
	if (strcmp(verb, "list") == 0 && argc == 1)
		rc = keys_cmd_list(&p);
	else if (strcmp(verb, "import") == 0 && argc >= 2)
		rc = keys_cmd_import(&p, argv + 1, argc - 1);
	else if (strcmp(verb, "export") == 0 && argc <= 2)
		rc = keys_cmd_export(&p, argc == 2 ? argv[1] : NULL);
	else {
		complain("usage: electrum-verify keys list | import "
		    "KEYFILE... | export [NAME]");
	}
out:
	pins_release(&p);
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts o = { MODE_CHECK, NULL, NULL, 0, 1, 0, 0 };
	int rc, first = 1;

	if (argc > 1 && strcmp(argv[1], "keys") == 0)
		o.mode = MODE_KEYS, first = 2;
	else if (argc > 1 && strcmp(argv[1], "check") == 0)
		first = 2;
	catch_signals();
	if (o.mode == MODE_KEYS) {
		rc = cmd_keys(argc - first, argv + first);
		goto out;
	}
	argv[first - 1] = (char *)EV_PROG;	/* getopt's messages */
	rc = parse_opts(argc - first + 1, argv + first - 1, &o);
	if (rc != 0) {
		rc = rc > 0 ? 0 : EXIT_CANNOT;
		goto out;
	}
	if (argc - first + 1 - optind != 1) {
		complain(argc - first + 1 - optind == 0 ? "no file to check "
		    "given (see --help)" : "give exactly one file to check");
		rc = EXIT_CANNOT;
		goto out;
	}
	rc = cmd_check(&o, argv[first - 1 + optind]);
out:
	free(o.keyrings);
	if (fflush(stdout) != 0 && rc == 0)
		rc = EXIT_CANNOT;
	return rc;
}
