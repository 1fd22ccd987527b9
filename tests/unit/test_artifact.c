/* artifact: Electrum release names, and file types from magic bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/artifact.h"

/* The release names of /work/shared/electrum/README.md, with V for the
 * version. */
struct name_case {
	const char *pre, *post;
	const char *platform;
	const char *type;
};

static const struct name_case names[] = {
	{ "Electrum-", ".tar.gz", "source tarball", "gzip data" },
	{ "Electrum-sourceonly-", ".tar.gz",
	  "source tarball without bundled packages", "gzip data" },
	{ "electrum-", "-x86_64.AppImage", "Linux x86_64 AppImage",
	  "AppImage" },
	{ "electrum-", ".exe", "Windows standalone executable",
	  "Windows PE executable" },
	{ "electrum-", "-portable.exe", "Windows portable executable",
	  "Windows PE executable" },
	{ "electrum-", "-setup.exe", "Windows installer",
	  "Windows PE executable" },
	{ "Electrum-", "-arm64-v8a-release.apk", "Android arm64-v8a APK",
	  "zip archive" },
	{ "Electrum-", "-armeabi-v7a-release.apk", "Android armeabi-v7a APK",
	  "zip archive" },
	{ "Electrum-", "-x86_64-release.apk", "Android x86_64 APK",
	  "zip archive" },
	{ "electrum-", ".dmg", "macOS disk image", "Apple disk image" },
};

static const char *versions[] = {
	"4.6.2", "4.5.8", "3.3.4", "4.6.0b1", "4.5.0rc2", "4", "10.0.0",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
test_release_names(void **state)
{
	struct artifact_name n;
	char base[256];
	size_t i, j;

	(void)state;
	for (i = 0; i < N(versions); i++) {
		for (j = 0; j < N(names); j++) {
			snprintf(base, sizeof(base), "%s%s%s", names[j].pre,
			    versions[i], names[j].post);
			assert_int_equal(artifact_parse_name(base, &n), 1);
			assert_string_equal(n.product, "Electrum");
			assert_string_equal(n.version, versions[i]);
			assert_string_equal(n.platform, names[j].platform);
			assert_string_equal(artifact_type(n.kind)->name,
			    names[j].type);
		}
	}
}

/* A few spelled out in full, as they appear on the download site. */
static void
test_literal_names(void **state)
{
	struct artifact_name n;

	(void)state;
	assert_int_equal(artifact_parse_name(
	    "Electrum-sourceonly-4.6.2.tar.gz", &n), 1);
	assert_string_equal(n.version, "4.6.2");
	assert_string_equal(n.platform,
	    "source tarball without bundled packages");
	assert_int_equal(artifact_parse_name("electrum-3.3.4-setup.exe", &n),
	    1);
	assert_string_equal(n.version, "3.3.4");
	assert_string_equal(n.platform, "Windows installer");
	assert_int_equal(artifact_parse_name(
	    "Electrum-4.5.8-armeabi-v7a-release.apk", &n), 1);
	assert_string_equal(n.version, "4.5.8");
	assert_string_equal(n.platform, "Android armeabi-v7a APK");
	assert_int_equal(n.kind, ARTIFACT_ZIP);
}

static void
test_not_release_names(void **state)
{
	static const char *bad[] = {
		"", "Electrum", "Electrum-.tar.gz", "Electrum-4.6.2.tar",
		"Electrum-4.6.2.tar.gz.asc", "Electrum-4.6.2.tar.gz.Emzy.asc",
		"electrum-4.6.2.tar.gz", "ELECTRUM-4.6.2.tar.gz",
		"Electrum-v4.6.2.tar.gz", "Electrum-x.tar.gz",
		"Electrum-4.6.2-extra.tar.gz", "Electrum-4.6 2.tar.gz",
		"Electrum-sourceonly-.tar.gz", "electrum-4.6.2-arm64.AppImage",
		"electrum-4.6.2.AppImage", "Electrum-4.6.2-x86_64.AppImage",
		"electrum-4.6.2-x86_64.appimage", "electrum-.exe",
		"electrum-4.6.2-debug.exe", "Electrum-4.6.2.exe",
		"electrum-4.6.2-portable.exe.part",
		"Electrum-4.6.2-mips-release.apk", "Electrum-4.6.2-release.apk",
		"electrum-4.6.2-arm64-v8a-release.apk",
		"Electrum-4.6.2-arm64-v8a-debug.apk", "electrum-4.6.2.DMG",
		"Electrum-4.6.2.dmg", "../electrum-4.6.2.exe",
		"dir/electrum-4.6.2.exe", "electrum-4.6.2/.exe",
		"electrum-4.6.2\n.exe", " electrum-4.6.2.exe",
		"electrum-4.6.2.exe ", "electrum-\xc3\xa9.exe",
		"electrum-12345678901234567890123456789012.dmg",
	};
	struct artifact_name n;
	size_t i;

	(void)state;
	for (i = 0; i < N(bad); i++) {
		if (artifact_parse_name(bad[i], &n) != 0)
			fail_msg("accepted as a release name: '%s'", bad[i]);
		assert_int_equal(n.kind, ARTIFACT_UNKNOWN);
	}
	assert_int_equal(artifact_parse_name(NULL, &n), 0);
	/* 31 characters still fit version[32] */
	assert_int_equal(artifact_parse_name(
	    "electrum-1234567890123456789012345678901.exe", &n), 1);
	assert_string_equal(n.version, "1234567890123456789012345678901");
	assert_int_equal(artifact_parse_name(
	    "electrum-12345678901234567890123456789012.exe", &n), 0);
}

/* Samples: a made-up head and tail that a genuine file of each type
 * would have. */
struct sample {
	unsigned char head[4096];
	size_t head_len;
	unsigned char tail[512];
	size_t tail_len;
	uint64_t size;
};

static void
sample_init(struct sample *s, const void *magic, size_t len, size_t at)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->head + at, magic, len);
	s->head_len = sizeof(s->head);
	s->tail_len = sizeof(s->tail);
	memset(s->tail, 0x55, sizeof(s->tail));
	s->size = 1000000;
}

/* The name of the kind sniffed from head[0..head_len), tail[0..tail_len)
 * (NULL pointers for none) in a file of size bytes. */
static const char *
sniff(const unsigned char *head, size_t head_len, const unsigned char *tail,
    size_t tail_len, uint64_t size)
{
	struct artifact_bytes b = { head, head_len, tail, tail_len, size };

	return artifact_sniff(&b)->name;
}

static const char *
detect(const struct sample *s)
{
	return sniff(s->head, s->head_len, s->tail, s->tail_len, s->size);
}

/* A PE file: "MZ", e_lfanew at 0x3c, "PE\0\0" there. */
static void
sample_pe(struct sample *s, uint32_t lfanew)
{
	sample_init(s, "MZ", 2, 0);
	s->head[0x3c] = (unsigned char)lfanew;
	s->head[0x3d] = (unsigned char)(lfanew >> 8);
	s->head[0x3e] = (unsigned char)(lfanew >> 16);
	s->head[0x3f] = (unsigned char)(lfanew >> 24);
	if (lfanew <= sizeof(s->head) - 4)
		memcpy(s->head + lfanew, "PE\0\0", 4);
}

static void
sample_of_type(struct sample *s, const char *type)
{
	if (strcmp(type, "gzip data") == 0)
		sample_init(s, "\x1f\x8b\x08\x00", 4, 0);
	else if (strcmp(type, "AppImage") == 0)
		sample_init(s, "\x7f" "ELF\x02\x01\x01\x00" "AI\x02", 11, 0);
	else if (strcmp(type, "Windows PE executable") == 0)
		sample_pe(s, 0x80);
	else if (strcmp(type, "zip archive") == 0)
		sample_init(s, "PK\x03\x04\x14\x00", 6, 0);
	else if (strcmp(type, "Apple disk image") == 0) {
		sample_init(s, "", 0, 0);
		memcpy(s->tail, "koly\x00\x00\x00\x04", 8);
	} else
		fail_msg("no sample for '%s'", type);
}

/* The type a release name implies is the one detected in a genuine file
 * of that kind, so the two can be compared. */
static void
test_name_type_matches_detect(void **state)
{
	struct sample s;
	size_t j;

	(void)state;
	for (j = 0; j < N(names); j++) {
		sample_of_type(&s, names[j].type);
		assert_string_equal(detect(&s), names[j].type);
	}
}

struct magic_case {
	const char *magic;
	size_t len, at;
	const char *want;
};

#define MAGIC(lit, at, want) { lit, sizeof(lit) - 1, at, want }

static void
test_magic(void **state)
{
	static const struct magic_case cases[] = {
		MAGIC("\x7f" "ELF\x02\x01\x01", 0, "ELF executable"),
		MAGIC("\x7f" "ELF\x02\x01\x01\x00" "AI\x02", 0, "AppImage"),
		MAGIC("\x7f" "ELF\x02\x01\x01\x00" "AI\x01", 0,
		    "ELF executable"),
		MAGIC("MZ", 0, "DOS executable"),
		MAGIC("\x1f\x8b\x08", 0, "gzip data"),
		MAGIC("\xfd" "7zXZ\x00\x00\x04", 0, "xz data"),
		MAGIC("BZh91AY&SY", 0, "bzip2 data"),
		MAGIC("PK\x03\x04", 0, "zip archive"),
		MAGIC("PK\x05\x06", 0, "zip archive"),
		MAGIC("ustar\x00" "00", 257, "tar archive"),
		MAGIC("ustar  \x00", 257, "tar archive"),
		MAGIC("-----BEGIN PGP SIGNATURE-----\n", 0, "OpenPGP data"),
		MAGIC("-----BEGIN PGP PUBLIC KEY BLOCK-----\n", 0,
		    "OpenPGP data"),
		MAGIC("hello, world\n", 0, "unknown"),
		MAGIC("\x1f\x8c", 0, "unknown"),
		MAGIC("PK\x01\x02", 0, "unknown"),
		MAGIC("\xfd" "7zXZ\x01", 0, "unknown"),
		MAGIC("ustar", 256, "unknown"),
		MAGIC("-----BEGIN PGX", 0, "unknown"),
		MAGIC("\x1f\x8b\x09", 0, "unknown"),	/* not deflate */
		MAGIC("BZh0", 0, "unknown"),
		MAGIC("BZh9hello!", 0, "unknown"),	/* no bzip2 block */
		MAGIC("BZh9\x17\x72\x45\x38\x50\x90", 0, "bzip2 data"),
		MAGIC("!<arch>\ndebian-binary   ", 0, "Debian package"),
		MAGIC("!<arch>\ndebian-binary/  ", 0, "Debian package"),
		MAGIC("!<arch>\ndebian-binaryX  ", 0, "unknown"),
		MAGIC("!<arch>\ncontrol.tar.gz  ", 0, "unknown"),
	};
	struct sample s;
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		sample_init(&s, cases[i].magic, cases[i].len, cases[i].at);
		if (strcmp(detect(&s), cases[i].want) != 0)
			fail_msg("case %zu: '%s', want '%s'", i, detect(&s),
			    cases[i].want);
	}
}

static void
test_pe(void **state)
{
	struct sample s;

	(void)state;
	sample_pe(&s, 0x80);
	assert_string_equal(detect(&s), "Windows PE executable");
	sample_pe(&s, 4092);		/* the last place PE\0\0 fits */
	assert_string_equal(detect(&s), "Windows PE executable");
	sample_pe(&s, 4093);		/* beyond the head */
	assert_string_equal(detect(&s), "DOS executable");
	sample_pe(&s, 0xfffffffcu);	/* would wrap a careless bound */
	assert_string_equal(detect(&s), "DOS executable");
	sample_pe(&s, 0x80);
	s.head[0x82] = 'X';		/* "PEX\0" */
	assert_string_equal(detect(&s), "DOS executable");
	sample_pe(&s, 0x80);
	s.head_len = 0x3f;		/* too short for e_lfanew */
	assert_string_equal(detect(&s), "DOS executable");
	/* A PE header inside the 64-byte DOS header: Windows may load it,
	 * but the PE walker (pe.c) reads none such, and the kind is the one
	 * rule for every reader, so it is no PE here. */
	sample_pe(&s, 0x30);
	s.head_len = 0x40;
	s.head[0x30] = 'P';
	s.head[0x31] = 'E';
	s.head[0x32] = 0;
	s.head[0x33] = 0;
	s.head[0x3c] = 0x30;
	assert_string_equal(detect(&s), "DOS executable");
	sample_pe(&s, 0x40);		/* right after it */
	assert_string_equal(detect(&s), "Windows PE executable");
}

static void
test_dmg(void **state)
{
	struct sample s;

	(void)state;
	sample_of_type(&s, "Apple disk image");
	assert_string_equal(detect(&s), "Apple disk image");
	/* UDIF data often starts with a compressed block: still a dmg */
	memcpy(s.head, "BZh9", 4);
	assert_string_equal(detect(&s), "Apple disk image");
	/* koly not at the start of the last 512 bytes */
	sample_of_type(&s, "Apple disk image");
	memcpy(s.tail, "xkoly", 5);
	assert_string_equal(detect(&s), "unknown");
	/* a file smaller than the trailer is no dmg */
	sample_of_type(&s, "Apple disk image");
	s.size = 511;
	s.tail_len = 511;
	assert_string_equal(detect(&s), "unknown");
	/* no tail at all */
	sample_of_type(&s, "Apple disk image");
	assert_string_equal(sniff(s.head, s.head_len, NULL, 0,
	    s.size), "unknown");
	/* a longer tail: the trailer is its last 512 bytes */
	{
		unsigned char tail[600];

		memset(tail, 0, sizeof(tail));
		memcpy(tail + 88, "koly", 4);
		assert_string_equal(sniff(s.head, s.head_len, tail,
		    sizeof(tail), 600), "Apple disk image");
		memset(tail, 0, sizeof(tail));
		memcpy(tail, "koly", 4);
		assert_string_equal(sniff(s.head, s.head_len, tail,
		    sizeof(tail), 600), "unknown");
	}
}

/* Short heads: a magic cut off by the end of the file is not a match,
 * and nothing is read beyond head_len. */
static void
test_short(void **state)
{
	static const unsigned char elf[] = "\x7f" "ELF\x02\x01\x01\x00" "AI";
	static const unsigned char tar[262] = { 0 };

	(void)state;
	assert_string_equal(sniff(NULL, 0, NULL, 0, 0), "empty");
	assert_string_equal(sniff((const unsigned char *)"x", 0,
	    NULL, 0, 0), "empty");
	assert_string_equal(sniff((const unsigned char *)"\x1f", 1,
	    NULL, 0, 1), "unknown");
	assert_string_equal(sniff((const unsigned char *)"\x1f\x8b",
	    2, NULL, 0, 2), "unknown");
	assert_string_equal(sniff((const unsigned char *)"\x1f\x8b\x08",
	    3, NULL, 0, 3), "gzip data");
	assert_string_equal(sniff((const unsigned char *)"BZ", 2,
	    NULL, 0, 2), "unknown");
	assert_string_equal(sniff(elf, 10, NULL, 0, 10),
	    "ELF executable");
	assert_string_equal(sniff((const unsigned char *)
	    "-----BEGIN PG", 13, NULL, 0, 13), "unknown");
	assert_string_equal(sniff(tar, sizeof(tar) - 1, NULL, 0,
	    261), "unknown");
	assert_string_equal(sniff(NULL, 0, NULL, 0, 5), "unknown");
}

/* The table: each kind has one row, found by its kind; sniffing looks
 * at no more than ARTIFACT_HEAD and ARTIFACT_TAIL bytes whatever it is
 * given, so every caller gets the same answer. */
static void
test_table(void **state)
{
	static unsigned char head[ARTIFACT_HEAD + 100], tail[2000];
	enum artifact_kind k;

	(void)state;
	for (k = ARTIFACT_UNKNOWN; k <= ARTIFACT_OPENPGP; k++) {
		assert_int_equal(artifact_type(k)->kind, k);
		assert_non_null(artifact_type(k)->name);
	}
	assert_int_equal(artifact_type((enum artifact_kind)999)->kind,
	    ARTIFACT_UNKNOWN);
	assert_true(artifact_type(ARTIFACT_ZIP)->flags & ARTIFACT_HOLDS_FILES);
	assert_false(artifact_type(ARTIFACT_PE)->flags & ARTIFACT_HOLDS_FILES);
	memset(head, 0, sizeof(head));
	memcpy(head, "MZ", 2);
	head[0x3c] = 0xfc;		/* e_lfanew 4092: the last place */
	head[0x3d] = 0x0f;
	memcpy(head + 4092, "PE\0\0", 4);
	assert_string_equal(sniff(head, sizeof(head), NULL, 0, 100000),
	    "Windows PE executable");
	head[0x3c] = 0xfd;		/* 4093: past the head, though given */
	memcpy(head + 4093, "PE\0\0", 4);
	assert_string_equal(sniff(head, sizeof(head), NULL, 0, 100000),
	    "DOS executable");
	memset(head, 0, sizeof(head));
	memset(tail, 0, sizeof(tail));
	memcpy(tail + sizeof(tail) - 512, "koly", 4);
	assert_string_equal(sniff(head, 10, tail, sizeof(tail), 100000),
	    "Apple disk image");
	assert_string_equal(sniff(head, 10, tail, sizeof(tail) - 1, 100000),
	    "unknown");
}

/* The kind a name's ending promises. */
static void
test_name_kind(void **state)
{
	(void)state;
	assert_int_equal(artifact_name_kind("x.AppImage"), ARTIFACT_APPIMAGE);
	assert_int_equal(artifact_name_kind("electrum-4.6.2.dmg"),
	    ARTIFACT_DMG);
	assert_int_equal(artifact_name_kind("a.tgz"), ARTIFACT_GZIP);
	assert_int_equal(artifact_name_kind("a.tar.gz"), ARTIFACT_GZIP);
	assert_int_equal(artifact_name_kind("a.tar"), ARTIFACT_TAR);
	assert_int_equal(artifact_name_kind("a.apk"), ARTIFACT_ZIP);
	assert_int_equal(artifact_name_kind("a.txt"), ARTIFACT_UNKNOWN);
	assert_int_equal(artifact_name_kind(".dmg"), ARTIFACT_UNKNOWN);
	assert_int_equal(artifact_name_kind(NULL), ARTIFACT_UNKNOWN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_release_names),
		cmocka_unit_test(test_literal_names),
		cmocka_unit_test(test_not_release_names),
		cmocka_unit_test(test_name_type_matches_detect),
		cmocka_unit_test(test_magic),
		cmocka_unit_test(test_pe),
		cmocka_unit_test(test_dmg),
		cmocka_unit_test(test_short),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_name_kind),
	};

	return cmocka_run_group_tests_name("artifact", tests, NULL, NULL);
}
