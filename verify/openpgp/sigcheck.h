/* sigcheck: an engine's answer about one signature packet, and the facts
 * about a key that the policy needs, in the project's own types (as git's
 * struct signature_check): the policy above never sees an engine's types
 * and can be tested without one. */
#ifndef EV_SIGCHECK_H
#define EV_SIGCHECK_H

#include <stddef.h>
#include <stdint.h>

enum sigcheck_status {
	SIGCHECK_GOOD,		/* cryptographically good over the file */
	SIGCHECK_BAD,		/* does not match the file */
	SIGCHECK_NOKEY,		/* no key at hand for its issuer */
	SIGCHECK_ERROR		/* the engine could not check it */
};

/* What the engine said about one signature packet. */
struct sigcheck {
	enum sigcheck_status status;
	int sig_expired;	/* good, but past the end date it was given */
	int key_revoked;	/* good, by a key the engine knows revoked */
	char fpr[65];		/* the signing key's fingerprint or key ID as
				 * the engine gave it, "" if none */
	int64_t created;	/* creation time the engine saw, 0 unknown */
	int hashalgo;		/* RFC 9580 digest id, 0 unknown */
	char error[128];	/* why it could not check (SIGCHECK_ERROR) */
};

/* One key (primary or subkey) as the engine validated it. */
struct sigcheck_key {
	char fpr[65];		/* upper-case hex */
	char keyid[17];		/* its key ID, upper-case hex */
	int64_t created;
	int64_t expires;	/* 0: never */
	int revoked, invalid, disabled, can_sign;
};

/* A primary key with its subkeys. */
struct sigcheck_cert {
	char *uid;		/* first user ID, raw; NULL if none */
	int revoked, invalid;
	int sha1_selfsig;	/* binds user IDs or subkeys with SHA-1 */
	size_t n;
	struct sigcheck_key *keys;	/* keys[0] is the primary key */
};

void sigcheck_cert_init(struct sigcheck_cert *c);
void sigcheck_cert_release(struct sigcheck_cert *c);	/* accepts NULL */

/* The key of c whose fingerprint, or (16 hex digits) key ID, is id,
 * without regard to case; NULL if none. */
const struct sigcheck_key *sigcheck_find(const struct sigcheck_cert *c,
    const char *id);

#endif
