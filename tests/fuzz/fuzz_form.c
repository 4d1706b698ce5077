/*
 * fuzz_form.c — the urlencoded form decoder (http/form.h), which reads every
 * form body a browser, or anyone, posts.
 *
 * Beyond not crashing: a body re-encodes (every byte as %XX) to a
 * body that decodes to the same pairs, and a pair with no '%' or '+' decodes
 * to exactly its own bytes (so nothing is silently cut short or changed);
 * a piece with a NUL byte is FORM_NOT_TEXT.
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "fuzz.h"
#include "http/form.h"

static void encode(struct buf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		buf_printf(out, "%%%02X", *p);
}

/* The raw text of pair `index` (0-based, empty pairs skipped) in body[0..len), as form_parse splits it. */
static bool raw_pair(const char *body, size_t len, size_t index, const char **start, size_t *size)
{
	size_t i = 0, seen = 0;
	while (i <= len) {
		const char *amp = len > i ? memchr(body + i, '&', len - i) : NULL;
		size_t end = amp ? (size_t)(amp - body) : len;
		if (end > i && seen++ == index) {
			*start = body + i;
			*size = end - i;
			return true;
		}
		if (!amp)
			break;
		i = end + 1;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct field_pair *pairs = NULL;
	size_t count = 0;
	form_parse(body, size, &pairs, &count);

	struct buf again = BUF_INIT;
	for (size_t i = 0; i < count; i++) {
		FUZZ_ASSERT(pairs[i].name && pairs[i].value);
		const char *raw;
		size_t raw_size;
		FUZZ_ASSERT(raw_pair(body, size, i, &raw, &raw_size));
		if (!memchr(raw, '%', raw_size) && !memchr(raw, '+', raw_size) &&
		    !memchr(raw, '\0', raw_size)) {
			const char *eq = memchr(raw, '=', raw_size);
			size_t name_size = eq ? (size_t)(eq - raw) : raw_size;
			FUZZ_ASSERT(strlen(pairs[i].name) == name_size &&
			            memcmp(pairs[i].name, raw, name_size) == 0);
			if (eq) {
				size_t value_size = raw_size - name_size - 1;
				FUZZ_ASSERT(strlen(pairs[i].value) == value_size &&
				            memcmp(pairs[i].value, eq + 1, value_size) == 0);
			}
		}
		if (i)
			buf_append(&again, "&", 1);
		encode(&again, pairs[i].name);
		buf_append(&again, "=", 1);
		encode(&again, pairs[i].value);
	}

	struct field_pair *pairs2 = NULL;
	size_t count2 = 0;
	form_parse(buf_cstr(&again), again.len, &pairs2, &count2);
	/* A pair with an empty name and value re-encodes as "=", which still counts as a pair. */
	FUZZ_ASSERT(count2 == count);
	for (size_t i = 0; i < count; i++)
		FUZZ_ASSERT(strcmp(pairs[i].name, pairs2[i].name) == 0 &&
		            strcmp(pairs[i].value, pairs2[i].value) == 0);
	form_pairs_free(pairs2, count2);
	form_pairs_free(pairs, count);
	buf_free(&again);
	return 0;
}
