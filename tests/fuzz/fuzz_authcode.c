/* fuzz_authcode: authcode_audit (the PKCS#7 SignedData of an Authenticode
 * signature, decoded with libtasn1, nested timestamps and signatures
 * audited in turn) and authcode_attr_list. */
#include "fuzz.h"

#include "walk/authcode.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct authcode_info ai;
	struct err e;
	char list[256];

	if (authcode_audit(data, size, &ai, &e) == 0) {
		if (ai.first_hostile[sizeof(ai.first_hostile) - 1] != '\0' ||
		    (ai.nhostile == 0) != (ai.first_hostile[0] == '\0'))
			abort();
		authcode_attr_list(&ai, list, sizeof(list));
		if (strlen(list) >= sizeof(list))
			abort();
	}
	return 0;
}
