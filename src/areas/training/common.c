/*
 * common.c (training) — what several training pages share: now in England,
 * whether the person may take an action, the partnership's
 * priorities as choices and checked, money, and the reporting period a figures page asks for.
 */
#include "areas/training/handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/figures_page.h"
#include "areas/calendar/london.h"
#include "areas/priorities/store.h"
#include "areas/training/store.h"
#include "auth/policy.h"
#include "router/fields.h"

void training_now(char out[static TRAINING_NOW_SIZE])
{
	int32_t day, seconds;
	calendar_london_from_utc((int64_t)time(NULL), &day, &seconds);
	char date[CALENDAR_DATE_SIZE];
	calendar_format(day, date);
	snprintf(out, TRAINING_NOW_SIZE, "%sT%02d:%02d", date, (int)(seconds / 3600 % 24),
	         (int)(seconds / 60 % 60));
}

void training_time_words(json_t *row)
{
	static const char *const keys[][2] = {{"starts", "starts_words"}, {"ends", "ends_words"}};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		int minute;
		char clock[CALENDAR_CLOCK_SIZE];
		if (calendar_parse_clock(json_string_value(json_object_get(row, keys[i][0])), &minute)) {
			calendar_format_clock(minute * 60, clock);
			json_object_set_new(row, keys[i][1], json_string(clock));
		}
	}
}

bool training_allowed(const struct request *req, const char *action)
{
	return policy_allows(req->user, action, NULL, 0);
}

enum haven_status training_area_choices(const char *chosen, bool with_retired, json_t **out)
{
	*out = NULL;
	json_t *priorities = NULL;
	enum haven_status st = priorities_list(with_retired, &priorities);
	if (st != HAVEN_OK)
		return st;
	json_t *list = json_array();
	size_t i;
	json_t *p;
	json_array_foreach(priorities, i, p)
	{
		const char *key = field_text(p, "key");
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", key, "label",
		                                      field_text(p, "name"), "selected",
		                                      chosen && strcmp(chosen, key) == 0));
	}
	json_decref(priorities);
	json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", "other", "label", "Other",
	                                      "selected", chosen && strcmp(chosen, "other") == 0));
	*out = list;
	return HAVEN_OK;
}

enum haven_status training_check_area(struct response *res, const char *field, const char *key, bool for_new)
{
	if (!key || strcmp(key, "other") == 0)
		return HAVEN_OK;
	json_t *priority = NULL;
	enum haven_status st = priorities_find(key, &priority);
	if (st == HAVEN_ERR_NOT_FOUND) {
		if (!for_new)
			res->status = 400; /* a filter, in the query string: 400, as the field specs answer */
		response_error(res, field, "Choose one of the partnership's priorities, or Other");
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	if (for_new && json_is_true(json_object_get(priority, "retired")))
		response_error(res, field, "That priority is retired: choose a current one, or Other");
	json_decref(priority);
	return HAVEN_OK;
}

bool training_list_request(struct request *req, struct response *res, struct training_list *list,
                           enum haven_status *st)
{
	calendar_london_today_text(list->today);
	list->area = field_text(req->input, "area");
	*st = training_check_area(res, "area", list->area, false);
	if (*st != HAVEN_OK || res->errors)
		return false;
	return page_from_request(req, res, &list->page);
}

enum haven_status training_list_finish(const struct request *req, json_t *model, const char *key,
                                       const char *area)
{
	size_t n = json_array_size(json_object_get(model, key));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	if (req->api)
		return HAVEN_OK;
	json_object_set_new(model, "found", json_boolean(n > 0));
	json_t *areas = NULL;
	enum haven_status st = training_area_choices(area, true, &areas);
	if (st != HAVEN_OK)
		return st;
	json_object_set_new(model, "areas", areas);
	json_object_set_new(model, "can_manage", json_boolean(training_allowed(req, "training.manage")));
	return HAVEN_OK;
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
	return figures_page_period(req ? req->input : NULL, &training_period_rule, calendar_london_today(),
	                           res, out);
}

bool training_period_list(struct request *req, struct response *res, const char *title, struct period *period,
                          struct page *page, json_t **model)
{
	bool ok = training_period(req, res, period);
	const char *f = period->from_text, *t = period->to_text;
	*model = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "title", title, "from", f, "to", t, "submitted",
	                   "from", f, "to", t);
	if (!ok) {
		response_set_model(res, *model); /* the page, showing the period asked for, with the error */
		*model = NULL;
		return false;
	}
	if (!page_from_request(req, res, page)) {
		json_decref(*model);
		*model = NULL;
		return false;
	}
	return true;
}
