/*
 * chronology.c — event objects for a child's chronology from an area's rows
 * (see chronology.h).
 */
#include "app/chronology.h"

#include <stdio.h>

void chronology_add_rows(json_t *events, json_t *rows, const struct chronology_kind *kind)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_t *at = json_object_get(row, "at");
		if (!json_is_string(at))
			continue;
		long long id = json_integer_value(json_object_get(row, "record_id"));
		char href[128];
		snprintf(href, sizeof href, "%s%lld", kind->href, id);
		char words[CHRONOLOGY_TEXT_SIZE];
		const char *text = json_string_value(json_object_get(row, "text"));
		if (kind->text) {
			kind->text(row, words, sizeof words);
			text = words;
		}
		json_t *agency = json_object_get(row, "agency");
		json_array_append_new(
		    events,
		    json_pack("{s:O, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "at", at, "kind", kind->kind,
		              "kind_label", kind->kind_label, "text", text ? text : "", "agency",
		              json_is_string(agency) ? json_string_value(agency) : "Not recorded", "href",
		              href, "action", kind->action, "record_type", kind->record_type, "record_id",
		              (json_int_t)id));
	}
	json_decref(rows);
}
