/* verify: the whole check of one downloaded file: hash it, read its
 * detached signatures, check them in a private keyring built only from
 * pinned keys, and apply the counting policy. Front ends only print. */
#ifndef EV_VERIFY_H
#define EV_VERIFY_H

#include <signal.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <stddef.h>
#include <stdint.h>

#include "base/artifact.h"
#include "base/err.h"

#define VERIFY_SKEW 300		/* seconds a signature may be in the future */
#define VERIFY_MSGS 4		/* reasons and notes kept per signature */

enum verdict {
	VERDICT_VERIFIED,	/* exit 0 */
	VERDICT_NOT_VERIFIED,	/* exit 1 */
	VERDICT_ERROR		/* exit 2: could not check */
};

/* Why the verdict is what it is: one code per row of the rule table in
 * README.md ("What counts as a good signature"); the names are
 * verify_reason_name's, a promise of the --json schema 1. */
enum verify_reason {
	VR_SIGNED,		/* VERIFIED: enough counted signatures */
	VR_BAD_SIGNATURE,	/* NOT VERIFIED: a BAD one from a pinned key */
	VR_NOT_PINNED,		/* NOT VERIFIED: only keys not pinned */
	VR_TOO_FEW,		/* NOT VERIFIED: too few counted */
	VR_NAME_MISMATCH,	/* NOT VERIFIED: content not of the named kind */
	VR_VERSION_MISMATCH,	/* NOT VERIFIED: content of another version */
	VR_SIGNED_BEFORE,	/* NOT VERIFIED: signed before the release */
	VR_DOWNGRADE,		/* NOT VERIFIED: older (--no-downgrade) */
	VR_NO_SIGNATURE,	/* COULD NOT CHECK: no signature found */
	VR_KEY_MISSING,		/* COULD NOT CHECK: a pinned signer's key
				 * is not at hand */
	VR_SIG_UNREADABLE,	/* COULD NOT CHECK: the signature file holds
				 * no signature packets that can be read */
	VR_UNREADABLE,		/* COULD NOT CHECK: the file cannot be read,
				 * or changed while it was read */
	VR_CANCELLED,		/* COULD NOT CHECK: interrupted */
	VR_ERROR		/* COULD NOT CHECK: anything else (no keys,
				 * a bad pins file, out of memory) */
};

/* What one signature is worth, in one code (verify_sig_reason_name). */
enum sig_reason {
	SR_NONE,		/* not judged yet */
	SR_COUNTED,
	SR_DUPLICATE,		/* good, its key already counted */
	SR_BAD,			/* does not match the file */
	SR_NOT_PINNED,		/* its key is not a pinned one */
	SR_KEY_MISSING,		/* a pinned signer's, key not at hand */
	SR_WEAK_DIGEST,		/* digest not accepted */
	SR_TEXT_MODE,		/* class 0x01 */
	SR_FUTURE,		/* dated in the future */
	SR_REVOKED,		/* key or subkey revoked */
	SR_EXPIRED,		/* key expired when signing, or the
				 * signature's own end date passed */
	SR_KEY_UNUSABLE,	/* not for signing, invalid, or younger
				 * than the signature */
	SR_UNSUPPORTED,		/* never given to the engine */
	SR_ENGINE_ERROR,	/* the engine could not check it */
	SR_NOT_CHECKED		/* skipped */
};

enum sig_status {
	SIG_GOOD,		/* cryptographically good */
	SIG_BAD,		/* does not match the file */
	SIG_NOKEY,		/* no key at hand for its issuer */
	SIG_ERROR,		/* the engine could not check it */
	SIG_UNSUPPORTED,	/* not given to the engine (v3, v5, class) */
	SIG_NOTCHECKED		/* skipped: another BAD one decides already */
};

struct verify_sig {
	size_t file;			/* index into verify_result.sigfiles */
	enum sig_status status;
	enum sig_reason code;		/* the first reason, or counted... */
	int counted;			/* counts towards --min-sigs */
	int duplicate;			/* would count, but its key already does */
	const char *signer;		/* pin name (points into the pins) */
	char fpr[65];			/* primary key fingerprint, "" unknown */
	char subkey[65];		/* signing subkey if not the primary */
	char keyid[17];			/* issuer key ID from the packet */
	char issuer[65];		/* the hashed Issuer Fingerprint
					 * subpacket, "" if none */
	const char *missing;		/* SR_KEY_MISSING: the pin's name */
	int64_t created;		/* -1 if the packet has none */
	int version, sigclass, pkalgo, hashalgo;
	size_t nreasons, nnotes;
	char reasons[VERIFY_MSGS][256];	/* why it does not count */
	char notes[VERIFY_MSGS][256];	/* what the user should know */
};

enum verify_engine {
	VERIFY_ENGINE_NATIVE,	/* one read, libgcrypt (the default) */
	VERIFY_ENGINE_GPG	/* gpg through GPGME, reading the file per run */
};

struct verify_opts {
	const char *file;		/* the download */
	const char *sig;		/* --sig, or NULL to look beside file */
	const char *const *keyrings;	/* --keyring files, pinned for the run */
	size_t nkeyrings;
	const char *const *fprs;	/* --fingerprint: only these primary keys
					 * of the keyrings are pinned (upper-case
					 * hex), each must be there; none: all */
	size_t nfprs;
	unsigned min_sigs;		/* --min-sigs, at least 1 */
	enum verify_engine engine;	/* --engine */
	atomic_int *cancel;	/* non-zero stops the check (a signal
					 * handler, a cancel button); or NULL */
	/* Called from the thread running verify_file as the file is read
	 * (every VERIFY_PROGRESS_STEP bytes and at its end; a later run over
	 * the file starts again at 0); or NULL. */
	void (*progress)(void *ctx, uint64_t done, uint64_t total);
	void *progress_ctx;
	/* A signed checksum list (check --sums, bind/sums.h): */
	int text_list;		/* text-mode (class 0x01) signatures count
				 * too; never set for a release file */
	const unsigned char *data;	/* the bytes to check, already read
					 * (file then only names them), or
					 * NULL to read file */
	size_t data_len;
	int data_canonical;	/* data is the canonical text of a
				 * clear-signed message: the native engine
				 * checks its text-mode signatures */
	const unsigned char *sigdata;	/* the signature packets (armour
					 * or binary) instead of the files
					 * found beside file; sig names them */
	size_t sigdata_len;
};

#define VERIFY_PROGRESS_STEP (4ULL * 1024 * 1024)

/* Which file was checked: what verify_file saw when it opened it and
 * still saw after the last byte; a later reading of the same path (the
 * release binding's) must see the same. */
struct verify_ident {
	int known;			/* 0 until the read completed */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
};

/* 1 if the file at path is still the one id describes; 0 if it is not
 * or cannot be looked at. */
int verify_ident_same(const struct verify_ident *id, const char *path);

struct verify_result {
	enum verdict verdict;
	enum verify_reason code;	/* why, as a code */
	char reason[1024];		/* the verdict in words (escaped) */
	char *file;			/* escaped for printing */
	uint64_t size;			/* valid when sha256[0] != '\0' */
	int name_matches;		/* 1 the content is of the kind the
					 * release name says, 0 it is not,
					 * -1 no release name or not read */
	char sha256[65];		/* "" if the file could not be hashed */
	struct verify_ident ident;	/* the file whose bytes were checked */
	const struct artifact_type *type;	/* from the content */
	int has_release;
	struct artifact_name release;	/* from the name */
	/* What the content says of the release (bind_file fills these;
	 * verify_file leaves them empty): the version read from it, ""
	 * when it was not (then the version is from the file name only),
	 * where it was read, and why it was not. All escaped. */
	char content_version[32];
	char version_where[160];
	char version_note[320];
	const char *date_check;		/* bind_file: "indexed",
					 * "newer-than-index", "not-indexed",
					 * or NULL (not checked) */
	char date_note[512];		/* how the signature dates were
					 * judged against the release index */
	/* bind_file: the rollback memory (trust/rollback.h): the highest
	 * version of this platform verified before ("" none) and when, and
	 * whether this one is older; a note when the record could not be
	 * used (escaped). */
	char seen_highest[32];
	int64_t seen_when;
	int older;
	char seen_note[400];
	int release_refused;		/* bind_file turned a verified verdict
					 * into NOT_VERIFIED: the signatures
					 * are good, the release is not the
					 * one named (reason says why) */
	char **sigfiles;		/* escaped names of the signature files */
	size_t nsigfiles;
	unsigned min_sigs;
	size_t ncounted;		/* distinct pinned primary keys counted */
	char malformed[256];		/* which engine could not read which
					 * signature packet, and why ("" if
					 * none): the reason's words */
	int text_list;			/* from verify_opts: class 0x01
					 * counts (a checksum list) */
	struct verify_sig *sigs;
	size_t nsigs;
	struct pins *pins;		/* owns the names the signatures point to */
};

void verify_result_init(struct verify_result *r);
void verify_result_release(struct verify_result *r);

/* Returns 0 with r->verdict and r->code set and the reason filled (any
 * verdict: a file without a signature, or signed by a pinned signer whose
 * key is not at hand, is VERDICT_ERROR with rc 0), or -1 when the file
 * could not be checked: then e says why, r->code why as a code, and r
 * holds what was learnt (verdict VERDICT_ERROR). */
int verify_file(const struct verify_opts *o, struct verify_result *r,
    struct err *e) EV_WUR;

/* Whether two checks of one file (by two engines) agree: the verdict,
 * and each signature's status, counting, key and subkey. The words of
 * the reasons may differ. */
int verify_agree(const struct verify_result *a, const struct verify_result *b);

const char *verify_status_name(enum sig_status s);	/* "good", ... */
const char *verify_reason_name(enum verify_reason c);	/* "signed", ... */
const char *verify_sig_reason_name(enum sig_reason c);	/* "counted", ... */

/* The pinned signers named by signatures whose key is not at hand,
 * each once, in the order met: fills up to max names and returns how
 * many there are. */
size_t verify_missing(const struct verify_result *r, const char **v,
    size_t max);

#endif
