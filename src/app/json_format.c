/*
 * json_format.c — a document checker's objects and their keys, each format
 * in its own words (json_format.h).
 */
#include "app/json_format.h"

#include "core/utf8.h"

void json_format_keys(const struct json_format *format, struct json_problems *c, const json_t *obj,
                      const char *path, const char *const *allowed)
{
	if (format->unknown_key) {
		json_problems_unknown_keys(c, obj, path, allowed, format->unknown_key);
		return;
	}
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)obj, key, v)
	{
		if (!json_key_allowed(key, allowed))
			json_problem(c, path, "%s \"%.*s\"",
			             format->unknown_key_words ? format->unknown_key_words
			                                       : "has a key the format does not know:",
			             (int)utf8_cut_length(key, 60), key);
	}
}

bool json_format_item(const struct json_format *format, struct json_problems *c, const json_t *item,
                      const char *list_path, size_t i, const char *const *allowed, const char *not_object,
                      char *path, size_t size)
{
	json_path_index(path, size, list_path, i);
	if (!json_is_object(item)) {
		json_problem(c, path, "%s", not_object ? not_object : "must be an object");
		return false;
	}
	json_format_keys(format, c, item, path, allowed);
	return true;
}
