/*
 * form.c — urlencoded form decoding (see form.h).
 */
#include "http/form.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Decodes s[0..len) into a new string; FORM_NOT_TEXT if an escape is
 * malformed or a NUL byte is sent, raw or escaped (it would cut the value
 * short unseen).
 */
static char *decode(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] == '%') {
			int hi = i + 1 < len ? hex_value(s[i + 1]) : -1;
			int lo = i + 2 < len ? hex_value(s[i + 2]) : -1;
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
				free(out);
				return xstrdup(FORM_NOT_TEXT);
			}
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '\0') {
			free(out);
			return xstrdup(FORM_NOT_TEXT);
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return out;
}

void form_parse(const char *body, size_t len, struct field_pair **pairs, size_t *count)
{
	size_t n = 0, cap = 0;
	struct field_pair *list = NULL;
	size_t start = 0;
	while (start <= len) {
		const char *amp = memchr(body + start, '&', len - start);
		size_t end = amp ? (size_t)(amp - body) : len;
		if (end > start) {
			const char *eq = memchr(body + start, '=', end - start);
			size_t name_end = eq ? (size_t)(eq - body) : end;
			char *name = decode(body + start, name_end - start);
			char *value = eq ? decode(eq + 1, end - name_end - 1) : xstrdup("");
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				list = xrealloc(list, cap * sizeof *list);
			}
			list[n].name = name;
			list[n].value = value;
			n++;
		}
		if (!amp)
			break;
		start = end + 1;
	}
	*pairs = list;
	*count = n;
}

void form_pairs_free(struct field_pair *pairs, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free((char *)pairs[i].name);
		free((char *)pairs[i].value);
	}
	free(pairs);
}
