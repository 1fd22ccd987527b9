/* textmode: the canonical text a text-mode (class 0x01) detached
 * signature is made over, exactly as GnuPG 2.2 computes it, produced as a
 * stream so that a file read in blocks is canonicalised in the same pass:
 * line state is kept across the blocks. Rules, measured against gpgv
 * 2.2.40: LF ends a line and is hashed as CRLF; CRs and NUL bytes at the
 * end of a line (before its LF, or at the end of the file) are dropped
 * (gpg's trim_trailing_chars finds NUL in its string of CR and LF);
 * other CRs and NULs, spaces and tabs are kept; a last line without LF
 * gets no CRLF; a line of 19 994 bytes or more (LF not counted, with or
 * without LF) is hashed as its first 19 993 bytes, CRs and NULs at their
 * end dropped, plus CRLF, and the rest of it never. */
#ifndef EV_TEXTMODE_H
#define EV_TEXTMODE_H

#include <stddef.h>

#define TEXTMODE_MAXLINE 19993	/* bytes of a line GnuPG 2.2 hashes */

struct textmode {
	size_t col;		/* bytes of the current line seen */
	unsigned char held[TEXTMODE_MAXLINE];	/* CRs and NULs that may end
					 * the line, not yet passed on */
	size_t nheld;
	int skip;		/* line cut at TEXTMODE_MAXLINE: drop to LF */
	int cut;		/* some line was cut (gpg warns then) */
};

typedef void (*textmode_out_fn)(void *arg, const void *buf, size_t len);

/* Starts a new text (all state zero). */
void textmode_init(struct textmode *t);

/* Passes the canonical form of buf[0..len), the next bytes of the text,
 * to out; CRs and NULs that may yet end a line are held back in t. */
void textmode_feed(struct textmode *t, const unsigned char *buf,
    size_t len, textmode_out_fn out, void *arg);

#endif
