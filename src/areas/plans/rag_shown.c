/*
 * rag_shown.c (plans) — how an action's status and an action's or a plan's
 * RAG status are shown (plans.h), for a plan's actions and a meeting's
 * alike: the statuses' words, the RAG status read from an action's record
 * by the one rule (rag.h), given as its key, its words and its GOV.UK tag
 * colour, and an action with its words and its due date in words.
 */
#include <string.h>

#include "areas/plans/plans.h"
#include "app/date_words.h"
#include "core/calendar.h"
#include "router/fields.h"

const struct status_tag plans_action_statuses[] = {
    {"not_started", "Not started", NULL}, {"in_progress", "In progress", NULL}, {"done", "Done", NULL}, {0}};

static const struct {
	const char *label, *tag;
} rag_words[] = {
    [RAG_NONE] = {"No actions yet", "govuk-tag--grey"},
    [RAG_GREEN] = {"Green", "govuk-tag--green"},
    [RAG_AMBER] = {"Amber", "govuk-tag--yellow"},
    [RAG_RED] = {"Red", "govuk-tag--red"},
};

void plans_rag_set(json_t *record, enum rag rag)
{
	json_object_set_new(record, "rag", json_string(rag_key(rag)));
	json_object_set_new(record, "rag_label", json_string(rag_words[rag].label));
	json_object_set_new(record, "rag_tag", json_string(rag_words[rag].tag));
}

enum rag plans_action_rag_set(json_t *action, int32_t today)
{
	const char *status = field_text(action, "status");
	json_t *evidence = json_object_get(action, "evidence");
	/* a list row says 1 or 0; a full action has the text (NULL: none) */
	bool evidenced = json_is_string(evidence) ? *json_string_value(evidence) != '\0'
	                                          : json_is_true(evidence) || json_integer_value(evidence);
	int32_t due = 0;
	enum rag rag = RAG_NONE;
	if (calendar_parse(field_text(action, "due_on"), &due))
		rag = rag_of_action(due, today, status && strcmp(status, "done") == 0, evidenced);
	plans_rag_set(action, rag);
	return rag;
}

enum rag plans_action_describe(json_t *action, int32_t today, const char *label_field)
{
	enum rag rag = plans_action_rag_set(action, today);
	const struct status_tag *words = status_tag_find(plans_action_statuses, field_text(action, "status"));
	if (words)
		json_object_set_new(action, label_field, json_string(words->label));
	date_words_set(action, "due_on", "due_words");
	return rag;
}
