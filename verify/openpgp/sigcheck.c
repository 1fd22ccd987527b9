#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "openpgp/sigcheck.h"

void
sigcheck_cert_init(struct sigcheck_cert *c)
{
	memset(c, 0, sizeof(*c));
}

void
sigcheck_cert_release(struct sigcheck_cert *c)
{
	if (c == NULL)
		return;
	free(c->uid);
	free(c->keys);
	sigcheck_cert_init(c);
}

const struct sigcheck_key *
sigcheck_find(const struct sigcheck_cert *c, const char *id)
{
	size_t i, n = strlen(id);

	for (i = 0; i < c->n; i++) {
		if (strcasecmp(c->keys[i].fpr, id) == 0)
			return &c->keys[i];
		if (n == 16 && strcasecmp(c->keys[i].keyid, id) == 0)
			return &c->keys[i];
	}
	return NULL;
}
