/*
 * describe.c (support) — what a request's and its assessment's values are
 * called on pages: decisions and statuses in words, dates and deadlines as
 * people read them, and the levels-of-need framework's level and indicator
 * names for the assessment a request was made from.
 */
#include <stdio.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "areas/support/pages.h"
#include "areas/support/rules.h"
#include "core/calendar.h"
#include "view/status_tag.h"

const char *support_decision_label(const char *d)
{
	static const struct {
		const char *value, *label;
	} labels[] = {
	    {"no_further_action", "No further action"},
	    {"universal_services", "Universal services"},
	    {"early_help", "Early help"},
	    {"assessment_s17", "Child and family assessment (section 17)"},
	    {"strategy_discussion_s47", "Strategy discussion (section 47)"},
	};
	for (size_t i = 0; d && i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(d, labels[i].value) == 0)
			return labels[i].label;
	return NULL;
}

/* "12 April 2016" for "2016-04-12" into `out`; NULL if `date` is not one. */
const char *support_date_label(const char *date, char *out, size_t size)
{
	int32_t day;
	char text[CALENDAR_LONG_DATE_SIZE];
	if (!date || !calendar_parse(date, &day))
		return NULL;
	calendar_format_long(day, text);
	snprintf(out, size, "%s", text);
	return out;
}

/* Sets `key` to the people's form of the date at `key` in `o` (absent if none). */
void support_set_date_label(json_t *o, const char *from, const char *key)
{
	char text[40];
	const char *s = support_date_label(field_text(o, from), text, sizeof text);
	if (s)
		json_object_set_new(o, key, json_string(s));
}

/* Sets `key` to the Europe/London form of the instant at `from` in `o`. */
static void set_instant_label(json_t *o, const char *from, const char *key, bool end_of_day)
{
	int64_t t;
	char text[80];
	if (calendar_parse_instant(field_text(o, from), &t) &&
	    support_format_local(t, end_of_day, text, sizeof text))
		json_object_set_new(o, key, json_string(text));
}

static const struct status_tag request_statuses[] = {
    {"awaiting_decision", "Awaiting decision", "govuk-tag--blue"},
    {"overdue", "Overdue", "govuk-tag--red"},
    {"decided", "Decided", "govuk-tag--green"},
    {0},
};

/*
 * What a request row shows about where it stands: labels for its times,
 * "overdue" (undecided and past its deadline), the decision's label, and a
 * status tag with words, never colour alone.
 */
void support_describe_row(json_t *r, int64_t now)
{
	set_instant_label(r, "received_at", "received_label", false);
	set_instant_label(r, "decision_due_at", "due_label", true);
	set_instant_label(r, "decided_at", "decided_label", false);
	int64_t due = 0, decided = 0;
	bool has_due = calendar_parse_instant(field_text(r, "decision_due_at"), &due);
	bool is_decided = calendar_parse_instant(field_text(r, "decided_at"), &decided);
	bool overdue = !is_decided && has_due && now >= due;
	json_object_set_new(r, "overdue", json_boolean(overdue));
	json_object_set_new(r, "decided", json_boolean(is_decided));
	json_object_set_new(r, "decided_late", json_boolean(is_decided && has_due && decided > due));
	const char *d = support_decision_label(field_text(r, "decision"));
	json_object_set_new(r, "decision_label", d ? json_string(d) : json_null());
	const char *status = is_decided ? "decided" : overdue ? "overdue" : "awaiting_decision";
	status_tag_set(r, status_tag_find(request_statuses, status));
}

/* ---- the framework: what the assessment's levels and indicators are called ---- */

/* The first string among `keys` in object `o`, or NULL. */
static const char *first_text(const json_t *o, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++) {
		const char *s = json_string_value(json_object_get(o, keys[i]));
		if (s)
			return s;
	}
	return NULL;
}

static const char *const name_keys[] = {"name", "title", "label", NULL};
static const char *const text_keys[] = {"text", "label", "title", "name", "description", NULL};

/* The level numbered `n` in the framework document: its name, or NULL. */
static const char *level_name(const json_t *doc, long long n)
{
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(doc, "levels"), i, l)
	{
		static const char *const number_keys[] = {"level", "number", "id", NULL};
		for (size_t k = 0; number_keys[k]; k++) {
			json_t *v = json_object_get(l, number_keys[k]);
			if (json_is_integer(v) && json_integer_value(v) == n)
				return first_text(l, name_keys);
		}
	}
	return NULL;
}

/* The object with "id" `id` in array `list`, or NULL. */
static const json_t *find_by_id(const json_t *list, const char *id)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		const char *vid = json_string_value(json_object_get(v, "id"));
		if (vid && id && strcmp(vid, id) == 0)
			return v;
	}
	return NULL;
}

/*
 * Indicator `id` of the framework document and the name of what it is about:
 * the document lists indicators with the ids of their domain and dimension
 * (docs/levels-of-need.md), named in its "domains" [{id, name,
 * dimensions: [{id, name}]}]; *about is the dimension's name, else the
 * domain's, else NULL.
 */
static const json_t *find_indicator(const json_t *doc, const char *id, const char **about)
{
	*about = NULL;
	const json_t *ind = find_by_id(json_object_get(doc, "indicators"), id);
	if (!ind)
		return NULL;
	const json_t *domain = find_by_id(json_object_get(doc, "domains"), field_text(ind, "domain"));
	const json_t *dimension =
	    find_by_id(json_object_get(domain, "dimensions"), field_text(ind, "dimension"));
	*about = dimension ? first_text(dimension, name_keys) : domain ? first_text(domain, name_keys) : NULL;
	return ind;
}

/*
 * Adds to assessment `a` what people read: "indicator_list" [{id, text,
 * domain}], "suggested_level_name", "chosen_level_name", "level_differs".
 * Works from what the document has; an indicator it does not know is shown
 * by its id.
 */
void support_describe_assessment(json_t *a, const json_t *doc)
{
	json_t *list = json_array();
	size_t i;
	json_t *id;
	json_array_foreach(json_object_get(a, "indicators"), i, id)
	{
		const char *s = json_string_value(id);
		if (!s)
			continue;
		const char *domain = NULL;
		const json_t *ind = doc ? find_indicator(doc, s, &domain) : NULL;
		const char *text = ind ? first_text(ind, text_keys) : NULL;
		json_t *item = json_pack("{s:s, s:s}", "id", s, "text", text ? text : s);
		if (domain)
			json_object_set_new(item, "domain", json_string(domain));
		json_array_append_new(list, item);
	}
	json_object_set_new(a, "indicator_list", list);
	long long suggested = json_integer_value(json_object_get(a, "suggested_level"));
	long long chosen = json_integer_value(json_object_get(a, "chosen_level"));
	const char *sn = doc ? level_name(doc, suggested) : NULL, *cn = doc ? level_name(doc, chosen) : NULL;
	char text[300];
	snprintf(text, sizeof text, "Level %lld%s%s", suggested, sn ? ": " : "", sn ? sn : "");
	json_object_set_new(a, "suggested_level_name", json_string(text));
	snprintf(text, sizeof text, "Level %lld%s%s", chosen, cn ? ": " : "", cn ? cn : "");
	json_object_set_new(a, "chosen_level_name", json_string(text));
	json_object_set_new(a, "level_differs", json_boolean(suggested != chosen));
}
