/*
 * figures.c (encompass) — Operation Encompass's figures for a period (the
 * last 90 days without dates, at most about three years): notifications by
 * local authority area, week and month, how many were on time, acknowledged
 * and acted on, new incidents and repeat ones, a chart of notifications by
 * area, and the tables as CSV and XLSX downloads (app/download.h). The
 * routes are in area.c (figures.h). The same tallies are what the area
 * publishes for the scrutineer's dashboard and the annual report
 * (encompass_published, app/figures.h). Both read the counts kept per area
 * and day (migration 0145), and the page its medians from the histogram of
 * acknowledgement delays kept per area, day and hour (0137, 0149): only the hour
 * holding a median is read to the second, so the medians stay exact and a
 * national year costs tens of thousands of rows, not a row per notification.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/download.h"
#include "app/figures.h"
#include "app/figures_page.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/encompass/figures.h"
#include "areas/encompass/rules.h"
#include "areas/encompass/store.h"
#include "areas/incidents/figures_scope.h"
#include "areas/incidents/store.h"
#include "core/alloc.h"
#include "core/stats.h"
#include "router/errors.h"
#include "router/page.h"
#include "view/chart_rows.h"
#include "view/chosen_option.h"

/*
 * Without dates, the figures cover the last 90 days; at most about three
 * years at once, which bounds the work one request does.
 */
static const struct period_rule figures_period = {
    .by = PERIOD_LAST_DAYS, .length = 90, .max_days = 1096, .max_words = "3 years"};

const struct field_spec encompass_figures_query[] = {
    PERIOD_FIELDS,
    {.name = "la", .label = "the local authority area", .type = FIELD_SLUG, .max = 100},
    {0},
};

/* How many acknowledgements took a whole hour (seconds / 3600, towards zero), as kept by 0137. */
struct hour_bar {
	long long hour, n;
};

struct tally {
	long long incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time;
	struct hour_bar *hours; /* incident to acknowledgement, by hour */
	size_t hours_count, hours_cap;
	int32_t first, last; /* the London days the tally covers, for reading its median's hour */
	bool has_median;
	double median_minutes;
};

enum group_kind { GROUP_TOTAL, GROUP_WEEK, GROUP_MONTH };

struct group {
	long long la_code; /* 0: the whole partnership */
	enum group_kind kind;
	int32_t key; /* the week's Monday or the month's first day */
	struct tally t;
};

struct groups {
	struct group *items;
	size_t count, cap;
};

static struct tally *tally_for(struct groups *g, long long la_code, enum group_kind kind, int32_t key)
{
	/* rows come by area then time, so a match is near the end: search backwards within the area */
	for (size_t i = g->count; i-- > 0;) {
		struct group *x = &g->items[i];
		if (x->la_code != la_code)
			break;
		if (x->kind == kind && x->key == key)
			return &x->t;
	}
	if (g->count == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->items = xrealloc(g->items, g->cap * sizeof *g->items);
	}
	g->items[g->count] = (struct group){.la_code = la_code, .kind = kind, .key = key};
	return &g->items[g->count++].t;
}

static void tally_counts(struct tally *t, const struct encompass_figure_count *c)
{
	t->incidents += c->incidents;
	t->notifications += c->notifications;
	t->delivered_on_time += c->delivered_on_time;
	t->acknowledged += c->acknowledged;
	t->acknowledged_on_time += c->acknowledged_on_time;
}

static void tally_hour(struct tally *t, long long hour, long long n)
{
	/* a few dozen hours at most: delays run from minutes to a few days */
	for (size_t i = 0; i < t->hours_count; i++)
		if (t->hours[i].hour == hour) {
			t->hours[i].n += n;
			return;
		}
	if (t->hours_count == t->hours_cap) {
		t->hours_cap = t->hours_cap ? t->hours_cap * 2 : 32;
		t->hours = xrealloc(t->hours, t->hours_cap * sizeof *t->hours);
	}
	t->hours[t->hours_count++] = (struct hour_bar){hour, n};
}

static int compare_hours(const void *a, const void *b)
{
	long long x = ((const struct hour_bar *)a)->hour, y = ((const struct hour_bar *)b)->hour;
	return (x > y) - (x < y);
}

/*
 * The seconds of one area's hour over the whole period, read once and shared
 * by every median held in that hour (the area's, its weeks' and months', the
 * partnership's): medians cluster in a few hours, so each is read once.
 */
struct hour_seconds {
	long long la_code, hour;
	struct encompass_figure_delay *bars; /* of every day of the period, shortest first */
	size_t count;
};

struct seconds_cache {
	long long force_id; /* a police force's own incidents; 0: the whole partnership's */
	int32_t from, to;   /* the period */
	struct hour_seconds *items;
	size_t count, cap;
};

static int compare_delays(const void *a, const void *b)
{
	long long x = ((const struct encompass_figure_delay *)a)->value,
	          y = ((const struct encompass_figure_delay *)b)->value;
	return (x > y) - (x < y);
}

static enum haven_status cached_seconds(struct seconds_cache *c, long long la_code, long long hour,
                                        const struct hour_seconds **out)
{
	for (size_t i = 0; i < c->count; i++)
		if (c->items[i].la_code == la_code && c->items[i].hour == hour) {
			*out = &c->items[i];
			return HAVEN_OK;
		}
	struct hour_seconds h = {.la_code = la_code, .hour = hour};
	enum haven_status st =
	    encompass_figure_delay_seconds(c->force_id, c->from, c->to, la_code, hour, &h.bars, &h.count);
	if (st != HAVEN_OK)
		return st;
	qsort(h.bars, h.count, sizeof *h.bars, compare_delays);
	if (c->count == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->items = xrealloc(c->items, c->cap * sizeof *c->items);
	}
	c->items[c->count] = h;
	*out = &c->items[c->count++];
	return HAVEN_OK;
}

static void seconds_cache_free(struct seconds_cache *c)
{
	for (size_t i = 0; i < c->count; i++)
		free(c->items[i].bars);
	free(c->items);
}

/*
 * The delay in seconds at `rank` (from 0) of tally `t`'s acknowledgements in
 * areas `codes[0..ncodes)`: the hours before it are counted from the
 * histogram (sorted by hour), and only its own hour is read to the second,
 * the tally's days of it.
 */
static enum haven_status delay_at(const struct tally *t, const long long *codes, size_t ncodes,
                                  struct seconds_cache *cache, long long rank, long long *seconds)
{
	size_t i = 0;
	long long before = 0;
	while (i + 1 < t->hours_count && rank >= before + t->hours[i].n)
		before += t->hours[i++].n;
	struct encompass_figure_delay *mine = NULL;
	size_t count = 0, cap = 0;
	for (size_t k = 0; k < ncodes; k++) {
		const struct hour_seconds *h = NULL;
		enum haven_status st = cached_seconds(cache, codes[k], t->hours[i].hour, &h);
		if (st != HAVEN_OK) {
			free(mine);
			return st;
		}
		for (size_t b = 0; b < h->count; b++) {
			if (h->bars[b].day < t->first || h->bars[b].day > t->last)
				continue;
			if (count == cap) {
				cap = cap ? cap * 2 : 64;
				mine = xrealloc(mine, cap * sizeof *mine);
			}
			mine[count++] = h->bars[b];
		}
	}
	if (ncodes > 1) /* each area's are in order; together they are not */
		qsort(mine, count, sizeof *mine, compare_delays);
	enum haven_status st =
	    HAVEN_ERR_DB; /* the hours and their seconds disagree: never, as triggers keep both */
	for (size_t k = 0; k < count; k++) {
		before += mine[k].n;
		if (rank < before) {
			*seconds = mine[k].value;
			st = HAVEN_OK;
			break;
		}
	}
	free(mine);
	return st;
}

/*
 * The median of tally `t`'s delays, in minutes, into t->median_minutes, as
 * core/stats.h's stats_median gives it for the delays written out one by one
 * (each seconds / 60.0): the middle one, or the mean of the middle two.
 */
static enum haven_status tally_median(struct tally *t, const long long *codes, size_t ncodes,
                                      struct seconds_cache *cache)
{
	long long total = 0;
	for (size_t i = 0; i < t->hours_count; i++)
		total += t->hours[i].n;
	if (total <= 0)
		return HAVEN_OK;
	qsort(t->hours, t->hours_count, sizeof *t->hours, compare_hours);
	long long upper, lower;
	enum haven_status st = delay_at(t, codes, ncodes, cache, total / 2, &upper);
	if (st == HAVEN_OK && total % 2 == 0)
		st = delay_at(t, codes, ncodes, cache, total / 2 - 1, &lower);
	if (st != HAVEN_OK)
		return st;
	t->median_minutes =
	    total % 2 ? (double)upper / 60.0 : ((double)lower / 60.0 + (double)upper / 60.0) / 2.0;
	t->has_median = true;
	return HAVEN_OK;
}

/* The percentage for the API, and its label for people ("1 of 2 (50%)" on a small base). */
static json_t *percent_json(long long part, long long whole, char label[STATS_SHARE_SIZE])
{
	double p;
	if (!stats_percent(part, whole, &p) || !stats_share_text(part, whole, label)) {
		snprintf(label, STATS_SHARE_SIZE, "No notifications");
		return json_null();
	}
	return json_real(p);
}

/* A tally as the API and page show it (its median found before: tally_median). */
static json_t *tally_json(struct tally *t)
{
	char a[STATS_SHARE_SIZE], b[STATS_SHARE_SIZE], c[STATS_SHARE_SIZE], m[CALENDAR_DURATION_SIZE];
	json_t *pd = percent_json(t->delivered_on_time, t->notifications, a);
	json_t *pa = percent_json(t->acknowledged, t->notifications, b);
	json_t *pt = percent_json(t->acknowledged_on_time, t->notifications, c);
	json_t *mj;
	if (t->has_median) {
		mj = json_real(t->median_minutes);
		calendar_format_duration((int64_t)(t->median_minutes * 60.0 + 0.5), m);
	} else {
		mj = json_null();
		snprintf(m, sizeof m, "No acknowledgements");
	}
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:s}", "incidents",
	                 (json_int_t)t->incidents, "notifications", (json_int_t)t->notifications,
	                 "delivered_on_time", (json_int_t)t->delivered_on_time, "acknowledged",
	                 (json_int_t)t->acknowledged, "acknowledged_on_time",
	                 (json_int_t)t->acknowledged_on_time, "percent_delivered_on_time", pd,
	                 "percent_acknowledged", pa, "percent_acknowledged_on_time", pt,
	                 "median_minutes_to_acknowledgement", mj, "percent_delivered_on_time_label", a,
	                 "percent_acknowledged_label", b, "percent_acknowledged_on_time_label", c,
	                 "median_to_acknowledgement_label", m);
}

static void period_labels(json_t *o, enum group_kind kind, int32_t key)
{
	char date[CALENDAR_DATE_SIZE], text[ENCOMPASS_WHEN_SIZE + 32];
	calendar_format(key, date);
	if (kind == GROUP_WEEK) {
		char day[ENCOMPASS_WHEN_SIZE];
		encompass_format_day(key, day);
		snprintf(text, sizeof text, "Week beginning %s", day);
		json_object_set_new(o, "week_beginning", json_string(date));
	} else {
		int y, m, d;
		calendar_to_ymd(key, &y, &m, &d);
		snprintf(text, sizeof text, "%s %d", calendar_month_name(m), y);
		char month[8];
		snprintf(month, sizeof month, "%.7s", date);
		json_object_set_new(o, "month", json_string(month));
	}
	json_object_set_new(o, "period", json_string(text));
}

/* Adds the week and month rows of area `la_code` to `area`, oldest first. */
static void periods_json(struct groups *g, long long la_code, json_t *area)
{
	json_t *weeks = json_array(), *months = json_array();
	/* groups were made in time order within an area, weeks and months interleaved */
	for (size_t i = 0; i < g->count; i++) {
		struct group *x = &g->items[i];
		if (x->la_code != la_code || x->kind == GROUP_TOTAL)
			continue;
		json_t *o = tally_json(&x->t);
		period_labels(o, x->kind, x->key);
		json_array_append_new(x->kind == GROUP_WEEK ? weeks : months, o);
	}
	json_object_set_new(area, "has_weeks", json_boolean(json_array_size(weeks) > 0));
	json_object_set_new(area, "weeks", weeks);
	json_object_set_new(area, "months", months);
}

static void groups_free(struct groups *g)
{
	for (size_t i = 0; i < g->count; i++)
		free(g->items[i].t.hours);
	free(g->items);
}

/* The form's areas, with the chosen one selected. */
static json_t *area_choices(const json_t *areas, const json_t *chosen)
{
	json_t *list = json_deep_copy(areas);
	chosen_option_mark(list, "slug", chosen);
	return list;
}

/* The chart above the figures' tables: notifications by area, each with its share delivered on time. */
static json_t *notifications_chart(const json_t *areas)
{
	return chart_rows(areas, &(const struct chart_rows){
	                             .id = "notifications-chart",
	                             .title = "Notifications sent in the period, by area",
	                             .desc = "A bar for each local authority area, as long as the number of "
	                                     "notifications sent about incidents there in the period.",
	                             .label_key = "la_name",
	                             .value_in = "totals",
	                             .value_key = "notifications"});
}

/* The first day of `day`'s month. */
static int32_t month_start(int32_t day)
{
	int y, m, d;
	calendar_to_ymd(day, &y, &m, &d);
	return calendar_from_ymd(y, m, 1);
}

/* The London days of a week or month, within the period [from, to]. */
static void group_days(const struct group *x, int32_t from, int32_t to, struct tally *t)
{
	int32_t last = x->kind == GROUP_WEEK ? x->key + 6 : calendar_add_months(x->key, 1) - 1;
	t->first = x->key > from ? x->key : from;
	t->last = last < to ? last : to;
}

/*
 * The figures of London days [from, to] in area `la_code` (0: every area of
 * `areas`, [{code}]): a group per area and period into *g, the whole
 * partnership into *overall, counts and medians, from the kept aggregates
 * (0145's counts, 0137's delays).
 */
static enum haven_status figures_tally(long long force_id, int32_t from, int32_t to, long long la_code,
                                       const json_t *areas, struct groups *g, struct tally *overall)
{
	struct encompass_figure_count *counts = NULL;
	struct encompass_figure_delay *hours = NULL;
	size_t ncounts = 0, nhours = 0;
	enum haven_status st = encompass_figure_counts(force_id, from, to, &counts, &ncounts);
	if (st == HAVEN_OK)
		st = encompass_figure_delay_hours(force_id, from, to, la_code, &hours, &nhours);
	if (st != HAVEN_OK) {
		free(counts);
		return st;
	}
	/* both come by area then day: an area's counts, then its hours, so tally_for finds its groups near
	 * the end */
	for (size_t i = 0, j = 0; i < ncounts || j < nhours;) {
		long long area = i < ncounts ? counts[i].la_code : hours[j].la_code;
		if (j < nhours && hours[j].la_code < area)
			area = hours[j].la_code;
		for (; i < ncounts && counts[i].la_code == area; i++) {
			const struct encompass_figure_count *c = &counts[i];
			if (la_code && c->la_code != la_code)
				continue;
			tally_counts(overall, c);
			tally_counts(tally_for(g, area, GROUP_TOTAL, 0), c);
			tally_counts(tally_for(g, area, GROUP_MONTH, month_start(c->day)), c);
			tally_counts(tally_for(g, area, GROUP_WEEK, encompass_week_start(c->day)), c);
		}
		for (; j < nhours && hours[j].la_code == area; j++) {
			const struct encompass_figure_delay *h = &hours[j];
			tally_hour(overall, h->value, h->n);
			tally_hour(tally_for(g, area, GROUP_TOTAL, 0), h->value, h->n);
			tally_hour(tally_for(g, area, GROUP_MONTH, month_start(h->day)), h->value, h->n);
			tally_hour(tally_for(g, area, GROUP_WEEK, encompass_week_start(h->day)), h->value,
			           h->n);
		}
	}
	free(counts);
	free(hours);

	/* the partnership's median reads its hour in each area it covers */
	size_t ncodes = 0;
	long long *codes = xcalloc(json_array_size(areas) + 1, sizeof *codes);
	size_t i;
	const json_t *a;
	json_array_foreach(areas, i, a)
	{
		long long code = json_integer_value(json_object_get(a, "code"));
		if (!la_code || code == la_code)
			codes[ncodes++] = code;
	}
	struct seconds_cache cache = {.force_id = force_id, .from = from, .to = to};
	st = tally_median(overall, codes, ncodes, &cache);
	free(codes);
	for (size_t k = 0; st == HAVEN_OK && k < g->count; k++) {
		struct group *x = &g->items[k];
		if (x->kind == GROUP_TOTAL) {
			x->t.first = from;
			x->t.last = to;
		} else {
			group_days(x, from, to, &x->t);
		}
		st = tally_median(&x->t, &x->la_code, 1, &cache);
	}
	seconds_cache_free(&cache);
	return st;
}

/* The page's frame: its title and the police line, said with its figures or its errors. */
static const struct figures_page figures_page = {.title = "Operation Encompass figures",
                                                 .frame = incidents_figures_frame};

/*
 * Whose figures the page's totals are, in words for its heading and the
 * API's "scope" (new): a police force's own incidents or the whole
 * partnership's, narrowed to `area` ({name}) when one is chosen ("Your
 * force's incidents in Blackpool", "Blackpool").
 */
static json_t *scope_words(bool own_force, const json_t *area)
{
	const char *name = area ? field_text(area, "name") : NULL;
	if (!name)
		return json_string(own_force ? "Your force's incidents" : "The whole partnership");
	if (!own_force)
		return json_string(name);
	size_t size = strlen(name) + sizeof "Your force's incidents in ";
	char *text = xmalloc(size);
	snprintf(text, size, "Your force's incidents in %s", name);
	json_t *words = json_string(text);
	free(text);
	return words;
}

/*
 * GET /encompass/figures, GET /api/v1/encompass/figures?from=&to=&la=: per
 * local authority area (and the whole partnership), the incidents that
 * occurred in the period (Europe/London dates, both inclusive) and their
 * notifications, in total and by week and month. Counts and times only:
 * nothing about any child.
 */
enum haven_status encompass_figures_page(struct request *req, struct response *res)
{
	json_t *areas = NULL;
	enum haven_status st = encompass_areas(&areas);
	if (st != HAVEN_OK)
		return st;
	const char *la = field_text(req->input, "la");
	json_t *errors = json_array();
	struct period period;
	/* a refused period's error joins the area's, below */
	period_from_input(req->input, &figures_period, calendar_london_today(), &period, errors);
	int32_t from = period.from, to = period.to;
	long long la_code = 0;
	const json_t *chosen_area = NULL;
	if (la && *la) {
		size_t i;
		json_t *a;
		json_array_foreach(areas, i, a) if (strcmp(field_text(a, "slug"), la) == 0) chosen_area = a;
		if (!chosen_area)
			errors_add(errors, "la", "Select the local authority area from the list");
		else
			la_code = json_integer_value(json_object_get(chosen_area, "code"));
	}
	/* the page's frame (its title, the police line) is on it whether it shows figures or errors */
	json_t *model = NULL;
	st = figures_page_frame(req, &figures_page, &model);
	if (st != HAVEN_OK) {
		json_decref(errors);
		json_decref(areas);
		return st;
	}
	json_object_set_new(model, "from", json_string(period.from_text));
	json_object_set_new(model, "to", json_string(period.to_text));
	if (la)
		json_object_set_new(model, "la", json_string(la));
	json_object_set_new(model, "area_choices", area_choices(areas, json_object_get(req->input, "la")));
	if (json_array_size(errors)) {
		json_decref(areas);
		res->status = 400;
		response_set_model(res, model);
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	/* whose the totals are: the force's own or the partnership's, in the area chosen if one */
	json_object_set_new(model, "scope",
	                    scope_words(json_is_true(json_object_get(model, "own_force")), chosen_area));

	/* a police force sees its own incidents' figures, as it sees only its own incidents */
	struct incidents_scope scope;
	struct groups g = {0};
	struct tally overall = {.first = from, .last = to};
	st = incidents_scope_of(req->user->agency_id, &scope);
	if (st == HAVEN_OK)
		st = figures_tally(scope.force_id, from, to, la_code, areas, &g, &overall);
	if (st != HAVEN_OK) {
		free(overall.hours);
		groups_free(&g);
		json_decref(areas);
		json_decref(model);
		return st;
	}

	json_t *out = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a)
	{
		long long code = json_integer_value(json_object_get(a, "code"));
		if (la_code && code != la_code)
			continue;
		struct tally empty = {0};
		struct tally *t = &empty;
		for (size_t k = 0; k < g.count; k++)
			if (g.items[k].la_code == code && g.items[k].kind == GROUP_TOTAL)
				t = &g.items[k].t;
		json_t *area = json_pack("{s:O, s:O, s:O, s:o}", "la_code", json_object_get(a, "code"),
		                         "la_slug", json_object_get(a, "slug"), "la_name",
		                         json_object_get(a, "name"), "totals", tally_json(t));
		periods_json(&g, code, area);
		json_array_append_new(out, area);
	}
	json_object_set_new(model, "chart", notifications_chart(out));
	json_object_set_new(model, "areas", out);
	json_object_set_new(model, "partnership", tally_json(&overall));
	free(overall.hours);
	groups_free(&g);
	json_decref(areas);
	response_set_model(res, model);
	return HAVEN_OK;
}

/* The figures' download columns: a row per area and period (the whole period, each month, each week). */
static const char *const figures_columns[] = {"area",
                                              "period_kind",
                                              "period",
                                              "incidents",
                                              "notifications",
                                              "delivered_on_time",
                                              "acknowledged",
                                              "acknowledged_on_time",
                                              "percent_delivered_on_time",
                                              "percent_acknowledged",
                                              "percent_acknowledged_on_time",
                                              "median_minutes_to_acknowledgement"};
#define FIGURES_COLUMNS (sizeof figures_columns / sizeof figures_columns[0])

static void add_figure_row(json_t *table, const json_t *area, const char *kind, const char *period,
                           const json_t *t)
{
	json_array_append_new(
	    table, json_pack("[O?, s, s, O?, O?, O?, O?, O?, O?, O?, O?, O?]",
	                     json_object_get(area, "la_name"), kind, period, json_object_get(t, "incidents"),
	                     json_object_get(t, "notifications"), json_object_get(t, "delivered_on_time"),
	                     json_object_get(t, "acknowledged"), json_object_get(t, "acknowledged_on_time"),
	                     json_object_get(t, "percent_delivered_on_time"),
	                     json_object_get(t, "percent_acknowledged"),
	                     json_object_get(t, "percent_acknowledged_on_time"),
	                     json_object_get(t, "median_minutes_to_acknowledgement")));
}

/*
 * The figures page's tables as one table of figures_columns (*out, new), for
 * the same query, and the period it covers (d->from, d->to: `from`, `to`);
 * NULL (and HAVEN_OK) when the query was refused: `res` then holds the
 * errors the server answers with.
 */
static enum haven_status download_rows(struct request *req, struct response *res,
                                       char from[static CALENDAR_DATE_SIZE],
                                       char to[static CALENDAR_DATE_SIZE], json_t **out)
{
	*out = NULL;
	enum haven_status st = encompass_figures_page(req, res);
	if (st != HAVEN_OK || res->errors)
		return st;
	const json_t *model = res->model;
	snprintf(from, CALENDAR_DATE_SIZE, "%s", field_text(model, "from"));
	snprintf(to, CALENDAR_DATE_SIZE, "%s", field_text(model, "to"));
	char whole[2 * CALENDAR_DATE_SIZE + 8];
	snprintf(whole, sizeof whole, "%s to %s", from, to);
	json_t *table = json_array();
	size_t i, k;
	const json_t *area, *p;
	json_array_foreach(json_object_get(model, "areas"), i, area)
	{
		add_figure_row(table, area, "whole period", whole, json_object_get(area, "totals"));
		json_array_foreach(json_object_get(area, "months"), k, p)
		    add_figure_row(table, area, "month", field_text(p, "period"), p);
		json_array_foreach(json_object_get(area, "weeks"), k, p)
		    add_figure_row(table, area, "week", field_text(p, "period"), p);
	}
	response_set_model(res, NULL);
	*out = table;
	return HAVEN_OK;
}

/* GET /encompass/figures.csv and .xlsx?from=&to=&la=: the figures page's tables to take away, in the format
 * the path ends in (app/download.h). */
enum haven_status encompass_figures_download(struct request *req, struct response *res)
{
	char from[CALENDAR_DATE_SIZE], to[CALENDAR_DATE_SIZE];
	json_t *table = NULL;
	enum haven_status st = download_rows(req, res, from, to, &table);
	if (!table)
		return st;
	const struct download d = {.name = "encompass-figures",
	                           .from = from,
	                           .to = to,
	                           .sheet = "Encompass figures",
	                           .columns = figures_columns,
	                           .column_count = FIGURES_COLUMNS,
	                           .places = 1};
	st = download_send(res, &d, download_format_of(req), table);
	json_decref(table);
	return st;
}

enum haven_status encompass_published(const char *from, const char *to, json_t *sections)
{
	int32_t first, last;
	if (!calendar_parse(from, &first) || !calendar_parse(to, &last))
		return HAVEN_ERR_INVALID;
	json_t *areas = NULL;
	enum haven_status st = encompass_areas(&areas);
	if (st != HAVEN_OK)
		return st;
	/* the kept counts (0145), not the year's rows: a few rows a day at any scale; every force's */
	struct encompass_figure_count *counts = NULL;
	size_t count = 0;
	st = encompass_figure_counts(0, first, last, &counts, &count);
	if (st != HAVEN_OK) {
		json_decref(areas);
		return st;
	}

	/* Incidents are households and notifications children: counts of people, suppressed as a table. */
	json_t *s = figures_section(sections, "Domestic abuse: Operation Encompass", "/encompass/figures",
	                            "encompass.figures");
	static const char *const columns[] = {"Incidents", "Children's schools told",
	                                      "Told before the next school day", "Acknowledged by the school",
	                                      NULL};
	json_t *table = figures_table(s, "Incidents and notifications, by local authority", "Local authority",
	                              columns, SUPPRESS_PEOPLE, false, true);
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a)
	{
		long long code = json_integer_value(json_object_get(a, "code"));
		struct tally t = {0};
		for (size_t k = 0; k < count; k++) {
			if (counts[k].la_code != code)
				continue;
			t.incidents += counts[k].incidents;
			t.notifications += counts[k].notifications;
			t.delivered_on_time += counts[k].delivered_on_time;
			t.acknowledged += counts[k].acknowledged;
		}
		const long long cells[] = {t.incidents, t.notifications, t.delivered_on_time, t.acknowledged};
		figures_table_row(table, json_string_value(json_object_get(a, "name")), cells);
	}
	free(counts);
	json_decref(areas);
	return HAVEN_OK;
}
