/*
 * actions.c (assurance) — what a return's and a case audit's action plans
 * share (actions.h).
 */
#include "areas/assurance/actions.h"

#include "router/fields.h"

json_t *assurance_action_statuses(const json_t *input, const json_t *action, const struct status_tag *tags)
{
	const char *status = field_text(input, "status");
	return status_tag_choices("status", tags, status ? status : field_text(action, "status"));
}
