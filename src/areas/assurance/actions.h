/*
 * actions.h (assurance, private) — what the two kinds of action plan share
 * (a return's actions in returns.c, a case audit's in case_audits.c): the
 * fields of an update, and the update form's choice of status. Each keeps
 * its own statuses and words.
 */
#ifndef HAVEN_ASSURANCE_ACTIONS_H
#define HAVEN_ASSURANCE_ACTIONS_H

#include <jansson.h>

#include "router/fields.h"
#include "view/status_tag.h"

/*
 * The field specs of an action's update: its status (one of the statuses
 * of `tags`, the status_tag table that says how each looks) and the
 * evidence of completion and impact.
 *     const struct field_spec x_fields[] = {ASSURANCE_ACTION_UPDATE_FIELDS(x_tags), {0}};
 */
#define ASSURANCE_ACTION_UPDATE_FIELDS(tags)                                                                 \
	{.name = "status",                                                                                   \
	 .label = "the status",                                                                              \
	 .type = FIELD_CHOICE,                                                                               \
	 .required = true,                                                                                   \
	 STATUS_TAG_FIELD_CHOICES(tags)},                                                                    \
	    {.name = "completion_evidence",                                                                  \
	     .label = "the evidence of completion",                                                          \
	     .type = FIELD_TEXT,                                                                             \
	     .max = 5000},                                                                                   \
	{                                                                                                    \
		.name = "impact_evidence", .label = "the evidence of impact", .type = FIELD_TEXT,            \
		.max = 5000                                                                                  \
	}

/*
 * The update form's radios for the statuses of `tags` (ended by {0}), a new
 * array (status_tag_choices): the status typed in `input` checked when the
 * page is shown again, else the one `action` is in.
 */
json_t *assurance_action_statuses(const json_t *input, const json_t *action, const struct status_tag *tags);

#endif
