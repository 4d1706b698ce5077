/*
 * bank_holidays.c (calendar) — bank holidays as an administrator with no
 * shell keeps them up to date: the range of dates Haven knows (built in and
 * imported), whether that covers this year and the next (what the set-up
 * checklist asks), and gov.uk's bank-holidays.json uploaded. The file is
 * read by the same checker (calendar_holidays_from_json) and saved by the
 * same call (calendar_import, audited with who uploaded it) as
 * `haven import bank-holidays`: a bad file changes nothing and the error
 * names the event and what is wrong with it. An upload counts at once in
 * this process (calendar.h). Each holiday known is listed with a Remove link:
 * one the government has moved stops counting, with a reason, after "Are
 * you sure?" (calendar_remove_holiday, as `haven calendar remove-holiday`),
 * until an import lists it again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/calendar/calendar.h"
#include "areas/calendar/handlers.h"
#include "areas/calendar/london.h"
#include "auth/session.h"
#include "auth/store.h"
#include "router/errors.h"
#include "router/fields.h"

/* One holiday for the page and the API: its date, the date in words, and its name. */
static json_t *holiday_json(int32_t day, const char *title)
{
	char date[CALENDAR_DATE_SIZE], words[CALENDAR_LONG_DATE_SIZE];
	calendar_format(day, date);
	calendar_format_long(day, words);
	return json_pack("{s:s, s:s, s:s}", "date", date, "date_text", words, "title", title);
}

enum haven_status calendar_bank_holidays(struct request *req, struct response *res)
{
	(void)req;
	int32_t today = calendar_london_today(), first, last;
	json_t *model = json_pack("{s:s, s:b, s:I}", "title", "Bank holidays", "covers_this_year_and_next",
	                          calendar_covers(today) && calendar_covers(today + 366), "max_megabytes",
	                          (json_int_t)CALENDAR_HOLIDAYS_FILE_MAX_MB);
	struct calendar_holiday *holidays = NULL;
	size_t count = 0;
	enum haven_status st = calendar_holidays_known(&holidays, &count);
	if (st != HAVEN_OK) {
		json_decref(model);
		return st;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(list, holiday_json(holidays[i].day, holidays[i].title));
	calendar_holidays_free(holidays, count);
	json_object_set_new(model, "any_holidays", json_boolean(count > 0));
	json_object_set_new(model, "holidays", list);
	if (calendar_known_range(&first, &last)) {
		char from[CALENDAR_DATE_SIZE], to[CALENDAR_DATE_SIZE];
		char from_long[CALENDAR_LONG_DATE_SIZE], to_long[CALENDAR_LONG_DATE_SIZE];
		calendar_format(first, from);
		calendar_format(last, to);
		calendar_format_long(first, from_long);
		calendar_format_long(last, to_long);
		json_object_set_new(model, "known",
		                    json_pack("{s:s, s:s, s:s, s:s}", "first", from, "last", to, "first_text",
		                              from_long, "last_text", to_long));
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

enum haven_status calendar_bank_holidays_upload(struct request *req, struct response *res)
{
	if (!req->file || req->file->len == 0) {
		response_error(res, "file", "Choose gov.uk's bank-holidays.json file to upload");
		return HAVEN_OK;
	}
	json_error_t jerr;
	json_t *root =
	    json_loadb((const char *)req->file->data, req->file->len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		json_t *errors = json_array();
		errors_addf(
		    errors, "file",
		    "The file is not JSON (line %d, column %d: %s): upload gov.uk's bank-holidays.json",
		    jerr.line, jerr.column, jerr.text);
		response_errors(res, errors);
		return HAVEN_OK;
	}
	struct calendar_holiday *list = NULL;
	size_t count = 0;
	char *err = NULL;
	enum haven_status st = calendar_holidays_from_json(root, &list, &count, &err);
	json_decref(root);
	if (st == HAVEN_ERR_INVALID) {
		json_t *errors = json_array();
		errors_addf(errors, "file", "The file cannot be used: %s",
		            err ? err : "it is not gov.uk's format");
		response_errors(res, errors);
		free(err);
		return HAVEN_OK;
	}
	free(err);
	if (st != HAVEN_OK)
		return st;
	struct actor actor = auth_actor(req);
	size_t added = 0, known = 0;
	st = calendar_import(list, count, &actor, &added, &known);
	calendar_holidays_free(list, count);
	if (st != HAVEN_OK)
		return st;
	/* a file of holidays all known already (gov.uk's, uploaded again) saves nothing: say so */
	response_success(res, added > 0
	                          ? "The bank holidays are saved"
	                          : "Haven already knew every bank holiday in the file: nothing changed");
	response_done(res, calendar_bank_holidays, "/admin/bank-holidays");
	return HAVEN_OK;
}

/* The reason for removing a holiday, and "Yes" on the page asking "Are you sure?". */
const struct field_spec calendar_remove_holiday_fields[] = {
    {.name = "reason",
     .label = "why the bank holiday is removed",
     .type = FIELD_TEXT,
     .max = CALENDAR_REMOVE_REASON_MAX},
    {.name = "confirmed", .label = "whether you are sure", .type = FIELD_BOOL},
    {0},
};

/* The holiday the path names ("/admin/bank-holidays/2026-05-04/remove"), with the database's holidays loaded
 * first: HAVEN_ERR_NOT_FOUND if it is none now, calendar_load's error if they cannot be. */
static enum haven_status holiday_in_path(struct request *req, int32_t *day,
                                         char name[static CALENDAR_TITLE_SIZE])
{
	enum haven_status st = calendar_load();
	if (st != HAVEN_OK)
		return st;
	const char *date = field_text(req->params, "date");
	if (!date || !calendar_parse(date, day) || !calendar_holiday_name(*day, name))
		return HAVEN_ERR_NOT_FOUND;
	return HAVEN_OK;
}

/* GET /admin/bank-holidays/{date}/remove, and the page again after errors: why it is removed. */
enum haven_status calendar_remove_holiday_form(struct request *req, struct response *res)
{
	int32_t day;
	char name[CALENDAR_TITLE_SIZE];
	enum haven_status st = holiday_in_path(req, &day, name);
	if (st != HAVEN_OK)
		return st;
	json_t *model =
	    json_pack("{s:s, s:o}", "title", "Remove a bank holiday", "holiday", holiday_json(day, name));
	response_set_model(res, model);
	return HAVEN_OK;
}

/*
 * POST /admin/bank-holidays/{date}/remove, POST /api/v1/bank-holidays/{date}/remove: the holiday stops
 * counting, for the reason given. A browser is first asked "Are you sure?" (nothing changes until it says
 * yes); the API removes it in one request and answers with the holidays as they now are.
 */
enum haven_status calendar_remove_holiday_handler(struct request *req, struct response *res)
{
	int32_t day;
	char name[CALENDAR_TITLE_SIZE];
	enum haven_status st = holiday_in_path(req, &day, name);
	if (st != HAVEN_OK)
		return st;
	const char *reason = field_text(req->input, "reason");
	if (!reason) {
		response_error(res, "reason", "Enter why the bank holiday is removed");
		return HAVEN_OK;
	}
	if (!req->api && !json_is_true(json_object_get(req->input, "confirmed"))) {
		/* the page again, asking "Are you sure?" with the reason given; nothing is changed yet */
		json_t *model = json_pack("{s:s, s:o, s:{s:s}}", "title", "Remove a bank holiday", "holiday",
		                          holiday_json(day, name), "confirm", "reason", reason);
		response_set_model(res, model);
		response_confirm(res);
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	st = calendar_remove_holiday(day, reason, &actor);
	if (st != HAVEN_OK)
		return st; /* HAVEN_ERR_NOT_FOUND: removed a moment ago by someone else, 404 */
	response_success(res, "The bank holiday is removed: it counts as a working day");
	response_done(res, calendar_bank_holidays, "/admin/bank-holidays");
	return HAVEN_OK;
}
