/*
 * figures.c (training) — the training figures for a period (page, API and
 * CSV).
 */
#include "areas/training/handlers.h"

#include <stdio.h>
#include <stdlib.h>

#include "areas/training/store.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/csv.h"
#include "view/chart.h"

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
	size_t n = json_array_size(courses);
	if (n == 0)
		return json_null();
	struct chart_bar *bars = xcalloc(n, sizeof *bars);
	char(*texts)[24] = xcalloc(n, sizeof *texts);
	size_t i;
	const json_t *course;
	json_array_foreach(courses, i, course)
	{
		long long attendances = json_integer_value(json_object_get(course, "attendances"));
		snprintf(texts[i], sizeof texts[i], "%lld", attendances);
		bars[i] = (struct chart_bar){json_string_value(json_object_get(course, "title")), attendances,
		                             texts[i]};
	}
	json_t *chart = chart_bars("courses-chart", "Attendances by course",
	                           "A bar for each course, as long as the number of people who attended its "
	                           "sessions in the period.",
	                           bars, n);
	free(texts);
	free(bars);
	return chart;
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
		json_array_foreach(json_object_get(model, "by_area"), i, a) json_object_set_new(
		    a, "label",
		    json_string(training_area_label(json_string_value(json_object_get(a, "area")))));
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
		char csv[96];
		snprintf(csv, sizeof csv, "/training/summary.csv?from=%s&to=%s", f, t);
		json_object_set_new(model, "csv_link", json_string(csv));
		json_object_set_new(model, "chart", courses_chart(json_object_get(model, "by_course")));
		json_t *course;
		json_array_foreach(json_object_get(model, "by_course"), i, course) training_set_count_text(
		    course, "sessions_text", json_integer_value(json_object_get(course, "sessions")),
		    "session", "sessions");
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/* One measure,group,value row; a value that is not a number (none yet) is left empty. */
static void csv_row(struct csv *csv, const char *measure, const char *group, const json_t *value)
{
	csv_text(csv, measure);
	csv_text(csv, group);
	if (json_is_integer(value))
		csv_integer(csv, (long long)json_integer_value(value));
	else if (json_is_number(value))
		csv_number(csv, json_number_value(value), 3);
	else
		csv_empty(csv);
	csv_end_row(csv);
}

/* GET /training/summary.csv (training.figures): the figures as measure,group,value rows. */
enum haven_status training_handle_summary_csv(struct request *req, struct response *res)
{
	struct period period;
	if (!training_period(req, res, &period))
		return HAVEN_OK; /* a CSV has no page: the error alone */
	const char *f = period.from_text, *t = period.to_text;
	json_t *m = NULL;
	enum haven_status st = training_summary(f, t, &m);
	if (st != HAVEN_OK)
		return st;
	struct buf b = BUF_INIT;
	struct csv csv = CSV_INIT(&b);
	static const char *const header[] = {"measure", "group", "value"};
	csv_header(&csv, header, 3);
	const char *totals[] = {"attendances",
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
	                        NULL};
	for (const char **k = totals; *k; k++)
		csv_row(&csv, *k, "", json_object_get(m, *k));
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(m, "by_agency"), i, r)
	    csv_row(&csv, "attendances_by_agency", json_string_value(json_object_get(r, "name")),
	            json_object_get(r, "attendances"));
	json_array_foreach(json_object_get(m, "by_course"), i, r)
	    csv_row(&csv, "attendances_by_course", json_string_value(json_object_get(r, "title")),
	            json_object_get(r, "attendances"));
	json_array_foreach(json_object_get(m, "by_area"), i, r)
	    csv_row(&csv, "attendances_by_priority_area", json_string_value(json_object_get(r, "area")),
	            json_object_get(r, "attendances"));
	json_t *c = json_object_get(m, "confidence");
	csv_row(&csv, "evaluations", "", json_object_get(c, "evaluations"));
	csv_row(&csv, "confidence_before", "", json_object_get(c, "before"));
	csv_row(&csv, "confidence_after", "", json_object_get(c, "after"));
	csv_row(&csv, "confidence_change", "", json_object_get(c, "change"));
	json_t *fu = json_object_get(m, "follow_ups");
	csv_row(&csv, "follow_ups_sent", "", json_object_get(fu, "sent"));
	csv_row(&csv, "follow_ups_answered", "", json_object_get(fu, "answered"));
	csv_row(&csv, "follow_up_response_rate", "", json_object_get(fu, "response_rate"));
	json_decref(m);
	res->body_owned = buf_steal(&b, &res->body_len);
	res->content_type = "text/csv; charset=utf-8";
	response_add_header(res, "Content-Disposition",
	                    "attachment; filename=\"haven-training-figures.csv\"");
	return HAVEN_OK;
}
