#include "base/hash.h"
#include "openpgp/gpg.h"
#include "trust/core.h"

int
core_init(struct err *e)
{
	if (hash_lib_init(e) < 0 || gpg_lib_init(e) < 0)
		return -1;
	return 0;
}
