/* fuzz_jarsig: jarsig_audit (the APK v1 signature files: JAR manifests,
 * their digests, the signature block) with the input as MANIFEST.MF, as a
 * .SF and as a .RSA, against a small manifest. */
#include "fuzz.h"

#include "walk/jarsig.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char mf[] = "META-INF/MANIFEST.MF", sf[] = "META-INF/CERT.SF",
	    rsa[] = "META-INF/CERT.RSA";
	struct jarsig_file f[3] = {
		{ mf, (unsigned char *)data, size },
		{ sf, (unsigned char *)data, size },
		{ rsa, (unsigned char *)data, size },
	};
	struct jarsig_result r;
	struct manifest m;
	struct manifest_entry *ent;
	struct err e;

	fuzz_manifest(&m);
	if ((ent = manifest_add(&m, "classes.dex", MF_FILE, 0644, 0, NULL,
	    &e)) != NULL)
		memcpy(ent->sha256, "e3b0c44298fc1c149afbf4c8996fb924"
		    "27ae41e4649b934ca495991b7852b855", 65);
	if (ent != NULL && manifest_finish(&m, &e) == 0 &&
	    jarsig_audit(f, 3, &m, &r, &e) == 0 &&
	    (r.nfindings == 0) != (r.first[0] == '\0'))
		abort();
	manifest_release(&m);
	return 0;
}
