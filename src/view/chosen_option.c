/*
 * chosen_option.c — marking the chosen row of a form's options, and a
 * field's radios with the chosen one checked (see chosen_option.h).
 */
#include "view/chosen_option.h"

#include <stdio.h>
#include <string.h>

void chosen_option_mark(json_t *rows, const char *field, const json_t *chosen)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) json_object_set_new(
	    r, "selected", json_boolean(chosen && json_equal(json_object_get(r, field), chosen)));
}

json_t *chosen_option_radios(const char *name, const char *const *values, const char *const *labels,
                             const char *chosen)
{
	json_t *list = json_array();
	for (size_t i = 0; values[i]; i++) {
		char id[64];
		snprintf(id, sizeof id, i == 0 ? "%s" : "%s-%s", name, values[i]);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b}", "id", id, "value", values[i],
		                                      "label", labels[i], "checked",
		                                      chosen && strcmp(chosen, values[i]) == 0));
	}
	return list;
}
