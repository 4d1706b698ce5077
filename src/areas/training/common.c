/*
 * common.c (training) — what several training pages share: today's date in
 * England, whether the person may take an action, the priority areas' labels
 * and choices, money, and the reporting period a figures page asks for.
 */
#include "areas/training/handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "areas/calendar/london.h"
#include "areas/training/store.h"
#include "auth/policy.h"
#include "router/fields.h"

/* Today in England (the partnership's day). */
void training_today(char out[static CALENDAR_DATE_SIZE])
{
	calendar_format(calendar_london_today(), out);
}

void training_now(char out[static TRAINING_NOW_SIZE])
{
	int32_t day, seconds;
	calendar_london_from_utc((int64_t)time(NULL), &day, &seconds);
	char date[CALENDAR_DATE_SIZE];
	calendar_format(day, date);
	snprintf(out, TRAINING_NOW_SIZE, "%sT%02d:%02d", date, (int)(seconds / 3600 % 24),
	         (int)(seconds / 60 % 60));
}

bool training_allowed(const struct request *req, const char *action)
{
	return policy_decide(req->user, action, NULL) == DECISION_ALLOW;
}

const char *training_area_label(const char *area)
{
	if (!area)
		return "";
	if (strcmp(area, "neglect") == 0)
		return "Neglect";
	if (strcmp(area, "domestic_abuse") == 0)
		return "Domestic abuse";
	if (strcmp(area, "contextual_safeguarding") == 0)
		return "Contextual safeguarding";
	return "Other";
}

json_t *training_area_choices(const char *chosen)
{
	json_t *list = json_array();
	for (const char *const *a = training_areas; *a; a++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", *a, "label",
		                                      training_area_label(*a), "selected",
		                                      chosen && strcmp(chosen, *a) == 0));
	return list;
}

/* "£25.00" for a charge in pence. */
json_t *training_money(long long pence)
{
	char text[48];
	snprintf(text, sizeof text, "£%lld.%02lld", pence / 100, pence % 100);
	return json_string(text);
}

/* A training figures page's period when none is asked for: the partnership's reporting year. */
static const struct period_rule training_period_rule = {.by = PERIOD_REPORTING_YEAR};

bool training_period(const struct request *req, struct response *res, struct period *out)
{
	json_t *errors = json_array();
	if (period_from_input(req ? req->input : NULL, &training_period_rule, calendar_london_today(), out,
	                      errors)) {
		json_decref(errors);
		return true;
	}
	res->status = 400;
	response_errors(res, errors);
	return false;
}
