/* policy: what each signature is worth, and the verdict they add up to.
 * The rules are in README.md ("What counts as a good signature"). */
#ifndef EV_POLICY_H
#define EV_POLICY_H

#include "base/err.h"
#include "openpgp/pgp.h"
#include "openpgp/sigcheck.h"
#include "trust/verify.h"

/* Fills r->sigs from the packets; the ones never given to the engine (v3,
 * v5, v6, not a document signature, no creation time, a critical
 * subpacket GnuPG does not understand) are marked SIG_UNSUPPORTED with
 * the reason, the others SIG_ERROR until judged. */
int policy_prepare(struct verify_result *r, const struct pgp_sigs *ps,
    struct err *e) EV_WUR;

/* The key to look up for s: the one the engine named in its answer c,
 * else the packet's issuer key ID ("" if neither). */
const char *policy_issuer(const struct verify_sig *s,
    const struct sigcheck *c);

/* Judges s from the engine's answer c about it and the facts k about the
 * key policy_issuer names (NULL: the keyring has no such key; a BAD
 * answer without a key is a signature that names no key and verifies
 * under no pinned one). Returns -1 when c is not about s (a different
 * time, digest or issuer). */
int policy_judge(struct verify_result *r, struct verify_sig *s,
    const struct sigcheck *c, const struct sigcheck_cert *k,
    struct err *e) EV_WUR;

/* Settles s without an engine: status st, and why as its reason. */
void policy_settle(struct verify_sig *s, enum sig_status st,
    const char *why);

/* Counts distinct pinned primary keys and words the verdict. */
void policy_decide(struct verify_result *r);

#endif
