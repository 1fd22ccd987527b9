/* fuzz_pgp_key: pgp_key_sha1_selfsig, our own reading of key material
 * (the packets of a transferable public key). Key files themselves are
 * parsed by gpg (keys_import hands them to gpgme unread); this is the
 * one key parser the tool owns. */
#include "fuzz.h"

#include "openpgp/pgp.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e;
	int sha1 = 0;

	(void)pgp_key_sha1_selfsig(data, size, &sha1, &e);
	return 0;
}
