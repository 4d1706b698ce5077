/*
 * fuzz_json_text.c — Haven's JSON writer (core/json_text.h), which writes
 * every API answer and log line, against jansson's json_dumps.
 *
 * Input: any bytes. They are a string, an object's key and, when there are
 * at least eight, a real's bits: json_text_append writes each byte for byte
 * as json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER) does, or refuses exactly
 * what json_dumps refuses (a string that is not valid UTF-8), leaving the
 * buffer as it was; json_text_append_string writes the string as the whole
 * writer does.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_text.h"
#include "fuzz.h"

/* json_text_append's text after "x", or NULL where it refused; json_dumps's the same way. */
static void same_as_jansson(json_t *value, int precision)
{
	char *expected = json_dumps(value, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
	                                       JSON_REAL_PRECISION(precision));
	struct buf out = BUF_INIT;
	buf_append(&out, "x", 1);
	bool written = json_text_append(&out, value, precision);
	FUZZ_ASSERT(written == (expected != NULL));
	if (written) {
		FUZZ_ASSERT(out.len == 1 + strlen(expected));
		FUZZ_ASSERT(memcmp(out.data + 1, expected, out.len - 1) == 0);
	} else {
		FUZZ_ASSERT(out.len == 1 && out.data[1] == '\0');
	}
	free(expected);
	buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	json_t *string = json_stringn_nocheck(text, size);
	if (!string)
		return 0;
	same_as_jansson(string, 0);

	/* the piece writes what the whole writer writes */
	struct buf piece = BUF_INIT, whole = BUF_INIT;
	bool piece_written = json_text_append_string(&piece, text, size);
	bool whole_written = json_text_append(&whole, string, 0);
	FUZZ_ASSERT(piece_written == whole_written);
	FUZZ_ASSERT(piece.len == whole.len && (!piece.len || memcmp(piece.data, whole.data, piece.len) == 0));
	buf_free(&piece);
	buf_free(&whole);

	/* as a key, and beside another */
	json_t *object = json_object();
	json_object_set_new_nocheck(object, "before", json_true());
	json_object_setn_new_nocheck(object, text, size, string);
	same_as_jansson(object, 0);
	json_decref(object);

	if (size >= 8) {
		double value;
		memcpy(&value, data, sizeof value);
		json_t *real = isfinite(value) ? json_real(value) : NULL;
		if (real) {
			same_as_jansson(real, data[size - 1] % 18);
			json_decref(real);
		}
	}
	return 0;
}
