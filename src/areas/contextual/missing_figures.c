/*
 * missing_figures.c (contextual) — the missing episodes' figures by area and
 * month for a period (the last twelve months without dates): episodes,
 * children, repeat episodes by the partnership's rule, the episodes whose
 * placing authority is not recorded as told, and return home
 * interviews offered, accepted and completed within 72 hours, beside the
 * share completed in time in England. The same figures, by area, are what
 * the area publishes for the scrutineer's dashboard and the annual report
 * (contextual_missing_published, app/figures.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/figures.h"
#include "app/figures_page.h"
#include "areas/calendar/london.h"
#include "areas/contextual/episode.h"
#include "areas/contextual/handlers.h"
#include "areas/contextual/store.h"
#include "areas/incidents/figures_scope.h"
#include "areas/incidents/store.h"
#include "auth/user.h"
#include "core/alloc.h"
#include "core/calendar.h"
#include "core/stats.h"
#include "router/errors.h"
#include "router/page.h"

/* The share of return home interviews completed within 72 hours in England (shown beside ours). */
#define NATIONAL_WITHIN_72_PERCENT 63

const struct field_spec contextual_figures_query[] = {PERIOD_FIELDS, {0}};
/* Without dates, the figures cover the last twelve months, this one included. */
static const struct period_rule figures_period = {.by = PERIOD_LAST_MONTHS, .length = 12};

/* The counts of one group (an area's month, an area, everything) as they are added up. */
struct tally {
	long long episodes, returned, offered_in_time, completed_in_time;
	long long placing_not_told; /* a child placed by another authority, which is not recorded as told */
	/* the returns whose offer (or interview) is settled: made in time, or 72 hours gone by without;
	 * a return still inside its 72 hours counts neither way yet */
	long long offer_settled, interview_settled;
	json_t *children, *repeat_children; /* objects keyed by child id: a set */
	double *hours;
	size_t hours_count;
};

static void tally_add(struct tally *t, const json_t *row, bool repeat, int64_t now)
{
	t->episodes++;
	const json_t *not_told = json_object_get(row, "placing_not_told");
	t->placing_not_told += json_is_true(not_told) || json_integer_value(not_told) != 0;
	char key[32];
	json_t *child = json_object_get(row, "child_id");
	if (json_is_integer(child)) {
		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(child));
		json_object_set_new(t->children, key, json_true());
		if (repeat)
			json_object_set_new(t->repeat_children, key, json_true());
	} else {
		/* a child not matched to the register is counted as a child of their own */
		snprintf(key, sizeof key, "episode-%lld",
		         (long long)json_integer_value(json_object_get(row, "id")));
		json_object_set_new(t->children, key, json_true());
	}
	int64_t returned, offered, completed;
	if (!calendar_parse_instant(field_text(row, "returned_at"), &returned))
		return;
	t->returned++;
	int64_t due = episode_interview_due(returned);
	bool clock_over = now > due;
	bool offered_in_time =
	    calendar_parse_instant(field_text(row, "interview_offered_at"), &offered) && offered <= due;
	t->offered_in_time += offered_in_time;
	t->offer_settled += offered_in_time || clock_over;
	bool held = calendar_parse_instant(field_text(row, "interview_completed_at"), &completed);
	t->completed_in_time += held && completed <= due;
	t->interview_settled += (held && completed <= due) || clock_over;
	if (held) {
		t->hours = xrealloc(t->hours, (t->hours_count + 1) * sizeof *t->hours);
		t->hours[t->hours_count++] = (double)(completed - returned) / 3600.0;
	}
}

static json_t *tally_json(struct tally *t)
{
	double offered, completed, median;
	json_t *g = json_pack("{s:I, s:I, s:I, s:I, s:I}", "episodes", (json_int_t)t->episodes, "children",
	                      (json_int_t)json_object_size(t->children), "repeat_children",
	                      (json_int_t)json_object_size(t->repeat_children), "returned",
	                      (json_int_t)t->returned, "placing_not_told", (json_int_t)t->placing_not_told);
	char text[32];
	bool have = stats_percent(t->offered_in_time, t->offer_settled, &offered);
	json_object_set_new(g, "offered_within_72_hours_percent", have ? json_real(offered) : json_null());
	snprintf(text, sizeof text, have ? "%.1f%%" : "none due yet", offered);
	json_object_set_new(g, "offered_text", json_string(text));
	have = stats_percent(t->completed_in_time, t->interview_settled, &completed);
	json_object_set_new(g, "completed_within_72_hours_percent",
	                    have ? json_real(completed) : json_null());
	snprintf(text, sizeof text, have ? "%.1f%%" : "none due yet", completed);
	json_object_set_new(g, "completed_text", json_string(text));
	have = stats_median(t->hours, t->hours_count, &median);
	json_object_set_new(g, "median_hours_to_interview",
	                    have ? json_real(stats_one_place(median)) : json_null());
	snprintf(text, sizeof text, have ? "%.1f" : "none held", have ? stats_one_place(median) : 0.0);
	json_object_set_new(g, "median_text", json_string(text));
	json_decref(t->children);
	json_decref(t->repeat_children);
	free(t->hours);
	return g;
}

static struct tally tally_new(void)
{
	return (struct tally){.children = json_object(), .repeat_children = json_object()};
}

/* Whether `row`'s episode is a repeat under the rule, among `history` ({child_id, reported_at}). */
static bool row_is_repeat(const json_t *row, const json_t *history, int episodes, int days)
{
	json_t *child = json_object_get(row, "child_id");
	int64_t at;
	if (!json_is_integer(child) || !calendar_parse_instant(field_text(row, "reported_at"), &at))
		return false;
	size_t n = 0, i;
	json_t *h;
	int64_t *times = xmalloc((json_array_size(history) + 1) * sizeof *times);
	json_array_foreach(history, i, h)
	{
		if (json_equal(json_object_get(h, "child_id"), child) &&
		    calendar_parse_instant(field_text(h, "reported_at"), &times[n]))
			n++;
	}
	bool repeat = episode_is_repeat(times, n, at, episodes, days);
	free(times);
	return repeat;
}

/* The figures of `period`, by area and month and in all (*out, new): force `force_id`'s own episodes, or with
 * 0 every one. */
static enum haven_status figures_of_period(const struct period *p, long long force_id, json_t **out)
{
	*out = NULL;
	const struct period period = *p;
	char from[CALENDAR_INSTANT_SIZE], to[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(calendar_utc_from_london(period.from, 0), from);
	calendar_format_instant(calendar_utc_from_london(period.to + 1, 0), to);
	int episodes = 3, days = 30;
	json_t *rows = NULL, *history = NULL;
	enum haven_status st = contextual_repeat_rule(&episodes, &days);
	if (st == HAVEN_OK)
		st = contextual_figure_rows(force_id, from, to, &rows, &history);
	if (st != HAVEN_OK)
		return st;
	int64_t now = (int64_t)time(NULL);
	/* rows come by area name, then time: each area's months in order */
	json_t *areas = json_array();
	struct tally all = tally_new(), area = tally_new(), month = tally_new();
	json_t *area_json = NULL, *months = NULL;
	char current_month[8] = "";
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		int64_t at;
		char month_key[8] = "";
		if (calendar_parse_instant(field_text(r, "reported_at"), &at)) {
			int32_t day = calendar_london_day(at);
			int y, m, d;
			calendar_to_ymd(day, &y, &m, &d);
			snprintf(month_key, sizeof month_key, "%04d-%02d", y, m);
		}
		const char *la = field_text(r, "la_name");
		bool new_area = !area_json || strcmp(field_text(area_json, "la_name"), la) != 0;
		if ((new_area || strcmp(month_key, current_month) != 0) && months && current_month[0]) {
			json_t *g = tally_json(&month);
			json_object_set_new(g, "month", json_string(current_month));
			json_array_append_new(months, g);
			month = tally_new();
		}
		if (new_area) {
			if (area_json) {
				json_object_set_new(area_json, "total", tally_json(&area));
				area = tally_new();
			}
			area_json = json_pack("{s:s, s:[]}", "la_name", la, "months");
			months = json_object_get(area_json, "months");
			json_array_append_new(areas, area_json);
		}
		snprintf(current_month, sizeof current_month, "%s", month_key);
		bool repeat = row_is_repeat(r, history, episodes, days);
		tally_add(&all, r, repeat, now);
		tally_add(&area, r, repeat, now);
		tally_add(&month, r, repeat, now);
	}
	if (area_json) {
		json_t *g = tally_json(&month);
		json_object_set_new(g, "month", json_string(current_month));
		json_array_append_new(months, g);
		json_object_set_new(area_json, "total", tally_json(&area));
	} else {
		json_decref(tally_json(&month));
		json_decref(tally_json(&area));
	}
	json_decref(rows);
	json_decref(history);
	json_t *a, *g;
	size_t j;
	json_array_foreach(areas, i, a)
	{
		json_array_foreach(json_object_get(a, "months"), j, g)
		{
			int y, m;
			char label[32];
			if (sscanf(field_text(g, "month"), "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12) {
				snprintf(label, sizeof label, "%s %d", calendar_month_name(m), y);
				json_object_set_new(g, "month_label", json_string(label));
			}
		}
	}
	char rule[120];
	snprintf(rule, sizeof rule, "%d or more episodes within %d days", episodes, days);
	*out =
	    json_pack("{s:s, s:s, s:o, s:o, s:b, s:i, s:s}", "from", period.from_text, "to", period.to_text,
	              "areas", areas, "total", tally_json(&all), "found", json_array_size(areas) > 0,
	              "national_within_72_hours_percent", NATIONAL_WITHIN_72_PERCENT, "repeat_rule", rule);
	return *out ? HAVEN_OK : HAVEN_ERR_INTERNAL;
}

static enum haven_status figures_model(const struct request *req, json_t *errors, json_t **out)
{
	*out = NULL;
	struct period period;
	if (!period_from_input(req->input, &figures_period, calendar_london_today(), &period, errors))
		return HAVEN_OK;
	/* a police force sees the figures of the episodes it reported, as it sees only those episodes */
	struct incidents_scope scope;
	enum haven_status st = incidents_scope_of(req->user->agency_id, &scope);
	return st == HAVEN_OK ? figures_of_period(&period, scope.force_id, out) : st;
}

/* The page: its title and police line (said with its figures or its errors), and its figures. */
static const struct figures_page figures_page = {
    .title = "Missing episodes: figures", .frame = incidents_figures_frame, .model_of = figures_model};

/* GET /missing-episodes/figures, GET /api/v1/missing-episodes/figures?from=&to=. */
enum haven_status contextual_show_figures(struct request *req, struct response *res)
{
	return figures_page_show(req, res, &figures_page);
}

/* The figures page when its query fails validation: the page with the errors (and the police line), no
 * figures. */
enum haven_status contextual_figures_redisplay(struct request *req, struct response *res)
{
	return figures_page_redisplay(req, res, &figures_page);
}

enum haven_status contextual_missing_published(const char *from, const char *to, json_t *sections)
{
	struct period period;
	if (!calendar_parse(from, &period.from) || !calendar_parse(to, &period.to))
		return HAVEN_ERR_INVALID;
	snprintf(period.from_text, sizeof period.from_text, "%s", from);
	snprintf(period.to_text, sizeof period.to_text, "%s", to);
	json_t *model = NULL;
	enum haven_status st = figures_of_period(&period, 0, &model); /* every force's, for the scrutineer */
	if (st != HAVEN_OK)
		return st;
	/* Episodes and children are people: suppressed as a table; the columns are not parts of one whole. */
	json_t *s = figures_section(sections, "Children missing from home or care",
	                            "/missing-episodes/figures", "missing.figures");
	static const char *const columns[] = {"Episodes", "Children", "Children missing repeatedly",
	                                      "Returned", NULL};
	json_t *table = figures_table(s, "Missing episodes, by local authority", "Local authority", columns,
	                              SUPPRESS_PEOPLE, false, true);
	static const char *const counts[] = {"episodes", "children", "repeat_children", "returned"};
	figures_table_area_rows(table, json_object_get(model, "areas"), counts);
	json_decref(model);
	return HAVEN_OK;
}

/*
 * The section "Child exploitation" (contextual safeguarding beyond missing
 * episodes): exploitation screenings by the risk judged, National Referral
 * Mechanism referrals and the Home Office's decisions made in the period,
 * each about one child and so suppressed as the report's other counts of
 * children are; and the MACE meetings held, the partnership's own activity,
 * shown as they are.
 */
static enum haven_status exploitation_published(const char *from, const char *to, json_t *sections)
{
	json_t *c = NULL;
	enum haven_status st = contextual_exploitation_counts(from, to, &c);
	if (st != HAVEN_OK)
		return st;
#define COUNT(key) ((long long)json_integer_value(json_object_get(c, key)))
	json_t *s = figures_section(sections, "Child exploitation", NULL, "screening.list");
	figures_add(s, "Referrals to the National Referral Mechanism", COUNT("nrm_referred"),
	            SUPPRESS_PEOPLE);
	figures_add(s, "Multi-agency child exploitation (MACE) meetings about children", COUNT("mace_level1"),
	            SUPPRESS_ACTIVITIES);
	figures_add(s, "MACE meetings about places and people of concern", COUNT("mace_level2"),
	            SUPPRESS_ACTIVITIES);
	static const char *const screened[] = {"Screenings", NULL};
	json_t *risk = figures_table(s, "Exploitation screenings, by the risk judged", "Risk", screened,
	                             SUPPRESS_PEOPLE, false, true);
	figures_table_total_label(risk, "Exploitation screenings");
	figures_table_row(risk, "Low", (long long[]){COUNT("screened_low")});
	figures_table_row(risk, "Medium", (long long[]){COUNT("screened_medium")});
	figures_table_row(risk, "High", (long long[]){COUNT("screened_high")});
	static const char *const decided[] = {"Positive", "Negative", NULL};
	json_t *nrm = figures_table(s, "National Referral Mechanism decisions made", "Decision", decided,
	                            SUPPRESS_PEOPLE, true, true);
	figures_table_total_label(nrm, "National Referral Mechanism decisions");
	figures_table_row(nrm, "Reasonable grounds",
	                  (long long[]){COUNT("reasonable_positive"), COUNT("reasonable_negative")});
	figures_table_row(nrm, "Conclusive grounds",
	                  (long long[]){COUNT("conclusive_positive"), COUNT("conclusive_negative")});
#undef COUNT
	json_decref(c);
	return HAVEN_OK;
}

enum haven_status contextual_published(const char *from, const char *to, json_t *sections)
{
	enum haven_status st = contextual_missing_published(from, to, sections);
	return st == HAVEN_OK ? exploitation_published(from, to, sections) : st;
}
