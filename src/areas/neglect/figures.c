/*
 * figures.c (neglect) — the partnership's figures from neglect assessments,
 * by local authority and for the whole partnership, for a period (the
 * reporting year by default; at most three years):
 *   - assessments finished in the period, and the children they were about;
 *   - grades by area of care: how many area grades of each grade 1 to 5;
 *   - improving: of the children assessed in the period who had been
 *     assessed before (reassessed), how many are improving between their
 *     baseline (first) and latest assessment up to the period's end, by the
 *     tool's rule (an area better, none worse: tool.h).
 * The same tallies are what the area publishes for the scrutineer's
 * dashboard and the annual report (neglect_published, app/figures.h).
 * Counts only: nothing about any child. An assessment counts in the local
 * authority it was begun in (the child's area then), and in the partnership's
 * total whatever its area; a reassessed child counts where their latest is.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "app/figures.h"
#include "areas/calendar/london.h"
#include "areas/neglect/handlers.h"
#include "areas/neglect/store.h"
#include "areas/neglect/tool.h"
#include "core/alloc.h"
#include "core/stats.h"

const struct field_spec neglect_figures_query[] = {PERIOD_FIELDS, {0}};

static const struct period_rule figures_period = {
    .by = PERIOD_REPORTING_YEAR, .max_days = 1096, .max_words = "3 years"};

/* One local authority's figures as they are counted (la_code 0: none, or the partnership's total). */
struct tally {
	long long assessments, children, reassessed, improving;
	json_t *grades; /* {"AREA": [count of grade 1, ..., count of grade 5]} */
};

static void add_grades(struct tally *t, const char *area, long long grade, long long count)
{
	if (grade < NEGLECT_BEST_GRADE || grade > NEGLECT_WORST_GRADE)
		return;
	json_t *counts = json_object_get(t->grades, area);
	if (!counts) {
		counts = json_pack("[iiiii]", 0, 0, 0, 0, 0);
		json_object_set_new(t->grades, area, counts);
	}
	json_t *slot = json_array_get(counts, (size_t)(grade - 1));
	json_integer_set(slot, json_integer_value(slot) + count);
}

/* The tally's model: its counts, the share improving, and the grades by area in the tool's order. */
static json_t *tally_json(const struct tally *t, const json_t *doc)
{
	double percent = 0;
	bool has_percent = stats_percent(t->improving, t->reassessed, &percent);
	json_t *grades = json_array();
	size_t i;
	const json_t *area;
	json_array_foreach(json_object_get(doc, "areas"), i, area)
	{
		const json_t *counts =
		    json_object_get(t->grades, json_string_value(json_object_get(area, "id")));
		json_t *cells = json_array();
		for (size_t g = 0; g < NEGLECT_WORST_GRADE; g++)
			json_array_append_new(cells,
			                      json_pack("{s:i, s:I}", "grade", (int)g + 1, "count",
			                                json_integer_value(json_array_get(counts, g))));
		json_array_append_new(grades,
		                      json_pack("{s:O, s:O, s:o}", "area", json_object_get(area, "id"),
		                                "area_name", json_object_get(area, "name"), "counts", cells));
	}
	char label[32] = "";
	if (has_percent)
		snprintf(label, sizeof label, "%.1f%%", percent);
	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:s?, s:o}", "assessments", (json_int_t)t->assessments,
	                 "children", (json_int_t)t->children, "reassessed", (json_int_t)t->reassessed,
	                 "improving", (json_int_t)t->improving, "improving_percent",
	                 has_percent ? json_real(percent) : json_null(), "improving_percent_label",
	                 has_percent ? label : NULL, "grades", grades);
}

static struct tally *tally_of(struct tally *tallies, const json_t *areas, long long la_code)
{
	size_t i;
	const json_t *a;
	json_array_foreach(areas, i, a) if (json_integer_value(json_object_get(a, "code")) ==
	                                    la_code) return &tallies[i];
	return NULL; /* an assessment of a child with no local authority counts in the partnership's only */
}

/*
 * The store's figures rows tallied: one tally per local authority of
 * `areas`, in its order, then the partnership's (n + 1, new; free each
 * tally's grades, then the array).
 */
static struct tally *tally_all(const json_t *areas, const json_t *counts, const json_t *grades,
                               const json_t *changes, long long children)
{
	size_t n = json_array_size(areas), i;
	struct tally *tallies = xcalloc(n + 1, sizeof *tallies), *all = &tallies[n];
	for (i = 0; i <= n; i++)
		tallies[i].grades = json_object();
	json_t *r;
	json_array_foreach(counts, i, r)
	{
		long long la = json_integer_value(json_object_get(r, "la_code"));
		struct tally *t = tally_of(tallies, areas, la);
		for (struct tally *each = t ? t : all; each; each = each == all ? NULL : all) {
			each->assessments += json_integer_value(json_object_get(r, "assessments"));
			each->children += json_integer_value(json_object_get(r, "children"));
		}
	}
	json_array_foreach(grades, i, r)
	{
		struct tally *t = tally_of(tallies, areas, json_integer_value(json_object_get(r, "la_code")));
		for (struct tally *each = t ? t : all; each; each = each == all ? NULL : all)
			add_grades(each, json_string_value(json_object_get(r, "area")),
			           json_integer_value(json_object_get(r, "grade")),
			           json_integer_value(json_object_get(r, "count")));
	}
	/* the reassessed children, by whether an area got better and whether one got worse: the tool's rule
	 */
	json_array_foreach(changes, i, r)
	{
		long long count = json_integer_value(json_object_get(r, "children"));
		bool improving = neglect_tool_improving(json_integer_value(json_object_get(r, "better")) != 0,
		                                        json_integer_value(json_object_get(r, "worse")) != 0);
		struct tally *t = tally_of(tallies, areas, json_integer_value(json_object_get(r, "la_code")));
		for (struct tally *each = t ? t : all; each; each = each == all ? NULL : all) {
			each->reassessed += count;
			each->improving += improving ? count : 0;
		}
	}
	/* a child assessed in two areas counts in each, and once in the partnership's */
	all->children = children;
	return tallies;
}

/* What tally_all made, freed. */
static void tallies_free(struct tally *tallies, size_t n)
{
	for (size_t i = 0; i <= n; i++)
		json_decref(tallies[i].grades);
	free(tallies);
}

enum haven_status neglect_figures_redisplay(struct request *req, struct response *res)
{
	(void)req;
	response_set_model(res, json_pack("{s:s}", "title", "Neglect assessment figures"));
	return HAVEN_OK;
}

enum haven_status neglect_figures(struct request *req, struct response *res)
{
	json_t *errors = json_array();
	struct period period;
	period_from_input(req->input, &figures_period, calendar_london_today(), &period, errors);
	json_t *model = json_pack("{s:s, s:s, s:s}", "title", "Neglect assessment figures", "from",
	                          period.from_text, "to", period.to_text);
	if (json_array_size(errors)) {
		res->status = 400;
		response_set_model(res, model);
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	json_t *areas = NULL, *counts = NULL, *grades = NULL, *changes = NULL, *doc = NULL, *version = NULL;
	long long children = 0;
	long long tool_id;
	enum haven_status st = neglect_store_tool(0, &tool_id, &doc, &version);
	if (st == HAVEN_OK)
		st = neglect_store_figures(period.from_text, period.to_text, &areas, &counts, &grades,
		                           &changes, &children);
	if (st != HAVEN_OK) {
		json_decref(model);
		json_decref(doc);
		json_decref(version);
		return st;
	}
	size_t n = json_array_size(areas), i;
	struct tally *tallies = tally_all(areas, counts, grades, changes, children), *all = &tallies[n];
	json_t *out = json_array();
	const json_t *a;
	json_array_foreach(areas, i, a)
	{
		json_t *one = tally_json(&tallies[i], doc);
		json_object_set(one, "la_code", json_object_get(a, "code"));
		json_object_set(one, "la_name", json_object_get(a, "name"));
		json_array_append_new(out, one);
	}
	json_object_set_new(model, "areas", out);
	json_object_set_new(model, "partnership", tally_json(all, doc));
	tallies_free(tallies, n);
	json_decref(areas);
	json_decref(counts);
	json_decref(grades);
	json_decref(changes);
	json_decref(doc);
	json_decref(version);
	response_set_model(res, model);
	return HAVEN_OK;
}

enum haven_status neglect_published(const char *from, const char *to, json_t *sections)
{
	json_t *areas = NULL, *counts = NULL, *grades = NULL, *changes = NULL;
	long long children = 0;
	enum haven_status st = neglect_store_figures(from, to, &areas, &counts, &grades, &changes, &children);
	if (st != HAVEN_OK)
		return st;
	size_t n = json_array_size(areas), i;
	struct tally *tallies = tally_all(areas, counts, grades, changes, children);
	/* Assessments are of children, one each: counts of people, suppressed as a table. Its
	 * columns are not parts of one whole, so only each column has a total. */
	json_t *s = figures_section(sections, "Neglect", "/neglect/figures", "neglect.figures");
	static const char *const columns[] = {"Assessments finished", "Children assessed",
	                                      "Children assessed again", "Improving", NULL};
	json_t *table = figures_table(s, "Neglect assessments, by local authority", "Local authority",
	                              columns, SUPPRESS_PEOPLE, false, true);
	const json_t *a;
	json_array_foreach(areas, i, a)
	{
		const struct tally *t = &tallies[i];
		const long long row[] = {t->assessments, t->children, t->reassessed, t->improving};
		figures_table_row(table, json_string_value(json_object_get(a, "name")), row);
	}
	tallies_free(tallies, n);
	json_decref(areas);
	json_decref(counts);
	json_decref(grades);
	json_decref(changes);
	return HAVEN_OK;
}
