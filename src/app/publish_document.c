/*
 * publish_document.c — reading and checking a versioned document sent to a
 * publish page or API call (see publish_document.h).
 */
#include "app/publish_document.h"

#include <stdio.h>

#include "core/utf8.h"
#include "router/fields.h"

json_t *publish_document_read(struct request *req, struct response *res, const char *name,
                              bool (*check)(const json_t *doc, json_t *problems))
{
	const char *text = field_text(req->input, "document");
	json_error_t parse_error;
	json_t *doc = json_loads(text ? text : "", JSON_REJECT_DUPLICATES, &parse_error);
	if (!doc) {
		char message[400];
		snprintf(message, sizeof message, "The %s is not valid JSON: line %d, column %d: %s", name,
		         parse_error.line, parse_error.column, parse_error.text);
		response_error(res, "document", message);
		return NULL;
	}
	json_t *problems = json_array();
	bool ok = check(doc, problems);
	size_t i;
	json_t *p;
	json_array_foreach(problems, i, p)
	{
		char message[800];
		snprintf(message, sizeof message, "%s: %s", field_text(p, "path"), field_text(p, "message"));
		response_error(res, "document", message);
	}
	json_decref(problems);
	if (!ok) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

void publish_document_version_taken(struct response *res, const json_t *doc, const char *version_of)
{
	char message[300];
	snprintf(message, sizeof message,
	         "$.version: version %.*s%s is already published: give the new version a version string "
	         "of its own",
	         (int)utf8_cut_length(field_text(doc, "version"), 100), field_text(doc, "version"),
	         version_of ? version_of : "");
	response_conflict(res, "document", message);
}

json_t *publish_document_versions(const char *title, json_t *rows)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) json_object_set_new(r, "current", json_boolean(i == 0));
	return json_pack("{s:s, s:O, s:o}", "title", title, "current",
	                 json_array_size(rows) ? json_array_get(rows, 0) : json_null(), "versions", rows);
}
