/* release: the --unsigned rules; the byte comparisons stream both files
 * and never hold more than a chunk of either. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "walk/apk.h"
#include "walk/arc.h"
#include "base/artifact.h"
#include "base/bytes.h"
#define COMPARE_PRIVATE
#include "compare/compare_private.h"
#include "base/file.h"
#include "base/hash.h"
#include "walk/inspect.h"
#include "walk/pe.h"
#include "compare/release.h"

#define CHUNK 65536

static int
side_open(const char *path, struct release_side *s, struct err *e)
{
	s->path = path;
	s->size = 0;
	s->fd = file_open(path, &s->size, e);
	return s->fd < 0 ? -1 : 0;
}

static void
side_close(struct release_side *s)
{
	if (s != NULL && s->fd >= 0)
		close(s->fd);
	if (s != NULL)
		s->fd = -1;
}

/* Reads up to len bytes at off; *got < len only at the end of the file. */
static int
read_at(const struct release_side *s, uint64_t off, void *buf, size_t len,
    size_t *got, struct err *e)
{
	if (bytes_pread_upto(s->fd, off, buf, len, got) == 0)
		return 0;
	err_errno(e, "cannot read", s->path, errno);
	return -1;
}

/* One comparison: A's bytes come in pieces, B's are read to match. */
struct cmp {
	const struct release_side *b;
	uint64_t off;		/* A's bytes so far */
	uint64_t first;		/* first difference, or RELEASE_SAME */
	struct hash h;
	atomic_int *cancel;
	struct err *e;
	unsigned char buf[CHUNK];
};

static int
feed(void *ctx, const void *p, size_t n)
{
	struct cmp *c = ctx;
	const unsigned char *a = p;
	size_t done = 0, k, got, i;

	if (c->cancel != NULL && *c->cancel) {
		err_set(c->e, "cancelled");
		return -1;
	}
	hash_update(&c->h, p, n);
	while (c->first == RELEASE_SAME && done < n) {
		k = n - done > CHUNK ? CHUNK : n - done;
		if (read_at(c->b, c->off + done, c->buf, k, &got, c->e) < 0)
			return -1;
		for (i = 0; i < got && a[done + i] == c->buf[i]; i++)
			;
		if (i < k)
			c->first = c->off + done + i;
		done += k;
	}
	c->off += n;
	return 0;
}

static int
cmp_start(struct cmp **cp, const struct release_side *b,
    atomic_int *cancel, struct err *e)
{
	struct cmp *c = calloc(1, sizeof(*c));

	*cp = NULL;
	if (c == NULL) {
		err_set(e, "out of memory");
		return -1;
	}
	if (hash_init(&c->h, e) < 0) {
		free(c);
		return -1;
	}
	c->b = b;
	c->first = RELEASE_SAME;
	c->cancel = cancel;
	c->e = e;
	*cp = c;
	return 0;
}

/* After A's last byte: B may go on. */
static int
cmp_end(struct cmp *c, struct release_bytes *r)
{
	size_t got;

	if (c->first == RELEASE_SAME) {
		if (read_at(c->b, c->off, c->buf, 1, &got, c->e) < 0)
			return -1;
		if (got > 0)
			c->first = c->off;
	}
	hash_final(&c->h);
	r->a_size = c->off;
	r->b_size = c->b->size > c->off || c->first != RELEASE_SAME ?
	    c->b->size : c->off;
	r->first_diff = c->first;
	memcpy(r->a_sha256, c->h.hex, sizeof(r->a_sha256));
	return 0;
}

static void
cmp_free(struct cmp *c)
{
	if (c == NULL)
		return;
	hash_release(&c->h);
	free(c);
}

static int
bytes_pe(const struct release_side *a, const struct pe_info *pa,
    const struct release_side *b, atomic_int *cancel,
    struct release_bytes *r, struct err *e)
{
	struct cmp *c = NULL;
	int rc = -1;

	if (cmp_start(&c, b, cancel, e) < 0)
		goto out;
	if (pe_unsigned_stream(a->fd, pa, feed, c, e) != 0)
		goto out;
	rc = cmp_end(c, r);
out:
	cmp_free(c);
	return rc;
}

static int
bytes_plain(const struct release_side *a, const struct release_side *b,
    atomic_int *cancel, struct release_bytes *r, struct err *e)
{
	struct cmp *c = NULL;
	unsigned char *buf = NULL;
	uint64_t off = 0;
	size_t got;
	int rc = -1;

	if (cmp_start(&c, b, cancel, e) < 0)
		goto out;
	if ((buf = malloc(CHUNK)) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	do {
		if (read_at(a, off, buf, CHUNK, &got, e) < 0 ||
		    feed(c, buf, got) < 0)
			goto out;
		off += got;
	} while (got == CHUNK);
	rc = cmp_end(c, r);
out:
	free(buf);
	cmp_free(c);
	return rc;
}

/* ---- the rules ---- */

/* What anyone can add to the official's signature without the key
 * (authcode.h) is a problem: it is not compared byte for byte. */
static int
pe_signature_problem(struct compare_report *r, const struct release_side *a,
    const struct pe_info *pa, struct err *e)
{
	struct authcode_info ai;
	char hex[65];
	int rc = pe_audit(a->fd, pa, &ai, hex, e);

	if (rc != 0)
		return rc > 0 ? 0 : -1;
	if (ai.nhostile == 0)
		return 0;
	return compare_report_problem(r, e, "'%s': the Authenticode "
	    "signature holds %zu unauthenticated or unaccounted item%s, "
	    "first: %s", r->qa, ai.nhostile, ai.nhostile == 1 ? "" : "s",
	    ai.first_hostile);
}

/* The PE's signature is cut off as osslsigncode remove-signature does;
 * the official must follow Electrum's rule, the local must be unsigned. */
static int
rule_pe(struct compare_report *r, const struct release_side *a,
    const struct release_side *b, atomic_int *cancel,
    struct err *e)
{
	struct pe_info pa, pb;
	struct err pe = { "" };
	char rule[256];

	if (pe_parse(a->fd, a->size, &pa, &pe) < 0) {
		err_set(e, "'%s': %s", r->qa, pe.msg);
		return -1;
	}
	if (pe_check_one_cert(&pa, &pe) < 0 &&
	    compare_report_problem(r, e, "'%s': %s", r->qa, pe.msg) < 0)
		return -1;
	if (pe_signature_problem(r, a, &pa, e) < 0)
		return -1;
	if (pe_parse(b->fd, b->size, &pb, &pe) < 0) {
		if (compare_report_problem(r, e, "'%s' is not a PE file that "
		    "parses: %s", r->qb, pe.msg) < 0)
			return -1;
	} else if (pb.cert_size > 0 && compare_report_problem(r, e, "'%s' is "
	    "signed (%zu certificate entr%s): the local build must be "
	    "unsigned", r->qb, pb.ncerts, pb.ncerts == 1 ? "y" : "ies") < 0)
		return -1;
	snprintf(rule, sizeof(rule), "Windows PE: official without its "
	    "Authenticode signature (%zu certificate%s, %" PRIu64 " padding "
	    "byte%s) compared byte for byte", pa.ncerts, pa.ncerts == 1 ? "" :
	    "s", pa.cert_padding, pa.cert_padding == 1 ? "" : "s");
	if (compare_report_rule(r, e, rule) < 0 ||
	    bytes_pe(a, &pa, b, cancel, &r->rb, e) < 0)
		return -1;
	r->bytes = r->pe = 1;
	return compare_report_note(r, e, "sha256 of '%s' without signature: "
	    "%s", r->qa, r->rb.a_sha256);
}

static int
rule_plain(struct compare_report *r, const struct release_side *a,
    const struct release_side *b, const char *type,
    atomic_int *cancel, struct err *e)
{
	char rule[128];

	snprintf(rule, sizeof(rule), "plain bytes (official: %s): compared "
	    "byte for byte", type);
	if (compare_report_rule(r, e, rule) < 0 ||
	    bytes_plain(a, b, cancel, &r->rb, e) < 0)
		return -1;
	r->bytes = 1;
	return 0;
}

/* Both artifacts' manifests, kept in r until it is printed. */
static int
inspect_both(struct compare_report *r, const char *a, const char *b,
    atomic_int *cancel, struct err *e)
{
	const char *path[2] = { a, b };
	size_t i;

	for (i = 0; i < 2; i++) {
		if ((r->m[i] = malloc(sizeof(*r->m[i]))) == NULL) {
			err_set(e, "out of memory");
			return -1;
		}
		manifest_init(r->m[i], r->o->caps);
		r->m[i]->cancel = cancel;
		if (inspect_artifact(path[i], r->m[i], e) < 0)
			return -1;
	}
	return 0;
}

static int
rule_appimage(struct compare_report *r, const char *a, const char *b,
    atomic_int *cancel, struct err *e)
{
	if (compare_report_rule(r, e, "AppImage: the runtime (the bytes "
	    "before the squashfs image) compared by SHA-256, the squashfs "
	    "contents entry by entry") < 0 ||
	    inspect_both(r, a, b, cancel, e) < 0)
		return -1;
	if (strcmp(r->m[1]->kind, "AppImage") != 0 &&
	    compare_report_problem(r, e, "'%s' is not an AppImage", r->qb) < 0)
		return -1;
	return compare_report_collect(r, r->m[0], r->m[1], NULL, e);
}

/* "0x7109871a (v2), 0xf05368c0 (v3)" */
static char *
block_list(const struct apk_info *ai)
{
	char *s = NULL, *t;
	size_t i;

	if (asprintf(&s, "%s", ai->nblocks == 0 ? "no blocks" : "") < 0)
		return NULL;
	for (i = 0; s != NULL && i < ai->nblocks; i++) {
		if (asprintf(&t, "%s%s0x%08" PRIx32 " (%s)", s, i > 0 ? ", " :
		    "", ai->blocks[i].id, ai->blocks[i].name != NULL ?
		    ai->blocks[i].name : "unknown") < 0)
			t = NULL;
		free(s);
		s = t;
	}
	return s;
}

static int
mismatch(struct compare_report *r, const char *q, const struct apk_info *ai,
    struct err *e)
{
	if (ai == NULL || ai->nmismatch == 0)
		return 0;
	return compare_report_problem(r, e, "'%s': %zu central directory "
	    "entries disagree with their local headers, first: %s", q,
	    ai->nmismatch, ai->first_mismatch);
}

/* The APK signing block and the zip's own consistency, on each side. */
static int
apk_problems(struct compare_report *r, const struct apk_info *aa,
    const struct apk_info *ab, struct err *e)
{
	char *list = block_list(aa);
	size_t i;
	int rc = -1;

	if (list == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	if (!aa->has_sigblock ? compare_report_problem(r, e, "'%s' has no "
	    "APK signing block", r->qa) : compare_report_note(r, e,
	    "signing block of '%s': %s", r->qa, list))
		goto out;
	for (i = 0; i < aa->nblocks; i++)
		if (aa->blocks[i].name == NULL && compare_report_problem(r, e,
		    "'%s': unknown APK signing block ID 0x%08" PRIx32, r->qa,
		    aa->blocks[i].id) < 0)
			goto out;
	if (aa->padding_nonzero && compare_report_problem(r, e, "'%s': the "
	    "APK signing block's verity padding is not all zero", r->qa) < 0)
		goto out;
	if (ab != NULL && ab->has_sigblock && compare_report_problem(r, e,
	    "'%s' has an APK signing block (expected in the official build "
	    "only)", r->qb) < 0)
		goto out;
	if (mismatch(r, r->qa, aa, e) < 0 || mismatch(r, r->qb, ab, e) < 0)
		goto out;
	rc = 0;
out:
	free(list);
	return rc;
}

/* Left out of the comparison, so audited when the official was walked
 * (jarsig_outside): what they hold beyond a signer's output is a
 * problem. */
static int
v1_problems(struct compare_report *r, struct err *e)
{
	const struct manifest *m = r->m[0];
	size_t i;

	for (i = 0; i < m->nout; i++)
		if (strcmp(m->out[i].name, "apk-v1-signature") == 0 &&
		    m->out[i].hostile)
			return compare_report_problem(r, e, "'%s': its v1 "
			    "signature files hold %s", r->qa, m->out[i].note);
	return 0;
}

static int
rule_apk(struct compare_report *r, const struct apk_info *aa,
    const struct release_side *a, const struct release_side *b,
    atomic_int *cancel, struct err *e)
{
	static const char *const skip_out[] = { "apk-signing-block",
	    "zip-central-mismatch", "apk-v1-signature", NULL };
	static const struct compare_filter fl = { apk_is_v1_sigfile,
	    skip_out };
	struct apk_info ab;
	struct err le = { "" };
	int local_ok;

	if (compare_report_rule(r, e, "APK: zip entries compared except the "
	    "v1 signature files (META-INF/MANIFEST.MF, *.SF, *.RSA, *.DSA, "
	    "*.EC); the APK signing block expected in the official build "
	    "only, its block IDs listed, unknown IDs flagged") < 0)
		return -1;
	local_ok = apk_inspect(b->fd, b->size, &ab, &le) == 0;
	if (!local_ok && compare_report_problem(r, e, "'%s' is not a zip "
	    "file that parses: %s", r->qb, le.msg) < 0)
		return -1;
	if (apk_problems(r, aa, local_ok ? &ab : NULL, e) < 0 ||
	    inspect_both(r, a->path, b->path, cancel, e) < 0 ||
	    v1_problems(r, e) < 0)
		return -1;
	return compare_report_collect(r, r->m[0], r->m[1], &fl, e);
}

/* An APK: a zip named so, or with an APK signing block. */
static int
is_apk(const struct release_side *a, struct apk_info *ai)
{
	struct err ie = { "" };
	size_t n = strlen(a->path);

	if (apk_inspect(a->fd, a->size, ai, &ie) < 0)
		return 0;
	return ai->has_sigblock || (n >= 4 &&
	    strcasecmp(a->path + n - 4, ".apk") == 0);
}

static int
by_type(struct compare_report *r, const struct release_side *a,
    const struct release_side *b, atomic_int *cancel,
    struct err *e)
{
	const struct artifact_type *type;
	struct apk_info *ai = NULL;
	int rc = -1;

	if (inspect_sniff(a->fd, a->size, a->path, &type, e) < 0)
		goto out;
	if (type->kind == ARTIFACT_ZIP && (ai = malloc(sizeof(*ai))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	if (type->kind == ARTIFACT_PE)
		rc = rule_pe(r, a, b, cancel, e);
	else if (type->kind == ARTIFACT_APPIMAGE)
		rc = rule_appimage(r, a->path, b->path, cancel, e);
	else if (type->kind == ARTIFACT_DMG)
		rc = release_dmg(r, a, b, cancel, e);
	else if (type->kind == ARTIFACT_ZIP && is_apk(a, ai))
		rc = rule_apk(r, ai, a, b, cancel, e);
	else
		rc = rule_plain(r, a, b, type->name, cancel, e);
out:
	free(ai);
	return rc;
}

int
release_check(struct compare_report *r, const char *official,
    const char *local, atomic_int *cancel, struct err *e)
{
	struct release_side a = { official, -1, 0 }, b = { local, -1, 0 };
	int rc = -1;

	if (side_open(official, &a, e) < 0 || side_open(local, &b, e) < 0)
		goto out;
	rc = by_type(r, &a, &b, cancel, e);
out:
	side_close(&a);
	side_close(&b);
	return rc;
}
