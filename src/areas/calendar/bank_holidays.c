/*
 * bank_holidays.c (calendar) — bank holidays as an administrator with no
 * shell keeps them up to date: the range of dates Haven knows (built in and
 * imported), whether that covers this year and the next (what the set-up
 * checklist asks), and gov.uk's bank-holidays.json uploaded. The file is
 * read by the same checker (calendar_holidays_from_json) and saved by the
 * same call (calendar_import, audited with who uploaded it) as
 * `haven import bank-holidays`: a bad file changes nothing and the error
 * names the event and what is wrong with it. An upload counts at once in
 * this process (calendar.h).
 */
#include <stdlib.h>
#include <string.h>

#include "areas/calendar/calendar.h"
#include "areas/calendar/handlers.h"
#include "areas/calendar/london.h"
#include "auth/session.h"
#include "auth/store.h"
#include "router/errors.h"

enum haven_status calendar_bank_holidays(struct request *req, struct response *res)
{
	(void)req;
	int32_t today = calendar_london_today(), first, last;
	json_t *model = json_pack("{s:s, s:b, s:I}", "title", "Bank holidays", "covers_this_year_and_next",
	                          calendar_covers(today) && calendar_covers(today + 366), "max_megabytes",
	                          (json_int_t)CALENDAR_HOLIDAYS_FILE_MAX_MB);
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
