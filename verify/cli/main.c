/* electrum-verify: the command line. It parses, dispatches to the core in
 * verify/, prints, and turns the result into the exit status. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdatomic.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "base/artifact.h"
#include "bind/bind.h"
#include "bind/folder.h"
#include "bind/sums.h"
#include "compare/compare.h"
#include "compare/rebase.h"
#include "base/escape.h"
#include "base/file.h"
#include "trust/fetch.h"
#include "openpgp/sigfile.h"
#include "walk/inspect.h"
#include "trust/keys.h"
#include "manifest/mfio.h"
#include "trust/core.h"
#include "trust/pins.h"
#include "cli/report.h"
#include "cli/report_folder.h"
#include "cli/report_sums.h"
#include "trust/verify.h"

#define EXIT_NOT_VERIFIED 1
#define EXIT_CANNOT 2

enum mode { MODE_CHECK, MODE_KEYS, MODE_MANIFEST, MODE_COMPARE };

struct opts {
	enum mode mode;
	const char *sig;		/* --sig */
	const char **keyrings;		/* --keyring, repeatable */
	size_t nkeyrings;
	char **fprs;			/* --fingerprint, repeatable: upper-case
					 * hex, the spaces taken out */
	size_t nfprs;
	unsigned min_sigs;		/* --min-sigs */
	enum verify_engine engine;	/* --engine */
	int cross;			/* --cross-check */
	int json;			/* --json */
	int quiet;			/* --quiet */
	int no_downgrade;		/* --no-downgrade */
	const char *sums;		/* --sums LIST */
};

/* manifest and compare */
struct look_opts {
	enum mode mode;
	enum mfio_format format;	/* --format (manifest) */
	int strict;			/* --strict (compare) */
	int json;			/* --json (compare) */
	int unsigned_rule;		/* --unsigned (compare) */
	struct rebase_opts rebase;	/* --strip-components N, --prefix
					 * OLD=NEW (compare) */
	char prefix[4096];		/* --prefix's argument, split */
	struct manifest_caps caps;	/* --max-entries, --max-entry-bytes,
					 * --max-total-bytes, --max-path */
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: electrum-verify [check] [options] FILE|FOLDER|SIGFILE\n"
	    "       electrum-verify [check] [options] SIGFILE FILE\n"
	    "       electrum-verify [check] [options] --sums LIST\n"
	    "       electrum-verify keys list | import KEYFILE... | "
	    "export [NAME]\n"
	    "       electrum-verify keys fetch [--ca-file PEMFILE] [NAME...]\n"
	    "       electrum-verify manifest [options] ARTIFACT\n"
	    "       electrum-verify compare [options] A B\n"
	    "\n"
	    "Checks that FILE, a downloaded Electrum release, is signed by "
	    "the pinned\nElectrum signers. The signature is looked for as "
	    "FILE.asc, FILE.sig, or\nthe per-signer files FILE.SIGNER.asc. "
	    "A FOLDER is audited as a release\nfolder: every release file in "
	    "it checked, a files x signers matrix, each\nFILE.asc against its "
	    "FILE.SIGNER.asc files, files missing or extra. --sums checks a "
	    "signed\nchecksum list (SHA256SUMS with detached or clear-signed "
	    "signatures) and\nthe files it lists in its folder.\n"
	    "A signature given instead of FILE (told by its content) checks "
	    "the file it\nsigns, beside it; a signature and a file, in either "
	    "order, are --sig SIG FILE.\n"
	    "\n"
	    "options:\n"
	    "  --sig SIGFILE     the detached signature (default: beside "
	    "FILE)\n"
	    "  --sums LIST       check the signed checksum list LIST, then "
	    "each listed\n"
	    "                    file in its folder (text-mode signatures "
	    "count here)\n"
	    "  --keyring KEYS    pin every key in KEYS for this run instead "
	    "of the\n"
	    "                    Electrum signers (repeatable; binary, armoured "
	    "or\n"
	    "                    gpg --enarmor output)\n"
	    "  --fingerprint FPR pin only the primary key FPR (full "
	    "fingerprint) of the\n"
	    "                    --keyring files (repeatable)\n"
	    "  --min-sigs N      good signatures by distinct pinned keys "
	    "needed (default 1)\n"
	    "  --engine E        native (libgcrypt, one read; default) or gpg\n"
	    "  --cross-check     check with both engines; they must agree\n"
	    "  --no-downgrade    a release older than one verified before "
	    "(same platform)\n"
	    "                    is not verified (exit 1)\n"
	    "  --json            print a machine-readable receipt\n"
	    "  --quiet           print the verdict line only\n"
	    "  --help, --version\n"
	    "\n"
	    "exit status: 0 verified, 1 not verified, 2 could not check\n"
	    "key store: $ELECTRUM_VERIFY_HOME, else "
	    "$XDG_DATA_HOME/electrum-verify\n"
	    "\n"
	    "'electrum-verify manifest --help' and 'electrum-verify compare "
	    "--help' tell\nhow to look inside a release without extracting "
	    "it.\n");
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

/* --fingerprint FPR: 40 or 64 hex digits, spaces allowed as gpg prints
 * them. */
static int
add_fpr(struct opts *o, const char *arg)
{
	char fpr[65], **v;
	size_t n = 0;

	for (; *arg != '\0'; arg++) {
		if (*arg == ' ')
			continue;
		if (n == 64 || !((*arg >= '0' && *arg <= '9') ||
		    (*arg >= 'a' && *arg <= 'f') || (*arg >= 'A' &&
		    *arg <= 'F')))
			break;
		fpr[n++] = *arg >= 'a' ? (char)(*arg - 'a' + 'A') : *arg;
	}
	fpr[n] = '\0';
	if (*arg != '\0' || (n != 40 && n != 64)) {
		complain("--fingerprint takes a full primary key fingerprint, "
		    "40 or 64 hex digits (spaces allowed, as gpg prints it), "
		    "not a key ID");
		return -1;
	}
	if ((v = realloc(o->fprs, (o->nfprs + 1) * sizeof(*v))) == NULL ||
	    (v[o->nfprs] = strdup(fpr)) == NULL) {
		if (v != NULL)
			o->fprs = v;
		complain("out of memory");
		return -1;
	}
	o->fprs = v;
	o->nfprs++;
	return 0;
}

static int
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "sig", required_argument, NULL, 's' },
		{ "keyring", required_argument, NULL, 'k' },
		{ "fingerprint", required_argument, NULL, 'f' },
		{ "min-sigs", required_argument, NULL, 'm' },
		{ "engine", required_argument, NULL, 'e' },
		{ "cross-check", no_argument, NULL, 'x' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-downgrade", no_argument, NULL, 'D' },
		{ "sums", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char **kr;
	int c, seen_min = 0, seen_engine = 0;

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
		case 'f':
			if (add_fpr(o, optarg) != 0)
				return -1;
			break;
		case 'm':
			if (seen_min++ || parse_count(optarg, &o->min_sigs)) {
				complain("--min-sigs takes one number from 1 "
				    "to 64");
				return -1;
			}
			break;
		case 'e':
			if (seen_engine++ || (strcmp(optarg, "native") != 0 &&
			    strcmp(optarg, "gpg") != 0)) {
				complain("--engine takes one of 'native' or "
				    "'gpg'");
				return -1;
			}
			o->engine = optarg[0] == 'g' ? VERIFY_ENGINE_GPG :
			    VERIFY_ENGINE_NATIVE;
			break;
		case 'x':
			o->cross = 1;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'D':
			if (o->no_downgrade++) {
				complain("--no-downgrade given twice");
				return -1;
			}
			break;
		case 'S':
			if (o->sums != NULL) {
				complain("--sums given twice");
				return -1;
			}
			o->sums = optarg;
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
	if (o->nfprs > 0 && o->nkeyrings == 0) {
		complain("--fingerprint picks keys out of --keyring files: give "
		    "--keyring too");
		return -1;
	}
	if (o->cross && seen_engine) {
		complain("--cross-check runs both engines: it takes no "
		    "--engine");
		return -1;
	}
	return 0;
}

/* Set by the signal handler, read by the core as its cancel flag: a
 * lock-free atomic is safe in both places. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "atomic_int must be lock-free");
static atomic_int interrupted;

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

/* The test hook ELECTRUM_VERIFY_TEST_REWRITE=1 (tests/cases/30-verify.sh):
 * when the reader reports the end of the file, the same first byte is
 * written over the file's first byte, so that its change time moves while
 * its bytes stay as they were: deterministic, no sleeping. */
static void
test_rewrite(void *ctx, uint64_t done, uint64_t total)
{
	const char *file = ctx;
	unsigned char c;
	int fd;

	if (done != total || (fd = open(file, O_RDWR | O_CLOEXEC)) < 0)
		return;
	if (pread(fd, &c, 1, 0) == 1 && pwrite(fd, &c, 1, 0) != 1)
		complain("test hook: cannot rewrite the file");
	close(fd);
}

/* Runs one check with engine; a check that could not run is
 * VERDICT_ERROR with the message as its reason (complained about unless
 * quiet_err) and returns -1; one that ran returns 0 (any verdict). */
static int
check_one(const struct opts *o, const char *file, enum verify_engine engine,
    struct verify_result *r, int quiet_err)
{
	struct verify_opts vo = { .file = file, .sig = o->sig,
	    .keyrings = o->keyrings, .nkeyrings = o->nkeyrings,
	    .fprs = (const char *const *)o->fprs, .nfprs = o->nfprs,
	    .min_sigs = o->min_sigs, .engine = engine,
	    .cancel = &interrupted };
	struct err e = { "" };
	const char *hook = getenv("ELECTRUM_VERIFY_TEST_REWRITE");

	if (hook != NULL && strcmp(hook, "1") == 0) {
		vo.progress = test_rewrite;
		vo.progress_ctx = (void *)file;
	}
	verify_result_init(r);
	if (bind_file(&vo, o->no_downgrade ? BIND_NO_DOWNGRADE : 0, r, &e)
	    != 0) {
		if (!quiet_err)
			complain(e.msg);
		snprintf(r->reason, sizeof(r->reason), "%s", e.msg);
		r->verdict = VERDICT_ERROR;
		return -1;
	}
	return 0;
}

/* --cross-check: both engines' answers when they differ (exit 2). */
static int
disagree(const struct opts *o, struct verify_result *n,
    const struct verify_result *g)
{
	static const char *const words[] = { "verified", "not verified",
	    "could not check" };
	struct err je = { "" };
	char msg[sizeof(n->reason) * 2 + 128];

	snprintf(msg, sizeof(msg), "the native and gpg engines disagree: "
	    "native: %s: %s; gpg: %s: %s", words[n->verdict], n->reason,
	    words[g->verdict], g->reason);
	complain(msg);
	if (o->json) {
		n->verdict = VERDICT_ERROR;
		n->code = VR_ERROR;
		snprintf(n->reason, sizeof(n->reason), "%.1000s", msg);
		if (report_json(stdout, n, NULL, o->nkeyrings > 0, &je) != 0)
			complain(je.msg);
		return EXIT_CANNOT;
	}
	printf("COULD NOT CHECK: the native and gpg engines disagree\n");
	if (o->quiet)
		return EXIT_CANNOT;
	printf("native engine:\n");
	if (n->verdict != VERDICT_ERROR)
		report_text(stdout, n, 0);
	printf("gpg engine:\n");
	if (g->verdict != VERDICT_ERROR)
		report_text(stdout, g, 0);
	return EXIT_CANNOT;
}

/* The trust root said on every run that uses the pins: a pins file
 * named by $ELECTRUM_VERIFY_PINS replaces the built-in ones (README,
 * "Trust root"). Not with --keyring, whose keys are the trust root. */
static void
announce_pins(int keyring)
{
	const char *path = pins_override();
	char *q;

	if (keyring || path == NULL)
		return;
	q = escape_dup(path, strlen(path));
	fprintf(stderr, EV_PROG ": note: pins taken from '%s', not the "
	    "built-in ones\n", q != NULL ? q : "?");
	free(q);
}

/* check --sums LIST: a signed checksum list and the files it lists. */
static int
cmd_sums(const struct opts *o)
{
	struct verify_opts vo = { .file = o->sums, .sig = o->sig,
	    .keyrings = o->keyrings, .nkeyrings = o->nkeyrings,
	    .fprs = (const char *const *)o->fprs, .nfprs = o->nfprs,
	    .min_sigs = o->min_sigs, .engine = o->engine,
	    .cancel = &interrupted };
	struct sums_result sr;
	struct err e = { "" };
	char why[2048];
	int rc;

	if (o->no_downgrade) {
		complain("--no-downgrade is for Electrum release files, not "
		    "for --sums");
		return EXIT_CANNOT;
	}
	announce_pins(o->nkeyrings > 0);
	sums_result_init(&sr);
	if (sums_check(o->sums, &vo, o->cross, &sr, &e) != 0) {
		complain(e.msg);
		sums_result_release(&sr);
		return EXIT_CANNOT;
	}
	rc = report_exit_code(sums_verdict(&sr, why, sizeof(why)));
	if (rc == EXIT_CANNOT)
		complain(why);
	if (o->json) {
		if (report_sums_json(stdout, o->sums, &sr,
		    o->nkeyrings > 0, &e) != 0) {
			complain(e.msg);
			rc = EXIT_CANNOT;
		}
	} else
		report_sums_text(stdout, o->sums, &sr, o->quiet);
	sums_result_release(&sr);
	return rc;
}


/* check DIR: a whole release folder. */
static int
cmd_folder(const struct opts *o, const char *dir)
{
	struct verify_opts vo = { .file = dir, .keyrings = o->keyrings,
	    .nkeyrings = o->nkeyrings, .fprs = (const char *const *)o->fprs,
	    .nfprs = o->nfprs, .min_sigs = o->min_sigs,
	    .engine = o->engine, .cancel = &interrupted };
	struct folder_result fr;
	struct err e = { "" };
	char why[512];
	int rc;

	if (o->sig != NULL || o->no_downgrade || o->cross) {
		complain("--sig, --no-downgrade and --cross-check are for one "
		    "file, not a folder (each file's signatures are found "
		    "beside it)");
		return EXIT_CANNOT;
	}
	announce_pins(o->nkeyrings > 0);
	folder_result_init(&fr);
	if (folder_check(dir, &vo, &fr, &e) != 0) {
		complain(e.msg);
		folder_result_release(&fr);
		return EXIT_CANNOT;
	}
	rc = report_exit_code(folder_verdict(&fr, why, sizeof(why)));
	if (o->json) {
		if (report_folder_json(stdout, dir, &fr, o->nkeyrings > 0,
		    &e) != 0) {
			complain(e.msg);
			rc = EXIT_CANNOT;
		}
	} else
		report_folder_text(stdout, dir, &fr, o->quiet);
	folder_result_release(&fr);
	return rc;
}

static int
cmd_check(const struct opts *o, const char *file)
{
	struct verify_result r, g;
	struct err je = { "" };
	int rc, ran;

	announce_pins(o->nkeyrings > 0);
	verify_result_init(&g);
	ran = check_one(o, file, o->cross ? VERIFY_ENGINE_NATIVE : o->engine,
	    &r, o->cross) == 0;
	if (o->cross) {
		(void)check_one(o, file, VERIFY_ENGINE_GPG, &g, 1);
		if (!verify_agree(&r, &g)) {
			rc = disagree(o, &r, &g);
			goto out;
		}
		if (!ran)
			complain(r.reason);
	}
	rc = report_exit_code(r.verdict);
	if (o->json) {
		if (report_json(stdout, &r, NULL, o->nkeyrings > 0, &je)
		    != 0) {
			complain(je.msg);
			rc = EXIT_CANNOT;
		}
	} else if (ran)
		report_text(stdout, &r, o->quiet);
out:
	verify_result_release(&g);
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

/* Where the key in use came from (trust/keys.h). */
static const char *
source_word(enum keys_source s)
{
	switch (s) {
	case KEYS_BUNDLED:
		return "present, bundled";
	case KEYS_UPDATED:
		return "present, updated";
	case KEYS_STORED:
		return "present, stored";
	case KEYS_NONE:
		break;
	}
	return "missing";
}

/* One line per key that may sign: the primary key or a subkey. */
static void
print_signing(const struct keys_info *k)
{
	const struct keys_signing *s;
	size_t i;

	for (i = 0; i < k->nsubs; i++) {
		s = &k->subs[i];
		printf("    signs with %s %s", strcasecmp(s->fpr,
		    k->pin->fpr) == 0 ? "primary key" : "subkey", s->fpr);
		if (s->revoked)
			printf("  REVOKED");
		else if (s->unusable)
			printf("  not usable");
		if (s->expires)
			print_date(s->expires < time(NULL) ? "expired" :
			    "expires", s->expires);
		else
			printf("  no expiry");
		printf("\n");
	}
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
		    source_word(ki[i].source));
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
		printf("\n");
		print_signing(&ki[i]);
		printf("    %s%s%s\n", p->v[i].url[0] ? p->v[i].url :
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

/* ---- keys fetch: the pinned keys from their published addresses ---- */

static void
usage_fetch(FILE *f)
{
	fprintf(f,
	    "usage: electrum-verify keys fetch [--ca-file PEMFILE] [NAME...]\n"
	    "\n"
	    "Downloads the public key of each pinned signer NAME (default: "
	    "every pin)\nfrom the https:// address in the pins and imports "
	    "it only if its primary\nfingerprint is the pinned one; anything "
	    "else in the file is not taken.\n"
	    "Only https, also for redirects (at most %d); the server's "
	    "certificate and\nname are always checked; at most %d MiB per "
	    "key. Proxies are taken from\nthe environment (https_proxy, "
	    "no_proxy) as libcurl does; no cookies.\n"
	    "\n"
	    "options:\n"
	    "  --ca-file PEMFILE  trust the CA certificates in PEMFILE "
	    "instead of the\n"
	    "                     system's (a private CA)\n"
	    "\n"
	    "exit status: 0 every key imported or unchanged, 1 some refused "
	    "(another key,\nnot OpenPGP, too large, an HTTP error, a redirect "
	    "away from https), 2 some\ncould not be fetched (network, TLS, "
	    "no https address) or could not run\n(usage, key store); 2 wins "
	    "over 1\n", FETCH_MAX_REDIRS, FETCH_MAX_BYTES >> 20);
}

/* 0 parsed, 1 done (--help), -1 usage error. */
static int
fetch_parse(int argc, char **argv, const char **cafile)
{
	static const struct option lo[] = {
		{ "ca-file", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	argv[0] = (char *)EV_PROG;	/* getopt's messages */
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (*cafile != NULL) {
				complain("--ca-file given twice");
				return -1;
			}
			*cafile = optarg;
			break;
		case 'h':
			usage_fetch(stdout);
			return 1;
		default:
			complain("usage: electrum-verify keys fetch "
			    "[--ca-file PEMFILE] [NAME...]");
			return -1;
		}
	}
	return 0;
}

/* Marks the pins named (all when none is) in want; -1 on an unknown
 * name. */
static int
fetch_pick(const struct pins *p, char **names, int n, unsigned char *want)
{
	const struct pin *pin;
	char *shown;
	int i;

	memset(want, n == 0, p->n);
	for (i = 0; i < n; i++) {
		if ((pin = pins_by_name(p, names[i])) == NULL) {
			shown = escape_dup(names[i], strlen(names[i]));
			fprintf(stderr, EV_PROG ": no pinned signer is named "
			    "'%s' (see 'electrum-verify keys list')\n",
			    shown ? shown : "?");
			free(shown);
			return -1;
		}
		want[pin - p->v] = 1;
	}
	return 0;
}

static void
fetch_print(const struct pin *pin, const struct fetch_result *r)
{
	switch (r->status) {
	case FETCH_IMPORTED:
	case FETCH_UNCHANGED:
		printf("%s: %s %s", pin->name, r->status == FETCH_IMPORTED ?
		    "imported" : "unchanged", r->fpr);
		if (r->status == FETCH_UNCHANGED)
			printf(" (the key store had it as published)");
		if (r->revoked)
			printf(" (the key is REVOKED: its signatures will not "
			    "count)");
		if (r->others)
			printf(" (%zu other key%s in the file not taken)",
			    r->others, r->others == 1 ? "" : "s");
		printf("\n");
		break;
	case FETCH_REFUSED:
		printf("%s: refused: %s\n", pin->name, r->why.msg);
		break;
	case FETCH_FAILED:
		printf("%s: failed: %s\n", pin->name, r->why.msg);
		break;
	}
}

/* Fetches every wanted pin, one line each, then a summary; counts by
 * enum fetch_status in n[]. */
static void
fetch_all(const struct pins *p, const unsigned char *want, const char *cafile,
    size_t n[4])
{
	struct fetch_result r;
	struct err e = { "" };
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (!want[i])
			continue;
		if (interrupted) {
			printf("%s: failed: interrupted\n", p->v[i].name);
			n[FETCH_FAILED]++;
		} else if (fetch_key(p, &p->v[i], cafile, &interrupted, &r,
		    &e) != 0) {
			complain(e.msg);
			printf("%s: failed: %s\n", p->v[i].name, e.msg);
			n[FETCH_FAILED]++;
		} else {
			fetch_print(&p->v[i], &r);
			n[r.status]++;
		}
		fflush(stdout);
	}
	printf("%zu signer%s: %zu imported, %zu unchanged, %zu refused, %zu "
	    "failed\n", n[0] + n[1] + n[2] + n[3],
	    n[0] + n[1] + n[2] + n[3] == 1 ? "" : "s", n[FETCH_IMPORTED],
	    n[FETCH_UNCHANGED], n[FETCH_REFUSED], n[FETCH_FAILED]);
}

static int
keys_cmd_fetch(const struct pins *p, int argc, char **argv)
{
	const char *cafile = NULL;
	unsigned char *want = NULL;
	struct err e = { "" };
	size_t n[4] = { 0, 0, 0, 0 };
	int rc;

	if ((rc = fetch_parse(argc, argv, &cafile)) != 0)
		return rc > 0 ? 0 : EXIT_CANNOT;
	rc = EXIT_CANNOT;
	if ((want = calloc(p->n ? p->n : 1, 1)) == NULL) {
		complain("out of memory");
		goto out;
	}
	if (fetch_pick(p, argv + optind, argc - optind, want) != 0)
		goto out;
	if ((cafile != NULL && fetch_check_cafile(cafile, &e) != 0) ||
	    fetch_init(&e) != 0) {
		complain(e.msg);
		goto out;
	}
	fetch_all(p, want, cafile, n);
	rc = n[FETCH_FAILED] ? EXIT_CANNOT : n[FETCH_REFUSED] ?
	    EXIT_NOT_VERIFIED : 0;
out:
	fetch_cleanup();
	free(want);
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
	announce_pins(0);
	if (strcmp(verb, "list") == 0 && argc == 1)
		rc = keys_cmd_list(&p);
	else if (strcmp(verb, "import") == 0 && argc >= 2)
		rc = keys_cmd_import(&p, argv + 1, argc - 1);
	else if (strcmp(verb, "export") == 0 && argc <= 2)
		rc = keys_cmd_export(&p, argc == 2 ? argv[1] : NULL);
	else if (strcmp(verb, "fetch") == 0)
		rc = keys_cmd_fetch(&p, argc, argv);
	else {
		complain("usage: electrum-verify keys list | import "
		    "KEYFILE... | export [NAME] | fetch [--ca-file PEMFILE] "
		    "[NAME...]");
	}
out:
	pins_release(&p);
	return rc;
}

/* ---- manifest and compare: looking inside artifacts ---- */

#define CAPS_HELP \
	"  --max-entries N       stop past N entries (default 200000)\n" \
	"  --max-entry-bytes N   stop past N bytes read for one entry " \
	"(default 2G)\n" \
	"  --max-total-bytes N   stop past N bytes read for all entries " \
	"(default 8G)\n" \
	"  --max-path N          stop at a path longer than N bytes " \
	"(default 4096)\n" \
	"                        (N may end in K, M, G or T: powers of 1024)\n"

static void
usage_manifest(FILE *f)
{
	fprintf(f,
	    "usage: electrum-verify manifest [options] ARTIFACT\n"
	    "\n"
	    "Lists what is inside ARTIFACT (tar, tar.gz, tar.xz, tar.bz2, "
	    "zip, APK,\nAppImage, .deb, Windows PE, .dmg; anything else is one "
	    "entry for the file\nitself), sorted by path, with the SHA-256 of "
	    "every file, without extracting\nanything. Hostile entries and "
	    "the bytes outside the entries are marked\nin '#' lines.\n"
	    "\n"
	    "options:\n"
	    "  --format FORMAT       mtree (default, as bsdtar writes it), "
	    "sha256sum or json\n"
	    CAPS_HELP
	    "  --help\n"
	    "\n"
	    "exit status: 0 listed, 1 listed but something is hostile, 2 could "
	    "not read\n(then nothing is printed)\n");
}

static void
usage_compare(FILE *f)
{
	fprintf(f,
	    "usage: electrum-verify compare [options] A B\n"
	    "\n"
	    "Compares two artifacts, or manifests of them (electrum-verify's "
	    "three\nformats, bsdtar's mtree, sha256sum lines; told apart by "
	    "their first bytes;\na file named like an artifact is never read "
	    "as a manifest). The first line is\nthe verdict, IDENTICAL or "
	    "DIFFERENT, then what A and B are, then one line\nper difference: "
	    "added, removed, changed, unverifiable (a file\nwithout a SHA-256 "
	    "on a side), hostile; \"note:\" lines say what a side does not\n"
	    "record (modes, sizes, times, owners); times and owners are\n"
	    "reproducibility-only lines.\n"
	    "\n"
	    "options:\n"
	    "  --strict              times and owners count as differences "
	    "too\n"
	    "  --json                print the comparison as JSON\n"
	    "  --unsigned            A is Electrum's official (signed) "
	    "release, B a local\n"
	    "                        build: compare them as Electrum's "
	    "reproducible-build\n"
	    "                        check does (Windows PE without its "
	    "signature, APK\n"
	    "                        without its signatures, AppImage runtime "
	    "and\n"
	    "                        contents, else byte for byte)\n"
	    "  --strip-components N  drop the first N folders of every path "
	    "on both sides\n"
	    "                        (the same tree under foo-1.0/ and "
	    "bar/foo-1.0/)\n"
	    "  --prefix OLD=NEW      read paths under OLD/ as under NEW/ on "
	    "both sides\n"
	    "                        (foo-1.0.orig=foo-1.0); not with "
	    "--unsigned\n"
	    CAPS_HELP
	    "  --help\n"
	    "\n"
	    "exit status: 0 identical, 1 different, 2 could not compare\n");
}

/* A cap: decimal digits, then optionally K, M, G or T (powers of 1024);
 * at least 1. */
static int
parse_cap(const char *s, uint64_t *out)
{
	static const char units[] = "KMGT";
	const char *u;
	uint64_t v = 0, mul = 1;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (*s != '\0') {
		if (s[1] != '\0' || (u = strchr(units, *s)) == NULL)
			return -1;
		for (; u >= units; u--)
			mul *= 1024;
		if (v > UINT64_MAX / mul)
			return -1;
		v *= mul;
	}
	if (v == 0)
		return -1;
	*out = v;
	return 0;
}

static int
look_opt(struct look_opts *o, int c, const char *name, const char *arg)
{
	struct err e;
	uint64_t n;
	char msg[128];
	uint64_t *cap = c == 'E' ? &o->caps.entries : c == 'B' ?
	    &o->caps.entry : c == 'T' ? &o->caps.total : c == 'P' ?
	    &o->caps.path : NULL;

	if (cap != NULL && parse_cap(arg, cap) < 0) {
		snprintf(msg, sizeof(msg), "--%s takes a whole number from 1 "
		    "(K, M, G or T may follow)", name);
		complain(msg);
		return -1;
	}
	if (c == 'f' && mfio_format_parse(arg, &o->format) < 0) {
		complain("--format takes mtree, sha256sum or json");
		return -1;
	}
	if (c == 'S' && (parse_cap(arg, &n) < 0 || n > 4096)) {
		complain("--strip-components takes a whole number from 1 to "
		    "4096");
		return -1;
	}
	if (c == 'S')
		o->rebase.strip = (unsigned)n;
	if (c == 'x' && rebase_parse_prefix(arg, o->prefix,
	    sizeof(o->prefix), &o->rebase, &e) < 0) {
		complain(e.msg);
		return -1;
	}
	if (c == 's')
		o->strict = 1;
	else if (c == 'j')
		o->json = 1;
	else if (c == 'u')
		o->unsigned_rule = 1;
	return 0;
}

/* 0 parsed, 1 done (--help), -1 usage error. */
static int
parse_look(int argc, char **argv, struct look_opts *o)
{
#define CAP_OPTS \
	{ "max-entries", required_argument, NULL, 'E' }, \
	{ "max-entry-bytes", required_argument, NULL, 'B' }, \
	{ "max-total-bytes", required_argument, NULL, 'T' }, \
	{ "max-path", required_argument, NULL, 'P' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ NULL, 0, NULL, 0 }
	static const struct option lm[] = {
		{ "format", required_argument, NULL, 'f' }, CAP_OPTS
	};
	static const struct option lc[] = {
		{ "strict", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "unsigned", no_argument, NULL, 'u' },
		{ "strip-components", required_argument, NULL, 'S' },
		{ "prefix", required_argument, NULL, 'x' }, CAP_OPTS
	};
#undef CAP_OPTS
	const struct option *lo = o->mode == MODE_MANIFEST ? lm : lc;
	const char *cmd = o->mode == MODE_MANIFEST ? "manifest" : "compare";
	unsigned char seen[128] = { 0 };
	char msg[64];
	int c, idx = 0;

	while ((c = getopt_long(argc, argv, "", lo, &idx)) != -1) {
		if (c == 'h') {
			(o->mode == MODE_MANIFEST ? usage_manifest :
			    usage_compare)(stdout);
			return 1;
		}
		if (c == '?' || c == ':' || c < 0 || c >= 128) {
			fprintf(stderr, "usage: electrum-verify %s [options] "
			    "%s (see 'electrum-verify %s --help')\n", cmd,
			    o->mode == MODE_MANIFEST ? "ARTIFACT" : "A B", cmd);
			return -1;
		}
		if (seen[c]++) {
			snprintf(msg, sizeof(msg), "--%s given twice",
			    lo[idx].name);
			complain(msg);
			return -1;
		}
		if (look_opt(o, c, lo[idx].name, optarg) < 0)
			return -1;
	}
	if (o->unsigned_rule && (o->rebase.strip > 0 ||
	    o->rebase.old != NULL)) {
		complain("--strip-components and --prefix do not go with "
		    "--unsigned (Electrum's rule compares the trees as built)");
		return -1;
	}
	return 0;
}

/* A warning when path's name promises a kind of artifact that its
 * bytes are not (an ".AppImage" without the AppImage magic is listed as
 * a plain file, say). Nothing when the file cannot be read again: the
 * walk has said what it could. */
static void
warn_kind(const char *path)
{
	const struct artifact_type *type;
	const char *base = strrchr(path, '/');
	enum artifact_kind want;
	struct err e;
	uint64_t size;
	char *q;
	int fd;

	base = base != NULL ? base + 1 : path;
	if ((want = artifact_name_kind(base)) == ARTIFACT_UNKNOWN ||
	    (fd = file_open(path, &size, &e)) < 0)
		return;
	if (inspect_sniff(fd, size, path, &type, &e) == 0 &&
	    type->kind != want) {
		q = escape_dup(path, strlen(path));
		fprintf(stderr, EV_PROG ": warning: '%s' is named like %s, but "
		    "its content is %s\n", q != NULL ? q : "?",
		    artifact_type(want)->name, type->name);
		free(q);
	}
	close(fd);
}

/* The manifest is written to memory first: on an error nothing, never
 * a shorter manifest, reaches standard output. */
static int
cmd_manifest(const struct look_opts *o, const char *path)
{
	struct manifest m;
	struct err e = { "" };
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;
	int rc = EXIT_CANNOT, wrc;

	manifest_init(&m, &o->caps);
	m.cancel = &interrupted;
	if (inspect_artifact(path, &m, &e) < 0)
		goto out;
	warn_kind(path);
	if ((mem = open_memstream(&buf, &len)) == NULL) {
		err_set(&e, "out of memory");
		goto out;
	}
	wrc = mfio_write(mem, &m, o->format, &e);
	if (fclose(mem) != 0 && wrc == 0) {
		err_set(&e, "cannot write the manifest: out of memory");
		wrc = -1;
	}
	if (wrc < 0)
		goto out;
	if (fwrite(buf, 1, len, stdout) != len) {
		err_set(&e, "cannot write to standard output");
		goto out;
	}
	rc = manifest_hostile(&m) ? EXIT_NOT_VERIFIED : 0;
out:
	if (rc == EXIT_CANNOT)
		complain(e.msg);
	free(buf);
	manifest_release(&m);
	return rc;
}

/* A manifest file, or else the artifact's manifest. */
static int
load(const char *path, const struct look_opts *o, struct manifest *m,
    struct err *e)
{
	manifest_init(m, &o->caps);
	m->cancel = &interrupted;
	switch (mfio_read(path, m, e)) {
	case MFIO_FAILED:
		return -1;
	case MFIO_MANIFEST:
		return 0;
	case MFIO_NOT_MANIFEST:
		break;
	}
	if (inspect_artifact(path, m, e) < 0)
		return -1;
	warn_kind(path);
	return 0;
}

static int
cmd_compare(const struct look_opts *o, const char *a, const char *b)
{
	struct compare_opts co = { o->strict, o->json, a, b, &o->caps };
	struct manifest ma, mb;
	struct err e = { "" };
	int rc = -1;

	manifest_init(&ma, NULL);
	manifest_init(&mb, NULL);
	if (o->unsigned_rule)
		rc = compare_unsigned(stdout, a, b, &co, &interrupted, &e);
	else if (load(a, o, &ma, &e) == 0 && load(b, o, &mb, &e) == 0 &&
	    rebase_manifest(&ma, &o->rebase, &e) == 0 &&
	    rebase_manifest(&mb, &o->rebase, &e) == 0)
		rc = compare_manifests(stdout, &ma, &mb, &co, &e);
	if (rc < 0)
		complain(e.msg);
	manifest_release(&ma);
	manifest_release(&mb);
	return rc < 0 ? EXIT_CANNOT : rc;
}

static int
cmd_look(enum mode mode, int argc, char **argv)
{
	struct look_opts o;
	int rc, want = mode == MODE_MANIFEST ? 1 : 2;

	memset(&o, 0, sizeof(o));
	o.mode = mode;
	o.format = MFIO_MTREE;
	manifest_caps_default(&o.caps);
	argv[0] = (char *)EV_PROG;	/* getopt's messages */
	if ((rc = parse_look(argc, argv, &o)) != 0)
		return rc > 0 ? 0 : EXIT_CANNOT;
	if (argc - optind != want) {
		complain(mode == MODE_MANIFEST ? "give exactly one artifact "
		    "(see 'electrum-verify manifest --help')" : "give exactly "
		    "two files to compare (see 'electrum-verify compare "
		    "--help')");
		return EXIT_CANNOT;
	}
	rc = mode == MODE_MANIFEST ? cmd_manifest(&o, argv[optind]) :
	    cmd_compare(&o, argv[optind], argv[optind + 1]);
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc != EXIT_CANNOT) {
		complain("cannot write to standard output");
		rc = EXIT_CANNOT;
	}
	return rc;
}

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Up to four names, escaped for a message (one slot per argument). */
struct shown {
	char *v[4];
};

static const char *
show(struct shown *sh, int i, const char *path)
{
	if (path == NULL)
		return "";
	free(sh->v[i]);
	sh->v[i] = escape_dup(path, strlen(path));
	return sh->v[i] != NULL ? sh->v[i] : "?";
}

static void
shown_release(struct shown *sh)
{
	size_t i;

	for (i = 0; i < sizeof(sh->v) / sizeof(sh->v[0]); i++)
		free(sh->v[i]);
}

/* An operand that holds public keys, not a download or a signature. */
static void
complain_key(const struct opts *o, const char *path)
{
	struct shown sh = { { NULL } };

	if (o->nkeyrings > 0)
		fprintf(stderr, EV_PROG ": '%s' holds OpenPGP public keys, not "
		    "a file to check or a signature: give keys with --keyring\n",
		    show(&sh, 0, path));
	else
		fprintf(stderr, EV_PROG ": '%s' holds OpenPGP public keys, not "
		    "a file to check or a signature: add them with "
		    "'electrum-verify keys import %s'\n", show(&sh, 0, path),
		    show(&sh, 1, path));
	shown_release(&sh);
}

/* One operand that is a signature: check the file it signs, beside it.
 * 0 with *file set (and o->sig, or NULL to read every per-signer file);
 * -1 complained. */
static int
pick_signed(struct opts *o, const char *sig, char **file)
{
	struct shown sh = { { NULL } };
	struct err e = { "" };
	char *alt = NULL;
	int k, rc = -1;

	if ((k = sigfile_signed(sig, file, &alt, &e)) < 0) {
		complain(e.msg);
		goto out;
	}
	if (k == SIGFILE_UNNAMED)
		fprintf(stderr, EV_PROG ": '%s' is an OpenPGP signature, not a "
		    "file to check: give the file it signs too "
		    "('electrum-verify %s FILE')\n", show(&sh, 0, sig),
		    show(&sh, 1, sig));
	else if (k == SIGFILE_MISSING)
		fprintf(stderr, EV_PROG ": '%s' is a signature, but the file it "
		    "signs is not beside it (looked for '%s'%s%s%s): give that "
		    "file too ('electrum-verify %s FILE')\n", show(&sh, 0, sig),
		    show(&sh, 1, *file), alt ? " and '" : "",
		    show(&sh, 2, alt), alt ? "'" : "", show(&sh, 3, sig));
	else {
		o->sig = k == SIGFILE_EVERY ? NULL : sig;
		if (!o->quiet)
			fprintf(stderr, EV_PROG ": '%s' is a signature: checking "
			    "the file it signs, '%s'%s\n", show(&sh, 0, sig),
			    show(&sh, 1, *file), k == SIGFILE_EVERY ? ", with "
			    "every signer's signature beside it" : "");
		rc = 0;
	}
out:
	if (rc != 0) {
		free(*file);
		*file = NULL;
	}
	free(alt);
	shown_release(&sh);
	return rc;
}

/* Two operands: a signature and the file it signs, in either order. */
static int
pick_pair(struct opts *o, char **ops, const char **file)
{
	struct shown sh = { { NULL } };
	enum sigfile_kind k[2];
	int i;

	if (o->sig != NULL) {
		complain("give exactly one file to check (its signature is "
		    "--sig)");
		return -1;
	}
	for (i = 0; i < 2; i++)
		k[i] = is_dir(ops[i]) ? SIGFILE_DATA : sigfile_kind(ops[i]);
	if (k[0] == SIGFILE_SIGNATURE && k[1] == SIGFILE_SIGNATURE) {
		fprintf(stderr, EV_PROG ": '%s' and '%s' are both signatures: "
		    "give the file they sign, with one of them as --sig, or "
		    "alone (the signatures beside it are read)\n",
		    show(&sh, 0, ops[0]), show(&sh, 1, ops[1]));
		shown_release(&sh);
		return -1;
	}
	for (i = 0; i < 2; i++)
		if (k[i] == SIGFILE_PUBKEY) {
			complain_key(o, ops[i]);
			return -1;
		}
	if (k[0] != SIGFILE_SIGNATURE && k[1] != SIGFILE_SIGNATURE) {
		fprintf(stderr, EV_PROG ": neither '%s' nor '%s' is an OpenPGP "
		    "signature: give one file to check, and its signature "
		    "with --sig if it is not beside it\n", show(&sh, 0, ops[0]),
		    show(&sh, 1, ops[1]));
		shown_release(&sh);
		return -1;
	}
	i = k[0] == SIGFILE_SIGNATURE ? 0 : 1;
	if (is_dir(ops[1 - i])) {
		fprintf(stderr, EV_PROG ": '%s' is a folder: a signature goes "
		    "with the one file it signs\n", show(&sh, 0, ops[1 - i]));
		shown_release(&sh);
		return -1;
	}
	o->sig = ops[i];
	*file = ops[1 - i];
	return 0;
}

/* What the operands stand for (see README, "Use"): *file to check, and
 * o->sig; *owned, if set, is *file and is freed by the caller. 0, or -1
 * (complained). */
static int
pick_operands(struct opts *o, char **ops, int n, const char **file,
    char **owned)
{
	*owned = NULL;
	if (n == 2)
		return pick_pair(o, ops, file);
	if (n != 1) {
		complain(n == 0 ? "no file to check given (see --help)" :
		    "give exactly one file to check");
		return -1;
	}
	*file = ops[0];
	if (o->sig != NULL || is_dir(ops[0]))
		return 0;
	switch (sigfile_kind(ops[0])) {
	case SIGFILE_SIGNATURE:
		if (pick_signed(o, ops[0], owned) != 0)
			return -1;
		*file = *owned;
		return 0;
	case SIGFILE_PUBKEY:
		complain_key(o, ops[0]);
		return -1;
	case SIGFILE_DATA:
		break;
	}
	return 0;
}

static int
run_check(int argc, char **argv, int first)
{
	struct opts o = { .mode = MODE_CHECK, .min_sigs = 1,
	    .engine = VERIFY_ENGINE_NATIVE };
	const char *file = NULL;
	char *owned = NULL;
	int rc;

	argv[first - 1] = (char *)EV_PROG;	/* getopt's messages */
	rc = parse_opts(argc - first + 1, argv + first - 1, &o);
	if (rc != 0) {
		rc = rc > 0 ? 0 : EXIT_CANNOT;
		goto out;
	}
	if (o.sums != NULL) {
		if (argc - first + 1 - optind != 0) {
			complain("--sums checks the files its list names: give "
			    "no file besides it");
			rc = EXIT_CANNOT;
		} else
			rc = cmd_sums(&o);
		goto out;
	}
	if (pick_operands(&o, argv + first - 1 + optind, argc - first + 1 -
	    optind, &file, &owned) != 0) {
		rc = EXIT_CANNOT;
		goto out;
	}
	rc = is_dir(file) ? cmd_folder(&o, file) : cmd_check(&o, file);
out:
	free(owned);
	free(o.keyrings);
	while (o.nfprs > 0)
		free(o.fprs[--o.nfprs]);
	free(o.fprs);
	if (fflush(stdout) != 0 && rc == 0)
		rc = EXIT_CANNOT;
	return rc;
}

int
main(int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : "";
	struct err e;
	int rc;

	/* The libraries once, before anything else; the CLI stays in the C
	 * locale, so its output does not change with the user's. */
	if (core_init(&e) != 0) {
		complain(e.msg);
		return EXIT_CANNOT;
	}
	catch_signals();
	if (strcmp(verb, "keys") == 0) {
		rc = cmd_keys(argc - 2, argv + 2);
		return fflush(stdout) != 0 && rc == 0 ? EXIT_CANNOT : rc;
	}
	if (strcmp(verb, "manifest") == 0)
		return cmd_look(MODE_MANIFEST, argc - 1, argv + 1);
	if (strcmp(verb, "compare") == 0)
		return cmd_look(MODE_COMPARE, argc - 1, argv + 1);
	return run_check(argc, argv, strcmp(verb, "check") == 0 ? 2 : 1);
}
