/*
 * utf8.c — cutting text at a character boundary, and counting its characters (see utf8.h).
 */
#include "core/utf8.h"

#include <string.h>

size_t utf8_cut_length(const char *text, size_t most)
{
	if (!text)
		return 0;
	const unsigned char *s = (const unsigned char *)text;
	size_t len = strnlen(text, most);
	if (!s[len])
		return len; /* it fits */
	while (len > 0 && (s[len] & 0xc0) == 0x80)
		len--; /* s[len] continues a character begun before it: back up to where that one starts */
	return len;
}

void utf8_copy(char *dst, size_t size, const char *text)
{
	size_t len = utf8_cut_length(text, size - 1);
	if (len)
		memcpy(dst, text, len);
	dst[len] = '\0';
}

size_t utf8_characters(const char *text)
{
	size_t n = 0;
	for (const unsigned char *s = (const unsigned char *)(text ? text : ""); *s; s++)
		n += (*s & 0xc0) != 0x80;
	return n;
}
