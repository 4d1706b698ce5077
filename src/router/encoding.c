/*
 * encoding.c — which compression a client accepts (contract in encoding.h).
 */
#include "router/encoding.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The q-value of the list element `param` ("q=0.5"; none: 1), in thousandths; -1 if malformed. */
static int q_of(const char *param, size_t len)
{
	while (len && isspace((unsigned char)*param))
		param++, len--;
	if (len == 0)
		return 1000;
	if (len < 2 || tolower((unsigned char)param[0]) != 'q' || param[1] != '=')
		return 1000; /* another parameter: not a weight */
	param += 2, len -= 2;
	if (len == 0 || (param[0] != '0' && param[0] != '1'))
		return -1;
	int q = (param[0] - '0') * 1000, scale = 100;
	if (len > 1 && param[1] == '.')
		for (size_t i = 2; i < len && i < 5 && isdigit((unsigned char)param[i]); i++, scale /= 10)
			q += (param[i] - '0') * scale;
	return q > 1000 ? 1000 : q;
}

/* The q-value `header` gives `coding` (or "*" when it is not named); 0 when neither. */
static int weight(const char *header, const char *coding, const char *alias)
{
	int named = -1, any = -1;
	const char *p = header;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *semi = memchr(p, ';', len);
		size_t name_len = semi ? (size_t)(semi - p) : len;
		const char *name = p;
		while (name_len && isspace((unsigned char)*name))
			name++, name_len--;
		while (name_len && isspace((unsigned char)name[name_len - 1]))
			name_len--;
		int q = semi ? q_of(semi + 1, len - (size_t)(semi + 1 - p)) : 1000;
		bool is_coding =
		    (name_len == strlen(coding) && strncasecmp(name, coding, name_len) == 0) ||
		    (alias && name_len == strlen(alias) && strncasecmp(name, alias, name_len) == 0);
		if (q >= 0 && is_coding)
			named = q > named ? q : named;
		else if (q >= 0 && name_len == 1 && *name == '*')
			any = q;
		p = end ? end + 1 : p + len;
	}
	int q = named >= 0 ? named : any;
	return q > 0 ? q : 0;
}

enum content_coding encoding_choose(const char *accept_encoding)
{
	if (!accept_encoding)
		return CODING_IDENTITY;
	int br = weight(accept_encoding, "br", NULL), gzip = weight(accept_encoding, "gzip", "x-gzip");
	if (br > 0 && br >= gzip)
		return CODING_BR;
	if (gzip > 0)
		return CODING_GZIP;
	return br > 0 ? CODING_BR : CODING_IDENTITY;
}

const char *encoding_name(enum content_coding coding)
{
	switch (coding) {
	case CODING_BR: return "br";
	case CODING_GZIP: return "gzip";
	default: return NULL;
	}
}
