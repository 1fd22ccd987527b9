/* jarsig: audits the APK v1 (JAR) signature files that compare --unsigned
 * leaves out, so that nothing can be smuggled under their names:
 * META-INF/MANIFEST.MF and META-INF/ *.SF must parse as JAR manifests
 * holding only the attributes a signer writes, with SHA-256 digests that
 * match the entries (and the manifest's sections), and each *.RSA, *.DSA
 * or *.EC must be one PKCS#7 SignedData (authcode.h) beside its .SF. */
#ifndef EV_JARSIG_H
#define EV_JARSIG_H

#include <stddef.h>

#include "base/err.h"
#include "manifest/manifest.h"

#define JARSIG_MAX_FILES	64		/* v1 files audited */
#define JARSIG_MAX_SIZE		(16u << 20)	/* bytes of one */

struct jarsig_file {
	char *path;			/* "META-INF/CERT.SF" */
	unsigned char *data;
	size_t len;
};

struct jarsig_result {
	size_t nfiles;			/* v1 files seen */
	size_t nfindings;
	char first[200];		/* the first finding, escaped */
};

/* Audits files[0..n) (every v1 file of the APK, apk_is_v1_sigfile)
 * against m, the APK's sorted manifest (its entries' SHA-256). Findings:
 * a file that does not parse (a line that is no "Key: value" or
 * continuation, a repeated key), an attribute a signer does not write, a
 * digest other than SHA-256 or one that does not match, an entry of m
 * (but the v1 files) that MANIFEST.MF does not name or a name that is no
 * entry, a .SF section for no manifest section, a signature block that
 * fails the PKCS#7 audit or has no .SF, and a .SF without MANIFEST.MF.
 * 0, or -1 with e set (out of memory). */
int jarsig_audit(const struct jarsig_file *files, size_t n,
    const struct manifest *m, struct jarsig_result *r, struct err *e) EV_WUR;

/* Reads the v1 signature files of the APK on fd (arc_zip_each; name for
 * messages) and audits them against m, its walked entries. When it has
 * any, adds the outside record "apk-v1-signature": no bytes of its own
 * (the files are entries), note "N files, clean" or "K finding(s),
 * first: ...", hostile on a finding. So `manifest` marks what compare
 * --unsigned leaves out. 0, or -1 with e set. */
int jarsig_outside(int fd, const char *name, struct manifest *m,
    struct err *e) EV_WUR;

#endif
