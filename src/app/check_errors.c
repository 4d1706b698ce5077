/*
 * check_errors.c — a record checker's problems, prefixed for a batch, and
 * its canonical record's content hash (check_errors.h).
 */
#include "app/check_errors.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "router/errors.h"

struct check_errors check_errors_start(json_t *list, const char *field_prefix, const char *message_prefix)
{
	return (struct check_errors){.list = list,
	                             .field_prefix = field_prefix,
	                             .message_prefix = message_prefix,
	                             .before = json_array_size(list)};
}

void check_errors_add(struct check_errors *e, const char *field, const char *fmt, ...)
{
	/* the checker's own words first, so the capital is theirs and not the prefix's */
	json_t *own = json_array();
	va_list ap;
	va_start(ap, fmt);
	errors_vaddf(own, field, fmt, ap);
	va_end(ap);
	const json_t *error = json_array_get(own, 0);
	if (strcmp(json_string_value(json_object_get(error, "field")), field) != 0) {
		/* errors_add's stand-in for a message that is not valid text: said once, unprefixed */
		json_array_append_new(
		    e->list, json_pack("{s:s, s:s}", "field", "", "message", "A field is not valid text"));
	} else {
		struct buf name = BUF_INIT;
		buf_printf(&name, "%s%s", e->field_prefix ? e->field_prefix : "", field);
		errors_addf(e->list, buf_cstr(&name), "%s%s", e->message_prefix ? e->message_prefix : "",
		            json_string_value(json_object_get(error, "message")));
		buf_free(&name);
	}
	json_decref(own);
}

bool check_errors_found(const struct check_errors *e)
{
	return json_array_size(e->list) != e->before;
}

json_t *check_errors_finish(const struct check_errors *e, json_t *record)
{
	if (check_errors_found(e)) {
		json_decref(record);
		return NULL;
	}
	char *text = json_dumps(record, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	if (!text)
		abort();
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)text, strlen(text));
	free(text);
	char hash[CHECK_HASH_SIZE];
	sodium_bin2hex(hash, sizeof hash, digest, sizeof digest);
	json_object_set_new(record, "content_hash", json_string(hash));
	return record;
}
