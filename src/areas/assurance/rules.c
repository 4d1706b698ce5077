/*
 * rules.c (assurance) — a return's status and a cycle's heatmap (rules.h).
 */
#include "areas/assurance/rules.h"

#include <string.h>

#include "areas/assurance/standards.h"
#include "core/calendar.h"
#include "view/status_tag.h"

/* Each status's words and tag; the words say it all, the colour repeats them. */
static const struct status_tag return_statuses[] = {
    {"not_open", "Not open yet", "govuk-tag--grey"},
    {"not_started", "Not started", "govuk-tag--blue"},
    {"draft", "In progress", "govuk-tag--light-blue"},
    {"overdue", "Overdue", "govuk-tag--red"},
    {"submitted", "Submitted", "govuk-tag--green"},
    {"submitted_late", "Submitted late", "govuk-tag--orange"},
    {0},
};

const char *assurance_return_status(const char *opens_on, const char *returns_due_on,
                                    const char *submitted_on, bool scored, const char *today)
{
	/* "YYYY-MM-DD" dates compare as text */
	if (submitted_on)
		return strcmp(submitted_on, returns_due_on) > 0 ? "submitted_late" : "submitted";
	if (strcmp(today, opens_on) < 0)
		return "not_open";
	if (strcmp(today, returns_due_on) > 0)
		return "overdue";
	return scored ? "draft" : "not_started";
}

void assurance_return_tag(json_t *record, const char *status)
{
	status_tag_set(record, status_tag_find(return_statuses, status));
}

/* The GOV.UK tag colour that repeats a rating's words. */
static const char *rating_tag(const char *rating)
{
	if (strcmp(rating, "red") == 0)
		return "govuk-tag--red";
	if (strcmp(rating, "amber") == 0)
		return "govuk-tag--yellow";
	if (strcmp(rating, "green") == 0)
		return "govuk-tag--green";
	return "govuk-tag--grey";
}

/* Finds or appends the agency row for return `return_id` (rows arrive grouped by return). */
static json_t *agency_row(json_t *agencies, const json_t *doc, const json_t *r)
{
	json_int_t return_id = json_integer_value(json_object_get(r, "return_id"));
	json_t *last = json_array_get(agencies, json_array_size(agencies) - 1);
	if (last && json_integer_value(json_object_get(last, "return_id")) == return_id)
		return last;
	json_t *cells = json_array();
	size_t i;
	const json_t *s;
	json_array_foreach(json_object_get(doc, "standards"), i, s)
	{
		json_array_append_new(cells,
		                      json_pack("{s:O, s:n, s:s, s:s, s:s, s:b}", "standard_id",
		                                json_object_get(s, "id"), "score", "label", "Not scored",
		                                "rating", "none", "tag", rating_tag("none"), "moderated", 0));
	}
	json_t *row = json_pack("{s:I, s:O?, s:O?, s:O?, s:O?, s:o}", "return_id", return_id, "agency_id",
	                        json_object_get(r, "agency_id"), "agency", json_object_get(r, "agency"), "la",
	                        json_object_get(r, "la"), "submitted_on", json_object_get(r, "submitted_on"),
	                        "cells", cells);
	json_array_append_new(agencies, row);
	return row;
}

json_t *assurance_heatmap(const json_t *doc, const json_t *rows)
{
	json_t *standards = json_array(), *totals = json_array(), *agencies = json_array();
	size_t i;
	const json_t *s;
	json_array_foreach(json_object_get(doc, "standards"), i, s)
	{
		json_array_append_new(standards, json_pack("{s:O, s:O}", "id", json_object_get(s, "id"),
		                                           "title", json_object_get(s, "title")));
		json_array_append_new(totals,
		                      json_pack("{s:O, s:i, s:i, s:i}", "standard_id",
		                                json_object_get(s, "id"), "red", 0, "amber", 0, "green", 0));
	}
	const json_t *r;
	json_array_foreach(rows, i, r)
	{
		json_t *row = agency_row(agencies, doc, r);
		const char *standard_id = json_string_value(json_object_get(r, "standard_id"));
		const char *own = json_string_value(json_object_get(r, "score"));
		const char *moderated = json_string_value(json_object_get(r, "moderated_score"));
		const char *score = moderated ? moderated : own;
		size_t k;
		json_t *cell;
		json_array_foreach(json_object_get(row, "cells"), k, cell)
		{
			if (strcmp(json_string_value(json_object_get(cell, "standard_id")), standard_id) != 0)
				continue;
			const json_t *entry = assurance_scale_entry(doc, score);
			const char *rating =
			    entry ? json_string_value(json_object_get(entry, "rating")) : "none";
			json_object_set_new(cell, "score", json_string(score));
			json_object_set(cell, "label", json_object_get(entry, "label"));
			json_object_set_new(cell, "rating", json_string(rating));
			json_object_set_new(cell, "tag", json_string(rating_tag(rating)));
			json_object_set_new(cell, "moderated", json_boolean(moderated != NULL));
			json_object_set_new(cell, "agency_score", json_string(own));
			json_t *total = json_array_get(totals, k);
			if (entry)
				json_object_set_new(
				    total, rating,
				    json_integer(json_integer_value(json_object_get(total, rating)) + 1));
			break;
		}
	}
	return json_pack("{s:o, s:o, s:o}", "standards", standards, "agencies", agencies, "totals", totals);
}

/* red 0, amber 1, green 2; -1 for none. */
static int rating_rank(const char *rating)
{
	static const char *const order[] = {"red", "amber", "green"};
	for (int i = 0; rating && i < 3; i++)
		if (strcmp(rating, order[i]) == 0)
			return i;
	return -1;
}

void assurance_heatmap_movement(json_t *heatmap, const json_t *previous_doc, const json_t *previous_rows)
{
	size_t i, k, p;
	json_t *agency, *cell;
	const json_t *r;
	json_array_foreach(json_object_get(heatmap, "agencies"), i, agency)
	{
		json_array_foreach(json_object_get(agency, "cells"), k, cell)
		{
			int now = rating_rank(json_string_value(json_object_get(cell, "rating")));
			json_array_foreach(previous_rows, p, r)
			{
				if (!json_equal(json_object_get(r, "agency_id"),
				                json_object_get(agency, "agency_id")) ||
				    !json_equal(json_object_get(r, "standard_id"),
				                json_object_get(cell, "standard_id")))
					continue;
				const char *moderated =
				    json_string_value(json_object_get(r, "moderated_score"));
				const char *score =
				    moderated ? moderated : json_string_value(json_object_get(r, "score"));
				const json_t *entry = assurance_scale_entry(previous_doc, score);
				int then = rating_rank(json_string_value(json_object_get(entry, "rating")));
				if (!entry || then < 0 || now < 0)
					break;
				const char *movement = now > then ? "better" : now < then ? "worse" : "same";
				const char *words = now > then   ? "Better than the last cycle"
				                    : now < then ? "Worse than the last cycle"
				                                 : "The same as the last cycle";
				json_object_set_new(cell, "previous_score", json_string(score));
				json_object_set(cell, "previous_label", json_object_get(entry, "label"));
				json_object_set_new(cell, "movement", json_string(movement));
				json_object_set_new(cell, "movement_label", json_string(words));
				break;
			}
		}
	}
}

void assurance_label_kind(json_t *record)
{
	const char *kind = json_string_value(json_object_get(record, "kind"));
	json_object_set_new(record, "kind_label",
	                    json_string(kind && strcmp(kind, "section175") == 0
	                                    ? "Section 175/157 (schools and colleges)"
	                                    : "Section 11 (agencies)"));
}

void assurance_next_due(json_t *record, int months, const char *last_submitted_on, const char *today)
{
	int32_t last;
	bool due = true;
	if (last_submitted_on && calendar_parse(last_submitted_on, &last)) {
		char next[CALENDAR_DATE_SIZE];
		calendar_format(calendar_add_months(last, months), next);
		json_object_set_new(record, "next_due_on", json_string(next));
		due = strcmp(next, today) < 0;
	} else {
		json_object_set_new(record, "next_due_on", json_null());
	}
	json_object_set_new(record, "overdue", json_boolean(due));
	json_object_set_new(record, "due_status", json_string(due ? "overdue" : "not_due"));
	json_object_set_new(record, "status_label", json_string(due ? "Overdue" : "Not due"));
	json_object_set_new(record, "status_tag", json_string(due ? "govuk-tag--red" : "govuk-tag--green"));
}

void assurance_cycle_due(json_t *record, const char *cycle_title, const char *due_on, const char *today)
{
	bool overdue = strcmp(due_on, today) < 0;
	json_object_set_new(record, "next_due_on", json_string(due_on));
	json_object_set_new(record, "cycle_title", json_string(cycle_title));
	json_object_set_new(record, "overdue", json_boolean(overdue));
	json_object_set_new(record, "due_status", json_string(overdue ? "overdue" : "due"));
	json_object_set_new(record, "status_label", json_string(overdue ? "Overdue" : "Due"));
	json_object_set_new(record, "status_tag",
	                    json_string(overdue ? "govuk-tag--red" : "govuk-tag--blue"));
}
