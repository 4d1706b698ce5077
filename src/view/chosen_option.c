/*
 * chosen_option.c — marking the chosen row of a form's options, the ticked
 * rows of its checkboxes, and a field's radios with the chosen one checked
 * (see chosen_option.h).
 */
#include "view/chosen_option.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void chosen_option_mark(json_t *rows, const char *field, const json_t *chosen)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) json_object_set_new(
	    r, "selected", json_boolean(chosen && json_equal(json_object_get(r, field), chosen)));
}

void chosen_option_tick(json_t *rows, const char *field, const json_t *chosen)
{
	size_t i, j;
	json_t *r, *c;
	json_array_foreach(rows, i, r)
	{
		bool ticked = false;
		json_array_foreach(chosen, j, c) ticked = ticked || json_equal(json_object_get(r, field), c);
		json_object_set_new(r, "checked", json_boolean(ticked));
	}
}

json_t *chosen_option_radio(const char *name, size_t index, const char *value, const char *label,
                            const char *chosen)
{
	char id[64];
	snprintf(id, sizeof id, index == 0 ? "%s" : "%s-%s", name, value);
	return json_pack("{s:s, s:s, s:s, s:b}", "id", id, "value", value, "label", label, "checked",
	                 chosen && strcmp(chosen, value) == 0);
}

json_t *chosen_option_radios(const char *name, const char *const *values, const char *const *labels,
                             const char *chosen)
{
	json_t *list = json_array();
	for (size_t i = 0; values[i]; i++)
		json_array_append_new(list, chosen_option_radio(name, i, values[i], labels[i], chosen));
	return list;
}
