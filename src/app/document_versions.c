/*
 * document_versions.c — publishing an area's built-in demo document
 * (document_versions.h); the table's statements are run by
 * document_versions_sqlite.c.
 */
#include "app/document_versions.h"

#include "core/embedded.h"
#include "core/log.h"

enum haven_status document_demo_read(const char *name, const char *what,
                                     bool (*check)(const json_t *doc, json_t *problems), json_t **doc)
{
	*doc = NULL;
	const struct embedded_file *file = embedded_find(name);
	if (!file)
		return HAVEN_ERR_NOT_FOUND;
	json_error_t jerr;
	json_t *read = json_loadb(file->data, file->size, JSON_REJECT_DUPLICATES, &jerr);
	if (!read) {
		log_error("the demo %s does not parse: %s (line %d)", what, jerr.text, jerr.line);
		return HAVEN_ERR_INTERNAL;
	}
	json_t *problems = json_array();
	enum haven_status st = HAVEN_OK;
	if (!check(read, problems)) {
		json_t *first = json_array_get(problems, 0);
		log_error("the demo %s is not valid: %s: %s", what,
		          json_string_value(json_object_get(first, "path")),
		          json_string_value(json_object_get(first, "message")));
		st = HAVEN_ERR_INTERNAL;
	}
	json_decref(problems);
	if (st == HAVEN_OK)
		*doc = read;
	else
		json_decref(read);
	return st;
}

enum haven_status document_version_load_demo(const struct document_versions *v, const char *name,
                                             bool (*check)(const json_t *doc, json_t *problems))
{
	json_t *doc = NULL;
	enum haven_status st = document_demo_read(name, v->what, check, &doc);
	if (st == HAVEN_OK)
		st = document_version_publish(v, doc, 0, NULL, NULL);
	json_decref(doc);
	return st;
}
