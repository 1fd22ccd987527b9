/* mfio and compare: manifests built by hand are written in the three
 * formats and read back; mtree as bsdtar writes it (/set, /unset,
 * relative names, "/.", continued lines) and sha256sum's escapes are
 * read; malformed files give FILE:LINE; compare_manifests says what
 * differs and ignores facts a side does not know. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "compare.h"
#include "hash.h"
#include "manifest.h"
#include "mfio.h"

#define UNK MANIFEST_UNKNOWN
#define SHA_A "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
#define SHA_B "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"
#define SHA_C "2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6"

static char dir[64];

static int
setup(void **state)
{
	struct err e = { "" };

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_mfio.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	return hash_lib_init(&e);
}

static int
teardown(void **state)
{
	(void)state;
	return nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* Writes text to a new file in dir and returns its path (static). */
static const char *
put_file(const char *name, const char *text, size_t len)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

static struct manifest_entry *
add(struct manifest *m, const char *path, enum manifest_type t,
    unsigned mode, const char *sha, const char *link)
{
	struct err e = { "" };
	struct manifest_entry *ent;

	ent = manifest_add(m, path, t, mode, sha != NULL ? 1 : UNK, link, &e);
	if (ent == NULL)
		fail_msg("manifest_add '%s': %s", path, e.msg);
	if (sha != NULL) {
		memcpy(ent->sha256, sha, 65);
		ent->size = 1;
	}
	ent->mtime = 1700000000;
	ent->has_mtime = 1;
	ent->uid = ent->gid = 1000;
	ent->uname = strdup("user");
	ent->gname = strdup("us er");
	return ent;
}

/* A manifest with every type, awkward names, marks and outside records. */
static void
sample(struct manifest *m)
{
	struct err e = { "" };
	static char every[256];
	int i;

	for (i = 1; i < 256; i++)
		every[i - 1] = (char)(i == '/' ? 'x' : i);
	manifest_init(m, NULL);
	snprintf(m->kind, sizeof(m->kind), "tar.gz");
	add(m, "./", MF_DIR, 0755, NULL, NULL);
	add(m, "d/", MF_DIR, 0755, NULL, NULL);
	add(m, "d/a b#=\\.txt", MF_FILE, 04755, SHA_A, NULL);
	add(m, "d/new\nline\r", MF_FILE, 0644, SHA_B, NULL);
	add(m, "d/link", MF_SYMLINK, 0777, NULL, "../a b");
	add(m, "d/hard", MF_HARDLINK, 0644, NULL, "./d/a b#=\\.txt");
	add(m, "d/fifo", MF_OTHER, 0600, NULL, NULL);
	add(m, "../up", MF_FILE, 0644, SHA_C, NULL);
	add(m, every, MF_FILE, 0644, SHA_C, NULL)->flags |= MF_SIZE_LIE;
	add(m, "caf\xc3\xa9", MF_FILE, 0, SHA_C, NULL)->uid = -1;
	add(m, "\xff\xfe", MF_DIR, 0700, NULL, NULL)->has_mtime = 0;
	assert_int_equal(manifest_outside_add(m, "appimage-runtime", 0, 100,
	    SHA_A, "ELF runtime", 0, &e), 0);
	assert_int_equal(manifest_outside_add(m, "trailing-data", 5, 7, SHA_B,
	    "hostile junk: yes", 1, &e), 0);
	assert_int_equal(manifest_outside_add(m, "odd", 1, 2, "", "hostile? "
	    "no", 0, &e), 0);
	if (manifest_finish(m, &e) < 0)
		fail_msg("manifest_finish: %s", e.msg);
}

static void
read_ok(const char *path, struct manifest *r)
{
	struct err e = { "" };
	int rc;

	manifest_init(r, NULL);
	if ((rc = mfio_read(path, r, &e)) != 1)
		fail_msg("mfio_read '%s': %d %s", path, rc, e.msg);
}

static void
write_read(const struct manifest *m, enum mfio_format fmt,
    struct manifest *r, const char *name)
{
	struct err e = { "" };
	char *buf = NULL, path[128];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	if (mfio_write(f, m, fmt, &e) < 0)
		fail_msg("mfio_write: %s", e.msg);
	assert_int_equal(fclose(f), 0);
	snprintf(path, sizeof(path), "%s", put_file(name, buf, len));
	free(buf);
	read_ok(path, r);
}

static void
same_entry(const struct manifest_entry *x, const struct manifest_entry *y,
    int facts)
{
	assert_string_equal(x->path, y->path);
	assert_int_equal(x->type, y->type);
	assert_string_equal(x->sha256, y->sha256);
	if ((x->link == NULL) != (y->link == NULL))
		fail_msg("link of '%s'", x->path);
	if (x->link != NULL)
		assert_string_equal(x->link, y->link);
	assert_int_equal(x->flags & MF_HOSTILE_MASK, y->flags &
	    MF_HOSTILE_MASK);
	if (!facts)
		return;
	assert_int_equal(x->mode, y->mode);
	if (x->type == MF_FILE)
		assert_int_equal(x->size, y->size);
	assert_int_equal(x->has_mtime, y->has_mtime);
	if (x->has_mtime)
		assert_int_equal(x->mtime, y->mtime);
	assert_int_equal(x->uid, y->uid);
	assert_int_equal(x->gid, y->gid);
	assert_string_equal(x->uname, y->uname);
	assert_string_equal(x->gname, y->gname);
}

static void
same_outside(const struct manifest *m, const struct manifest *r)
{
	size_t i;

	assert_int_equal(m->nout, r->nout);
	for (i = 0; i < m->nout; i++) {
		assert_string_equal(m->out[i].name, r->out[i].name);
		assert_int_equal(m->out[i].offset, r->out[i].offset);
		assert_int_equal(m->out[i].size, r->out[i].size);
		assert_string_equal(m->out[i].sha256, r->out[i].sha256);
		assert_string_equal(m->out[i].note, r->out[i].note);
		assert_int_equal(m->out[i].hostile, r->out[i].hostile);
	}
}

static void
test_round_trip(void **state)
{
	static const enum mfio_format fmts[] = { MFIO_MTREE, MFIO_JSON };
	struct manifest m, r;
	size_t i, k;

	(void)state;
	sample(&m);
	assert_int_equal(m.n, 10);
	for (k = 0; k < 2; k++) {
		write_read(&m, fmts[k], &r, k == 0 ? "rt.mtree" : "rt.json");
		assert_string_equal(r.kind, k == 0 ? "mtree" : "json");
		assert_int_equal(r.n, m.n);
		for (i = 0; i < m.n; i++)
			same_entry(&m.v[i], &r.v[i], 1);
		same_outside(&m, &r);
		manifest_release(&r);
	}
	manifest_release(&m);
}

/* sha256sum keeps types, links, hashes and marks, not modes or times. */
static void
test_round_trip_sum(void **state)
{
	struct manifest m, r;
	size_t i;

	(void)state;
	sample(&m);
	write_read(&m, MFIO_SHA256SUM, &r, "rt.sha256");
	assert_string_equal(r.kind, "sha256sum");
	assert_int_equal(r.n, m.n);
	for (i = 0; i < m.n; i++) {
		same_entry(&m.v[i], &r.v[i], 0);
		assert_int_equal(r.v[i].mode, MFIO_NO_MODE);
		assert_int_equal(r.v[i].has_mtime, 0);
		assert_int_equal(r.v[i].uid, -1);
		assert_null(r.v[i].uname);
	}
	same_outside(&m, &r);
	manifest_release(&r);
	manifest_release(&m);
}

static char *
written(const struct manifest *m, enum mfio_format fmt)
{
	struct err e = { "" };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(mfio_write(f, m, fmt, &e), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* The lines as libarchive's mtree writer and GNU sha256sum write them. */
static void
test_exact_lines(void **state)
{
	struct manifest m;
	char *s;

	(void)state;
	sample(&m);
	s = written(&m, MFIO_MTREE);
	assert_true(strncmp(s, "#mtree\n# kind tar.gz\n", 21) == 0);
	assert_non_null(strstr(s, "\n./d/a\\040b\\043\\075\\134.txt "
	    "gname=us\\040er uname=user time=1700000000.0 mode=4755 "
	    "gid=1000 uid=1000 type=file size=1 sha256digest=" SHA_A "\n"));
	assert_non_null(strstr(s, "\n./d/link gname=us\\040er uname=user "
	    "time=1700000000.0 mode=777 gid=1000 uid=1000 type=link "
	    "link=../a\\040b\n"));
	assert_non_null(strstr(s, "\n./d gname=us\\040er uname=user "
	    "time=1700000000.0 mode=755 gid=1000 uid=1000 type=dir\n"));
	assert_non_null(strstr(s, " type=file size=0\n# hardlink ./d/hard "
	    "link=./d/a\\040b\\043\\075\\134.txt\n"));
	assert_non_null(strstr(s, "\n# hostile ./../up: dotdot\n"));
	assert_non_null(strstr(s, "\n# outside appimage-runtime offset=0 "
	    "size=100 sha256=" SHA_A " ELF runtime\n"));
	assert_non_null(strstr(s, "\n# outside trailing-data offset=5 size=7 "
	    "sha256=" SHA_B " hostile note: hostile junk: yes\n"));
	assert_non_null(strstr(s, "\n# outside odd offset=1 size=2 note: "
	    "hostile? no\n"));
	assert_null(strstr(s, "\n./ "));	/* the root is not listed */
	free(s);
	s = written(&m, MFIO_SHA256SUM);
	assert_true(strncmp(s, "# kind tar.gz\n", 14) == 0);
	assert_non_null(strstr(s, "\n\\" SHA_A "  d/a b#=\\\\.txt\n"));
	assert_non_null(strstr(s, "\n\\" SHA_B "  d/new\\nline\\r\n"));
	assert_non_null(strstr(s, "\n" SHA_C "  caf\xc3\xa9\n"));
	assert_non_null(strstr(s, "\n# symlink ./d/link link=../a\\040b\n"));
	assert_non_null(strstr(s, "\n# dir ./d\n"));
	free(s);
	manifest_release(&m);
}

static int
read_text(const char *name, const char *text, struct manifest *r,
    struct err *e)
{
	const char *path = put_file(name, text, strlen(text));

	manifest_init(r, NULL);
	return mfio_read(path, r, e);
}

static const struct manifest_entry *
entry(const struct manifest *m, const char *path)
{
	const struct manifest_entry *x = manifest_find(m, path);

	if (x == NULL)
		fail_msg("no entry '%s'", path);
	return x;
}

/* What bsdtar and BSD mtree(8) write: /set, /unset, relative names with
 * "..", the root as "/.", continued lines, keywords this tool skips. */
static void
test_bsd_mtree(void **state)
{
	struct manifest r;
	struct err e = { "" };
	const struct manifest_entry *x;

	(void)state;
	assert_int_equal(read_text("bsd.mtree", "#mtree\n"
	    "/. gname=root uname=root time=1.0 mode=755 gid=0 uid=0 type=dir\n"
	    "/set type=file uid=5 gid=6 mode=640 nlink=1\n"
	    ". type=dir\n"
	    "    top size=3 sha256=" SHA_A " time=12.500000000\n"
	    "sub type=dir mode=750 flags=none\n"
	    "    inner\\040x \\\n        size=1 sha256digest=" SHA_B "\n"
	    "    lnk type=link link=..\\057top\n"
	    "..\n"
	    "/unset uid mode\n"
	    "after size=2 optional ignore\n"
	    "./full/path\\043 type=char\n", &r, &e), 1);
	assert_int_equal(r.n, 6);
	x = entry(&r, "top");
	assert_int_equal(x->type, MF_FILE);
	assert_int_equal(x->uid, 5);
	assert_int_equal(x->mode, 0640);
	assert_int_equal(x->mtime, 12);
	assert_string_equal(x->sha256, SHA_A);
	x = entry(&r, "sub/inner x");
	assert_int_equal(x->mode, 0640);
	assert_string_equal(x->sha256, SHA_B);
	assert_string_equal(entry(&r, "sub/lnk")->link, "../top");
	assert_int_equal(entry(&r, "sub")->mode, 0750);
	x = entry(&r, "after");
	assert_int_equal(x->uid, -1);
	assert_int_equal(x->gid, 6);
	assert_int_equal(x->mode, MFIO_NO_MODE);
	assert_int_equal(x->size, 2);
	assert_string_equal(x->sha256, "");
	assert_int_equal(entry(&r, "full/path#")->type, MF_OTHER);
	assert_int_equal(manifest_hostile(&r), 0);
	manifest_release(&r);
}

/* GNU sha256sum: "\" lines, binary-mode "*", uppercase hex, comments. */
static void
test_sha256sum_lines(void **state)
{
	struct manifest r;
	struct err e = { "" };

	(void)state;
	assert_int_equal(read_text("s.sha256", "# made by hand\n"
	    SHA_A "  plain name\n"
	    "\\" SHA_B "  back\\\\slash\\nnew\\rcr\n"
	    "2E7D2C03A9507AE265ECF5B5356885A53393A2029D241394997265A1A25AEFC6 "
	    "*./bin\n", &r, &e), 1);
	assert_int_equal(r.n, 3);
	assert_string_equal(entry(&r, "plain name")->sha256, SHA_A);
	assert_string_equal(entry(&r, "back\\slash\nnew\rcr")->sha256, SHA_B);
	assert_string_equal(entry(&r, "bin")->sha256, SHA_C);
	assert_int_equal(entry(&r, "bin")->size, UNK);
	manifest_release(&r);
}

/* Files that are not manifests are 0 and leave m alone. */
static void
test_not_manifest(void **state)
{
	static const char *const texts[] = { "", "#!/bin/sh\necho hi\n",
	    "PK\x03\x04 zip", "{\"verdict\": \"verified\"}\n",
	    "# a comment\nnot a sum\n", "#mtreex\n" };
	struct manifest r;
	struct err e = { "" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		if (read_text("n.bin", texts[i], &r, &e) != 0)
			fail_msg("text %zu: not 0: %s", i, e.msg);
		assert_int_equal(r.n, 0);
		assert_int_equal(r.sorted, 0);
		manifest_release(&r);
	}
}

/* Malformed manifests: -1 and FILE:LINE. */
static void
test_malformed(void **state)
{
	static const struct {
		const char *name, *text, *where;
	} cases[] = {
		{ "b1.mtree", "#mtree\n./a type=file\n./b type=wat\n",
		    "b1.mtree:3: " },
		{ "b2.mtree", "#mtree\n./a mode=9\n", "b2.mtree:2: " },
		{ "b3.mtree", "#mtree\n./a size=-1\n", "b3.mtree:2: " },
		{ "b4.mtree", "#mtree\n\n./a\\q type=file\n", "b4.mtree:3: " },
		{ "b5.mtree", "#mtree\n./a sha256digest=abc\n",
		    "b5.mtree:2: " },
		{ "b6.mtree", "#mtree\n./a\n# hostile ./b: dotdot\n",
		    "b6.mtree:3: " },
		{ "b7.mtree", "#mtree\n./a\n# hostile ./a: nonsense\n",
		    "b7.mtree:3: " },
		{ "b8.mtree", "#mtree\n..\n", "b8.mtree:2: " },
		{ "b9.mtree", "#mtree\n/weird\n", "b9.mtree:2: " },
		{ "b10.mtree", "#mtree\n# outside x offset=1\n",
		    "b10.mtree:2: " },
		{ "b1.sha256", SHA_A "  a\nnot a line\n", "b1.sha256:2: " },
		{ "b2.sha256", "\\" SHA_A "  a\\qb\n", "b2.sha256:1: " },
		{ "b1.json", "{\"entries\": [\n{\"path\": \"a\",\n"
		    "\"type\": \"file\",}]}\n", "b1.json:3: " },
		{ "b2.json", "{\"entries\": [{\"path\": \"a\", \"type\": "
		    "\"wat\"}]}\n", "b2.json: entries[0]: " },
		{ "b3.json", "{\"entries\": [{\"path\": \"a\", \"type\": "
		    "\"file\", \"mode\": \"0999\"}]}\n",
		    "b3.json: entries[0]: " },
	};
	struct manifest r;
	struct err e = { "" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (read_text(cases[i].name, cases[i].text, &r, &e) != -1)
			fail_msg("%s: not -1", cases[i].name);
		if (strstr(e.msg, cases[i].where) == NULL)
			fail_msg("%s: message '%s'", cases[i].name, e.msg);
		manifest_release(&r);
	}
}

/* Runs compare_manifests into memory; returns the outcome and the text. */
static int
cmp(const struct manifest *a, const struct manifest *b, int strict,
    char **out)
{
	struct compare_opts o = { strict, 0, "a", "b", NULL };
	struct err e = { "" };
	size_t len = 0;
	FILE *f = open_memstream(out, &len);
	int rc;

	assert_non_null(f);
	rc = compare_manifests(f, a, b, &o, &e);
	assert_int_equal(fclose(f), 0);
	if (rc < 0)
		fail_msg("compare_manifests: %s", e.msg);
	return rc;
}

static void
test_compare(void **state)
{
	struct manifest m, r, s;
	struct err e = { "" };
	char *out;

	(void)state;
	sample(&m);
	write_read(&m, MFIO_SHA256SUM, &s, "c.sha256");
	/* the sample is hostile: both sides' marks are differences */
	assert_int_equal(cmp(&m, &s, 0, &out), COMPARE_DIFFERENT);
	assert_true(strncmp(out, "DIFFERENT: 'a' and 'b': 0 added, 0 removed, "
	    "0 changed, ", 44) == 0);
	assert_non_null(strstr(out, "\nhostile ../up: dotdot\n"));
	assert_non_null(strstr(out, "\nhostile outside trailing-data: hostile "
	    "junk: yes\n"));
	free(out);
	manifest_release(&s);
	manifest_release(&m);

	/* a clean pair: modes unknown on one side are not compared */
	manifest_init(&m, NULL);
	add(&m, "x", MF_FILE, 0644, SHA_A, NULL);
	add(&m, "y", MF_SYMLINK, 0777, NULL, "x");
	add(&m, "z", MF_DIR, 0755, NULL, NULL);
	assert_int_equal(manifest_finish(&m, &e), 0);
	write_read(&m, MFIO_SHA256SUM, &s, "c2.sha256");
	assert_int_equal(cmp(&m, &s, 1, &out), COMPARE_SAME);
	assert_string_equal(out, "IDENTICAL: 'a' and 'b' have the same 3 "
	    "entries\n");
	free(out);

	/* content, mode, link, added, removed; times only in --strict */
	manifest_init(&r, NULL);
	add(&r, "x", MF_FILE, 0600, SHA_B, NULL)->mtime = 5;
	add(&r, "y", MF_SYMLINK, 0777, NULL, "z");
	add(&r, "w", MF_FILE, 0644, SHA_A, NULL);
	add(&r, "z", MF_DIR, 0755, NULL, NULL)->uid = 0;
	assert_int_equal(manifest_finish(&r, &e), 0);
	assert_int_equal(cmp(&m, &r, 0, &out), COMPARE_DIFFERENT);
	assert_string_equal(out,
	    "DIFFERENT: 'a' and 'b': 1 added, 0 removed, 2 changed\n"
	    "added w\n"
	    "changed x: content, mode\n"
	    "changed y: link\n"
	    "reproducibility-only x: mtime\n"
	    "reproducibility-only z: owner\n");
	free(out);
	assert_int_equal(cmp(&r, &s, 0, &out), COMPARE_DIFFERENT);
	assert_non_null(strstr(out, ": 0 added, 1 removed, 2 changed\n"));
	free(out);
	manifest_release(&r);

	/* only times differ: identical unless strict */
	manifest_init(&r, NULL);
	add(&r, "x", MF_FILE, 0644, SHA_A, NULL)->mtime = 5;
	add(&r, "y", MF_SYMLINK, 0777, NULL, "x");
	add(&r, "z", MF_DIR, 0755, NULL, NULL);
	assert_int_equal(manifest_finish(&r, &e), 0);
	assert_int_equal(cmp(&m, &r, 0, &out), COMPARE_SAME);
	assert_string_equal(out, "IDENTICAL: 'a' and 'b' have the same 3 "
	    "entries\nreproducibility-only x: mtime\n");
	free(out);
	assert_int_equal(cmp(&m, &r, 1, &out), COMPARE_DIFFERENT);
	assert_true(strncmp(out, "DIFFERENT: 'a' and 'b': 0 added, 0 removed, "
	    "0 changed, 1 reproducibility-only\n", 78) == 0);
	free(out);
	manifest_release(&r);
	manifest_release(&s);
	manifest_release(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_round_trip_sum),
		cmocka_unit_test(test_exact_lines),
		cmocka_unit_test(test_bsd_mtree),
		cmocka_unit_test(test_sha256sum_lines),
		cmocka_unit_test(test_not_manifest),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_compare),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
