/*
 * cookie.c — reading one cookie from a Cookie header (see cookie.h).
 */
#include "http/cookie.h"

#include <string.h>

/* RFC 6265's cookie-octet: printable ASCII but for '"', ',', ';' and '\'. */
static bool cookie_octet(unsigned char c)
{
	return c >= 0x21 && c <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\';
}

/* The span [*start, *start + *len) without the spaces and tabs at its ends. */
static void trim(const char **start, size_t *len)
{
	while (*len && (**start == ' ' || **start == '\t')) {
		(*start)++;
		(*len)--;
	}
	while (*len && ((*start)[*len - 1] == ' ' || (*start)[*len - 1] == '\t'))
		(*len)--;
}

/* Whether the pair `pair` (`len` bytes, no ';') is the cookie `name`, well formed; if so, its value. */
static bool pair_is(const char *pair, size_t len, const char *name, const char **value, size_t *value_len)
{
	const char *eq = memchr(pair, '=', len);
	if (!eq)
		return false;
	const char *key = pair;
	size_t key_len = (size_t)(eq - pair);
	trim(&key, &key_len);
	if (key_len != strlen(name) || memcmp(key, name, key_len) != 0)
		return false;
	const char *v = eq + 1;
	size_t v_len = (size_t)(pair + len - v);
	trim(&v, &v_len);
	if (v_len >= 2 && v[0] == '"' && v[v_len - 1] == '"') {
		v++;
		v_len -= 2;
	}
	for (size_t i = 0; i < v_len; i++)
		if (!cookie_octet((unsigned char)v[i]))
			return false;
	*value = v;
	*value_len = v_len;
	return true;
}

bool cookie_value(const char *header, const char *name, char *out, size_t size)
{
	if (size)
		out[0] = '\0';
	for (const char *p = header; p && *p;) {
		size_t len = strcspn(p, ";");
		const char *value;
		size_t value_len;
		if (pair_is(p, len, name, &value, &value_len)) {
			if (value_len >= size)
				return false;
			memcpy(out, value, value_len);
			out[value_len] = '\0';
			return true;
		}
		p += len;
		if (*p == ';')
			p++;
	}
	return false;
}
