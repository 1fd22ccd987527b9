#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>

#include "base/escape.h"
#include "trust/fetch.h"
#include "base/file.h"
#include "trust/keys.h"

/* One transfer: the body, kept in memory and capped as it arrives (a
 * Content-Length header, or its absence, changes nothing). */
struct xfer {
	unsigned char *buf;
	size_t len, cap;
	int too_big;		/* more than FETCH_MAX_BYTES arrived */
	int oom;
	atomic_int *cancel;
	char errbuf[CURL_ERROR_SIZE];
};

static int inited;

int
fetch_init(struct err *e)
{
	const curl_version_info_data *v;
	CURLcode c;

	if (inited)
		return 0;
	if ((c = curl_global_init(CURL_GLOBAL_DEFAULT)) != CURLE_OK) {
		err_set(e, "cannot initialise libcurl: %s",
		    curl_easy_strerror(c));
		return -1;
	}
	inited = 1;
	v = curl_version_info(CURLVERSION_NOW);
	if (v == NULL || !(v->features & CURL_VERSION_SSL)) {
		err_set(e, "this libcurl cannot speak TLS (https)");
		return -1;
	}
	return 0;
}

void
fetch_cleanup(void)
{
	if (inited)
		curl_global_cleanup();
	inited = 0;
}

int
fetch_url_https(const char *url)
{
	return url != NULL && strncasecmp(url, "https://", 8) == 0 &&
	    url[8] != '\0';
}

int
fetch_check_cafile(const char *path, struct err *e)
{
	uint64_t size;
	int fd;

	if ((fd = file_open(path, &size, e)) < 0)
		return -1;
	close(fd);
	return 0;
}

static size_t
on_data(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	unsigned char *nb;
	size_t n = size * nmemb, ncap;

	if (size != 0 && n / size != nmemb)
		return 0;
	if (n > FETCH_MAX_BYTES - x->len) {
		x->too_big = 1;
		return 0;	/* CURLE_WRITE_ERROR: the transfer stops */
	}
	if (x->len + n > x->cap) {
		ncap = x->cap ? x->cap * 2 : 16384;
		while (ncap < x->len + n)
			ncap *= 2;
		if (ncap > FETCH_MAX_BYTES)
			ncap = FETCH_MAX_BYTES;
		if ((nb = realloc(x->buf, ncap)) == NULL) {
			x->oom = 1;
			return 0;
		}
		x->buf = nb;
		x->cap = ncap;
	}
	memcpy(x->buf + x->len, ptr, n);
	x->len += n;
	return n;
}

static int
on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	struct xfer *x = arg;

	(void)dt, (void)dn, (void)ut, (void)un;
	return x->cancel != NULL && *x->cancel;	/* non-zero aborts */
}

/* https alone, for the request and every redirect. */
static CURLcode
https_only(CURL *c)
{
	CURLcode r;

#if LIBCURL_VERSION_NUM >= 0x075500
	if ((r = curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https")) ==
	    CURLE_OK)
		r = curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
#else
	if ((r = curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)CURLPROTO_HTTPS))
	    == CURLE_OK)
		r = curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS,
		    (long)CURLPROTO_HTTPS);
#endif
	return r;
}

static CURLcode
setup(CURL *c, const char *url, const char *cafile, struct xfer *x)
{
	CURLcode r;

	if ((r = curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf)) ||
	    (r = curl_easy_setopt(c, CURLOPT_URL, url)) ||
	    (r = https_only(c)) ||
	    (r = curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L)) ||
	    (r = curl_easy_setopt(c, CURLOPT_MAXREDIRS,
	    (long)FETCH_MAX_REDIRS)) ||
	    (r = curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L)) ||
	    (r = curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L)) ||
	    (r = curl_easy_setopt(c, CURLOPT_SSLVERSION,
	    (long)CURL_SSLVERSION_TLSv1_2)) ||
	    (cafile != NULL &&
	    ((r = curl_easy_setopt(c, CURLOPT_CAINFO, cafile)) ||
	    (r = curl_easy_setopt(c, CURLOPT_CAPATH, NULL)))) ||
	    (r = curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
	    (long)FETCH_CONNECT_SECS)) ||
	    (r = curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT,
	    (long)FETCH_LOW_SPEED_BYTES)) ||
	    (r = curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME,
	    (long)FETCH_LOW_SPEED_SECS)) ||
	    (r = curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)FETCH_TOTAL_SECS)))
		return r;
	if ((r = curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)FETCH_MAX_BYTES)) ||
	    (r = curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L)) ||
	    (r = curl_easy_setopt(c, CURLOPT_USERAGENT,
	    "electrum-verify/" EV_VERSION)) ||
	    (r = curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data)) ||
	    (r = curl_easy_setopt(c, CURLOPT_WRITEDATA, x)) ||
	    (r = curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress)) ||
	    (r = curl_easy_setopt(c, CURLOPT_XFERINFODATA, x)) ||
	    (r = curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L)))
		return r;
	return CURLE_OK;
}

/* What libcurl's message says, escaped, else its text for the code. */
static void
curl_why(struct err *why, const char *pre, CURLcode c, const char *errbuf)
{
	const char *m = errbuf[0] ? errbuf : curl_easy_strerror(c);
	char *shown = escape_dup(m, strlen(m));

	err_set(why, "%s%s", pre, shown ? shown : curl_easy_strerror(c));
	free(shown);
}

/* Sorts the end of a transfer into *r; returns 1 when the body is to be
 * read as key material, 0 when r is decided, -1 out of memory. */
static int
judge(CURL *c, CURLcode cc, const struct xfer *x, struct fetch_result *r)
{
	long code = 0;

	if (x->oom)
		return -1;
	r->status = FETCH_REFUSED;
	if (x->too_big || cc == CURLE_FILESIZE_EXCEEDED) {
		err_set(&r->why, "larger than %d MiB", FETCH_MAX_BYTES >> 20);
		return 0;
	}
	if (cc == CURLE_UNSUPPORTED_PROTOCOL) {
		curl_why(&r->why, "redirected to an address that is not "
		    "https: ", cc, x->errbuf);
		return 0;
	}
	if (cc == CURLE_TOO_MANY_REDIRECTS) {
		err_set(&r->why, "more than %d redirects", FETCH_MAX_REDIRS);
		return 0;
	}
	if (cc != CURLE_OK) {
		r->status = FETCH_FAILED;
		if (cc == CURLE_ABORTED_BY_CALLBACK)
			err_set(&r->why, "interrupted");
		else
			curl_why(&r->why, "", cc, x->errbuf);
		return 0;
	}
	if (curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code) != CURLE_OK ||
	    code < 200 || code > 299) {
		err_set(&r->why, "the server answered HTTP %ld, not 200", code);
		return 0;
	}
	return 1;
}

/* Downloads url into x; returns 0 with r decided or not (see judge), 1
 * when x holds a body to read, -1 with e set. */
static int
download(const char *url, const char *cafile, struct xfer *x,
    struct fetch_result *r, struct err *e)
{
	CURL *c = NULL;
	CURLcode cc;
	int rc = -1;

	if ((c = curl_easy_init()) == NULL) {
		err_set(e, "cannot start a libcurl transfer");
		goto out;
	}
	if ((cc = setup(c, url, cafile, x)) != CURLE_OK) {
		err_set(e, "cannot set up the transfer: %s",
		    curl_easy_strerror(cc));
		goto out;
	}
	cc = curl_easy_perform(c);
	if ((rc = judge(c, cc, x, r)) < 0)
		err_set(e, "out of memory");
out:
	curl_easy_cleanup(c);
	return rc;
}

/* "key X" or "keys X, Y, Z and N more" of the n keys in o. */
static void
list_keys(char *out, size_t size, const struct keys_outcome *o, size_t n)
{
	size_t i, at;

	at = (size_t)snprintf(out, size, "key%s", n == 1 ? "" : "s");
	for (i = 0; i < n && i < 3 && at < size; i++)
		at += (size_t)snprintf(out + at, size - at, "%s%s",
		    i == 0 ? " " : ", ", o[i].fpr);
	if (n > 3 && at < size)
		snprintf(out + at, size - at, " and %zu more", n - 3);
}

/* Takes the pinned key out of the downloaded bytes into the store. */
static int
take(const struct pins *p, const struct pin *pin, const char *shown,
    const struct xfer *x, struct fetch_result *r, struct err *e)
{
	struct keys_outcome *o = NULL;
	size_t n = 0, i;
	char keys[256];
	struct err ie = { "" };
	enum err_status k;
	int rc = -1;

	r->status = FETCH_REFUSED;
	if (x->len == 0) {
		err_set(&r->why, "the file at '%s' is empty", shown);
		rc = 0;
		goto out;
	}
	k = keys_import_mem(p, x->buf, x->len, shown, pin->fpr, &o, &n, &ie);
	if (k != ERR_OK) {
		if (k == ERR_FAILED)
			*e = ie;
		else
			r->why = ie;
		rc = k == ERR_FAILED ? -1 : 0;
		goto out;
	}
	for (i = 0; i < n && strcasecmp(o[i].fpr, pin->fpr) != 0; i++)
		;
	if (i == n || o[i].pin == NULL) {
		list_keys(keys, sizeof(keys), o, n);
		err_set(&r->why, "the file at '%s' holds %s, not the pinned %s",
		    shown, keys, pin->fpr);
		rc = 0;
		goto out;
	}
	snprintf(r->fpr, sizeof(r->fpr), "%s", o[i].fpr);
	r->revoked = o[i].revoked;
	r->others = n - 1;
	r->status = o[i].changed ? FETCH_IMPORTED : FETCH_UNCHANGED;
	rc = 0;
out:
	keys_outcomes_free(o, n);
	return rc;
}

int
fetch_key(const struct pins *p, const struct pin *pin, const char *cafile,
    atomic_int *cancel, struct fetch_result *r, struct err *e)
{
	struct xfer x;
	char *shown = NULL;
	int rc = -1, got;

	memset(r, 0, sizeof(*r));
	memset(&x, 0, sizeof(x));
	x.cancel = cancel;
	r->status = FETCH_FAILED;
	if ((shown = escape_dup(pin->url, strlen(pin->url))) == NULL) {
		err_set(e, "out of memory");
		goto out;
	}
	if (pin->url[0] == '\0') {
		err_set(&r->why, "the pin has no published address");
		rc = 0;
		goto out;
	}
	if (!fetch_url_https(pin->url)) {
		r->status = FETCH_REFUSED;
		err_set(&r->why, "'%s' is not an https:// address: not "
		    "fetched", shown);
		rc = 0;
		goto out;
	}
	if ((got = download(pin->url, cafile, &x, r, e)) <= 0) {
		rc = got;
		goto out;
	}
	rc = take(p, pin, shown, &x, r, e);
out:
	free(x.buf);
	free(shown);
	return rc;
}
