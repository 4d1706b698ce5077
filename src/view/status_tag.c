/*
 * status_tag.c — looking up a status's words and tag colour (see status_tag.h).
 */
#include "view/status_tag.h"

#include <string.h>

#include "view/chosen_option.h"

const struct status_tag *status_tag_find(const struct status_tag *table, const char *status)
{
	for (; status && table->status; table++)
		if (strcmp(table->status, status) == 0)
			return table;
	return NULL;
}

void status_tag_set(json_t *record, const struct status_tag *entry)
{
	if (!entry)
		return;
	json_object_set_new(record, "status", json_string(entry->status));
	json_object_set_new(record, "status_label", json_string(entry->label));
	json_object_set_new(record, "status_tag", json_string(entry->tag));
}

json_t *status_tag_choices(const char *name, const struct status_tag *table, const char *chosen)
{
	json_t *choices = json_array();
	for (size_t i = 0; table[i].status; i++)
		json_array_append_new(choices,
		                      chosen_option_radio(name, i, table[i].status, table[i].label, chosen));
	return choices;
}
