/*
 * figures.c (threshold) — how many levels-of-need decisions practitioners
 * made in a period, by the child's local authority and the level they
 * chose: counted once here (threshold_decision_figures) for every page that
 * shows them, and published for the scrutineer's dashboard and the annual
 * report (threshold_published, app/figures.h).
 *
 * A decision is one practitioner's judgement about one child, so its counts
 * are counts of children: suppressed as a table. Each decision has exactly
 * one level, so the levels are parts of one whole and the table publishes
 * each local authority's total, each level's and the partnership's.
 */
#include <stdio.h>
#include <stdlib.h>

#include "app/figures.h"
#include "areas/calendar/london.h"
#include "areas/threshold/store.h"
#include "areas/threshold/threshold.h"
#include "core/alloc.h"
#include "core/calendar.h"
#include "router/fields.h"

/*
 * The levels decisions are counted under: the current framework's (number
 * and name), and beyond them "Level N" for any higher level an earlier
 * version had and a decision chose. A new array.
 */
static json_t *levels_counted(const json_t *rows)
{
	json_t *levels = json_array(), *doc = NULL;
	long long fid, highest = 0;
	if (threshold_store_framework(0, &fid, &doc, NULL) == HAVEN_OK) {
		size_t i;
		const json_t *level;
		json_array_foreach(json_object_get(doc, "levels"), i, level)
		{
			long long n = field_int(level, "number");
			char heading[160];
			snprintf(heading, sizeof heading, "Level %lld: %s", n, field_text(level, "name"));
			json_array_append_new(
			    levels, json_pack("{s:I, s:s}", "number", (json_int_t)n, "heading", heading));
			highest = n > highest ? n : highest;
		}
		json_decref(doc);
	}
	long long chosen = 0;
	size_t i;
	const json_t *row;
	json_array_foreach(rows, i, row) if (field_int(row, "level") > chosen) chosen =
	    field_int(row, "level");
	for (long long n = highest + 1; n <= chosen; n++) {
		char heading[32];
		snprintf(heading, sizeof heading, "Level %lld", n);
		json_array_append_new(levels,
		                      json_pack("{s:I, s:s}", "number", (json_int_t)n, "heading", heading));
	}
	return levels;
}

/* The column of level `number` among `levels`, or -1 when it is not one of them. */
static long long column_of(const json_t *levels, long long number)
{
	size_t i;
	const json_t *level;
	json_array_foreach(levels, i, level) if (field_int(level, "number") == number) return (long long)i;
	return -1;
}

enum haven_status threshold_decision_figures(const char *from, const char *to, json_t **out)
{
	*out = NULL;
	int32_t first, last;
	if (!calendar_parse(from, &first) || !calendar_parse(to, &last))
		return HAVEN_ERR_INVALID;
	/* England's days [from, to], whatever the clocks did */
	json_t *rows = NULL;
	enum haven_status st = threshold_store_decision_counts(calendar_utc_from_london(first, 0),
	                                                       calendar_utc_from_london(last + 1, 0), &rows);
	if (st != HAVEN_OK)
		return st;
	json_t *levels = levels_counted(rows), *areas = json_array();
	json_t *area = NULL;
	long long area_code = -1;
	size_t i;
	const json_t *row;
	json_array_foreach(rows, i, row)
	{
		/* rows come by local authority, one per level decided there */
		if (!area || field_int(row, "la_code") != area_code) {
			area_code = field_int(row, "la_code");
			json_t *counts = json_array();
			for (size_t c = 0; c < json_array_size(levels); c++)
				json_array_append_new(counts, json_integer(0));
			area = json_pack("{s:I, s:s, s:o}", "la_code", (json_int_t)area_code, "la_name",
			                 field_text(row, "la_name"), "decisions", counts);
			json_array_append_new(areas, area);
		}
		long long c = column_of(levels, field_int(row, "level"));
		if (c >= 0)
			json_array_set_new(json_object_get(area, "decisions"), (size_t)c,
			                   json_integer(field_int(row, "decisions")));
	}
	json_decref(rows);
	*out = json_pack("{s:s, s:s, s:o, s:o}", "from", from, "to", to, "levels", levels, "areas", areas);
	return HAVEN_OK;
}

enum haven_status threshold_published(const char *from, const char *to, json_t *sections)
{
	json_t *model = NULL;
	enum haven_status st = threshold_decision_figures(from, to, &model);
	if (st != HAVEN_OK)
		return st;
	const json_t *levels = json_object_get(model, "levels");
	size_t n = json_array_size(levels), i;
	/* no framework published and no decision made: nothing to say (a partnership still setting up) */
	if (n == 0) {
		json_decref(model);
		return HAVEN_OK;
	}
	const char **columns = xcalloc(n + 1, sizeof *columns);
	long long *counts = xcalloc(n + 1, sizeof *counts);
	const json_t *level;
	json_array_foreach(levels, i, level) columns[i] = field_text(level, "heading");
	json_t *s = figures_section(sections, "Levels of need: decisions", NULL, "threshold.figures");
	json_t *table = figures_table(s, "Levels-of-need decisions, by local authority and level",
	                              "Local authority", columns, SUPPRESS_PEOPLE, true, true);
	figures_table_total_label(table, "Decisions about a child's level of need");
	const json_t *area;
	json_array_foreach(json_object_get(model, "areas"), i, area)
	{
		for (size_t c = 0; c < n; c++)
			counts[c] = json_integer_value(json_array_get(json_object_get(area, "decisions"), c));
		figures_table_row(table, field_text(area, "la_name"), counts);
	}
	free(columns);
	free(counts);
	json_decref(model);
	return HAVEN_OK;
}
