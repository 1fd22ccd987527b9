#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "base/escape.h"
#include "openpgp/pgp.h"
#include "trust/pins.h"
#include "cli/report.h"

static const char *const verdict_words[] = {
	"VERIFIED", "NOT VERIFIED", "COULD NOT CHECK"
};
static const char *const verdict_json[] = {
	"verified", "not-verified", "could-not-check"
};

const char *
report_verdict_word(enum verdict v)
{
	return verdict_words[v];
}

const char *
report_verdict_json(enum verdict v)
{
	return verdict_json[v];
}

int
report_exit_code(enum verdict v)
{
	return v == VERDICT_VERIFIED ? 0 : v == VERDICT_NOT_VERIFIED ? 1 : 2;
}

static void
fmt_time(char *out, size_t n, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t < 0 || gmtime_r(&tt, &tm) == NULL)
		snprintf(out, n, "-");
	else
		strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *
counted_word(const struct verify_sig *s)
{
	return s->counted ? "counted" : s->duplicate ? "duplicate" :
	    "not-counted";
}

static void
text_sig(FILE *f, const struct verify_result *r, size_t i)
{
	const struct verify_sig *s = &r->sigs[i];
	char when[32], status[16];
	size_t j;

	fmt_time(when, sizeof(when), s->created);
	snprintf(status, sizeof(status), "%s", verify_status_name(s->status));
	for (j = 0; status[j] != '\0'; j++)
		if (status[j] >= 'a' && status[j] <= 'z')
			status[j] -= 'a' - 'A';
	fprintf(f, "  #%zu  %-11s  %-11s  %s  %s", i + 1, status,
	    counted_word(s), s->signer ? s->signer : "-",
	    s->fpr[0] ? s->fpr : s->keyid[0] ? s->keyid : "-");
	if (s->subkey[0] != '\0')
		fprintf(f, "  subkey %s", s->subkey);
	fprintf(f, "  %s  %s", when, pgp_hash_name(s->hashalgo));
	if (r->nsigfiles > 1)
		fprintf(f, "  (%s)", r->sigfiles[s->file]);
	fputc('\n', f);
	for (j = 0; j < s->nreasons; j++)
		fprintf(f, "      reason: %s\n", s->reasons[j]);
	for (j = 0; j < s->nnotes; j++)
		fprintf(f, "      note: %s\n", s->notes[j]);
}

/* The release the name claims, and where its version comes from. */
static void
text_release(FILE *f, const struct verify_result *r)
{
	char when[32];

	fprintf(f, "release:   %s %s, %s\n", r->release.product,
	    r->release.version, r->release.platform);
	if (r->content_version[0] != '\0')
		fprintf(f, "version:   %s (from the content)\n"
		    "           read from %s\n", r->content_version,
		    r->version_where);
	else
		fprintf(f, "version:   %s (from the file name only)\n",
		    r->release.version);
	if (r->version_note[0] != '\0')
		fprintf(f, "           %s\n", r->version_note);
	if (r->date_note[0] != '\0')
		fprintf(f, "dates:     %s\n", r->date_note);
	if (r->older) {
		fmt_time(when, sizeof(when), r->seen_when);
		fprintf(f, "rollback:  OLDER than Electrum %s, verified here on "
		    "%s for this platform\n", r->seen_highest, when);
	}
	if (r->seen_note[0] != '\0')
		fprintf(f, "rollback:  %s\n", r->seen_note);
}

void
report_text(FILE *f, const struct verify_result *r, int quiet)
{
	size_t i;

	if (r->verdict == VERDICT_VERIFIED)
		fprintf(f, "%s: '%s' is %s\n", verdict_words[r->verdict],
		    r->file, r->reason);
	else
		fprintf(f, "%s: '%s': %s\n", verdict_words[r->verdict],
		    r->file ? r->file : "-", r->reason);
	if (quiet || r->sha256[0] == '\0')
		return;
	fprintf(f, "\nfile:      %s\n", r->file);
	fprintf(f, "size:      %llu bytes\n", (unsigned long long)r->size);
	fprintf(f, "sha256:    %s\n", r->sha256);
	fprintf(f, "type:      %s", r->type->name);
	if (r->has_release && r->release.kind != r->type->kind)
		fprintf(f, " (WARNING: the name says %s)",
		    artifact_type(r->release.kind)->name);
	fputc('\n', f);
	if (r->has_release)
		text_release(f, r);
	for (i = 0; i < r->nsigfiles; i++)
		fprintf(f, "signature: %s\n", r->sigfiles[i]);
	if (r->nsigs == 0)
		return;
	fprintf(f, "signatures (%zu counted, %u needed):\n", r->ncounted,
	    r->min_sigs);
	for (i = 0; i < r->nsigs; i++)
		text_sig(f, r, i);
}

static json_t *
jstr_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

json_t *
report_json_strings(const char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_string(v[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *
json_msgs(const char m[][256], size_t n)
{
	const char *v[VERIFY_MSGS];
	size_t i;

	for (i = 0; i < n && i < VERIFY_MSGS; i++)
		v[i] = m[i];
	return report_json_strings(v, i);
}

static json_t *
json_sig(const struct verify_result *r, size_t i)
{
	const struct verify_sig *s = &r->sigs[i];
	char when[32];

	fmt_time(when, sizeof(when), s->created);
	return json_pack("{s:I, s:s, s:s, s:s, s:b, s:b, s:o, s:o, s:o, s:o, "
	    "s:o, s:o, s:o, s:s, s:s, s:i, s:i, s:o, s:o}",
	    "index", (json_int_t)(i + 1),
	    "file", r->sigfiles[s->file],
	    "status", verify_status_name(s->status),
	    "reason_code", verify_sig_reason_name(s->code),
	    "counted", s->counted,
	    "duplicate", s->duplicate,
	    "signer", jstr_or_null(s->signer),
	    "fingerprint", jstr_or_null(s->fpr),
	    "subkey", jstr_or_null(s->subkey),
	    "keyid", jstr_or_null(s->keyid),
	    "issuer_fingerprint", jstr_or_null(s->issuer),
	    "created", s->created >= 0 ? json_string(when) : json_null(),
	    "created_unix", s->created >= 0 ? json_integer(s->created) :
	    json_null(),
	    "digest", pgp_hash_name(s->hashalgo),
	    "pubkey_algo", pgp_pk_name(s->pkalgo),
	    "version", s->version,
	    "class", s->sigclass,
	    "reasons", json_msgs(s->reasons, s->nreasons),
	    "notes", json_msgs(s->notes, s->nnotes));
}

static json_t *
json_counted(const struct verify_result *r)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < r->nsigs; i++)
		if (r->sigs[i].counted && json_array_append_new(a,
		    json_pack("{s:s, s:s}", "name", r->sigs[i].signer,
		    "fingerprint", r->sigs[i].fpr)) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/* The rollback memory: whether this release is older than the highest
 * verified here for its platform. */
static json_t *
json_rollback(const struct verify_result *r)
{
	char when[32];

	fmt_time(when, sizeof(when), r->seen_when);
	return json_pack("{s:b, s:o, s:o, s:o}", "older", r->older,
	    "highest", jstr_or_null(r->seen_highest), "highest_verified",
	    r->seen_highest[0] ? json_string(when) : json_null(), "note",
	    jstr_or_null(r->seen_note));
}

/* The pinned signers whose keys are not at hand. */
static json_t *
json_missing(const struct verify_result *r)
{
	const char *v[PGP_MAX_SIGS];
	size_t n = verify_missing(r, v, PGP_MAX_SIGS);

	return report_json_strings(v, n < PGP_MAX_SIGS ? n : PGP_MAX_SIGS);
}

/* {"pins": "builtin" | FILE | null, "keyring": bool}: the trust root,
 * the pins built in or the file $ELECTRUM_VERIFY_PINS names (none with
 * --keyring: keyring 1); NULL when out of memory. */
static json_t *
json_trust(int keyring)
{
	const char *path = pins_override();
	char *q = path != NULL ? escape_dup(path, strlen(path)) : NULL;
	json_t *t;

	if (path != NULL && q == NULL)
		return NULL;
	t = json_pack("{s:o, s:b}", "pins", keyring ? json_null() : q != NULL ?
	    json_string(q) : json_string("builtin"), "keyring", keyring);
	free(q);
	return t;
}

int
report_json_contract(json_t *root, int keyring)
{
	return root == NULL || json_object_set_new(root, "schema",
	    json_integer(REPORT_SCHEMA)) != 0 || json_object_set_new(root,
	    "tool", json_pack("{s:s, s:s}", "name", EV_PROG, "version",
	    EV_VERSION)) != 0 || json_object_set_new(root, "trust_root",
	    json_trust(keyring)) != 0 ? -1 : 0;
}

int
report_json_dump(FILE *f, const json_t *root, struct err *e)
{
	if (root == NULL) {
		err_set(e, "out of memory while building the JSON receipt");
		return -1;
	}
	if (json_dumpf(root, f, JSON_INDENT(2) | JSON_SORT_KEYS) != 0 ||
	    fputc('\n', f) == EOF) {
		err_set(e, "cannot write the JSON receipt");
		return -1;
	}
	return 0;
}

json_t *
report_json_obj(const struct verify_result *r, const char *error,
    int keyring)
{
	json_t *root = NULL, *sigs = NULL, *files = NULL, *rel;
	size_t i;
	int known;

	if ((sigs = json_array()) == NULL || (files = json_array()) == NULL)
		goto out;
	for (i = 0; i < r->nsigs; i++)
		if (json_array_append_new(sigs, json_sig(r, i)) != 0)
			goto out;
	for (i = 0; i < r->nsigfiles; i++)
		if (json_array_append_new(files, json_string(r->sigfiles[i]))
		    != 0)
			goto out;
	rel = r->has_release ? json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, "
	    "s:o, s:o, s:o, s:o}", "product", r->release.product, "version",
	    r->release.version, "platform", r->release.platform,
	    "version_from", r->content_version[0] ? "content" : "file-name",
	    "content_version", jstr_or_null(r->content_version),
	    "version_where", jstr_or_null(r->version_where),
	    "version_note", jstr_or_null(r->version_note),
	    "date_check", jstr_or_null(r->date_check),
	    "date_note", jstr_or_null(r->date_note),
	    "rollback", json_rollback(r)) : json_null();
	known = r->sha256[0] != '\0';
	root = json_pack("{s:s, s:i, s:s, s:s, s:{s:o, s:o, s:o, s:o}, s:o, "
	    "s:o, s:o, s:o, s:i, s:o, s:O}",
	    "verdict", verdict_json[r->verdict],
	    "exit", report_exit_code(r->verdict),
	    "reason", error != NULL ? error : r->reason,
	    "reason_code", verify_reason_name(r->code),
	    "file", "name", jstr_or_null(r->file), "size",
	    known ? json_integer((json_int_t)r->size) : json_null(),
	    "sha256", jstr_or_null(r->sha256), "type",
	    known ? json_string(r->type->name) : json_null(),
	    "name_matches_content", r->name_matches < 0 ? json_null() :
	    json_boolean(r->name_matches),
	    "missing_signers", json_missing(r),
	    "release", rel,
	    "signature_files", files,
	    "min_sigs", (int)r->min_sigs,
	    "counted_signers", json_counted(r),
	    "signatures", sigs);
	files = NULL;
	if (report_json_contract(root, keyring) != 0) {
		json_decref(root);
		root = NULL;
	}
out:
	json_decref(sigs);
	json_decref(files);
	return root;
}

int
report_json(FILE *f, const struct verify_result *r, const char *error,
    int keyring, struct err *e)
{
	json_t *root = report_json_obj(r, error, keyring);
	int rc = report_json_dump(f, root, e);

	json_decref(root);
	return rc;
}
