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
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "compare/compare.h"
#include "base/hash.h"
#include "manifest/manifest.h"
#include "manifest/mfio.h"

#define UNK MANIFEST_UNKNOWN
#define SHA_A "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
#define SHA_B "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"
#define SHA_C "2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6"
/* 65 bytes: one past the owner name cap */
#define LONG_NAME "uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu" \
	"uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu"

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
	add(m, "/", MF_DIR, 0777, NULL, NULL);
	add(m, "", MF_FILE, 0644, SHA_A, NULL);
	add(m, "esc\x1b[0m\xe2\x80\xae", MF_FILE, 0644, SHA_B, NULL);
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
	if ((rc = mfio_read(path, r, &e)) != MFIO_MANIFEST)
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

/* The root's mode and (if facts) times and owner. */
static void
same_root(const struct manifest *m, const struct manifest *r, int facts)
{
	assert_int_equal(m->nroot, r->nroot);
	assert_string_equal(r->root.path, ".");
	assert_int_equal(r->root.type, MF_DIR);
	assert_int_equal(r->root.flags, 0);
	assert_int_equal(m->root.mode, r->root.mode);
	if (!facts)
		return;
	assert_int_equal(m->root.has_mtime, r->root.has_mtime);
	assert_int_equal(m->root.mtime, r->root.mtime);
	assert_int_equal(m->root.uid, r->root.uid);
	assert_string_equal(m->root.gname, r->root.gname);
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
	assert_int_equal(m.n, 13);
	assert_int_equal(m.nroot, 1);
	for (k = 0; k < 2; k++) {
		write_read(&m, fmts[k], &r, k == 0 ? "rt.mtree" : "rt.json");
		assert_string_equal(r.kind, k == 0 ? "mtree" : "json");
		assert_int_equal(r.n, m.n);
		for (i = 0; i < m.n; i++)
			same_entry(&m.v[i], &r.v[i], 1);
		same_root(&m, &r, 1);
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
	same_root(&m, &r, 1);
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
	assert_non_null(strstr(s, "\n# root type=dir mode=0755 gname=us\\040er "
	    "uname=user time=1700000000.0 gid=1000 uid=1000\n"));
	/* "/" and "" keep their raw form, and their marks */
	assert_non_null(strstr(s, "\n\\057 gname="));
	assert_non_null(strstr(s, "\n# hostile \\057: absolute,empty-name\n"));
	assert_non_null(strstr(s, "\n\\000 gname="));
	assert_non_null(strstr(s, "\n# hostile \\000: empty-name\n"));
	assert_non_null(strstr(s, "\n# other ./d/fifo\n# hostile ./d/fifo: "
	    "special-file\n"));
	free(s);
	s = written(&m, MFIO_SHA256SUM);
	assert_true(strncmp(s, "# kind tar.gz\n", 14) == 0);
	assert_non_null(strstr(s, "\n\\" SHA_A "  d/a b#=\\\\.txt\n"));
	assert_non_null(strstr(s, "\n\\" SHA_B "  d/new\\nline\\r\n"));
	assert_non_null(strstr(s, "\n" SHA_C "  caf\xc3\xa9\n"));
	assert_non_null(strstr(s, "\n# symlink ./d/link link=../a\\040b\n"));
	assert_non_null(strstr(s, "\n# dir ./d\n"));
	assert_non_null(strstr(s, "\n# root type=dir mode=0755 "));
	/* names a terminal would act on, and the empty name, are comments */
	assert_non_null(strstr(s, "\n# unrepresentable ./esc\\033[0m"
	    "\\342\\200\\256 sha256=" SHA_B "\n# hostile ./esc"));
	assert_non_null(strstr(s, "\n# unrepresentable \\000 sha256=" SHA_A
	    "\n"));
	assert_non_null(strstr(s, "\n# dir \\057\n# hostile \\057: "));
	assert_null(strchr(s, '\x1b'));
	assert_null(strstr(s, "\xe2\x80\xae"));
	assert_null(strstr(s, "  \n"));	/* no hash line without a name */
	free(s);
	manifest_release(&m);
}

static enum mfio_status
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
	    "./full/path\\043 type=char\n", &r, &e), MFIO_MANIFEST);
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
	/* a device is hostile; "/." and "." are two roots */
	assert_int_equal(entry(&r, "full/path#")->flags, MF_SPECIAL);
	assert_int_equal(r.nroot, 2);
	assert_int_equal(r.nout, 1);
	assert_string_equal(r.out[0].name, "root-duplicate");
	assert_int_equal(manifest_hostile(&r), 1);
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
	    "*./bin\n", &r, &e), MFIO_MANIFEST);
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
		if (read_text("n.bin", texts[i], &r, &e) != MFIO_NOT_MANIFEST)
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
		/* marks on the root would vanish: refused */
		{ "r1.mtree", "#mtree\n./ type=dir\n# hostile ./: dotdot\n",
		    "r1.mtree:3: hostile marks on the root directory" },
		{ "r2.mtree", "#mtree\n./x type=file\n.// type=dir\n"
		    "# hostile .//: absolute,empty-name\n./y\n",
		    "r2.mtree:4: hostile marks on the root directory" },
		{ "r3.sha256", "# kind tar\n# dir ./\n"
		    "# hostile ./: special-file\n",
		    "r3.sha256:3: hostile marks on the root directory" },
		{ "r4.mtree", "#mtree\n# root type=file mode=0755\n",
		    "r4.mtree:2: the root must be a directory" },
		{ "r1.json", "{\"entries\": [{\"path\": \"./\", \"type\": "
		    "\"dir\", \"flags\": [\"absolute\"]}]}\n",
		    "r1.json: entries[0]: missing or malformed \"flags\"" },
		{ "r2.json", "{\"root\": {\"type\": \"dir\", \"flags\": "
		    "[\"dotdot\"]}, \"entries\": []}\n",
		    "r2.json: root[0]: missing or malformed \"flags\"" },
		/* owner names past 64 bytes: refused at the line */
		{ "o1.mtree", "#mtree\n/set type=file uname=" LONG_NAME "\n"
		    "./a\n", "o1.mtree:2: uname longer than 64 bytes" },
		{ "o2.mtree", "#mtree\n./a gname=\\141" LONG_NAME "\n",
		    "o2.mtree:2: gname longer than 64 bytes" },
		{ "o3.mtree", "#mtree\n# root type=dir uname=" LONG_NAME "\n",
		    "o3.mtree:2: uname longer than 64 bytes" },
		{ "o1.json", "{\"entries\": [{\"path\": \"a\", \"type\": "
		    "\"file\", \"uname\": \"" LONG_NAME "\"}]}\n",
		    "o1.json: entries[0]: \"uname\" longer than 64 bytes" },
		{ "o2.json", "{\"root\": {\"type\": \"dir\", \"gname\": \""
		    LONG_NAME "\"}, \"entries\": []}\n",
		    "o2.json: root[0]: \"gname\" longer than 64 bytes" },
		/* a manifest named like an artifact is refused */
		{ "Electrum-4.6.2.tar.gz", "#mtree\n./a type=file\n",
		    "Electrum-4.6.2.tar.gz' holds an mtree manifest but is "
		    "named like an artifact (.tar.gz): refused" },
		{ "e.APPIMAGE", "{\"entries\": []}\n", "holds a JSON manifest "
		    "but is named like an artifact (.AppImage)" },
		{ "x.Exe", SHA_A "  a\n", "holds a sha256sum manifest" },
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
		if (read_text(cases[i].name, cases[i].text, &r, &e) !=
		    MFIO_FAILED)
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
	assert_non_null(strstr(out, "\n'a': tar.gz archive\n'b': sha256sum "
	    "manifest\n"));
	assert_non_null(strstr(out, "\nhostile ../up: dotdot\n"));
	assert_non_null(strstr(out, "\nhostile d/fifo: special-file\n"));
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
	    "entries\n"
	    "'a': unknown kind\n"
	    "'b': sha256sum manifest\n"
	    "note: modes not compared: 'b' has none (sha256sum manifest)\n"
	    "note: sizes not compared: 'b' has none (sha256sum manifest)\n"
	    "note: times not compared: 'b' has none (sha256sum manifest)\n"
	    "note: owners not compared: 'b' has none (sha256sum manifest)\n");
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
	    "'a': unknown kind\n'b': unknown kind\n"
	    "added w\n"
	    "changed x: content, mode ('a': 1 byte, sha256 ca978112ca1b; "
	    "'b': 1 byte, sha256 3e23e8160039)\n"
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
	    "entries\n'a': unknown kind\n'b': unknown kind\n"
	    "reproducibility-only x: mtime\n");
	free(out);
	assert_int_equal(cmp(&m, &r, 1, &out), COMPARE_DIFFERENT);
	assert_true(strncmp(out, "DIFFERENT: 'a' and 'b': 0 added, 0 removed, "
	    "0 changed, 1 reproducibility-only\n", 78) == 0);
	free(out);
	manifest_release(&r);
	manifest_release(&s);
	manifest_release(&m);
}

/* A manifest of the given entries: "PATH:TYPE:MODE:SHA:SIZE" with SHA
 * "-" for none, SIZE "-" for unknown and MODE 10000 for none; times and
 * owners known; finished. */
static void
build(struct manifest *m, const char *kind, const char *const *spec, size_t n)
{
	struct err e = { "" };
	struct manifest_entry *ent;
	char path[64], type[16], sha[72], size[24];
	unsigned mode;
	enum manifest_type t;
	size_t i;

	manifest_init(m, NULL);
	snprintf(m->kind, sizeof(m->kind), "%s", kind);
	for (i = 0; i < n; i++) {
		assert_int_equal(sscanf(spec[i],
		    "%63[^:]:%15[^:]:%o:%71[^:]:%23s", path, type, &mode, sha,
		    size), 5);
		assert_int_equal(manifest_type_parse(type, &t), 0);
		ent = manifest_add(m, path, t, mode, UNK, t == MF_HARDLINK ||
		    t == MF_SYMLINK ? "t" : NULL, &e);
		assert_non_null(ent);
		ent->mode = mode == 010000 ? MFIO_NO_MODE : mode;
		ent->has_mtime = 1;
		ent->uid = 0;
		ent->size = strcmp(size, "-") == 0 ? UNK : strtoull(size, NULL,
		    10);
		if (strcmp(sha, "-") != 0)
			memcpy(ent->sha256, sha, 65);
	}
	assert_int_equal(manifest_finish(m, &e), 0);
}

#define FILE_A(p) p ":file:644:" SHA_A ":1"

/* A file whose content cannot be compared by SHA-256 on both sides is a
 * difference ("unverifiable"); sizes that differ still tell, two empty
 * files are the same. */
static void
test_compare_unverifiable(void **state)
{
	static const char *const a[] = { FILE_A("both"), FILE_A("oneside"),
	    "nosha:file:644:-:5", "sizes:file:644:-:5", "empty:file:644:-:0" };
	static const char *const b[] = { "both:file:644:" SHA_B ":1",
	    "oneside:file:644:-:1", "nosha:file:644:-:5", "sizes:file:644:-:6",
	    "empty:file:644:-:0" };
	struct manifest m, r;
	char *out;

	(void)state;
	build(&m, "tar", a, 5);
	build(&r, "mtree", b, 5);
	assert_int_equal(cmp(&m, &r, 0, &out), COMPARE_DIFFERENT);
	assert_string_equal(out,
	    "DIFFERENT: 'a' and 'b': 0 added, 0 removed, 2 changed, "
	    "2 unverifiable\n"
	    "'a': tar archive\n'b': mtree manifest\n"
	    "changed both: content ('a': 1 byte, sha256 ca978112ca1b; "
	    "'b': 1 byte, sha256 3e23e8160039)\n"
	    "unverifiable nosha: no sha256 in 'a' and 'b'\n"
	    "unverifiable oneside: no sha256 in 'b'\n"
	    "changed sizes: content ('a': 5 bytes, no sha256; 'b': 6 bytes, "
	    "no sha256)\n");
	free(out);
	manifest_release(&r);
	manifest_release(&m);
}

/* Outside records: the same rule; an empty record has nothing to hash. */
static void
test_compare_unverifiable_outside(void **state)
{
	struct err e = { "" };
	struct manifest m, r;
	char *out;

	(void)state;
	build(&m, "deb", NULL, 0);
	build(&r, "json", NULL, 0);
	assert_int_equal(manifest_outside_add(&m, "deb-control", 9, 93, SHA_A,
	    "", 0, &e), 0);
	assert_int_equal(manifest_outside_add(&r, "deb-control", 9, 93, "",
	    "", 0, &e), 0);
	assert_int_equal(manifest_outside_add(&m, "md5sums-absent", 0, 0, "",
	    "", 0, &e), 0);
	assert_int_equal(manifest_outside_add(&r, "md5sums-absent", 0, 0, "",
	    "", 0, &e), 0);
	assert_int_equal(cmp(&r, &m, 0, &out), COMPARE_DIFFERENT);
	assert_string_equal(out,
	    "DIFFERENT: 'a' and 'b': 0 added, 0 removed, 0 changed, "
	    "1 unverifiable\n"
	    "'a': json manifest\n'b': Debian package\n"
	    "unverifiable outside deb-control: no sha256 in 'a'\n");
	free(out);
	manifest_release(&r);
	manifest_release(&m);
}

/* Facts a side lacks are not differences but are said; a hard link,
 * written as bsdtar writes one (a file without content) and read back,
 * is compared by its target. */
static void
test_compare_notes_hardlink(void **state)
{
	static const char *const a[] = { FILE_A("t"), "h:hardlink:644:-:0",
	    "d:dir:755:-:-" };
	static const char *const b[] = { "t:file:10000:" SHA_A ":-",
	    "h:hardlink:755:-:0", "d:dir:755:-:-" };
	struct manifest m, r, s;
	char *out;

	(void)state;
	build(&m, "tar.xz", a, 3);
	write_read(&m, MFIO_MTREE, &s, "hl.mtree");
	assert_int_equal(entry(&s, "h")->type, MF_HARDLINK);
	assert_int_equal(cmp(&m, &s, 1, &out), COMPARE_SAME);
	assert_string_equal(out, "IDENTICAL: 'a' and 'b' have the same 3 "
	    "entries\n'a': tar.xz archive\n'b': mtree manifest\n");
	free(out);
	build(&r, "", b, 3);
	assert_int_equal(cmp(&m, &r, 0, &out), COMPARE_DIFFERENT);
	assert_string_equal(out,
	    "DIFFERENT: 'a' and 'b': 0 added, 0 removed, 1 changed\n"
	    "'a': tar.xz archive\n'b': unknown kind\n"
	    "note: modes not compared for 1 of 3 entries: 'b' lacks them "
	    "(unknown kind)\n"
	    "note: sizes not compared: 'b' has none (unknown kind)\n"
	    "changed h: mode\n");
	free(out);
	manifest_release(&s);
	manifest_release(&r);
	manifest_release(&m);
}

/* The root's type and mode are compared, its time and owner are
 * reproducibility-only; a root on one side only is a note. */
static void
test_compare_root(void **state)
{
	struct manifest m, r;
	struct err e = { "" };
	char *out;

	(void)state;
	manifest_init(&m, NULL);
	manifest_init(&r, NULL);
	assert_non_null(manifest_add(&m, "./", MF_DIR, 0755, UNK, NULL, &e));
	assert_non_null(manifest_add(&r, ".", MF_DIR, 0777, UNK, NULL, &e));
	r.root.mtime = 9;
	r.root.has_mtime = m.root.has_mtime = 1;
	assert_int_equal(manifest_finish(&m, &e), 0);
	assert_int_equal(manifest_finish(&r, &e), 0);
	assert_int_equal(cmp(&m, &r, 0, &out), COMPARE_DIFFERENT);
	assert_string_equal(out,
	    "DIFFERENT: 'a' and 'b': 0 added, 0 removed, 1 changed\n"
	    "'a': unknown kind\n'b': unknown kind\n"
	    "note: owners not compared: 'a' has none (unknown kind)\n"
	    "note: owners not compared: 'b' has none (unknown kind)\n"
	    "changed .: mode\n"
	    "reproducibility-only .: mtime\n");
	free(out);
	manifest_release(&r);
	build(&r, "zip", NULL, 0);
	assert_int_equal(cmp(&r, &m, 0, &out), COMPARE_SAME);
	assert_string_equal(out, "IDENTICAL: 'a' and 'b' have the same 0 "
	    "entries\n'a': zip archive\n'b': unknown kind\n"
	    "note: the root directory not compared: 'a' has no entry for "
	    "it\n");
	free(out);
	manifest_release(&r);
	manifest_release(&m);
}

/* A device, a fifo: hostile on either side, so never IDENTICAL. */
static void
test_compare_special(void **state)
{
	static const char *const a[] = { "dev:other:666:-:-" };
	struct manifest m, r;
	char *out;

	(void)state;
	build(&m, "tar", a, 1);
	build(&r, "tar", a, 1);
	assert_int_equal(cmp(&m, &r, 0, &out), COMPARE_DIFFERENT);
	assert_non_null(strstr(out, "\nhostile dev: special-file\n"));
	free(out);
	manifest_release(&r);
	manifest_release(&m);
}

/* --json: the kinds, unverifiable entries and the notes. */
static void
test_compare_json(void **state)
{
	static const char *const a[] = { FILE_A("x") };
	static const char *const b[] = { "x:file:10000:-:1" };
	struct compare_opts o = { 0, 1, "a", "b", NULL };
	struct manifest m, r;
	struct err e = { "" };
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	build(&m, "tar.gz", a, 1);
	build(&r, "sha256sum", b, 1);
	assert_non_null(f = open_memstream(&out, &len));
	assert_int_equal(compare_manifests(f, &m, &r, &o, &e),
	    COMPARE_DIFFERENT);
	assert_int_equal(fclose(f), 0);
	assert_non_null(strstr(out, "\"a_kind\": \"tar.gz\""));
	assert_non_null(strstr(out, "\"b_kind\": \"sha256sum\""));
	assert_non_null(strstr(out, "\"unverifiable\": [\n    {\n      "
	    "\"path\": \"x\",\n      \"no_sha256_in\": [\n        \"b\"\n"));
	assert_non_null(strstr(out, "\"modes not compared: 'b' has none "
	    "(sha256sum manifest)\""));
	free(out);
	manifest_release(&r);
	manifest_release(&m);
}

/* A note read from a manifest is escaped when compare prints it. */
static void
test_compare_note_escaped(void **state)
{
	struct manifest m, r;
	struct err e = { "" };
	char *out;

	(void)state;
	assert_int_equal(read_text("note.mtree", "#mtree\n# outside x offset=0 "
	    "size=0 hostile evil \x1b]0;title\x07 \xe2\x80\xae!\n", &m, &e),
	    MFIO_MANIFEST);
	build(&r, "tar", NULL, 0);
	assert_int_equal(cmp(&m, &r, 0, &out), COMPARE_DIFFERENT);
	assert_non_null(strstr(out, "\nhostile outside x: evil "
	    "\\x1b]0;title\\x07 \\xe2\\x80\\xae!\n"));
	assert_null(strchr(out, '\x1b'));
	assert_null(strstr(out, "\xe2\x80\xae"));
	free(out);
	manifest_release(&r);
	manifest_release(&m);
}

/* A JSON manifest past 32 MiB is refused before jansson reads it. */
static void
test_json_cap(void **state)
{
	struct manifest r;
	struct err e = { "" };
	char path[128];
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s", put_file("big.json", "{", 1));
	assert_true((fd = open(path, O_WRONLY)) >= 0);
	assert_int_equal(ftruncate(fd, (off_t)MFIO_MAX_JSON + 1), 0);
	assert_int_equal(close(fd), 0);
	manifest_init(&r, NULL);
	assert_int_equal(mfio_read(path, &r, &e), MFIO_FAILED);
	assert_non_null(strstr(e.msg, "big.json' is a JSON manifest larger "
	    "than 32 MiB"));
	manifest_release(&r);
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
		cmocka_unit_test(test_compare_unverifiable),
		cmocka_unit_test(test_compare_unverifiable_outside),
		cmocka_unit_test(test_compare_notes_hardlink),
		cmocka_unit_test(test_compare_root),
		cmocka_unit_test(test_compare_special),
		cmocka_unit_test(test_compare_json),
		cmocka_unit_test(test_compare_note_escaped),
		cmocka_unit_test(test_json_cap),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
