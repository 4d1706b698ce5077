/*
 * chosen_option.c — marking the chosen row of a form's options (see
 * chosen_option.h).
 */
#include "view/chosen_option.h"

void chosen_option_mark(json_t *rows, const char *field, const json_t *chosen)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) json_object_set_new(
	    r, "selected", json_boolean(chosen && json_equal(json_object_get(r, field), chosen)));
}
