/* fuzz_apk: apk_inspect (end record, APK Signing Block) and the central
 * directory walk of zipcd, then apk_outside and apk_each_name: the zip
 * and APK structure read without libarchive. */
#include "fuzz.h"

#include "walk/apk.h"

static int
name(const char *s, size_t len, void *ctx)
{
	size_t *n = ctx;

	if (s[len] != '\0')
		abort();
	(void)apk_is_v1_sigfile(s);
	(*n)++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct apk_info *ai = malloc(sizeof(*ai));
	struct manifest m;
	struct err e;
	char path[64];
	size_t n = 0;
	int fd = fuzz_memfd(data, size, path, sizeof(path));

	fuzz_manifest(&m);
	if (ai != NULL && apk_inspect(fd, size, ai, &e) == 0) {
		snprintf(m.kind, sizeof(m.kind), "%s",
		    ai->has_sigblock ? "APK" : "zip");
		if (apk_outside(fd, ai, &m, &e) == 0 &&
		    apk_each_name(fd, ai, name, &n, &e) == 0 &&
		    n != ai->nentries)
			abort();
	}
	manifest_release(&m);
	free(ai);
	close(fd);
	return 0;
}
