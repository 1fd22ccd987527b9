/* compare_out: the report of a comparison as text (the verdict line
 * first, then one line per difference, names escaped) or as JSON. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define COMPARE_PRIVATE
#include "compare/compare_private.h"
#include "base/escape.h"
#include "manifest/mfio.h"

static const char *const what_names[] = {
	"content", "type", "mode", "link", "sha256", "size", "mtime", "owner"
};

#define NWHAT (sizeof(what_names) / sizeof(what_names[0]))

static const char *const fact_names[F_NFACTS] = {
	"modes", "sizes", "times", "owners"
};

/* What a manifest's kind is, in words: "tar.gz archive", "sha256sum
 * manifest" ... */
static char *
kind_words(const char *kind)
{
	static const struct {
		const char *kind, *words;
	} named[] = {
		{ "mtree", "mtree manifest" }, { "sha256sum", "sha256sum "
		"manifest" }, { "json", "json manifest" }, { "file", "plain "
		"file (one entry, itself)" }, { "APK", "APK" }, { "AppImage",
		"AppImage" }, { "deb", "Debian package" }, { "PE", "Windows "
		"PE executable" }, { "", "unknown kind" },
	};
	char *q, *s = NULL;
	size_t i;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strcmp(kind, named[i].kind) == 0)
			return strdup(named[i].words);
	if ((q = escape_dup(kind, strlen(kind))) != NULL &&
	    asprintf(&s, "%s archive", q) < 0)
		s = NULL;
	free(q);
	return s;
}

/* The note on fact f of side i (0 A, 1 B), without "note: ", or NULL
 * with *oom unchanged if there is none. */
static char *
fact_note(const struct compare_report *r, int i, int f, int *oom)
{
	const char *q = i == 0 ? r->qa : r->qb;
	size_t lack = r->lack[i][f], n = r->napp[f];
	char *k, *s = NULL;
	int rc;

	if (lack == 0 || r->kind[i] == NULL)
		return NULL;
	if ((k = kind_words(r->kind[i])) == NULL) {
		*oom = 1;
		return NULL;
	}
	if (lack == n)
		rc = asprintf(&s, "%s not compared: '%s' has none (%s)",
		    fact_names[f], q, k);
	else
		rc = asprintf(&s, "%s not compared for %zu of %zu entries: "
		    "'%s' lacks them (%s)", fact_names[f], lack, n, q, k);
	free(k);
	if (rc < 0) {
		*oom = 1;
		s = NULL;
	}
	return s;
}

/* Every note on what could not be compared, in order; NULL at the end
 * (or, with *oom set, out of memory). */
static char *
next_note(const struct compare_report *r, int *at, int *oom)
{
	char *s = NULL;
	int i;

	for (; *at < 2 * F_NFACTS && s == NULL && !*oom; ++*at)
		s = fact_note(r, *at / F_NFACTS, *at % F_NFACTS, oom);
	while (s == NULL && !*oom && *at < 2 * F_NFACTS + 2) {
		i = (*at)++ - 2 * F_NFACTS;
		if ((r->no_root & (i == 0 ? U_A : U_B)) != 0 &&
		    asprintf(&s, "the root directory not compared: '%s' has "
		    "no entry for it", i == 0 ? r->qa : r->qb) < 0) {
			*oom = 1;
			s = NULL;
		}
	}
	return s;
}

static void
print_verdict(FILE *f, const struct compare_report *r)
{
	if (compare_report_differences(r) == 0) {
		if (r->bytes)
			fprintf(f, "IDENTICAL: '%s' and '%s' have the same %"
			    PRIu64 " byte%s\n", r->qa, r->qb, r->rb.a_size,
			    r->rb.a_size == 1 ? "" : "s");
		else
			fprintf(f, "IDENTICAL: '%s' and '%s' have the same %zu "
			    "entr%s\n", r->qa, r->qb, r->entries,
			    r->entries == 1 ? "y" : "ies");
		return;
	}
	fprintf(f, "DIFFERENT: '%s' and '%s': ", r->qa, r->qb);
	if (r->bytes && r->rb.first_diff != RELEASE_SAME)
		fprintf(f, "first difference at offset %" PRIu64 " (%" PRIu64
		    " and %" PRIu64 " bytes)", r->rb.first_diff, r->rb.a_size,
		    r->rb.b_size);
	else if (r->bytes)
		fprintf(f, "the same %" PRIu64 " bytes", r->rb.a_size);
	else
		fprintf(f, "%zu added, %zu removed, %zu changed",
		    r->count[D_ADDED], r->count[D_REMOVED],
		    r->count[D_CHANGED]);
	if (r->count[D_UNVERIFIABLE] > 0)
		fprintf(f, ", %zu unverifiable", r->count[D_UNVERIFIABLE]);
	if (r->count[D_HOSTILE] > 0)
		fprintf(f, ", %zu hostile", r->count[D_HOSTILE]);
	if (r->o->strict && r->count[D_REPRO] > 0)
		fprintf(f, ", %zu reproducibility-only", r->count[D_REPRO]);
	if (r->count[D_PROBLEM] > 0)
		fprintf(f, ", %zu problem%s", r->count[D_PROBLEM],
		    r->count[D_PROBLEM] == 1 ? "" : "s");
	putc('\n', f);
}

static void
print_what(FILE *f, unsigned what)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < NWHAT; i++)
		if (what & (1u << i)) {
			fprintf(f, "%s%s", sep, what_names[i]);
			sep = ", ";
		}
}

static void
print_marks(FILE *f, unsigned marks)
{
	const char *sep = "";
	unsigned bit;

	for (bit = 1; bit <= MF_HOSTILE_MASK; bit <<= 1)
		if ((marks & bit) && manifest_flag_name(bit) != NULL) {
			fprintf(f, "%s%s", sep, manifest_flag_name(bit));
			sep = ",";
		}
}

/* A problem's text names what it is about already escaped; a note
 * read from a manifest may hold anything and is escaped here. */
static void
print_text(FILE *f, const struct compare_diff *d)
{
	char *q;

	if (d->text == NULL || d->text[0] == '\0')
		return;
	if (d->kind == D_PROBLEM) {
		mfio_put_note(f, d->text);
		return;
	}
	q = escape_dup(d->text, strlen(d->text));
	fprintf(f, ": %s", q != NULL ? q : "?");
	free(q);
}

/* One side of a changed file: "20 bytes, sha256 81762e4f58ee". */
static void
print_side(FILE *f, const struct manifest_entry *x)
{
	if (x->type != MF_FILE) {
		fputs(manifest_type_name(x->type), f);
		return;
	}
	if (x->size != MANIFEST_UNKNOWN)
		fprintf(f, "%" PRIu64 " byte%s, ", x->size,
		    x->size == 1 ? "" : "s");
	if (x->sha256[0] != '\0')
		fprintf(f, "sha256 %.12s", x->sha256);
	else
		fputs("no sha256", f);
}

/* A changed file's sizes and SHA-256 on both sides (short). */
static void
print_sides(FILE *f, const struct compare_report *r,
    const struct compare_diff *d)
{
	if (d->ea == NULL || d->eb == NULL || (d->what & W_CONTENT) == 0)
		return;
	fprintf(f, " ('%s': ", r->qa);
	print_side(f, d->ea);
	fprintf(f, "; '%s': ", r->qb);
	print_side(f, d->eb);
	putc(')', f);
}

static void
print_diff(FILE *f, const struct compare_report *r,
    const struct compare_diff *d)
{
	static const char *const words[] = { "problem", "added", "removed",
	    "changed", "unverifiable", "hostile", "reproducibility-only",
	    "format-only" };
	char *q = d->name != NULL ? escape_dup(d->name, strlen(d->name)) :
	    NULL;

	fprintf(f, "%s", words[d->kind]);
	if (d->kind == D_PROBLEM)
		fputs(": ", f);
	else
		fprintf(f, " %s%s", d->outside ? "outside " : "",
		    q != NULL ? q : "?");
	if (d->kind == D_CHANGED || d->kind == D_REPRO) {
		fputs(": ", f);
		print_what(f, d->what);
		if (d->kind == D_CHANGED)
			print_sides(f, r, d);
	} else if (d->kind == D_HOSTILE && !d->outside) {
		fputs(": ", f);
		print_marks(f, d->what);
	} else if (d->kind == D_FORMAT) {
		fprintf(f, ": only '%s' has it (its format)",
		    d->what & U_A ? r->qa : r->qb);
	} else if (d->kind == D_UNVERIFIABLE) {
		fputs(": no sha256 in ", f);
		if (d->what & U_A)
			fprintf(f, "'%s'%s", r->qa, d->what & U_B ? " and " :
			    "");
		if (d->what & U_B)
			fprintf(f, "'%s'", r->qb);
	}
	print_text(f, d);
	putc('\n', f);
	free(q);
}

/* Printed in groups: problems, entries, outside records, marks, then
 * the reproducibility-only facts. */
static int
group(const struct compare_diff *d)
{
	switch (d->kind) {
	case D_PROBLEM:
		return 0;
	case D_HOSTILE:
		return 3;
	case D_REPRO:
		return 4;
	case D_FORMAT:
		return 5;
	default:
		return d->outside ? 2 : 1;
	}
}

/* "'A': tar.gz archive", one line per side, when manifests were
 * compared. */
static int
print_kinds(FILE *f, const struct compare_report *r)
{
	char *k;
	int i;

	for (i = 0; i < 2 && r->kind[i] != NULL; i++) {
		if ((k = kind_words(r->kind[i])) == NULL)
			return -1;
		fprintf(f, "'%s': %s\n", i == 0 ? r->qa : r->qb, k);
		free(k);
	}
	return 0;
}

static int
print_report(FILE *f, const struct compare_report *r)
{
	size_t i;
	char *s;
	int g, at = 0, oom = 0;

	print_verdict(f, r);
	if (print_kinds(f, r) < 0)
		return -1;
	if (r->rule != NULL)
		fprintf(f, "rule: %s\n", r->rule);
	for (i = 0; i < r->nnotes; i++)
		fprintf(f, "%s\n", r->notes[i]);
	while ((s = next_note(r, &at, &oom)) != NULL) {
		fprintf(f, "note: %s\n", s);
		free(s);
	}
	for (g = 0; g <= 5 && !oom; g++)
		for (i = 0; i < r->n; i++)
			if (group(&r->v[i]) == g)
				print_diff(f, r, &r->v[i]);
	return oom ? -1 : 0;
}

/* ---- JSON ---- */

static void
jput(json_t *o, const char *key, json_t *v, int *ok)
{
	if (v == NULL || json_object_set_new(o, key, v) != 0)
		*ok = 0;
}

static void
japp(json_t *a, json_t *v, int *ok)
{
	if (v == NULL || json_array_append_new(a, v) != 0)
		*ok = 0;
}

/* A name as it is if it is UTF-8, else escaped. */
static json_t *
jname(const char *s)
{
	json_t *j = json_string(s);
	char *q;

	if (j != NULL)
		return j;
	q = escape_dup(s, strlen(s));
	j = q != NULL ? json_string(q) : NULL;
	free(q);
	return j;
}

static json_t *
jwhat(unsigned what, int marks)
{
	json_t *a = json_array();
	unsigned bit;
	size_t i;
	int ok = a != NULL;

	for (i = 0; ok && !marks && i < NWHAT; i++)
		if (what & (1u << i))
			japp(a, json_string(what_names[i]), &ok);
	for (bit = 1; ok && marks && bit <= MF_HOSTILE_MASK; bit <<= 1)
		if ((what & bit) && manifest_flag_name(bit) != NULL)
			japp(a, json_string(manifest_flag_name(bit)), &ok);
	if (!ok) {
		json_decref(a);
		a = NULL;
	}
	return a;
}

/* {"path" or "name": NAME, KEY: VALUE} */
static json_t *
jitem(const struct compare_diff *d, const char *key, json_t *v)
{
	json_t *o = json_object();
	int ok = o != NULL;

	if (ok) {
		jput(o, d->outside ? "name" : "path", jname(d->name), &ok);
		jput(o, key, v, &ok);
	} else
		json_decref(v);
	if (!ok) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

/* By kind, then (from 7) outside records' by kind less 1. */
static const char *const json_keys[] = {
	"problems", "added", "removed", "changed", "unverifiable", "hostile",
	"reproducibility_only", "added_outside", "removed_outside",
	"changed_outside", "unverifiable_outside", "hostile_outside",
	"format_only_outside"
};

#define NKEYS (sizeof(json_keys) / sizeof(json_keys[0]))

/* ["a"], ["b"] or ["a", "b"] */
static json_t *
jsides(unsigned u)
{
	json_t *a = json_array();
	int ok = a != NULL;

	if (ok && (u & U_A))
		japp(a, json_string("a"), &ok);
	if (ok && (u & U_B))
		japp(a, json_string("b"), &ok);
	if (!ok) {
		json_decref(a);
		a = NULL;
	}
	return a;
}

/* {"type", "size", "sha256"} of one side of a changed entry */
static json_t *
jside(const struct manifest_entry *x)
{
	return json_pack("{s:s, s:o, s:o}", "type",
	    manifest_type_name(x->type), "size", x->type != MF_FILE ||
	    x->size == MANIFEST_UNKNOWN ? json_null() :
	    json_integer((json_int_t)x->size), "sha256",
	    x->sha256[0] != '\0' ? json_string(x->sha256) : json_null());
}

/* A changed entry's item gets "a" and "b": both sides in full. */
static json_t *
jchanged(const struct compare_diff *d, json_t *o)
{
	int ok = o != NULL;

	if (ok && d->ea != NULL && d->eb != NULL && (d->what & W_CONTENT)) {
		jput(o, "a", jside(d->ea), &ok);
		jput(o, "b", jside(d->eb), &ok);
	}
	if (!ok) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static json_t *
jdiff(const struct compare_diff *d)
{
	switch (d->kind) {
	case D_PROBLEM:
		return json_string(d->text);
	case D_ADDED:
	case D_REMOVED:
		return jname(d->name);
	case D_HOSTILE:
		if (d->outside)
			return jitem(d, "note", jname(d->text ? d->text : ""));
		return jitem(d, "flags", jwhat(d->what, 1));
	case D_UNVERIFIABLE:
		return jitem(d, "no_sha256_in", jsides(d->what));
	case D_FORMAT:
		return jitem(d, "in", jsides(d->what));
	default:
		return jchanged(d, jitem(d, "what", jwhat(d->what, 0)));
	}
}

static json_t *
jbytes(const struct compare_report *r)
{
	if (!r->bytes)
		return json_null();
	return json_pack("{s:I, s:I, s:o}", "a_size", (json_int_t)r->rb.a_size,
	    "b_size", (json_int_t)r->rb.b_size, "first_difference",
	    r->rb.first_diff == RELEASE_SAME ? json_null() :
	    json_integer((json_int_t)r->rb.first_diff));
}

/* The rule's notes, then those on what could not be compared. */
static json_t *
jnotes(const struct compare_report *r)
{
	json_t *a = json_array();
	size_t i;
	char *s;
	int ok = a != NULL, at = 0, oom = 0;

	for (i = 0; ok && i < r->nnotes; i++)
		japp(a, json_string(r->notes[i]), &ok);
	while (ok && (s = next_note(r, &at, &oom)) != NULL) {
		japp(a, jname(s), &ok);
		free(s);
	}
	if (!ok || oom) {
		json_decref(a);
		a = NULL;
	}
	return a;
}

/* The differences, one array per kind (and per kind of outside
 * record's), into o. */
static void
jdiffs(json_t *o, const struct compare_report *r, int *ok)
{
	json_t *arr[NKEYS];
	size_t i, k;

	for (k = 0; k < NKEYS; k++)
		if ((arr[k] = json_array()) == NULL)
			*ok = 0;
	for (i = 0; *ok && i < r->n; i++) {
		k = (size_t)r->v[i].kind;
		if (k == D_FORMAT)
			k = NKEYS - 1;
		else if (r->v[i].outside)
			k += D_REPRO;
		japp(arr[k], jdiff(&r->v[i]), ok);
	}
	for (k = 0; k < NKEYS; k++)
		jput(o, json_keys[k], arr[k], ok);
}

static json_t *
jkind(const char *kind)
{
	return kind != NULL ? jname(kind) : json_null();
}

static json_t *
report_json(const struct compare_report *r)
{
	json_t *o = json_object();
	int ok = o != NULL;

	if (!ok)
		return NULL;
	jput(o, "verdict", json_string(compare_report_differences(r) > 0 ?
	    "different" : "identical"), &ok);
	jput(o, "a", jname(r->o->a_name ? r->o->a_name : "A"), &ok);
	jput(o, "b", jname(r->o->b_name ? r->o->b_name : "B"), &ok);
	jput(o, "a_kind", jkind(r->kind[0]), &ok);
	jput(o, "b_kind", jkind(r->kind[1]), &ok);
	jput(o, "entries", r->bytes ? json_null() :
	    json_integer((json_int_t)r->entries), &ok);
	jdiffs(o, r, &ok);
	jput(o, "rule", r->rule ? json_string(r->rule) : json_null(), &ok);
	jput(o, "notes", jnotes(r), &ok);
	jput(o, "bytes", jbytes(r), &ok);
	jput(o, "sha256_unsigned", r->pe ? json_string(r->rb.a_sha256) :
	    json_null(), &ok);
	if (!ok) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

int
compare_out_print(FILE *f, const struct compare_report *r, struct err *e)
{
	json_t *j;

	if (r->o->json) {
		if ((j = report_json(r)) == NULL) {
			err_set(e, "cannot write the comparison: out of "
			    "memory");
			return -1;
		}
		if (json_dumpf(j, f, JSON_INDENT(2)) == 0)
			putc('\n', f);
		json_decref(j);
	} else if (print_report(f, r) < 0) {
		err_set(e, "cannot write the comparison: out of memory");
		return -1;
	}
	if (ferror(f)) {
		err_set(e, "cannot write the comparison");
		return -1;
	}
	return compare_report_differences(r) > 0 ? COMPARE_DIFFERENT :
	    COMPARE_SAME;
}

