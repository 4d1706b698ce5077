/*
 * statement.c (scrutiny) — the Independent Scrutineer's statement for a
 * reporting year (issue 20): the scrutineer writes it, revises it as often
 * as needed, and publishes it, after which it no longer changes. The annual
 * report shows it in its own section (report.c); the partnership reads it
 * there. Only the scrutineer writes it (the policy, area.c), and only for a
 * year that has ended: publishing it publishes the year's report, which
 * counts a whole year, and nothing published changes (a year still running
 * is refused, 404 for its form, 422 on `year` for a write, nothing saved).
 * So is a year before SCRUTINY_FIRST_YEAR, before there were safeguarding
 * partnerships to report; and a write's `year` not written like "2020-21"
 * is a 422 on `year` saying so, as any bad field of a form is.
 */
#include <stdio.h>

#include "areas/calendar/london.h"
#include "areas/scrutiny/handlers.h"
#include "areas/scrutiny/store.h"
#include "app/store_refusal.h"
#include "auth/session.h"

/* When a year's statement is written: how a refusal of a year still running ends its sentence. */
#define STATEMENT_WHEN "its statement is written"

bool scrutiny_before_first_year(const struct period *period)
{
	struct period first;
	return scrutiny_parse_year(SCRUTINY_FIRST_YEAR, &first) && period->from < first.from;
}

bool scrutiny_year_reported(struct response *res, unsigned status, const struct period *period)
{
	if (!scrutiny_before_first_year(period))
		return true;
	res->status = status;
	response_error(res, "year",
	               "The first year Haven reports on is " SCRUTINY_FIRST_YEAR
	               ", the first year of safeguarding partnerships. Choose " SCRUTINY_FIRST_YEAR
	               " or a later year");
	return false;
}

/* Statement `year`'s row as its API answer and form model: {year, text, published (a boolean), written}. */
static enum haven_status statement_model(const char *year, json_t **out)
{
	json_t *row = NULL;
	enum haven_status st = scrutiny_statement_get(year, &row);
	if (st == HAVEN_ERR_NOT_FOUND) {
		*out = json_pack("{s:s, s:n, s:b, s:b}", "year", year, "text", "published", false, "written",
		                 false);
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	json_object_set_new(row, "published",
	                    json_boolean(json_integer_value(json_object_get(row, "published"))));
	json_object_set_new(row, "written", json_true());
	*out = row;
	return HAVEN_OK;
}

enum haven_status scrutiny_statement_form(struct request *req, struct response *res)
{
	char year[SCRUTINY_YEAR_NAME_SIZE];
	struct period period;
	if (!scrutiny_requested_year(req, res, year, &period) ||
	    !scrutiny_year_ended(res, 404, year, &period, STATEMENT_WHEN) ||
	    !scrutiny_year_reported(res, 404, &period))
		return HAVEN_OK;
	json_t *model = NULL;
	enum haven_status st = statement_model(year, &model);
	if (st != HAVEN_OK)
		return st;
	char title[80];
	snprintf(title, sizeof title, "The scrutineer's statement for %s", year);
	json_object_set_new(model, "title", json_string(title));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* The statement as it now is, for an API client after a change. */
static enum haven_status statement_answer(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = statement_model(field_text(req->input, "year"), &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

enum haven_status scrutiny_statement_write_page(struct request *req, struct response *res)
{
	char year[SCRUTINY_YEAR_NAME_SIZE];
	struct period period;
	if (!scrutiny_requested_year(req, res, year, &period)) {
		/* a field of the body, refused as any other is (400 is for a bad address: the form's GET) */
		res->status = 422;
		return HAVEN_OK;
	}
	if (!scrutiny_year_ended(res, 422, year, &period, STATEMENT_WHEN) ||
	    !scrutiny_year_reported(res, 422, &period))
		return HAVEN_OK;
	bool publish = json_is_true(json_object_get(req->input, "publish"));
	struct actor actor = auth_actor(req);
	enum statement_refusal refusal = STATEMENT_DONE;
	enum haven_status st =
	    scrutiny_statement_write(year, field_text(req->input, "statement"), publish, &actor, &refusal);
	static const struct refusal_words refusals[] = {
	    {STATEMENT_PUBLISHED, "statement",
	     "The statement for this year is published, so it can no longer be changed", true},
	    {0, NULL, NULL, false},
	};
	if (store_refused(res, st, refusal, refusals))
		return HAVEN_OK;
	if (st != HAVEN_OK)
		return st;
	response_success(res, publish ? "The statement was published" : "The statement was saved");
	response_done(res, statement_answer, "/reports/annual?year=%s", year);
	return HAVEN_OK;
}

/* The form again after errors; for a year that is not one, has not ended or is before the first, the errors
 * alone (no form). */
enum haven_status scrutiny_statement_form_again(struct request *req, struct response *res)
{
	const char *year = field_text(req->input, "year");
	struct period period;
	json_t *model = NULL;
	char title[80] = "The scrutineer's statement";
	if (year && scrutiny_parse_year(year, &period) && period.to < calendar_london_today() &&
	    !scrutiny_before_first_year(&period)) {
		enum haven_status st = statement_model(year, &model);
		if (st != HAVEN_OK)
			return st;
		snprintf(title, sizeof title, "The scrutineer's statement for %s", year);
	} else {
		model = json_pack("{s:s, s:b}", "year", year ? year : "", "closed", true);
	}
	json_object_set_new(model, "title", json_string(title));
	response_set_model(res, model);
	return HAVEN_OK;
}
