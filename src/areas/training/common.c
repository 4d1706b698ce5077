/*
 * common.c (training) — what several training pages share: today's date in
 * England, whether the person may take an action, the priority areas' labels
 * and choices, money, and the reporting period a figures page asks for.
 */
#include "areas/training/handlers.h"

#include <stdio.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "areas/training/store.h"
#include "auth/policy.h"
#include "router/errors.h"

/* Today in England (the partnership's day). */
void training_today(char out[static CALENDAR_DATE_SIZE])
{
	calendar_format(calendar_london_today(), out);
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

/* The period asked for (defaulting to the reporting year); false if it runs backwards. */
bool training_period(const struct request *req, char f[static CALENDAR_DATE_SIZE],
                     char t[static CALENDAR_DATE_SIZE])
{
	char day[CALENDAR_DATE_SIZE];
	training_today(day);
	int32_t now = 0, from = 0, to = 0, df, dt;
	calendar_parse(day, &now);
	const char *ft = field_text(req->input, "from"), *tt = field_text(req->input, "to");
	bool has_from = ft && calendar_parse(ft, &from), has_to = tt && calendar_parse(tt, &to);
	calendar_reporting_year(has_from ? from : has_to ? to : now, &df, &dt);
	if (!has_from)
		from = df;
	if (!has_to)
		to = dt;
	calendar_format(from, f);
	calendar_format(to, t);
	return from <= to;
}

enum haven_status training_backwards(struct request *req, struct response *res, json_t *model)
{
	json_t *errors = json_array();
	errors_add(errors, "to", "The end of the period must be the same as or after its start");
	if (req->api) {
		json_decref(model);
		errors_respond(res, 400, errors);
		return HAVEN_OK;
	}
	errors_on_page(model, errors, NULL);
	json_decref(errors);
	res->status = 400;
	response_set_model(res, model);
	return HAVEN_OK;
}
