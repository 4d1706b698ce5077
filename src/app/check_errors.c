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
	/* the checker's own words are made a sentence before the prefix goes in front of them */
	char message[ERRORS_MESSAGE_SIZE + 1];
	va_list ap;
	va_start(ap, fmt);
	errors_message_vformat(message, fmt, ap);
	va_end(ap);
	struct buf name = BUF_INIT;
	buf_printf(&name, "%s%s", e->field_prefix ? e->field_prefix : "", field);
	errors_addf(e->list, buf_cstr(&name), "%s%s", e->message_prefix ? e->message_prefix : "", message);
	buf_free(&name);
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
