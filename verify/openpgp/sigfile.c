#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/file.h"
#include "openpgp/armour.h"
#include "openpgp/sigfile.h"

struct found {
	struct pgp_sigs *ps;
	char ***names;		/* escaped names of the files read */
	size_t *n;
	char *why;		/* a missing or malformed signature, in words */
	size_t whylen;
};

static int
add_sigfile(struct found *f, const char *path, struct err *e)
{
	unsigned char *buf = NULL;
	size_t len;
	char **v;
	struct err pe;
	int rc = -1;

	if (file_read(path, PGP_MAX_INPUT, &buf, &len, e) != 0)
		return -1;
	if ((v = realloc(*f->names, (*f->n + 1) * sizeof(*v))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	*f->names = v;
	if ((v[*f->n] = escape_dup(path, strlen(path))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	(*f->n)++;
	if (pgp_sigs_add(f->ps, buf, len, v[*f->n - 1], &pe) != 0)
		snprintf(f->why, f->whylen, "malformed signature: %.900s",
		    pe.msg);
	rc = 0;
out:
	free(buf);
	return rc;
}

int
sigfile_signer_name(const char *name, size_t len)
{
	static const char *const ext[] = { "gz", "xz", "bz2", "zst", "tar",
	    "tgz", "zip", "apk", "exe", "dmg", "appimage", "deb", "sig",
	    "asc", "txt", "sha256", "sha512", "md5" };
	size_t i;

	if (len == 0 || memchr(name, '.', len) != NULL ||
	    memchr(name, '/', len) != NULL || memchr(name, '\0', len) != NULL)
		return 0;
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (strlen(ext[i]) == len && strncasecmp(name, ext[i], len) == 0)
			return 0;
	return 1;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Electrum's signatures repository: FILE.SIGNER.asc, one per signer. */
static int
find_per_signer(const char *file, char ***out, size_t *n, struct err *e)
{
	char *dir = NULL, *base;
	const char *slash = strrchr(file, '/');
	DIR *d = NULL;
	struct dirent *de;
	size_t blen, nlen;
	char **v = NULL, **nv;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if ((dir = strdup(slash ? file : ".")) == NULL)
		goto oom;
	if (slash != NULL)
		dir[slash - file] = '\0';
	base = (char *)(slash ? slash + 1 : file);
	blen = strlen(base);
	if ((d = opendir(slash && slash == file ? "/" : dir)) == NULL) {
		err_errno(e, "cannot list", dir, errno);
		goto out;
	}
	while ((de = readdir(d)) != NULL) {
		nlen = strlen(de->d_name);
		if (nlen < blen + 6 || strncmp(de->d_name, base, blen) != 0 ||
		    de->d_name[blen] != '.' ||
		    strcmp(de->d_name + nlen - 4, ".asc") != 0 ||
		    !sigfile_signer_name(de->d_name + blen + 1,
		    nlen - blen - 5))
			continue;
		if ((nv = realloc(v, (*n + 1) * sizeof(*v))) == NULL)
			goto oom;
		v = nv;
		if (asprintf(&v[*n], "%s%s%s", slash ? dir : "",
		    slash ? "/" : "", de->d_name) < 0)
			goto oom;
		(*n)++;
		if (*n > PGP_MAX_SIGS) {
			err_path(e, "too many signature files beside ", file,
			    "");
			goto out;
		}
	}
	if (*n > 0)
		qsort(v, *n, sizeof(*v), cmp_str);
	*out = v;
	v = NULL;
	rc = 0;
	goto out;
oom:
	err_set(e, "out of memory");
out:
	if (v != NULL) {
		while (*n > 0)
			free(v[--*n]);
		free(v);
	}
	if (d != NULL)
		closedir(d);
	free(dir);
	return rc;
}

static int
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int
sigfile_read(const char *file, const char *sig, struct pgp_sigs *ps,
    char ***names, size_t *nnames, char *why, size_t whylen, struct err *e)
{
	struct found f = { ps, names, nnames, why, whylen };
	char *cand = NULL, **list = NULL, *shown = NULL;
	size_t i, n = 0;
	int rc = -1;

	why[0] = '\0';
	if (sig != NULL)
		return add_sigfile(&f, sig, e);
	if (asprintf(&cand, "%s.asc", file) < 0)
		goto oom;
	if (!exists(cand)) {
		free(cand);
		if (asprintf(&cand, "%s.sig", file) < 0)
			goto oom;
	}
	if (exists(cand)) {
		rc = add_sigfile(&f, cand, e);
		goto out;
	}
	if (find_per_signer(file, &list, &n, e) != 0)
		goto out;
	for (i = 0; i < n && why[0] == '\0'; i++)
		if (add_sigfile(&f, list[i], e) != 0)
			goto out;
	if (n == 0) {
		if ((shown = escape_dup(file, strlen(file))) == NULL)
			goto oom;
		snprintf(why, whylen, "no signature found (looked for '%s.asc', "
		    "'%s.sig' and '%s.SIGNER.asc'): download the signature "
		    "from the same page as the file and name it with --sig",
		    shown, shown, shown);
	}
	rc = 0;
	goto out;
oom:
	err_set(e, "out of memory");
out:
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	free(cand);
	free(shown);
	return rc;
}

#define SNIFF_HEAD 65536	/* bytes read to tell armour from data */

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && strcmp(s + n - k, suffix) == 0;
}

/* The type of the first armour BEGIN line in b[0..n). */
static enum sigfile_kind
armour_kind(const unsigned char *b, size_t n)
{
	static const char begin[] = "-----BEGIN PGP ", sig[] = "SIGNATURE-----",
	    key[] = "PUBLIC KEY BLOCK-----";
	size_t i = 0;

	while (i < n) {
		while (i < n && (b[i] == ' ' || b[i] == '\t'))
			i++;
		if (n - i >= strlen(begin) && memcmp(b + i, begin,
		    strlen(begin)) == 0) {
			i += strlen(begin);
			if (n - i >= strlen(sig) && memcmp(b + i, sig,
			    strlen(sig)) == 0)
				return SIGFILE_SIGNATURE;
			if (n - i >= strlen(key) && memcmp(b + i, key,
			    strlen(key)) == 0)
				return SIGFILE_PUBKEY;
			return SIGFILE_DATA;
		}
		while (i < n && b[i] != '\n')
			i++;
		i++;
	}
	return SIGFILE_DATA;
}

/* Whether the first packet of head[0..n) (bit 7 of head[0] set) has a
 * definite length within size and a body that starts with a key or
 * signature version (3 to 6). */
static int
plausible(const unsigned char *head, size_t n, uint64_t size)
{
	size_t at, len;

	if (n < 7)
		return 0;
	if (head[0] & 0x40) {
		if (head[1] < 192) {
			at = 2;
			len = head[1];
		} else if (head[1] < 224) {
			at = 3;
			len = ((size_t)(head[1] - 192) << 8) + head[2] + 192;
		} else if (head[1] == 255) {
			at = 6;
			len = (size_t)head[2] << 24 | (size_t)head[3] << 16 |
			    (size_t)head[4] << 8 | head[5];
		} else
			return 0;
	} else if ((head[0] & 3) == 3)
		return 0;
	else {
		at = (size_t)1 << (head[0] & 3);
		len = 0;
		for (size_t i = 1; i <= at; i++)
			len = len << 8 | head[i];
		at++;
	}
	return len > 0 && at + len <= size && head[at] >= 3 && head[at] <= 6;
}

/* Binary OpenPGP: a public key packet first, or nothing but signature
 * packets (or, for a name ending in .asc or .sig, a signature packet
 * first: a damaged signature is still reported as one). */
static enum sigfile_kind
binary_kind(const char *path, const unsigned char *head, size_t n,
    uint64_t size)
{
	int tag = head[0] & 0x40 ? head[0] & 0x3f : (head[0] >> 2) & 0x0f;
	unsigned char *buf = NULL;
	struct pgp_sigs ps;
	struct err e;
	size_t len;
	enum sigfile_kind k = SIGFILE_DATA;

	if (tag == 6 && plausible(head, n, size))
		return SIGFILE_PUBKEY;
	if (tag != 2 || size > PGP_MAX_INPUT)
		return SIGFILE_DATA;
	if (ends_with(path, ".asc") || ends_with(path, ".sig"))
		return SIGFILE_SIGNATURE;
	pgp_sigs_init(&ps);
	if (file_read(path, PGP_MAX_INPUT, &buf, &len, &e) == 0 &&
	    pgp_sigs_add(&ps, buf, len, "-", &e) == 0)
		k = SIGFILE_SIGNATURE;
	pgp_sigs_release(&ps);
	free(buf);
	return k;
}

enum sigfile_kind
sigfile_kind(const char *path)
{
	unsigned char *head = NULL;
	uint64_t size;
	size_t i, n = 0;
	ssize_t got;
	struct err e;
	enum sigfile_kind k = SIGFILE_DATA;
	int fd;

	if ((fd = file_open(path, &size, &e)) < 0)
		return SIGFILE_DATA;
	if ((head = malloc(SNIFF_HEAD)) == NULL)
		goto out;
	while (n < SNIFF_HEAD && (got = read(fd, head + n, SNIFF_HEAD - n)) > 0)
		n += (size_t)got;
	for (i = 0; i < n && strchr(" \t\r\n", head[i]) != NULL; i++)
		;
	if (i == n)
		goto out;
	/* Text before the armour only in a text file: an archive may hold
	 * a signature file stored as it is. */
	if (armour_detect(head, n) && (head[i] == '-' ||
	    memchr(head, '\0', n) == NULL))
		k = armour_kind(head + i, n - i);
	else if (i == 0 && (head[0] & 0x80) != 0)
		k = binary_kind(path, head, n, size);
out:
	free(head);
	close(fd);
	return k;
}

/* X.SIGNER.asc -> X, if SIGNER may be a signer's name; else NULL. */
static char *
per_signer_base(const char *path)
{
	char *x, *dot;

	if (!ends_with(path, ".asc") || (x = strndup(path, strlen(path) - 4))
	    == NULL)
		return NULL;
	dot = strrchr(x, '.');
	if (dot == NULL || dot == x || dot[-1] == '/' ||
	    !sigfile_signer_name(dot + 1, strlen(dot + 1))) {
		free(x);
		return NULL;
	}
	*dot = '\0';
	return x;
}

static int
regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
sigfile_signed(const char *path, char **file, char **alt, struct err *e)
{
	char *x = NULL, *a = NULL, *s = NULL;
	int rc = -1;

	*file = *alt = NULL;
	if (!ends_with(path, ".asc") && !ends_with(path, ".sig"))
		return SIGFILE_UNNAMED;
	if ((*file = strndup(path, strlen(path) - 4)) == NULL)
		goto oom;
	if (regular(*file))
		return SIGFILE_BESIDE;
	errno = 0;
	if ((x = per_signer_base(path)) == NULL && errno == ENOMEM)
		goto oom;
	if (x == NULL || !regular(x)) {
		*alt = x;
		return SIGFILE_MISSING;
	}
	if (asprintf(&a, "%s.asc", x) < 0) {
		a = NULL;
		goto oom;
	}
	if (asprintf(&s, "%s.sig", x) < 0) {
		s = NULL;
		goto oom;
	}
	free(*file);
	*file = x;
	x = NULL;
	rc = regular(a) || regular(s) ? SIGFILE_SIGNER : SIGFILE_EVERY;
	goto out;
oom:
	err_set(e, "out of memory");
	free(*file);
	*file = NULL;
out:
	free(x);
	free(a);
	free(s);
	return rc;
}
