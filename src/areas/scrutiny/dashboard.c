/*
 * dashboard.c (scrutiny) — the Independent Scrutineer's dashboard (issue
 * 20): one page with, for a reporting year (April to March: today's by
 * default for the partnership, the last ended for the scrutineer, who reads
 * ended years only: scrutiny_reads_running_year), every area's published figures (app/figures.h: the same
 * counts as each area's own figures page, small numbers of people shown as "fewer than 5"), quality
 * assurance's cycles, results and action plans, and the challenge log's figures with the challenges awaiting
 * a response. Also the challenge log's own section of figures (`.figures`).
 */
#include <stdio.h>
#include <time.h>

#include "app/figures.h"
#include "areas/calendar/london.h"
#include "areas/scrutiny/handlers.h"
#include "areas/scrutiny/store.h"
#include "auth/policy.h"
#include "core/calendar.h"
#include "router/errors.h"
#include "router/fields.h"
#include "router/page.h"

/* Without dates, the dashboard covers the reporting year of the one given, or today's. */
static const struct period_rule dashboard_period = {.by = PERIOD_REPORTING_YEAR};

/*
 * Whether [from, to] is a period figures are published for: a whole
 * reporting year (1 April to 31 March), the annual report's. Published
 * figures are for fixed periods that never overlap, since the same counts
 * for periods that differ by a day would give a small count away by
 * subtraction (a day whose count of children went from "fewer than 5" to
 * 0). A year's quarters would overlap it: the year less three shown
 * quarters is the fourth, whatever it showed as "fewer than 5".
 */
static bool published_period(int32_t from, int32_t to)
{
	int32_t first, last;
	calendar_reporting_year(from, &first, &last);
	return from == first && to == last;
}

/* The first instant of England's day `day`, as stored ("YYYY-MM-DDTHH:MM:SSZ"). */
static void day_starts(int32_t day, char out[static CALENDAR_INSTANT_SIZE])
{
	calendar_format_instant(calendar_utc_from_london(day, 0), out);
}

enum haven_status scrutiny_published(const char *from, const char *to, json_t *sections)
{
	int32_t first, last, today = calendar_london_today();
	if (!calendar_parse(from, &first) || !calendar_parse(to, &last))
		return HAVEN_ERR_INVALID;
	/* steps taken in England's days [from, to]; what awaits an answer at the end of the period, or now */
	char since[CALENDAR_INSTANT_SIZE], until[CALENDAR_INSTANT_SIZE];
	day_starts(first, since);
	if (last < today)
		day_starts(last + 1, until);
	else
		calendar_format_instant((int64_t)time(NULL) + 1,
		                        until); /* a challenge raised this second too */
	json_t *c = NULL;
	enum haven_status st = scrutiny_challenge_counts(since, until, &c);
	if (st != HAVEN_OK)
		return st;
	json_t *s = figures_section(sections, "Independent scrutiny: the challenge log", "/challenges",
	                            "challenge.raise");
	figures_add(s, "Challenges raised", json_integer_value(json_object_get(c, "raised")),
	            SUPPRESS_ACTIVITIES);
	figures_add(s, "Responses received", json_integer_value(json_object_get(c, "responded")),
	            SUPPRESS_ACTIVITIES);
	figures_add(s, "Responses escalated to the board",
	            json_integer_value(json_object_get(c, "escalated")), SUPPRESS_ACTIVITIES);
	figures_add(s, "Responses accepted", json_integer_value(json_object_get(c, "accepted")),
	            SUPPRESS_ACTIVITIES);
	figures_add(s, "Challenges awaiting a response at the end of the period",
	            json_integer_value(json_object_get(c, "awaiting")), SUPPRESS_ACTIVITIES);
	json_decref(c);
	return HAVEN_OK;
}

/* The model every face of the page starts from: its title and the period in words. */
static json_t *dashboard_model(const struct period *period)
{
	char from[CALENDAR_LONG_DATE_SIZE], to[CALENDAR_LONG_DATE_SIZE];
	calendar_format_long(period->from, from);
	calendar_format_long(period->to, to);
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "title", "Independent scrutiny", "from",
	                 period->from_text, "to", period->to_text, "from_words", from, "to_words", to);
}

/* handlers.h: the dashboard and the annual report decide alike. */
bool scrutiny_reads_running_year(const struct request *req)
{
	return policy_allows(req->user, "report.running_year", NULL, 0);
}

/* A day of the year the dashboard shows without dates: today's, or for a reader of ended years only the last
 * that has ended. */
static int32_t default_day(const struct request *req)
{
	int32_t today = calendar_london_today(), first, last;
	if (scrutiny_reads_running_year(req))
		return today;
	calendar_reporting_year(today, &first, &last);
	return first - 1;
}

/* The page's period form again, with the default period (the redisplay of bad input). */
enum haven_status scrutiny_dashboard_form(struct request *req, struct response *res)
{
	struct period period;
	/* with no dates asked for, the default period is never refused */
	if (!period_from_input(NULL, &dashboard_period, default_day(req), &period, NULL))
		return HAVEN_ERR_INTERNAL;
	response_set_model(res, dashboard_model(&period));
	return HAVEN_OK;
}

enum haven_status scrutiny_dashboard(struct request *req, struct response *res)
{
	struct period period;
	json_t *errors = json_array();
	bool valid = period_from_input(req->input, &dashboard_period, default_day(req), &period, errors);
	if (valid && !published_period(period.from, period.to)) {
		errors_addf(errors, "from",
		            "The period must be a whole reporting year (1 April to 31 March)");
		valid = false;
	}
	if (valid && period.to >= calendar_london_today() && !scrutiny_reads_running_year(req)) {
		errors_addf(
		    errors, "from",
		    "This reporting year has not ended: its figures are published once it has. Choose "
		    "an earlier year");
		valid = false;
	}
	if (!valid) {
		res->status = 400;
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	json_t *sections = NULL, *awaiting = NULL;
	long long total = -1;
	/* the ten newest challenges, with how many there are: the log itself is a link away */
	struct page newest = {.limit = 10};
	enum haven_status st = figures_gather(req->user, period.from_text, period.to_text, &sections);
	if (st == HAVEN_OK)
		st = scrutiny_challenges_list(true, 0, &newest, &awaiting, &total);
	if (st != HAVEN_OK) {
		json_decref(sections);
		return st;
	}
	if (json_array_size(awaiting) > 10)
		json_array_remove(awaiting, 10);
	scrutiny_show_statuses(awaiting);
	/* what the page says of the links after the sections is true for this reader: each area's own pages
	 * are linked only for the roles that run that work (figures_gather) */
	size_t i, linked = 0;
	const json_t *section;
	json_array_foreach(sections, i, section) linked += json_object_get(section, "href") != NULL;
	json_t *model = dashboard_model(&period);
	json_object_set_new(model, "links_every_area",
	                    json_boolean(linked && linked == json_array_size(sections)));
	json_object_set_new(model, "links_some_areas",
	                    json_boolean(linked && linked < json_array_size(sections)));
	json_object_set_new(model, "sections", sections);
	json_object_set_new(model, "challenges", awaiting);
	json_object_set_new(model, "challenges_total", page_count_json(total));
	json_object_set_new(model, "challenges_words", page_count_words(total, "challenge", "challenges"));
	json_object_set_new(model, "has_challenges", json_boolean(json_array_size(awaiting) > 0));
	response_set_model(res, model);
	return HAVEN_OK;
}
