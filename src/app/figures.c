/*
 * figures.c — the sections of figures areas publish (see figures.h), and
 * gathering them from every area with small numbers of people suppressed.
 */
#include "app/figures.h"

#include <stdlib.h>
#include <string.h>

#include "app/area.h"
#include "auth/policy.h"

json_t *figures_section(json_t *sections, const char *title, const char *href, const char *action)
{
	json_t *section =
	    json_pack("{s:s, s:s?, s:s, s:[]}", "title", title, "href", href, "action", action, "figures");
	json_array_append_new(sections, section);
	return section;
}

void figures_add(json_t *section, const char *label, long long count, enum suppress_kind kind)
{
	json_array_append_new(json_object_get(section, "figures"),
	                      json_pack("{s:s, s:I, s:s}", "label", label, "count", (json_int_t)count,
	                                "counts", kind == SUPPRESS_PEOPLE ? "people" : "activities"));
}

void figures_add_measure(json_t *section, const char *label, long long count, enum suppress_kind kind,
                         const char *definition)
{
	figures_add(section, label, count, kind);
	json_t *figures = json_object_get(section, "figures");
	json_object_set_new(json_array_get(figures, json_array_size(figures) - 1), "definition",
	                    json_string(definition));
}

void figures_table_measure(json_t *table, const char *definition)
{
	json_object_set_new(table, "definition", json_string(definition));
}

json_t *figures_table(json_t *section, const char *caption, const char *row_heading,
                      const char *const *columns, enum suppress_kind kind, bool row_totals,
                      bool column_totals)
{
	json_t *names = json_array();
	for (size_t c = 0; columns[c]; c++)
		json_array_append_new(names, json_string(columns[c]));
	json_t *table =
	    json_pack("{s:s, s:s, s:o, s:s, s:b, s:b, s:[]}", "caption", caption, "row_heading", row_heading,
	              "columns", names, "counts", kind == SUPPRESS_PEOPLE ? "people" : "activities",
	              "row_totals", row_totals, "column_totals", column_totals, "rows");
	json_t *tables = json_object_get(section, "tables");
	if (!tables) {
		tables = json_array();
		json_object_set_new(section, "tables", tables);
	}
	json_array_append_new(tables, table);
	return table;
}

void figures_table_total_label(json_t *table, const char *label)
{
	json_object_set_new(table, "total_label", json_string(label));
}

void figures_table_row(json_t *table, const char *label, const long long *counts)
{
	json_t *cells = json_array();
	for (size_t c = 0; c < json_array_size(json_object_get(table, "columns")); c++)
		json_array_append_new(cells, json_integer(counts[c]));
	json_array_append_new(json_object_get(table, "rows"),
	                      json_pack("{s:s, s:o}", "label", label, "cells", cells));
}

void figures_table_area_rows(json_t *table, const json_t *areas, const char *const *keys)
{
	size_t columns = json_array_size(json_object_get(table, "columns"));
	long long *counts = calloc(columns ? columns : 1, sizeof *counts);
	if (!counts)
		abort();
	size_t i;
	const json_t *area;
	json_array_foreach(areas, i, area)
	{
		const json_t *total = json_object_get(area, "total");
		for (size_t c = 0; c < columns; c++)
			counts[c] = json_integer_value(json_object_get(total, keys[c]));
		figures_table_row(table, json_string_value(json_object_get(area, "la_name")), counts);
	}
	free(counts);
}

/* Entry (r, c) of a settled table as published: {count (null when hidden), shown, suppressed}. */
static json_t *published_cell(const struct suppress_table *t, size_t r, size_t c)
{
	char shown[32];
	bool hidden = suppress_hidden_at(t, r, c);
	return json_pack("{s:o, s:s, s:b}", "count",
	                 hidden ? json_null() : json_integer(*suppress_at((struct suppress_table *)t, r, c)),
	                 "shown", suppress_table_format(t, r, c, shown, sizeof shown), "suppressed", hidden);
}

/*
 * Suppresses a table as a whole and replaces its rows' counts with their
 * published cells, adding each row's "total" where it publishes row totals
 * and the "totals" row (its "cells", and its "total" with row totals too)
 * where it publishes column totals.
 */
static void publish_table(json_t *table)
{
	json_t *rows = json_object_get(table, "rows");
	size_t nrows = json_array_size(rows), ncols = json_array_size(json_object_get(table, "columns"));
	const char *counts = json_string_value(json_object_get(table, "counts"));
	struct suppress_table t;
	suppress_table_init(&t, nrows, ncols,
	                    counts && strcmp(counts, "people") == 0 ? SUPPRESS_PEOPLE : SUPPRESS_ACTIVITIES);
	t.row_totals = json_is_true(json_object_get(table, "row_totals"));
	t.column_totals = json_is_true(json_object_get(table, "column_totals"));
	for (size_t r = 0; r < nrows; r++)
		for (size_t c = 0; c < ncols; c++)
			*suppress_at(&t, r, c) = json_integer_value(
			    json_array_get(json_object_get(json_array_get(rows, r), "cells"), c));
	suppress_table(&t);
	for (size_t r = 0; r < nrows; r++) {
		json_t *row = json_array_get(rows, r), *cells = json_array();
		for (size_t c = 0; c < ncols; c++)
			json_array_append_new(cells, published_cell(&t, r, c));
		json_object_set_new(row, "cells", cells);
		if (t.row_totals)
			json_object_set_new(row, "total", published_cell(&t, r, ncols));
	}
	if (t.column_totals) {
		json_t *cells = json_array();
		for (size_t c = 0; c < ncols; c++)
			json_array_append_new(cells, published_cell(&t, nrows, c));
		json_t *totals = json_pack("{s:o}", "cells", cells);
		/* the grand total only under a column of row totals: columns that are not parts of one whole
		 * (victims referred, and of those contacted) add up to nothing worth saying */
		if (t.row_totals)
			json_object_set_new(totals, "total", published_cell(&t, nrows, ncols));
		json_object_set_new(table, "totals", totals);
	}
	suppress_table_free(&t);
}

/* Adds {label, definition} to `measures` when `item` (a figure or a table) is an impact measure. */
static void list_measure(json_t *measures, const json_t *item, const char *label_key)
{
	const json_t *definition = json_object_get(item, "definition");
	if (definition)
		json_array_append_new(measures,
		                      json_pack("{s:O, s:O}", "label", json_object_get(item, label_key),
		                                "definition", definition));
}

/*
 * Sets each figure's published words (a suppressed figure's count is taken
 * out, so no client shows it), suppresses its tables, and lists its impact
 * measures with their definitions.
 */
static void publish(json_t *section)
{
	size_t i;
	json_t *f, *measures = json_array();
	json_array_foreach(json_object_get(section, "figures"), i, f)
	{
		const char *counts = json_string_value(json_object_get(f, "counts"));
		enum suppress_kind kind =
		    counts && strcmp(counts, "people") == 0 ? SUPPRESS_PEOPLE : SUPPRESS_ACTIVITIES;
		long long count = json_integer_value(json_object_get(f, "count"));
		bool hidden = suppress_hides(kind, count);
		char shown[32];
		json_object_set_new(f, "shown",
		                    json_string(suppress_format(count, hidden, shown, sizeof shown)));
		json_object_set_new(f, "suppressed", json_boolean(hidden));
		if (hidden)
			json_object_set_new(f, "count", json_null());
		list_measure(measures, f, "label");
	}
	json_array_foreach(json_object_get(section, "tables"), i, f)
	{
		publish_table(f);
		list_measure(measures, f, "caption");
	}
	/* a section of tables alone shows no empty table of headline figures, only its heading */
	if (json_array_size(json_object_get(section, "figures")) > 0)
		json_object_set_new(section, "has_figures", json_true());
	if (json_array_size(measures) > 0) {
		json_object_set_new(section, "has_measures", json_true());
		json_object_set_new(section, "measures", measures);
	} else {
		json_decref(measures);
	}
}

void figures_as_of(const char *to, int32_t today, char out[static CALENDAR_DATE_SIZE])
{
	int32_t last;
	calendar_format(calendar_parse(to, &last) && last < today ? last : today, out);
}

enum haven_status figures_gather(const struct user *user, const char *from, const char *to, json_t **out)
{
	*out = NULL;
	json_t *all = json_array();
	for (const struct area *const *a = haven_areas; *a; a++) {
		if (!(*a)->figures)
			continue;
		json_t *sections = json_array();
		enum haven_status st = (*a)->figures(from, to, sections);
		if (st != HAVEN_OK) {
			json_decref(sections);
			json_decref(all);
			return st;
		}
		size_t i;
		json_t *s;
		json_array_foreach(sections, i, s)
		{
			const char *action = json_string_value(json_object_get(s, "action"));
			if (!action || (user && !policy_allows(user, action, NULL, 0)))
				continue;
			publish(s);
			json_array_append(all, s);
		}
		json_decref(sections);
	}
	*out = all;
	return HAVEN_OK;
}
