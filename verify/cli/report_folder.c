#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/escape.h"
#include "cli/report.h"
#include "cli/report_folder.h"

static void
text_list(FILE *f, const char *what, char *const *v, size_t n)
{
	size_t i;

	fprintf(f, "%s", what);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : " ", v[i]);
	fprintf(f, "%s\n", n ? "" : " none");
}

void
report_folder_text(FILE *f, const char *dir, const struct folder_result *fr,
    int quiet)
{
	struct folder_signers s;
	char why[512], *q = escape_dup(dir, strlen(dir));
	enum verdict v = folder_verdict(fr, why, sizeof(why));
	size_t i, j, w = 8;
	int first = 1;

	fprintf(f, "%s: folder '%s': %s\n", report_verdict_word(v),
	    q ? q : "?", why);
	free(q);
	if (quiet)
		return;
	folder_signers_of(fr, &s);
	for (i = 0; i < fr->na; i++)
		if (strlen(fr->a[i].name) > w)
			w = strlen(fr->a[i].name);
	fprintf(f, "\nfiles x signers (good: counted, BAD, -: none):\n");
	fprintf(f, "  %-*s  %-15s", (int)w, "file", "verdict");
	for (j = 0; j < s.n; j++)
		fprintf(f, "  %s", s.v[j]);
	fputc('\n', f);
	for (i = 0; i < fr->na; i++) {
		fprintf(f, "  %-*s  %-15s", (int)w, fr->a[i].name,
		    report_verdict_word(folder_row_verdict(&fr->a[i])));
		for (j = 0; j < s.n; j++)
			fprintf(f, "  %-*s", (int)strlen(s.v[j]),
			    folder_cell_word(folder_cell(&fr->a[i], s.v[j])));
		fputc('\n', f);
	}
	for (i = 0; i < fr->na; i++) {
		if (folder_row_verdict(&fr->a[i]) != VERDICT_VERIFIED)
			fprintf(f, "%s: %s\n", fr->a[i].name, fr->a[i].rc ?
			    fr->a[i].e.msg : fr->a[i].r.reason);
		if (fr->a[i].split_match == 1)
			fprintf(f, "%s.asc: the union of its %zu per-signer "
			    "files\n", fr->a[i].name, fr->a[i].nsplit);
		else if (fr->a[i].split_match == 0)
			fprintf(f, "%s\n", fr->a[i].split_note);
	}
	fprintf(f, "signed every file:");
	for (j = 0; j < s.n; j++)
		if (folder_signed_every(fr, s.v[j])) {
			fprintf(f, "%s%s", first ? " " : ", ", s.v[j]);
			first = 0;
		}
	fprintf(f, "%s\n", first ? " nobody" : "");
	text_list(f, "missing:", fr->missing, fr->nmissing);
	text_list(f, "extra:", fr->extra, fr->nextra);
}

static json_t *
json_artifact(const struct folder_artifact *a, const struct folder_signers *s)
{
	json_t *sig = json_object(), *o;
	size_t j;

	for (j = 0; sig != NULL && j < s->n; j++)
		if (json_object_set_new(sig, s->v[j], json_string(
		    folder_cell_word(folder_cell(a, s->v[j])))) != 0) {
			json_decref(sig);
			return NULL;
		}
	o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:I, s:o, s:o}",
	    "name", a->name,
	    "verdict", report_verdict_json(folder_row_verdict(a)),
	    "reason", a->rc ? a->e.msg : a->r.reason,
	    "reason_code", verify_reason_name(a->r.code),
	    "sha256", a->r.sha256[0] ? json_string(a->r.sha256) : json_null(),
	    "combined_asc", a->has_combined,
	    "split_asc", (json_int_t)a->nsplit,
	    "combined_equals_split", a->split_match < 0 ? json_null() :
	    json_boolean(a->split_match),
	    "signers", sig);
	if (o != NULL && a->split_match == 0)
		json_object_set_new(o, "split_note", json_string(a->split_note));
	return o;
}

int
report_folder_json(FILE *f, const char *dir, const struct folder_result *fr,
    int keyring, struct err *e)
{
	json_t *root = NULL, *arts = json_array(), *every = json_array(),
	    *all = json_array();
	struct folder_signers s;
	char why[512], *q = escape_dup(dir, strlen(dir));
	enum verdict v = folder_verdict(fr, why, sizeof(why));
	size_t i;
	int rc = -1;

	folder_signers_of(fr, &s);
	if (arts == NULL || every == NULL || all == NULL || q == NULL)
		goto oom;
	for (i = 0; i < fr->na; i++)
		if (json_array_append_new(arts, json_artifact(&fr->a[i], &s)))
			goto oom;
	for (i = 0; i < s.n; i++)
		if (json_array_append_new(all, json_string(s.v[i])) != 0 ||
		    (folder_signed_every(fr, s.v[i]) && json_array_append_new(every,
		    json_string(s.v[i])) != 0))
			goto oom;
	root = json_pack("{s:s, s:i, s:s, s:s, s:o, s:b, s:O, s:O, s:O, "
	    "s:o, s:o}", "verdict", report_verdict_json(v), "exit",
	    report_exit_code(v), "reason", why, "folder", q, "version",
	    fr->version[0] ? json_string(fr->version) : json_null(),
	    "mixed_versions", fr->mixed, "artifacts", arts, "signers", all,
	    "signed_every_file", every,
	    "missing", report_json_strings((const char *const *)fr->missing,
	    fr->nmissing),
	    "extra", report_json_strings((const char *const *)fr->extra,
	    fr->nextra));
	if (report_json_contract(root, keyring) != 0)
		goto oom;
	rc = report_json_dump(f, root, e);
	goto out;
oom:
	err_set(e, "out of memory while building the JSON receipt");
out:
	free(q);
	json_decref(root);
	json_decref(arts);
	json_decref(every);
	json_decref(all);
	return rc;
}
