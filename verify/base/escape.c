#include <stdint.h>
#include <stdlib.h>

#include "base/escape.h"

/* Writes the escaped form of c at out, returns the bytes written (1-4). */
static size_t
escape_byte(unsigned char c, char *out)
{
	static const char hex[] = "0123456789abcdef";

	switch (c) {
	case '\\':
		out[0] = '\\';
		out[1] = '\\';
		return 2;
	case '\n':
		out[0] = '\\';
		out[1] = 'n';
		return 2;
	case '\t':
		out[0] = '\\';
		out[1] = 't';
		return 2;
	case '\r':
		out[0] = '\\';
		out[1] = 'r';
		return 2;
	default:
		break;
	}
	if (c >= 0x20 && c < 0x7f) {
		out[0] = (char)c;
		return 1;
	}
	out[0] = '\\';
	out[1] = 'x';
	out[2] = hex[c >> 4];
	out[3] = hex[c & 0x0f];
	return 4;
}

char *
escape_dup(const char *s, size_t len)
{
	char *out;
	size_t i, o = 0;

	if (len > (SIZE_MAX - 1) / 4)
		return NULL;
	out = malloc(len * 4 + 1);
	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++)
		o += escape_byte((unsigned char)s[i], out + o);
	out[o] = '\0';
	return out;
}
