/*
 * document_versions.c — publishing an area's built-in demo document
 * (document_versions.h); the table's statements are run by
 * document_versions_sqlite.c.
 */
#include "app/document_versions.h"

#include "core/embedded.h"
#include "core/log.h"

enum haven_status document_version_load_demo(const struct document_versions *v, const char *name,
                                             bool (*check)(const json_t *doc, json_t *problems))
{
	const struct embedded_file *file = embedded_find(name);
	if (!file)
		return HAVEN_ERR_NOT_FOUND;
	json_error_t jerr;
	json_t *doc = json_loadb(file->data, file->size, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		log_error("the demo %s does not parse: %s (line %d)", v->what, jerr.text, jerr.line);
		return HAVEN_ERR_INTERNAL;
	}
	json_t *problems = json_array();
	enum haven_status st = HAVEN_OK;
	if (!check(doc, problems)) {
		json_t *first = json_array_get(problems, 0);
		log_error("the demo %s is not valid: %s: %s", v->what,
		          json_string_value(json_object_get(first, "path")),
		          json_string_value(json_object_get(first, "message")));
		st = HAVEN_ERR_INTERNAL;
	}
	json_decref(problems);
	if (st == HAVEN_OK)
		st = document_version_publish(v, doc, 0, NULL, NULL);
	json_decref(doc);
	return st;
}
