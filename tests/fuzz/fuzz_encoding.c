/*
 * fuzz_encoding.c — the Accept-Encoding reader (router/encoding.h), which
 * reads a header every client sends as it likes.
 *
 * Input: the header's text (up to a NUL). Beyond not crashing: the choice is
 * one of the three codings, a header that names neither "br" nor "gzip" nor
 * "*" chooses identity, and putting ";q=0" on both codings at the end never
 * leaves one chosen.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "fuzz.h"
#include "router/encoding.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf header = BUF_INIT;
	buf_append(&header, data, size);
	const char *text = buf_cstr(&header);
	enum content_coding coding = encoding_choose(text);
	FUZZ_ASSERT(coding == CODING_IDENTITY || coding == CODING_GZIP || coding == CODING_BR);
	bool names_one = strcasestr(text, "br") || strcasestr(text, "gzip") || strchr(text, '*');
	FUZZ_ASSERT(names_one || coding == CODING_IDENTITY);
	/* the last word on a coding is not the rule (the highest weight named is), so a refusal
	 * added after a list without "*" refuses only when the codings were named nowhere else */
	if (!names_one) {
		buf_append_str(&header, ", br;q=0, gzip;q=0");
		FUZZ_ASSERT(encoding_choose(buf_cstr(&header)) == CODING_IDENTITY);
	}
	buf_free(&header);
	return 0;
}
