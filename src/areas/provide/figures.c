/*
 * figures.c (provide) — Operation Provide's figures by area and month for a
 * period (the last twelve months without dates): referrals, first attempts
 * and contacts and the median waits for them, outcomes and closures, a
 * chart of referrals by area, and the same tables as CSV and XLSX
 * downloads (app/download.h). The routes are in area.c (figures.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/download.h"
#include "app/figures_page.h"
#include "areas/calendar/london.h"
#include "areas/incidents/figures_scope.h"
#include "areas/incidents/store.h"
#include "areas/provide/figures.h"
#include "areas/provide/published.h"
#include "areas/provide/rules.h"
#include "areas/provide/store.h"
#include "auth/user.h"
#include "core/stats.h"
#include "router/errors.h"
#include "router/page.h"
#include "view/chart_rows.h"

const struct field_spec provide_figures_query[] = {PERIOD_FIELDS, {0}};

/* Without dates, the figures cover the last twelve months, this one included. */
static const struct period_rule figures_period = {.by = PERIOD_LAST_MONTHS, .length = 12};

/* Text beside each figure for the page (a median of 0 hours or a rate of 0% still shows). */
static void add_group_texts(json_t *g)
{
	static const char *const medians[] = {"median_hours_to_first_attempt",
	                                      "median_hours_to_first_contact"};
	static const char *const rates[] = {"engagement_rate", "made_safer_rate", "investigation_rate"};
	/* each rate's count of closed referrals, for its text ("1 of 2 (50%)" on a small base) */
	static const char *const parts[] = {"engaged", "made_safer", "engaged_with_investigation"};
	char key[64], text[STATS_SHARE_SIZE];
	for (size_t i = 0; i < 2; i++) {
		json_t *v = json_object_get(g, medians[i]);
		snprintf(key, sizeof key, "%s_text", medians[i]);
		/* in words, as every figures page writes a length of time ("1 hour 30 minutes") */
		char words[CALENDAR_DURATION_SIZE] = "none yet";
		if (json_is_number(v))
			calendar_format_duration((int64_t)(json_number_value(v) * 3600.0 + 0.5), words);
		json_object_set_new(g, key, json_string(words));
	}
	for (size_t i = 0; i < 3; i++) {
		snprintf(key, sizeof key, "%s_text", rates[i]);
		if (!stats_share_text(json_integer_value(json_object_get(g, parts[i])),
		                      json_integer_value(json_object_get(g, "closed")), text))
			snprintf(text, sizeof text, "none closed");
		json_object_set_new(g, key, json_string(text));
	}
	const char *month = field_text(g, "month");
	int y, m;
	if (month && sscanf(month, "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12) {
		snprintf(text, sizeof text, "%s %d", calendar_month_name(m), y);
		json_object_set_new(g, "month_label", json_string(text));
	}
}

/* The chart above the figures' tables: referrals by area. */
static json_t *referrals_chart(const json_t *areas)
{
	return chart_rows(areas,
	                  &(const struct chart_rows){
	                      .id = "referrals-chart",
	                      .title = "Referrals in the period, by area",
	                      .desc = "A bar for each local authority area, as long as the number of victims "
	                              "referred to its IDVA service after incidents in the period.",
	                      .label_key = "la_name",
	                      .no_label = "No area",
	                      .value_in = "total",
	                      .value_key = "referrals"});
}

static enum haven_status figures_model(const struct request *req, json_t *errors, json_t **out)
{
	struct period period;
	if (!period_from_input(req->input, &figures_period, calendar_london_today(), &period, errors))
		return HAVEN_OK;
	int32_t from = period.from, to = period.to;
	int64_t from_utc = calendar_utc_from_london(from, 0), to_utc = calendar_utc_from_london(to + 1, 0);
	struct provide_figure_cell *cells = NULL;
	size_t n = 0;
	json_t *area_names = NULL, *not_referred = NULL;
	/* a police force sees its own incidents' figures, as it sees only its own incidents */
	struct incidents_scope scope;
	enum haven_status st = incidents_scope_of(req->user->agency_id, &scope);
	if (st == HAVEN_OK)
		st = provide_store_figure_cells(scope.force_id, from_utc, to_utc, &cells, &n, &area_names,
		                                &not_referred);
	if (st != HAVEN_OK)
		return st;
	json_t *figures = provide_figures_from_cells(cells, n);
	provide_store_figure_cells_free(cells, n);
	json_decref(area_names);
	size_t i;
	json_t *a, *g;
	size_t j;
	json_array_foreach(json_object_get(figures, "areas"), i, a)
	{
		add_group_texts(json_object_get(a, "total"));
		json_array_foreach(json_object_get(a, "months"), j, g) add_group_texts(g);
	}
	add_group_texts(json_object_get(figures, "total"));
	long long waiting = 0;
	json_array_foreach(not_referred, i, a) waiting += json_integer_value(json_object_get(a, "victims"));
	char from_long[CALENDAR_LONG_DATE_SIZE], to_long[CALENDAR_LONG_DATE_SIZE];
	calendar_format_long(from, from_long);
	calendar_format_long(to, to_long);
	json_object_set_new(figures, "from", json_string(period.from_text));
	json_object_set_new(figures, "to", json_string(period.to_text));
	json_object_set_new(figures, "from_long", json_string(from_long));
	json_object_set_new(figures, "to_long", json_string(to_long));
	json_object_set_new(figures, "not_referred", not_referred);
	json_object_set_new(figures, "not_referred_total", json_integer(waiting));
	json_object_set_new(figures, "found",
	                    json_boolean(json_array_size(json_object_get(figures, "areas")) > 0));
	json_object_set_new(figures, "chart", referrals_chart(json_object_get(figures, "areas")));
	*out = figures;
	return HAVEN_OK;
}

/* The page: its title and police line (said with its figures or its errors), and its figures. */
static const struct figures_page figures_page = {
    .title = "Operation Provide figures", .frame = incidents_figures_frame, .model_of = figures_model};

/* GET /provide/figures, GET /api/v1/provide/figures?from=&to=: aggregates by area and month. */
enum haven_status provide_show_figures(struct request *req, struct response *res)
{
	return figures_page_show(req, res, &figures_page);
}

/* The figures page when its query fails validation: the page with the errors, no figures. */
enum haven_status provide_figures_redisplay(struct request *req, struct response *res)
{
	return figures_page_redisplay(req, res, &figures_page);
}

/* The figures page's tables to take away: a row for each area's months and its whole period, then every
 * area's. */
static const char *const download_columns[] = {
    "area",   "month",   "referrals",  "median_hours_to_first_attempt", "median_hours_to_first_contact",
    "closed", "engaged", "made_safer", "engaged_with_investigation"};
#define DOWNLOAD_COLUMNS (sizeof download_columns / sizeof download_columns[0])

/* Appends one group's row: the counts as numbers, a median with none yet as an empty cell. */
static void add_download_row(json_t *table, const char *area, const char *month, const json_t *g)
{
	json_array_append_new(table, json_pack("[s, s, O?, O?, O?, O?, O?, O?, O?]", area, month,
	                                       json_object_get(g, "referrals"),
	                                       json_object_get(g, "median_hours_to_first_attempt"),
	                                       json_object_get(g, "median_hours_to_first_contact"),
	                                       json_object_get(g, "closed"), json_object_get(g, "engaged"),
	                                       json_object_get(g, "made_safer"),
	                                       json_object_get(g, "engaged_with_investigation")));
}

/* GET /provide/figures.csv and .xlsx?from=&to= (provide.figures): the page's tables in the format the path
 * ends in. */
enum haven_status provide_figures_download(struct request *req, struct response *res)
{
	json_t *errors = json_array(), *model = NULL;
	enum haven_status st = figures_model(req, errors, &model);
	if (st != HAVEN_OK || json_array_size(errors)) {
		if (st == HAVEN_OK) {
			res->status = 400;
			response_errors(res, errors); /* a download has no page: the errors alone */
			return HAVEN_OK;
		}
		json_decref(errors);
		return st;
	}
	json_decref(errors);
	json_t *table = json_array();
	size_t i, j;
	const json_t *a, *g;
	json_array_foreach(json_object_get(model, "areas"), i, a)
	{
		const char *name = field_text(a, "la_name") ? field_text(a, "la_name") : "No area";
		json_array_foreach(json_object_get(a, "months"), j, g)
		    add_download_row(table, name, field_text(g, "month_label"), g);
		add_download_row(table, name, "All months", json_object_get(a, "total"));
	}
	if (json_array_size(json_object_get(model, "areas")))
		add_download_row(table, "All areas", "All months", json_object_get(model, "total"));
	const struct download d = {.name = "provide-figures",
	                           .from = field_text(model, "from"),
	                           .to = field_text(model, "to"),
	                           .sheet = "Operation Provide figures",
	                           .columns = download_columns,
	                           .column_count = DOWNLOAD_COLUMNS,
	                           .places = 1};
	st = download_send(res, &d, download_format_of(req), table);
	json_decref(table);
	json_decref(model);
	return st;
}
