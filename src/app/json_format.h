/*
 * json_format.h — how a checker of a published JSON document (threshold's
 * levels-of-need framework, neglect's tool, contextual's exploitation
 * screening tool, assurance's standards) takes an object from it: an item of
 * a list that is not an object is reported, and so is each key the
 * document's format does not have (a misspelt key would otherwise be silently
 * lost), in that format's own words. Problems are reported as
 * core/json_problems.h says.
 */
#ifndef HAVEN_APP_JSON_FORMAT_H
#define HAVEN_APP_JSON_FORMAT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/json_problems.h"

/* A document format's words for a key it does not have. */
struct json_format {
	/*
	 * Said at PATH.KEY ("is not a field of the neglect tool format"); NULL:
	 * said at PATH, quoting the key ("has a key the format does not know: \"colour\"").
	 */
	const char *unknown_key;
	/* With unknown_key NULL, the words before the quoted key ("unknown field"); NULL: as above. */
	const char *unknown_key_words;
};

/* Reports each key of `obj` (at `path`) not in `allowed` (ended by NULL). */
void json_format_keys(const struct json_format *format, struct json_problems *c, const json_t *obj,
                      const char *path, const char *const *allowed);

/*
 * Item i of the list at `list_path`, its path written to `path` (`size`
 * bytes): false, having said `not_object` (NULL: "must be an object"), when
 * it is not an object; else true, its keys not in `allowed` reported.
 */
bool json_format_item(const struct json_format *format, struct json_problems *c, const json_t *item,
                      const char *list_path, size_t i, const char *const *allowed, const char *not_object,
                      char *path, size_t size);

#endif
