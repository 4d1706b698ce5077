/*
 * actions.c (assurance) — what a return's and a case audit's action plans
 * share (actions.h).
 */
#include "areas/assurance/actions.h"

#include <stdio.h>
#include <string.h>

void assurance_action_mark_status(json_t *action, const struct status_tag *tags)
{
	const char *status = json_string_value(json_object_get(action, "status"));
	for (const struct status_tag *t = tags; t->status; t++) {
		char key[32];
		snprintf(key, sizeof key, "is_%s", t->status);
		json_object_set_new(action, key, json_boolean(status && strcmp(t->status, status) == 0));
	}
}
