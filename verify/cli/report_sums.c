#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/escape.h"
#include "cli/report.h"
#include "cli/report_sums.h"

static void
text_file(FILE *f, const struct sums_file *x)
{
	static const char *const word[] = { "ok", "CHANGED", "missing",
	    "ERROR" };

	fprintf(f, "  %-8s  %s", word[x->state], x->name);
	if (x->state == SUMS_CHANGED)
		fprintf(f, "\n            listed %s\n            here   %s "
		    "(%llu bytes)", x->listed, x->sha256,
		    (unsigned long long)x->size);
	else if (x->state == SUMS_MISSING)
		fprintf(f, "  (listed, not here)");
	else if (x->state == SUMS_ERROR)
		fprintf(f, "  (%s)", x->error);
	fputc('\n', f);
}

void
report_sums_text(FILE *f, const char *list, const struct sums_result *sr,
    int quiet)
{
	char why[2048], *q = escape_dup(list, strlen(list));
	enum verdict v = sums_verdict(sr, why, sizeof(why));
	size_t i;

	fprintf(f, "%s: '%s': %s\n", report_verdict_word(v), q ? q : "?",
	    why);
	free(q);
	if (quiet)
		return;
	fprintf(f, "\nthe list (%s):\n", sr->clear_signed ? "clear-signed" :
	    "detached signatures");
	if (sr->list.sha256[0] != '\0')
		report_text(f, &sr->list, 0);
	else if (sr->refused[0] != '\0')
		fprintf(f, "  refused: %s\n", sr->refused);
	if (!sr->checked)
		return;
	fprintf(f, "\nfiles (%zu listed):\n", sr->nf);
	for (i = 0; i < sr->nf; i++)
		text_file(f, &sr->f[i]);
	for (i = 0; i < sr->nunlisted; i++)
		fprintf(f, "  %-8s  %s  (here, not in the list: not covered "
		    "by it)\n", "unlisted", sr->unlisted[i]);
}

static json_t *
json_file(const struct sums_file *x)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "name", x->name, "state",
	    sums_state_name(x->state), "listed_sha256", x->listed);

	if (o == NULL || x->sha256[0] == '\0')
		return o;
	if (json_object_set_new(o, "sha256", json_string(x->sha256)) != 0 ||
	    json_object_set_new(o, "size", json_integer((json_int_t)x->size))
	    != 0) {
		json_decref(o);
		return NULL;
	}
	if (x->state == SUMS_ERROR && json_object_set_new(o, "error",
	    json_string(x->error)) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int
report_sums_json(FILE *f, const char *list, const struct sums_result *sr,
    int keyring, struct err *e)
{
	json_t *root = NULL, *files = json_array(), *l = NULL;
	char why[2048], *q = escape_dup(list, strlen(list));
	enum verdict v = sums_verdict(sr, why, sizeof(why));
	size_t i;
	int rc = -1;

	if (files == NULL || q == NULL)
		goto oom;
	for (i = 0; i < sr->nf; i++)
		if (json_array_append_new(files, json_file(&sr->f[i])) != 0)
			goto oom;
	if (sr->list.sha256[0] != '\0' && (l = report_json_obj(&sr->list,
	    NULL, keyring)) == NULL)
		goto oom;
	root = json_pack("{s:s, s:i, s:s, s:s, s:s, s:o, s:o, s:b, s:O, "
	    "s:o}", "verdict", report_verdict_json(v), "exit",
	    report_exit_code(v), "reason", why, "sums", q, "form",
	    sr->clear_signed ? "clear-signed" : "detached", "refused",
	    sr->refused[0] ? json_string(sr->refused) : json_null(),
	    "list", l != NULL ? l : json_null(), "files_checked", sr->checked,
	    "files", files, "unlisted",
	    report_json_strings((const char *const *)sr->unlisted,
	    sr->nunlisted));
	l = NULL;
	if (report_json_contract(root, keyring) != 0)
		goto oom;
	rc = report_json_dump(f, root, e);
	goto out;
oom:
	err_set(e, "out of memory while building the JSON receipt");
out:
	json_decref(l);
	free(q);
	json_decref(root);
	json_decref(files);
	return rc;
}
