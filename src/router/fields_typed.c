/*
 * fields_typed.c — what was typed, carried to a page that shows it again
 * (contract in fields.h): a form's text kept by field name, its lists
 * whole and its secrets left out (fields_keep_typed), and a list field's
 * row of boxes with their ids (fields_entry_id, fields_list_boxes).
 */
#include <stdio.h>
#include <string.h>

#include "router/fields.h"
#include "router/fields_internal.h"

void fields_keep_typed(json_t *typed, const struct field_spec *specs, const struct field_pair *pairs,
                       size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct field_spec *f = fields_find_spec(specs, pairs[i].name);
		if (f && f->secret)
			continue;
		json_t *text = json_string(pairs[i].value);
		if (!text) /* not valid UTF-8 */
			continue;
		if (!f || !f->multiple) {
			json_object_set_new(typed, pairs[i].name, text);
			continue;
		}
		json_t *list = json_object_get(typed, pairs[i].name);
		if (!json_is_array(list) &&
		    json_object_set_new(typed, pairs[i].name, list = json_array()) != 0) {
			json_decref(text); /* a name that is not text: jansson has freed the list */
			continue;
		}
		json_array_append_new(list, text);
	}
}

bool fields_secret(const struct field_spec *specs, const char *name)
{
	for (const struct field_spec *f = specs; f && f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f->secret;
	return false;
}

void fields_entry_id(const char *name, size_t item, char *out, size_t size)
{
	if (item == 0)
		snprintf(out, size, "%s", name);
	else
		snprintf(out, size, "%s-%zu", name, item + 1);
}

json_t *fields_list_boxes(const char *name, const json_t *entries, size_t count)
{
	json_t *boxes = json_array();
	for (size_t i = 0; i < count || i < json_array_size(entries); i++) {
		const json_t *v = json_array_get(entries, i);
		char id[128], number[32];
		fields_entry_id(name, i, id, sizeof id);
		const char *value = "";
		if (json_is_integer(v)) {
			snprintf(number, sizeof number, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			value = number;
		} else if (json_is_string(v)) {
			value = json_string_value(v);
		}
		json_array_append_new(boxes, json_pack("{s:s, s:I, s:s}", "input_id", id, "number",
		                                       (json_int_t)(i + 1), "value", value));
	}
	return boxes;
}
