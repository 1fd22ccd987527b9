/* manifest: canonical paths, marks, caps, streaming hashes, sorting and
 * the relational marks set by manifest_finish. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "base/hash.h"
#include "manifest/manifest.h"

#define UNK MANIFEST_UNKNOWN
#define ABC_SHA256 "ba7816bf8f01cfea414140de5dae2223" \
	"b00361a396177a9cb410ff61f20015ad"
#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb924" \
	"27ae41e4649b934ca495991b7852b855"

static int
setup(void **state)
{
	struct err e = { "" };

	(void)state;
	return hash_lib_init(&e);
}

static struct manifest_entry *
add(struct manifest *m, const char *path, enum manifest_type t,
    const char *link)
{
	struct err e = { "" };
	struct manifest_entry *ent;

	ent = manifest_add(m, path, t, 0644, UNK, link, &e);
	if (ent == NULL)
		fail_msg("manifest_add '%s': %s", path, e.msg);
	return ent;
}

static void
finish(struct manifest *m)
{
	struct err e = { "" };

	if (manifest_finish(m, &e) < 0)
		fail_msg("manifest_finish: %s", e.msg);
}

static unsigned
flags_of(const struct manifest *m, const char *path)
{
	const struct manifest_entry *ent = manifest_find(m, path);

	if (ent == NULL)
		fail_msg("'%s' not in the manifest", path);
	return ent->flags;
}

/* One file entry with content: its entry after end. */
static struct manifest_entry *
add_file(struct manifest *m, const char *path, uint64_t declared,
    const char *data, size_t len, int md5)
{
	struct err e = { "" };
	struct manifest_entry *ent;

	ent = manifest_add(m, path, MF_FILE, 0644, declared, NULL, &e);
	assert_non_null(ent);
	assert_int_equal(manifest_data_begin(m, ent, md5, &e), 0);
	assert_int_equal(manifest_data_update(m, data, len, &e), 0);
	assert_int_equal(manifest_data_end(m, &e), 0);
	return ent;
}

/* The marks manifest_add sets from the raw name alone. */
static void
test_marks(void **state)
{
	static const struct {
		const char *raw;
		enum manifest_type type;
		const char *path;
		unsigned flags;
	} cases[] = {
		{ "a/b", MF_FILE, "a/b", 0 },
		{ "./a/b/", MF_DIR, "a/b", 0 },
		{ "././a//", MF_DIR, "a", 0 },
		{ "a/..b/c..", MF_FILE, "a/..b/c..", 0 },
		{ "\xc3\xa9t\xc3\xa9", MF_FILE, "\xc3\xa9t\xc3\xa9", 0 },
		{ "../x", MF_FILE, "../x", MF_DOTDOT },
		{ "./a/../../b", MF_FILE, "a/../../b", MF_DOTDOT },
		{ "a/..", MF_DIR, "a/..", MF_DOTDOT },
		{ "/etc/passwd", MF_FILE, "/etc/passwd", MF_ABSOLUTE },
		{ "//x", MF_FILE, "//x", MF_ABSOLUTE },
		{ "C:/x", MF_FILE, "C:/x", MF_ABSOLUTE },
		{ "c:x", MF_FILE, "c:x", MF_ABSOLUTE },
		{ "1:x", MF_FILE, "1:x", 0 },
		{ ".//etc", MF_FILE, "/etc", MF_ABSOLUTE | MF_EMPTY_NAME },
		{ "a\\b", MF_FILE, "a\\b", MF_BACKSLASH },
		{ "..\\x", MF_FILE, "..\\x", MF_BACKSLASH },
		{ "a\nb", MF_FILE, "a\nb", MF_CONTROL },
		{ "a\x1b[31m", MF_FILE, "a\x1b[31m", MF_CONTROL },
		{ "a\x7f", MF_FILE, "a\x7f", MF_CONTROL },
		{ "a\xc2\x85", MF_FILE, "a\xc2\x85", MF_CONTROL },	/* C1 */
		{ "\xe2\x80\xaetxt.exe", MF_FILE, "\xe2\x80\xaetxt.exe",
		    MF_CONTROL },	/* U+202E, right-to-left override */
		{ "a\xe2\x81\xa6" "b", MF_FILE, "a\xe2\x81\xa6" "b",
		    MF_CONTROL },
		{ "\xe2\x80\x8fx", MF_FILE, "\xe2\x80\x8fx", MF_CONTROL },
		{ "\xed\xa0\x80", MF_FILE, "\xed\xa0\x80", MF_CONTROL },
		{ "a\xc2\xa0" "b", MF_FILE, "a\xc2\xa0" "b", 0 },
		{ "fifo", MF_OTHER, "fifo", MF_SPECIAL },
		{ "./dev/sda", MF_OTHER, "dev/sda", MF_SPECIAL },
		{ "\xff", MF_FILE, "\xff", MF_CONTROL },
		{ "a\xc3", MF_FILE, "a\xc3", MF_CONTROL },
		{ "\xc0\xaf", MF_FILE, "\xc0\xaf", MF_CONTROL },
		{ "a//b", MF_FILE, "a//b", MF_EMPTY_NAME },
		{ "a/./b", MF_FILE, "a/./b", MF_DOT_NAME },
		{ "./a/.", MF_DIR, "a/.", MF_DOT_NAME },
		{ "", MF_FILE, "", MF_EMPTY_NAME },
		{ "/", MF_DIR, "/", MF_ABSOLUTE | MF_EMPTY_NAME },
		{ ".", MF_FILE, ".", MF_EMPTY_NAME },
		{ "./", MF_SYMLINK, ".", MF_EMPTY_NAME },
		{ "/../a\\b\x01//", MF_DIR, "/../a\\b\x01",
		    MF_ABSOLUTE | MF_DOTDOT | MF_BACKSLASH | MF_CONTROL },
	};
	struct manifest m;
	struct manifest_entry *ent;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		manifest_init(&m, NULL);
		ent = add(&m, cases[i].raw, cases[i].type, NULL);
		if (strcmp(ent->path, cases[i].path) != 0 ||
		    ent->flags != cases[i].flags)
			fail_msg("case %zu: path '%s' flags %#x", i, ent->path,
			    ent->flags);
		assert_int_equal(m.n, 1);
		assert_int_equal(manifest_hostile(&m), cases[i].flags != 0);
		manifest_release(&m);
	}
}

/* "." and "./" as directories are the root: not listed, its facts kept
 * in m.root; more than one is a hostile outside record. */
static void
test_root(void **state)
{
	static const char *const roots[] = { ".", "./", "././", ".//" };
	struct manifest m;
	struct manifest_entry *ent;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		manifest_init(&m, NULL);
		ent = manifest_add(&m, roots[i], MF_DIR, 0777, UNK, NULL,
		    &(struct err){ "" });
		assert_ptr_equal(ent, &m.root);
		assert_string_equal(ent->path, ".");
		assert_int_equal(ent->flags, 0);
		assert_int_equal(ent->mode, 0777);
		ent->mtime = 5;
		ent->uname = strdup("root");
		add(&m, "./a", MF_FILE, NULL);
		finish(&m);
		assert_int_equal(m.n, 1);
		assert_int_equal(m.nroot, 1);
		assert_string_equal(m.v[0].path, "a");
		assert_int_equal(m.root.mtime, 5);
		assert_int_equal(m.flags, 0);
		assert_int_equal(m.nout, 0);
		assert_false(manifest_hostile(&m));
		manifest_release(&m);
	}
	manifest_init(&m, NULL);
	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		ent = add(&m, roots[i], MF_DIR, NULL);
		ent->uname = strdup("root");	/* freed by the next root */
	}
	finish(&m);
	assert_int_equal(m.n, 0);
	assert_int_equal(m.nroot, 4);
	assert_int_equal(m.nout, 1);
	assert_string_equal(m.out[0].name, "root-duplicate");
	assert_string_equal(m.out[0].note, "4 entries for the root "
	    "directory");
	assert_true(m.out[0].hostile);
	assert_true(manifest_hostile(&m));
	manifest_release(&m);
}

/* setuid, setgid and sticky bits are marked, on the root too (issue 16). */
static void
test_setid(void **state)
{
	static const unsigned modes[] = { 04755, 02755, 01777, 07777 };
	struct manifest m;
	struct manifest_entry *ent;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		manifest_init(&m, NULL);
		ent = manifest_add(&m, "f", MF_FILE, modes[i], UNK, NULL,
		    &(struct err){ "" });
		assert_non_null(ent);
		assert_int_equal(ent->flags, MF_SETID);
		ent = manifest_add(&m, "g", MF_FILE, 0777, UNK, NULL,
		    &(struct err){ "" });
		assert_int_equal(ent->flags, 0);
		ent = manifest_add(&m, "./", MF_DIR, modes[i], UNK, NULL,
		    &(struct err){ "" });
		assert_ptr_equal(ent, &m.root);
		finish(&m);
		assert_int_equal(m.nout, 1);
		assert_string_equal(m.out[0].name, "root-marked");
		assert_string_equal(m.out[0].note, "the root directory entry "
		    "is marked setuid-setgid-sticky");
		assert_true(manifest_hostile(&m));
		manifest_release(&m);
	}
}

/* Marks a walker puts on the root entry are said outside. */
static void
test_root_marked(void **state)
{
	struct manifest m;

	(void)state;
	manifest_init(&m, NULL);
	add(&m, "./", MF_DIR, NULL)->flags |= MF_DOT_NAME | MF_SIZE_LIE;
	finish(&m);
	assert_int_equal(m.nout, 1);
	assert_string_equal(m.out[0].name, "root-marked");
	assert_string_equal(m.out[0].note, "the root directory entry is "
	    "marked size-mismatch,dot-component");
	assert_true(manifest_hostile(&m));
	manifest_release(&m);
}

/* Owner names are copied, at most MANIFEST_MAX_OWNER bytes. */
static void
test_set_owner(void **state)
{
	struct err e = { "" };
	struct manifest m;
	struct manifest_entry *ent;
	char big[MANIFEST_MAX_OWNER + 2];

	(void)state;
	manifest_init(&m, NULL);
	ent = add(&m, "a", MF_FILE, NULL);
	assert_int_equal(manifest_set_owner(ent, "user", NULL, &e), 0);
	assert_string_equal(ent->uname, "user");
	assert_null(ent->gname);
	memset(big, 'g', sizeof(big) - 2);
	big[sizeof(big) - 2] = '\0';
	assert_int_equal(manifest_set_owner(ent, "u", big, &e), 0);
	assert_int_equal(strlen(ent->gname), MANIFEST_MAX_OWNER);
	big[sizeof(big) - 2] = 'g';
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(manifest_set_owner(ent, "x", big, &e), -1);
	assert_string_equal(e.msg, "the group name of 'a' is longer than "
	    "64 bytes");
	assert_string_equal(ent->uname, "u");	/* unchanged */
	assert_int_equal(manifest_set_owner(ent, big, "g", &e), -1);
	assert_string_equal(e.msg, "the owner name of 'a' is longer than "
	    "64 bytes");
	assert_int_equal(manifest_set_owner(ent, NULL, NULL, &e), 0);
	assert_null(ent->uname);
	manifest_release(&m);
}

static void
test_fields(void **state)
{
	struct err e = { "" };
	struct manifest m;
	struct manifest_entry *ent;

	(void)state;
	manifest_init(&m, NULL);
	ent = manifest_add(&m, "./bin/x", MF_SYMLINK, 0100777, UNK, "../y",
	    &e);
	assert_non_null(ent);
	assert_string_equal(ent->path, "bin/x");
	assert_string_equal(ent->link, "../y");
	assert_int_equal(ent->mode, 0777);
	assert_int_equal(ent->uid, -1);
	assert_int_equal(ent->gid, -1);
	assert_null(ent->uname);
	assert_string_equal(ent->sha256, "");
	ent->uname = strdup("user");
	ent = manifest_add(&m, "h", MF_HARDLINK, 04755, 0, "./bin/x/", &e);
	assert_non_null(ent);
	assert_string_equal(ent->link, "bin/x");
	assert_int_equal(ent->mode, 04755);
	assert_int_equal(ent->order, 1);
	manifest_release(&m);
}

static void
test_sorting(void **state)
{
	static const char *const in[] = { "b", "a/b", "\xc3\xa9", "C",
	    "a-b", "a", "a.c", "\xff" };
	static const char *const out[] = { "C", "a", "a-b", "a.c", "a/b",
	    "b", "\xc3\xa9", "\xff" };
	static const size_t order[] = { 3, 5, 4, 6, 1, 0, 2, 7 };
	struct manifest m;
	size_t i;

	(void)state;
	manifest_init(&m, NULL);
	for (i = 0; i < 8; i++)
		add(&m, in[i], MF_FILE, NULL);
	assert_false(m.sorted);
	finish(&m);
	assert_true(m.sorted);
	for (i = 0; i < 8; i++) {
		assert_string_equal(m.v[i].path, out[i]);
		assert_int_equal(m.v[i].order, order[i]);
	}
	assert_int_equal(m.flags, MF_CONTROL);
	manifest_release(&m);
}

static void
test_cap_entries(void **state)
{
	struct manifest_caps caps;
	struct err e = { "" };
	struct manifest m;

	(void)state;
	manifest_caps_default(&caps);
	assert_int_equal(caps.entries, MANIFEST_MAX_ENTRIES);
	assert_int_equal(caps.path, MANIFEST_MAX_PATH);
	assert_int_equal(caps.entry, MANIFEST_MAX_ENTRY);
	assert_int_equal(caps.total, MANIFEST_MAX_TOTAL);
	caps.entries = 3;
	manifest_init(&m, &caps);
	add(&m, "a", MF_FILE, NULL);
	add(&m, "./", MF_DIR, NULL);		/* the root does not count */
	add(&m, "b", MF_FILE, NULL);
	add(&m, "c", MF_FILE, NULL);
	assert_null(manifest_add(&m, "d", MF_FILE, 0644, UNK, NULL, &e));
	assert_string_equal(e.msg, "archive has more than 3 entries (cap; "
	    "raise with --max-entries)");
	assert_int_equal(m.n, 3);
	manifest_release(&m);
}

static void
test_cap_path(void **state)
{
	struct manifest_caps caps;
	struct err e = { "" };
	struct manifest m;
	char long_name[201];

	(void)state;
	manifest_caps_default(&caps);
	caps.path = 10;
	manifest_init(&m, &caps);
	add(&m, "0123456789", MF_FILE, NULL);
	assert_null(manifest_add(&m, "01234567890", MF_FILE, 0644, UNK,
	    NULL, &e));
	assert_string_equal(e.msg, "path '01234567890' is longer than 10 "
	    "bytes (cap; raise with --max-path)");
	memset(long_name, 'x', 200);
	long_name[0] = '\n';
	long_name[200] = '\0';
	assert_null(manifest_add(&m, long_name, MF_FILE, 0644, UNK, NULL,
	    &e));
	assert_non_null(strstr(e.msg, "path '\\nxxx"));
	assert_non_null(strstr(e.msg, "xxx...' is longer than 10 bytes"));
	assert_true(strlen(e.msg) < 150);
	assert_null(manifest_add(&m, "l", MF_SYMLINK, 0777, UNK,
	    "../../../../x", &e));
	assert_string_equal(e.msg, "link target of 'l' is longer than 10 "
	    "bytes (cap; raise with --max-path)");
	assert_int_equal(m.n, 1);
	manifest_release(&m);
}

static void
test_cap_entry_bytes(void **state)
{
	struct manifest_caps caps;
	struct err e = { "" };
	struct manifest m;
	struct manifest_entry *ent;

	(void)state;
	manifest_caps_default(&caps);
	caps.entry = 10;
	manifest_init(&m, &caps);
	add_file(&m, "ten", 10, "0123456789", 10, 0);
	ent = add(&m, "big\x01", MF_FILE, NULL);
	assert_int_equal(manifest_data_begin(&m, ent, 1, &e), 0);
	assert_int_equal(manifest_data_update(&m, "012345", 6, &e), 0);
	assert_int_equal(manifest_data_update(&m, "6789", 4, &e), 0);
	assert_int_equal(manifest_data_update(&m, "a", 1, &e), -1);
	assert_string_equal(e.msg, "entry 'big\\x01' is larger than 10 bytes "
	    "(cap; raise with --max-entry-bytes)");
	assert_int_equal(m.total, 20);
	/* the walker gives up mid-entry: release closes the hashes */
	manifest_release(&m);
	manifest_release(&m);
}

static void
test_cap_total_bytes(void **state)
{
	struct manifest_caps caps;
	struct err e = { "" };
	struct manifest m;
	struct manifest_entry *ent;

	(void)state;
	manifest_caps_default(&caps);
	caps.total = 10;
	manifest_init(&m, &caps);
	add_file(&m, "a", UNK, "012345", 6, 0);
	ent = add(&m, "b", MF_FILE, NULL);
	assert_int_equal(manifest_data_begin(&m, ent, 0, &e), 0);
	assert_int_equal(manifest_data_update(&m, "0123", 4, &e), 0);
	assert_int_equal(manifest_data_update(&m, "4", 1, &e), -1);
	assert_string_equal(e.msg, "archive content is larger than 10 bytes "
	    "(cap; raise with --max-total-bytes)");
	assert_int_equal(m.total, 10);
	manifest_release(&m);
}

static void
test_size_lie(void **state)
{
	struct manifest m;

	(void)state;
	manifest_init(&m, NULL);
	assert_int_equal(add_file(&m, "short", 5, "abc", 3, 0)->flags,
	    MF_SIZE_LIE);
	assert_int_equal(add_file(&m, "long", 1, "abc", 3, 0)->flags,
	    MF_SIZE_LIE);
	assert_int_equal(add_file(&m, "right", 3, "abc", 3, 0)->flags, 0);
	assert_int_equal(add_file(&m, "unknown", UNK, "abc", 3, 0)->flags, 0);
	finish(&m);
	assert_int_equal(m.flags, MF_SIZE_LIE);
	assert_true(manifest_hostile(&m));
	assert_int_equal(manifest_find(&m, "short")->size, 3);
	assert_int_equal(manifest_find(&m, "short")->declared, 5);
	manifest_release(&m);
}

static void
test_cancel(void **state)
{
	atomic_int stop = 0;
	struct err e = { "" };
	struct manifest m;
	struct manifest_entry *ent;

	(void)state;
	manifest_init(&m, NULL);
	m.cancel = &stop;
	ent = add(&m, "a", MF_FILE, NULL);
	assert_int_equal(manifest_data_begin(&m, ent, 0, &e), 0);
	assert_int_equal(manifest_data_update(&m, "ab", 2, &e), 0);
	stop = 1;
	assert_int_equal(manifest_data_update(&m, "c", 1, &e), -1);
	assert_string_equal(e.msg, "cancelled");
	assert_int_equal(ent->size, 2);
	manifest_release(&m);
	/* finish too stops: folding adversarial names can take a while */
	manifest_init(&m, NULL);
	m.cancel = &stop;
	add(&m, "a", MF_FILE, NULL);
	add(&m, "b", MF_FILE, NULL);
	e.msg[0] = '\0';
	assert_int_equal(manifest_finish(&m, &e), -1);
	assert_string_equal(e.msg, "cancelled");
	manifest_release(&m);
}

static void
test_hashes(void **state)
{
	struct err e = { "" };
	struct manifest m;
	struct manifest_entry *ent;
	const char *p = "abc";

	(void)state;
	manifest_init(&m, NULL);
	ent = add_file(&m, "abc", 3, "abc", 3, 1);
	assert_string_equal(ent->sha256, ABC_SHA256);
	assert_string_equal(ent->md5, "900150983cd24fb0d6963f7d28e17f72");
	ent = add_file(&m, "empty", 0, "", 0, 0);
	assert_string_equal(ent->sha256, EMPTY_SHA256);
	assert_string_equal(ent->md5, "");
	assert_int_equal(ent->size, 0);
	ent = add(&m, "bytewise", MF_FILE, NULL);
	assert_int_equal(manifest_data_begin(&m, ent, 0, &e), 0);
	while (*p != '\0')
		assert_int_equal(manifest_data_update(&m, p++, 1, &e), 0);
	assert_int_equal(manifest_data_end(&m, &e), 0);
	assert_string_equal(ent->sha256, ABC_SHA256);
	assert_int_equal(m.total, 6);
	/* misuse is an error, not a crash */
	assert_int_equal(manifest_data_update(&m, "x", 1, &e), -1);
	assert_int_equal(manifest_data_end(&m, &e), -1);
	ent = add(&m, "open", MF_FILE, NULL);
	assert_int_equal(manifest_data_begin(&m, ent, 0, &e), 0);
	assert_int_equal(manifest_data_begin(&m, ent, 0, &e), -1);
	assert_null(manifest_add(&m, "x", MF_FILE, 0644, UNK, NULL, &e));
	assert_int_equal(manifest_finish(&m, &e), -1);
	assert_int_equal(manifest_data_end(&m, &e), 0);
	finish(&m);
	assert_int_equal(m.flags, 0);
	manifest_release(&m);
}

static void
test_duplicates(void **state)
{
	struct manifest m;

	(void)state;
	manifest_init(&m, NULL);
	add(&m, "a", MF_FILE, NULL);
	add(&m, "./a", MF_FILE, NULL);
	add(&m, "a/", MF_DIR, NULL);
	add(&m, "caf\xc3\xa9", MF_FILE, NULL);		/* NFC */
	add(&m, "cafe\xcc\x81", MF_FILE, NULL);		/* NFD */
	add(&m, "README", MF_FILE, NULL);
	add(&m, "readme", MF_FILE, NULL);
	add(&m, "\xef\xac\x81le", MF_FILE, NULL);	/* "fi" ligature */
	add(&m, "file", MF_FILE, NULL);
	add(&m, "x", MF_FILE, NULL);
	add(&m, "\xff", MF_FILE, NULL);
	add(&m, "\xff", MF_FILE, NULL);
	add(&m, "\xfe", MF_FILE, NULL);
	finish(&m);
	assert_int_equal(m.n, 13);
	assert_int_equal(m.v[0].path[0], 'R');
	assert_int_equal(m.v[1].flags, MF_DUPLICATE);
	assert_int_equal(m.v[2].flags, MF_DUPLICATE);
	assert_int_equal(m.v[3].flags, MF_DUPLICATE);
	assert_int_equal(m.v[1].order, 0);
	assert_ptr_equal(manifest_find(&m, "a"), &m.v[1]);
	assert_int_equal(flags_of(&m, "caf\xc3\xa9"), MF_DUP_FOLDED);
	assert_int_equal(flags_of(&m, "cafe\xcc\x81"), MF_DUP_FOLDED);
	assert_int_equal(flags_of(&m, "README"), MF_DUP_FOLDED);
	assert_int_equal(flags_of(&m, "readme"), MF_DUP_FOLDED);
	assert_int_equal(flags_of(&m, "\xef\xac\x81le"), MF_DUP_FOLDED);
	assert_int_equal(flags_of(&m, "file"), MF_DUP_FOLDED);
	assert_int_equal(flags_of(&m, "x"), 0);
	assert_int_equal(flags_of(&m, "\xff"), MF_CONTROL | MF_DUPLICATE);
	assert_int_equal(flags_of(&m, "\xfe"), MF_CONTROL);
	assert_int_equal(m.flags, MF_DUPLICATE | MF_DUP_FOLDED | MF_CONTROL);
	manifest_release(&m);
}

/* Duplicates that also fold together with a third name. */
static void
test_duplicates_folded_group(void **state)
{
	struct manifest m;
	size_t i;

	(void)state;
	manifest_init(&m, NULL);
	add(&m, "Makefile", MF_FILE, NULL);
	add(&m, "Makefile", MF_FILE, NULL);
	add(&m, "MAKEFILE", MF_FILE, NULL);
	add(&m, "other", MF_FILE, NULL);
	add(&m, "other", MF_FILE, NULL);
	finish(&m);
	for (i = 0; i < m.n; i++)
		if (strcmp(m.v[i].path, "other") == 0)
			assert_int_equal(m.v[i].flags, MF_DUPLICATE);
	assert_int_equal(flags_of(&m, "MAKEFILE"), MF_DUP_FOLDED);
	assert_int_equal(m.v[1].flags, MF_DUPLICATE | MF_DUP_FOLDED);
	assert_int_equal(m.v[2].flags, MF_DUPLICATE | MF_DUP_FOLDED);
	manifest_release(&m);
}

static void
test_below_link(void **state)
{
	static const struct {
		const char *path;
		enum manifest_type type;
		unsigned flags;
	} cases[] = {
		{ "l", MF_SYMLINK, 0 },
		{ "l/x", MF_FILE, MF_BELOW_LINK },
		{ "l/x/y", MF_FILE, MF_BELOW_LINK },
		{ "l/s", MF_SYMLINK, MF_BELOW_LINK },
		{ "l/s/z", MF_FILE, MF_BELOW_LINK },
		{ "l-y", MF_SYMLINK, 0 },
		{ "l-y/z", MF_FILE, MF_BELOW_LINK },
		{ "l.c", MF_FILE, 0 },
		{ "lz", MF_FILE, 0 },
		{ "lz/q", MF_FILE, 0 },
		{ "d", MF_DIR, 0 },
		{ "d/l", MF_SYMLINK, 0 },
		{ "d/l/f", MF_FILE, MF_BELOW_LINK },
		{ "d/m", MF_FILE, 0 },
		{ "e/l/f", MF_FILE, 0 },
	};
	struct manifest m;
	size_t i, n = sizeof(cases) / sizeof(cases[0]);

	(void)state;
	manifest_init(&m, NULL);
	for (i = n; i-- > 0;)
		add(&m, cases[i].path, cases[i].type, "t");
	finish(&m);
	for (i = 0; i < n; i++)
		if (flags_of(&m, cases[i].path) != cases[i].flags)
			fail_msg("'%s': flags %#x", cases[i].path,
			    flags_of(&m, cases[i].path));
	manifest_release(&m);
}

/* A directory and a symlink of the same name, in either order. */
static void
test_below_link_duplicate(void **state)
{
	struct manifest m;
	int first;

	(void)state;
	for (first = 0; first < 2; first++) {
		manifest_init(&m, NULL);
		add(&m, "a", first ? MF_SYMLINK : MF_DIR, "/tmp");
		add(&m, "a", first ? MF_DIR : MF_SYMLINK, "/tmp");
		add(&m, "a/x", MF_FILE, NULL);
		finish(&m);
		assert_int_equal(flags_of(&m, "a/x"), MF_BELOW_LINK);
		manifest_release(&m);
	}
}

static void
test_symlink_outside(void **state)
{
	static const struct {
		const char *path, *target;
		int outside;
	} cases[] = {
		{ "l", "../x", 1 },
		{ "l", "a/../../x", 1 },
		{ "l", "/etc", 1 },
		{ "l", "/", 1 },
		{ "l", "C:\\Windows", 1 },
		{ "l", "\\\\server\\x", 1 },
		{ "l", "..", 1 },
		{ "l", "a/b/../c", 0 },
		{ "l", "a/b/../../c", 0 },
		{ "l", "./x", 0 },
		{ "l", ".", 0 },
		{ "l", "a//b", 0 },
		{ "l", "", 0 },
		{ "l", "..x", 0 },
		{ "d/l", "../x", 0 },
		{ "d/l", "..", 0 },
		{ "d/l", "../../x", 1 },
		{ "d/e/l", "../../x", 0 },
		{ "d/e/l", "../../../x", 1 },
		{ "d/./l", "../../x", 1 },
		{ "d/../l", "x", 0 },
		{ "d/l", "x/../../y", 0 },
		{ "d/l", "x/../../../y", 1 },
		{ "d/l", "../../d/x", 1 },
	};
	struct manifest m;
	struct manifest_entry *ent;
	unsigned want;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		manifest_init(&m, NULL);
		ent = add(&m, cases[i].path, MF_SYMLINK, cases[i].target);
		want = ent->flags | (cases[i].outside ? MF_LINK_OUTSIDE : 0);
		finish(&m);
		if (m.v[0].flags != want)
			fail_msg("'%s' -> '%s': flags %#x", cases[i].path,
			    cases[i].target, m.v[0].flags);
		manifest_release(&m);
	}
}

static void
test_hardlinks(void **state)
{
	struct manifest m;

	(void)state;
	manifest_init(&m, NULL);
	add(&m, "./f", MF_FILE, NULL);
	add(&m, "back", MF_HARDLINK, "f");
	add(&m, "back2", MF_HARDLINK, "./f");
	add(&m, "chain", MF_HARDLINK, "back");
	add(&m, "fwd", MF_HARDLINK, "later");
	add(&m, "self", MF_HARDLINK, "self");
	add(&m, "missing", MF_HARDLINK, "nowhere");
	add(&m, "none", MF_HARDLINK, NULL);
	add(&m, "abs", MF_HARDLINK, "/etc/shadow");
	add(&m, "later", MF_FILE, NULL);
	add(&m, "dup", MF_HARDLINK, "twice");
	add(&m, "twice", MF_FILE, NULL);
	add(&m, "twice", MF_FILE, NULL);
	add(&m, "dup2", MF_HARDLINK, "twice");
	finish(&m);
	assert_int_equal(flags_of(&m, "back"), 0);
	assert_int_equal(flags_of(&m, "back2"), 0);
	assert_int_equal(flags_of(&m, "chain"), 0);
	assert_int_equal(flags_of(&m, "fwd"), MF_LINK_FORWARD);
	assert_int_equal(flags_of(&m, "self"), MF_LINK_FORWARD);
	assert_int_equal(flags_of(&m, "missing"), MF_LINK_FORWARD);
	assert_int_equal(flags_of(&m, "none"), MF_LINK_FORWARD);
	assert_int_equal(flags_of(&m, "abs"), MF_LINK_FORWARD);
	assert_int_equal(flags_of(&m, "later"), 0);
	assert_int_equal(flags_of(&m, "dup"), MF_LINK_FORWARD);
	assert_int_equal(flags_of(&m, "dup2"), 0);
	manifest_release(&m);
}

/* Links resolved as an extractor follows them (issue 16). */
static void
test_links_resolved(void **state)
{
	struct manifest m;
	char name[32], target[32];
	size_t i;

	(void)state;
	manifest_init(&m, NULL);
	add(&m, "sub", MF_DIR, NULL);
	add(&m, "sub/l2", MF_SYMLINK, "..");
	add(&m, "l1", MF_SYMLINK, "sub/l2/..");
	add(&m, "ok", MF_SYMLINK, "sub/l2/sub");
	add(&m, "a/b/s", MF_SYMLINK, "../..");
	add(&m, "h", MF_HARDLINK, "a/b/s");
	add(&m, "h/x", MF_FILE, NULL);
	add(&m, "hh", MF_HARDLINK, "h");
	add(&m, "f", MF_FILE, NULL);
	add(&m, "hf", MF_HARDLINK, "f");
	add(&m, "hf/y", MF_FILE, NULL);
	add(&m, "p", MF_SYMLINK, "q");
	add(&m, "q", MF_SYMLINK, "p");
	for (i = 0; i < 2000; i++) {	/* c1 -> c0 ... c1999 -> c1998 */
		snprintf(name, sizeof(name), "c%zu", i);
		snprintf(target, sizeof(target), "c%zu", i == 0 ? 0 : i - 1);
		add(&m, name, MF_SYMLINK, i == 0 ? "x" : target);
	}
	finish(&m);
	assert_int_equal(flags_of(&m, "sub/l2"), 0);
	assert_int_equal(flags_of(&m, "l1"), MF_LINK_OUTSIDE);
	assert_int_equal(flags_of(&m, "ok"), 0);
	assert_int_equal(flags_of(&m, "a/b/s"), 0);
	assert_int_equal(flags_of(&m, "h"), MF_LINK_OUTSIDE);
	assert_int_equal(flags_of(&m, "h/x"), MF_BELOW_LINK);
	assert_int_equal(flags_of(&m, "hh"), MF_LINK_OUTSIDE);
	assert_int_equal(flags_of(&m, "hf"), 0);
	assert_int_equal(flags_of(&m, "hf/y"), 0);
	assert_int_equal(flags_of(&m, "p"), MF_LINK_OUTSIDE);
	assert_int_equal(flags_of(&m, "c40"), 0);
	assert_int_equal(flags_of(&m, "c41"), MF_LINK_OUTSIDE);
	assert_int_equal(flags_of(&m, "c1999"), MF_LINK_OUTSIDE);
	manifest_release(&m);
}

static void
test_find(void **state)
{
	static const char *const names[] = { "m", "c", "x", "a", "q", "c",
	    "z/z", "z" };
	struct manifest m;
	const struct manifest_entry *ent;
	size_t i;

	(void)state;
	manifest_init(&m, NULL);
	assert_null(manifest_find(&m, "a"));
	finish(&m);
	assert_null(manifest_find(&m, "a"));
	manifest_release(&m);
	manifest_init(&m, NULL);
	for (i = 0; i < 8; i++)
		add(&m, names[i], MF_FILE, NULL);
	assert_non_null(manifest_find(&m, "q"));	/* before finish */
	finish(&m);
	for (i = 0; i < 8; i++) {
		ent = manifest_find(&m, names[i]);
		assert_non_null(ent);
		assert_string_equal(ent->path, names[i]);
	}
	assert_int_equal(manifest_find(&m, "c")->order, 1);
	assert_null(manifest_find(&m, ""));
	assert_null(manifest_find(&m, "b"));
	assert_null(manifest_find(&m, "zz"));
	assert_null(manifest_find(&m, "z/"));
	manifest_release(&m);
}

static void
test_names(void **state)
{
	enum manifest_type t;
	unsigned bit, seen = 0;
	const char *name;

	(void)state;
	for (t = MF_FILE; t <= MF_OTHER; t++) {
		enum manifest_type back;

		assert_int_equal(manifest_type_parse(manifest_type_name(t),
		    &back), 0);
		assert_int_equal(back, t);
	}
	assert_string_equal(manifest_type_name(MF_HARDLINK), "hardlink");
	assert_int_equal(manifest_type_parse("link", &t), -1);
	for (bit = 1; bit <= MF_HOSTILE_MASK; bit <<= 1) {
		unsigned back = 0;

		name = manifest_flag_name(bit);
		assert_non_null(name);
		assert_int_equal(manifest_flag_parse(name, &back), 0);
		assert_int_equal(back, bit);
		seen |= bit;
	}
	assert_int_equal(seen, MF_HOSTILE_MASK);
	assert_string_equal(manifest_flag_name(MF_DUP_FOLDED),
	    "duplicate-folded");
	assert_string_equal(manifest_flag_name(MF_SIZE_LIE), "size-mismatch");
	assert_null(manifest_flag_name(0));
	assert_null(manifest_flag_name(MF_DOTDOT | MF_ABSOLUTE));
	assert_string_equal(manifest_flag_name(MF_SPECIAL), "special-file");
	assert_string_equal(manifest_flag_name(MF_SETID),
	    "setuid-setgid-sticky");
	assert_null(manifest_flag_name(MF_HOSTILE_MASK + 1));
	assert_int_equal(manifest_flag_parse("evil", &bit), -1);
}

static void
test_outside(void **state)
{
	static const char sha[] = ABC_SHA256;
	struct err e = { "" };
	struct manifest m;
	char note[400];
	size_t i;

	(void)state;
	manifest_init(&m, NULL);
	add(&m, "a", MF_FILE, NULL);
	finish(&m);
	assert_false(manifest_hostile(&m));
	memset(note, 'n', sizeof(note) - 1);
	note[sizeof(note) - 1] = '\0';
	assert_int_equal(manifest_outside_add(&m, "appimage-runtime", 0, 9,
	    sha, note, 0, &e), 0);
	assert_string_equal(m.out[0].sha256, sha);
	assert_int_equal(strlen(m.out[0].note), sizeof(m.out[0].note) - 1);
	assert_false(manifest_hostile(&m));
	assert_int_equal(manifest_outside_add(&m, "x", 0, 1, "abc", "", 0,
	    &e), -1);
	assert_int_equal(manifest_outside_add(&m, "trailing-data", 9, 1, "",
	    NULL, 2, &e), 0);
	assert_int_equal(m.out[1].hostile, 1);
	assert_true(manifest_hostile(&m));
	for (i = 2; i < MANIFEST_MAX_OUTSIDE; i++)
		assert_int_equal(manifest_outside_add(&m, "r", i, 1, "", "",
		    0, &e), 0);
	assert_int_equal(manifest_outside_add(&m, "r", i, 1, "", "", 0, &e),
	    -1);
	assert_string_equal(e.msg, "artifact has more than 64 records "
	    "outside its entries");
	assert_int_equal(m.nout, MANIFEST_MAX_OUTSIDE);
	manifest_release(&m);
}

static void
test_release(void **state)
{
	struct manifest m;

	(void)state;
	memset(&m, 0, sizeof(m));
	manifest_release(&m);
	manifest_release(NULL);
	manifest_init(&m, NULL);
	manifest_release(&m);
	manifest_release(&m);
	manifest_init(&m, NULL);
	add(&m, "l", MF_SYMLINK, "t")->uname = strdup("u");
	add(&m, ".", MF_DIR, NULL)->gname = strdup("g");
	manifest_release(&m);
	assert_null(m.v);
	assert_int_equal(m.n, 0);
}

/* Many entries and nested symlinks stay fast (one pass, not n^2). */
static void
test_many(void **state)
{
	struct manifest m;
	char name[64];
	size_t i;

	(void)state;
	manifest_init(&m, NULL);
	for (i = 0; i < 50000; i++) {
		snprintf(name, sizeof(name), "%s%zu", i % 2 ? "s" : "s-",
		    i / 2);
		add(&m, name, MF_SYMLINK, "t");
		snprintf(name, sizeof(name), "s%zu/f", i);
		add(&m, name, MF_FILE, NULL);
	}
	finish(&m);
	assert_int_equal(m.n, 100000);
	assert_int_equal(flags_of(&m, "s7/f"), MF_BELOW_LINK);
	assert_int_equal(flags_of(&m, "s40000/f"), 0);
	assert_int_equal(flags_of(&m, "s-7"), 0);
	manifest_release(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_root),
		cmocka_unit_test(test_root_marked),
		cmocka_unit_test(test_setid),
		cmocka_unit_test(test_set_owner),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_sorting),
		cmocka_unit_test(test_cap_entries),
		cmocka_unit_test(test_cap_path),
		cmocka_unit_test(test_cap_entry_bytes),
		cmocka_unit_test(test_cap_total_bytes),
		cmocka_unit_test(test_size_lie),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_hashes),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_duplicates_folded_group),
		cmocka_unit_test(test_below_link),
		cmocka_unit_test(test_below_link_duplicate),
		cmocka_unit_test(test_symlink_outside),
		cmocka_unit_test(test_hardlinks),
		cmocka_unit_test(test_links_resolved),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_outside),
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests_name("manifest", tests, setup, NULL);
}
