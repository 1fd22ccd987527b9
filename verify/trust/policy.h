/* policy: what each signature is worth, and the verdict they add up to.
 * The rules are in README.md ("What counts as a good signature"). */
#ifndef EV_POLICY_H
#define EV_POLICY_H

#include <gpgme.h>

#include "base/err.h"
#include "openpgp/gpg.h"
#include "openpgp/pgp.h"
#include "trust/verify.h"

/* Fills r->sigs from the packets; the ones never given to the engine (v3,
 * v5, v6, not a document signature, no creation time, a critical
 * subpacket GnuPG does not understand) are marked SIG_UNSUPPORTED with
 * the reason, the others SIG_ERROR until judged. */
int policy_prepare(struct verify_result *r, const struct pgp_sigs *ps,
    struct err *e) EV_WUR;

/* Judges s from the engine's result gs and the key material in g. */
int policy_judge(struct gpg *g, struct verify_result *r, struct verify_sig *s,
    gpgme_signature_t gs, struct err *e) EV_WUR;

/* Counts distinct pinned primary keys and words the verdict. */
void policy_decide(struct verify_result *r);

#endif
