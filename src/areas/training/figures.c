/*
 * figures.c (training) — the training figures for a period (page, API, and
 * CSV and XLSX downloads through app/download.h).
 */
#include "areas/training/handlers.h"

#include <stdio.h>

#include "app/download.h"
#include "areas/training/store.h"
#include "view/chart_rows.h"

static json_t *summary_model(const char *f, const char *t)
{
	return json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "title", "Training figures", "from", f, "to", t,
	                 "submitted", "from", f, "to", t);
}

/* The figures page again with the default period (the redisplay of bad input). */
enum haven_status training_handle_summary_form(struct request *req, struct response *res)
{
	(void)req;
	struct period period;
	training_period(NULL, res, &period); /* no dates asked for: never refused */
	response_set_model(res, summary_model(period.from_text, period.to_text));
	return HAVEN_OK;
}

static void percent(json_t *model, const char *rate, const char *label)
{
	json_t *v = json_object_get(model, rate);
	char text[32] = "Not applicable";
	if (json_is_number(v))
		snprintf(text, sizeof text, "%.1f%%", json_number_value(v) * 100.0);
	json_object_set_new(model, label, json_string(text));
}

/* The chart above the courses' list: the attendances at each course's sessions in the period. */
static json_t *courses_chart(const json_t *courses)
{
	static const struct chart_rows how = {
	    .id = "courses-chart",
	    .title = "Attendances by course",
	    .desc = "A bar for each course, as long as the number of people who attended its sessions in the "
	            "period.",
	    .label_key = "title",
	    .value_key = "attendances"};
	return chart_rows(courses, &how);
}

/* GET /training/summary, GET /api/v1/training/summary (training.figures). */
enum haven_status training_handle_summary(struct request *req, struct response *res)
{
	struct period period;
	const char *f = period.from_text, *t = period.to_text;
	if (!training_period(req, res, &period)) {
		response_set_model(res, summary_model(f, t)); /* the page, showing the period asked for */
		return HAVEN_OK;
	}
	json_t *model = NULL;
	enum haven_status st = training_summary(f, t, &model);
	if (st != HAVEN_OK)
		return st;
	if (!req->api) {
		json_object_set_new(model, "title", json_string("Training figures"));
		json_object_set_new(model, "submitted", json_pack("{s:s, s:s}", "from", f, "to", t));
		percent(model, "fill_rate", "fill_rate_text");
		percent(model, "no_show_rate", "no_show_rate_text");
		size_t i;
		json_t *a;
		json_array_foreach(json_object_get(model, "by_area"), i, a)
		    json_object_set(a, "label", json_object_get(a, "area_name"));
		json_t *c = json_object_get(model, "confidence");
		char text[64] = "No evaluations";
		if (json_is_number(json_object_get(c, "change")))
			snprintf(text, sizeof text, "%+.2f (from %.2f to %.2f)",
			         json_number_value(json_object_get(c, "change")),
			         json_number_value(json_object_get(c, "before")),
			         json_number_value(json_object_get(c, "after")));
		json_object_set_new(model, "confidence_text", json_string(text));
		json_t *fu = json_object_get(model, "follow_ups");
		json_t *rate = json_object_get(fu, "response_rate");
		char fu_text[96] = "No follow-ups sent";
		if (json_is_number(rate))
			snprintf(fu_text, sizeof fu_text, "%.1f%% (%lld of %lld answered)",
			         json_number_value(rate) * 100.0,
			         (long long)json_integer_value(json_object_get(fu, "answered")),
			         (long long)json_integer_value(json_object_get(fu, "sent")));
		json_object_set_new(model, "follow_up_text", json_string(fu_text));
		json_object_set_new(model, "chart", courses_chart(json_object_get(model, "by_course")));
		json_t *course;
		json_array_foreach(json_object_get(model, "by_course"), i, course) training_set_count_text(
		    course, "sessions_text", json_integer_value(json_object_get(course, "sessions")),
		    "session", "sessions");
		json_t *agency;
		json_array_foreach(json_object_get(model, "by_agency"), i, agency)
		    training_set_count_text(agency, "practitioners_text",
		                            json_integer_value(json_object_get(agency, "practitioners")),
		                            "practitioner", "practitioners");
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/* The figures to take away: a measure,group,value row each (the group: which agency, course or area). */
static const char *const download_columns[] = {"measure", "group", "value"};

/* One measure,group,value row; no group, or a value that is not a number (none yet), is left empty. */
static void add_row(json_t *table, const char *measure, const char *group, const json_t *value)
{
	json_array_append_new(table, json_pack("[s, s?, O?]", measure, group && *group ? group : NULL,
	                                       json_is_number(value) ? value : NULL));
}

/* The measures that are one figure of the summary each, under their own names. */
static const char *const totals[] = {"attendances",
                                     "practitioners",
                                     "sessions",
                                     "places",
                                     "booked",
                                     "fill_rate",
                                     "no_shows",
                                     "no_show_rate",
                                     "late_cancellations",
                                     "elearning_completions",
                                     "elearning_practitioners",
                                     "attendances_without_place",
                                     NULL};

/*
 * The other measures of the download: the summary's figure `key` inside its object `within`; or, with
 * `group`, a row for each entry of the summary's list `within`: the entry's `group` text and its `key`.
 */
struct measure {
	const char *name, *within, *group, *key;
};

/* After the totals, in the order the download has always had them. */
static const struct measure measures[] = {
    {"attendances_by_agency", "by_agency", "name", "attendances"},
    {"practitioners_by_agency", "by_agency", "name", "practitioners"},
    {"attendances_by_course", "by_course", "title", "attendances"},
    {"attendances_by_priority_area", "by_area", "area", "attendances"},
    {"evaluations", "confidence", NULL, "evaluations"},
    {"confidence_before", "confidence", NULL, "before"},
    {"confidence_after", "confidence", NULL, "after"},
    {"confidence_change", "confidence", NULL, "change"},
    {"follow_ups_sent", "follow_ups", NULL, "sent"},
    {"follow_ups_answered", "follow_ups", NULL, "answered"},
    {"follow_up_response_rate", "follow_ups", NULL, "response_rate"},
    {0},
};

/* The figures `m` as measure,group,value rows (new). */
static json_t *download_table(const json_t *m)
{
	json_t *table = json_array();
	for (const char *const *k = totals; *k; k++)
		add_row(table, *k, "", json_object_get(m, *k));
	for (const struct measure *x = measures; x->name; x++) {
		const json_t *in = json_object_get(m, x->within);
		if (!x->group) {
			add_row(table, x->name, "", json_object_get(in, x->key));
			continue;
		}
		size_t i;
		json_t *r;
		json_array_foreach(in, i, r)
		    add_row(table, x->name, json_string_value(json_object_get(r, x->group)),
		            json_object_get(r, x->key));
	}
	return table;
}

/* GET /training/summary.csv and .xlsx?from=&to= (training.figures): the figures in `format`. */
static enum haven_status summary_download(struct request *req, struct response *res,
                                          enum download_format format)
{
	struct period period;
	if (!training_period(req, res, &period))
		return HAVEN_OK; /* a download has no page: the error alone */
	json_t *m = NULL;
	enum haven_status st = training_summary(period.from_text, period.to_text, &m);
	if (st != HAVEN_OK)
		return st;
	json_t *table = download_table(m);
	json_decref(m);
	const struct download d = {.name = "training-figures",
	                           .from = period.from_text,
	                           .to = period.to_text,
	                           .sheet = "Training figures",
	                           .columns = download_columns,
	                           .column_count = 3,
	                           .places = 3};
	st = download_send(res, &d, format, table);
	json_decref(table);
	return st;
}

enum haven_status training_handle_summary_csv(struct request *req, struct response *res)
{
	return summary_download(req, res, DOWNLOAD_CSV);
}

enum haven_status training_handle_summary_xlsx(struct request *req, struct response *res)
{
	return summary_download(req, res, DOWNLOAD_XLSX);
}
