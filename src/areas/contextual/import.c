/*
 * import.c (contextual) — reading `haven import missing-episodes` files into
 * episodes (contract in import.h).
 */
#include "areas/contextual/import.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/csv_lines.h"

const char *const import_episode_columns[] = {
    "police_reference", "given_name",   "family_name",         "date_of_birth",   "la_code",
    "reported_at",      "risk_grading", "missing_from",        "placing_la_code", "placing_authority",
    "returned_at",      "found_where",  "safe_and_well_check",
};

/* placing_la_code's place in the header (files written before it was a column lack it) */
#define PLACING_LA_CODE_COLUMN 8

/*
 * Whether `head` is the header of the files written before placing_la_code
 * was a column (every other column, in order): a force's export made to it
 * still imports, its children's placing authorities typed as before.
 */
static bool is_header_without_placing_code(const json_t *head)
{
	if (json_array_size(head) != IMPORT_EPISODE_COLUMNS - 1)
		return false;
	for (size_t c = 0, i = 0; c < IMPORT_EPISODE_COLUMNS; c++) {
		if (c == PLACING_LA_CODE_COLUMN)
			continue;
		const char *name = json_string_value(json_array_get(head, i++));
		if (!name || strcmp(name, import_episode_columns[c]) != 0)
			return false;
	}
	return true;
}

/*
 * A CSV field as the episode's value: blank is absent; la_code and placing_la_code a number when they are a
 * whole one (else left as written, for the check to say what a code must be), so the check says of each what
 * it says of the API's; yes/no a boolean.
 */
static json_t *value_of(size_t column, const char *text)
{
	if (!text || !*text)
		return NULL;
	const char *name = import_episode_columns[column];
	if (strcmp(name, "la_code") == 0 || strcmp(name, "placing_la_code") == 0) {
		char *end;
		errno = 0;
		long long code = strtoll(text, &end, 10);
		if (*end == '\0' && end != text && errno == 0)
			return json_integer(code);
	}
	if (strcmp(name, "safe_and_well_check") == 0) {
		if (strcmp(text, "yes") == 0)
			return json_true();
		if (strcmp(text, "no") == 0)
			return json_false();
	}
	return json_string(text);
}

json_t *import_episodes_csv(const char *path, const char *data, size_t len, json_t **lines)
{
	*lines = NULL;
	json_t *records = csv_read_lines(path, data, len);
	if (!records)
		return NULL;
	bool without_code = is_header_without_placing_code(json_array_get(json_array_get(records, 0), 1));
	if (!without_code && !csv_header_is(path, records, import_episode_columns, IMPORT_EPISODE_COLUMNS)) {
		json_decref(records);
		return NULL;
	}
	size_t width = IMPORT_EPISODE_COLUMNS - without_code;
	json_t *episodes = json_array(), *starts = json_array();
	for (size_t r = 1; r < json_array_size(records); r++) {
		const json_t *record = json_array_get(records, r);
		long long line = json_integer_value(json_array_get(record, 0));
		const json_t *fields = json_array_get(record, 1);
		if (json_array_size(fields) != width) {
			fprintf(stderr,
			        "haven: %s line %lld: %zu fields where the header has %zu; nothing was "
			        "imported\n",
			        path, line, json_array_size(fields), width);
			json_decref(episodes);
			json_decref(starts);
			json_decref(records);
			return NULL;
		}
		json_t *e = json_object();
		for (size_t c = 0, i = 0; c < IMPORT_EPISODE_COLUMNS; c++) {
			if (without_code && c == PLACING_LA_CODE_COLUMN)
				continue;
			const json_t *f = json_array_get(fields, i++);
			json_t *v = json_is_null(f)
			                ? json_string("\x7f") /* not UTF-8: refused by the check */
			                : value_of(c, json_string_value(f));
			if (v)
				json_object_set_new(e, import_episode_columns[c], v);
		}
		json_array_append_new(episodes, e);
		json_array_append_new(starts, json_integer(line));
	}
	json_decref(records);
	*lines = starts;
	return episodes;
}

json_t *import_episodes_json(const json_t *doc)
{
	if (json_is_array(doc))
		return json_incref((json_t *)doc);
	const json_t *list = json_object_get(doc, "episodes");
	if (json_is_object(doc) && json_object_size(doc) == 1 && json_is_array(list))
		return json_incref((json_t *)list);
	return NULL;
}
