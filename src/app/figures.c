/*
 * figures.c — the sections of figures areas publish (see figures.h), and
 * gathering them from every area with small numbers of people suppressed.
 */
#include "app/figures.h"

#include <stdlib.h>
#include <string.h>

#include "app/area.h"
#include "auth/policy.h"
#include "core/alloc.h"

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

/* The index of `item` in the section's array `key` ("figures", "tables"); aborts when it is not there. */
static size_t index_in(const json_t *section, const char *key, const json_t *item)
{
	size_t i;
	const json_t *each;
	json_array_foreach(json_object_get(section, key), i, each)
	{
		if (each == item)
			return i;
	}
	abort(); /* a caller linking what its section does not hold */
}

/* The section's list of the counts its figures and tables share (taken out when it is published). */
static json_t *links_of(json_t *section)
{
	json_t *links = json_object_get(section, "links");
	if (!links) {
		links = json_array();
		json_object_set_new(section, "links", links);
	}
	return links;
}

/* The index of the section's figure `label`; aborts when it has none. */
static size_t figure_index(const json_t *section, const char *label)
{
	size_t i;
	const json_t *f, *figure = NULL;
	json_array_foreach(json_object_get(section, "figures"), i, f)
	{
		if (strcmp(json_string_value(json_object_get(f, "label")), label) == 0)
			figure = f;
	}
	return index_in(section, "figures", figure);
}

void figures_figure_is_total(json_t *section, const char *label, const json_t *table, size_t column)
{
	json_array_append_new(links_of(section),
	                      json_pack("{s:I, s:I, s:I}", "figure", (json_int_t)figure_index(section, label),
	                                "table", (json_int_t)index_in(section, "tables", table), "column",
	                                (json_int_t)column));
}

void figures_figure_at_most_total(json_t *section, const char *label, const json_t *table, size_t column)
{
	json_t *bounds = json_object_get(section, "bounds");
	if (!bounds) {
		bounds = json_array();
		json_object_set_new(section, "bounds", bounds);
	}
	json_array_append_new(
	    bounds, json_pack("{s:I, s:I, s:I}", "figure", (json_int_t)figure_index(section, label), "table",
	                      (json_int_t)index_in(section, "tables", table), "column", (json_int_t)column));
}

void figures_table_totals_are(json_t *section, const json_t *table, const json_t *other, size_t column)
{
	json_array_append_new(
	    links_of(section),
	    json_pack("{s:I, s:I, s:I}", "table", (json_int_t)index_in(section, "tables", table), "other",
	              (json_int_t)index_in(section, "tables", other), "column", (json_int_t)column));
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

/* What a figure's or a table's counts count, from its "counts". */
static enum suppress_kind kind_of(const json_t *item)
{
	const char *counts = json_string_value(json_object_get(item, "counts"));
	return counts && strcmp(counts, "people") == 0 ? SUPPRESS_PEOPLE : SUPPRESS_ACTIVITIES;
}

/* A table's counts, as figures_table_row gave them, into t, ready for suppress_tables. */
static void table_counts(const json_t *table, struct suppress_table *t)
{
	const json_t *rows = json_object_get(table, "rows");
	size_t nrows = json_array_size(rows), ncols = json_array_size(json_object_get(table, "columns"));
	suppress_table_init(t, nrows, ncols, kind_of(table));
	t->row_totals = json_is_true(json_object_get(table, "row_totals"));
	t->column_totals = json_is_true(json_object_get(table, "column_totals"));
	for (size_t r = 0; r < nrows; r++)
		for (size_t c = 0; c < ncols; c++)
			*suppress_at(t, r, c) = json_integer_value(
			    json_array_get(json_object_get(json_array_get(rows, r), "cells"), c));
}

/*
 * Replaces a table's rows' counts with their published cells, settled in t,
 * adding each row's "total" where it publishes row totals and the "totals"
 * row (its "cells", and its "total" with row totals too) where it publishes
 * column totals.
 */
static void publish_table(json_t *table, const struct suppress_table *t)
{
	json_t *rows = json_object_get(table, "rows");
	size_t nrows = t->rows, ncols = t->columns;
	for (size_t r = 0; r < nrows; r++) {
		json_t *row = json_array_get(rows, r), *cells = json_array();
		for (size_t c = 0; c < ncols; c++)
			json_array_append_new(cells, published_cell(t, r, c));
		json_object_set_new(row, "cells", cells);
		if (t->row_totals)
			json_object_set_new(row, "total", published_cell(t, r, ncols));
	}
	if (t->column_totals) {
		json_t *cells = json_array();
		for (size_t c = 0; c < ncols; c++)
			json_array_append_new(cells, published_cell(t, nrows, c));
		json_t *totals = json_pack("{s:o}", "cells", cells);
		/* the grand total only under a column of row totals: columns that are not parts of one whole
		 * (victims referred, and of those contacted) add up to nothing worth saying */
		if (t->row_totals)
			json_object_set_new(totals, "total", published_cell(t, nrows, ncols));
		json_object_set_new(table, "totals", totals);
	}
}

/* The index `key` of a link, as figures_figure_is_total and figures_table_totals_are wrote it. */
static size_t link_index(const json_t *link, const char *key)
{
	return (size_t)json_integer_value(json_object_get(link, key));
}

/*
 * The section's links (figures_figure_is_total, figures_table_totals_are)
 * as links between entries of `tables`: its figures first, a table of one
 * cell each, then its tables. Into a new array, its length in *n.
 */
static struct suppress_link *section_links(const json_t *section, const struct suppress_table *tables,
                                           size_t n_figures, size_t *n)
{
	const json_t *links = json_object_get(section, "links");
	size_t count = 0, i;
	const json_t *link;
	json_array_foreach(links, i, link) count +=
	    json_object_get(link, "figure") ? 1 : tables[n_figures + link_index(link, "table")].rows + 1;
	struct suppress_link *out = xcalloc(count ? count : 1, sizeof *out);
	*n = 0;
	json_array_foreach(links, i, link)
	{
		size_t t = n_figures + link_index(link, "table"), column = link_index(link, "column");
		if (json_object_get(link, "figure")) {
			out[(*n)++] = (struct suppress_link){{link_index(link, "figure"), 0, 0},
			                                     {t, tables[t].rows, column}};
			continue;
		}
		size_t o = n_figures + link_index(link, "other");
		if (tables[o].rows != tables[t].rows)
			abort(); /* figures_table_totals_are: the tables' rows must be the same */
		for (size_t r = 0; r <= tables[t].rows; r++)
			out[(*n)++] = (struct suppress_link){{t, r, tables[t].columns}, {o, r, column}};
	}
	return out;
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
 * Hides each figure that bounds a column (figures_figure_at_most_total)
 * when any entry of that column is hidden, once the section is settled.
 * The figure is in no line of any table, so hiding it gives nothing else
 * away.
 */
static void hide_bounded_figures(json_t *section, struct suppress_table *settled, size_t n_figures)
{
	size_t i;
	const json_t *bound;
	json_array_foreach(json_object_get(section, "bounds"), i, bound)
	{
		struct suppress_table *figure = &settled[link_index(bound, "figure")];
		const struct suppress_table *t = &settled[n_figures + link_index(bound, "table")];
		size_t column = link_index(bound, "column");
		for (size_t r = 0; r < t->rows; r++) {
			if (suppress_hidden_at(t, r, column) && *suppress_at(figure, 0, 0) > 0)
				figure->hidden[0] = true;
		}
	}
	json_object_del(section, "bounds");
}

/*
 * Sets each figure's published words (a suppressed figure's count is taken
 * out, so no client shows it), suppresses its tables, and lists its impact
 * measures with their definitions. The section's figures (each a table of
 * one cell) and tables are suppressed together, with the counts they share
 * joined, so no count hidden in one is published in another.
 */
static void publish(json_t *section)
{
	json_t *figures = json_object_get(section, "figures"), *tables = json_object_get(section, "tables");
	size_t n_figures = json_array_size(figures), n = n_figures + json_array_size(tables), i, n_links;
	struct suppress_table *settled = xcalloc(n ? n : 1, sizeof *settled);
	json_t *f, *measures = json_array();
	json_array_foreach(figures, i, f)
	{
		suppress_table_init(&settled[i], 1, 1, kind_of(f));
		*suppress_at(&settled[i], 0, 0) = json_integer_value(json_object_get(f, "count"));
	}
	json_array_foreach(tables, i, f) table_counts(f, &settled[n_figures + i]);
	struct suppress_link *links = section_links(section, settled, n_figures, &n_links);
	suppress_tables(settled, n, links, n_links);
	free(links);
	json_object_del(section, "links");
	hide_bounded_figures(section, settled, n_figures);

	json_array_foreach(figures, i, f)
	{
		json_t *cell = published_cell(&settled[i], 0, 0);
		json_object_update(f, cell);
		json_decref(cell);
		list_measure(measures, f, "label");
	}
	json_array_foreach(tables, i, f)
	{
		publish_table(f, &settled[n_figures + i]);
		list_measure(measures, f, "caption");
	}
	for (i = 0; i < n; i++)
		suppress_table_free(&settled[i]);
	free(settled);
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
			if (!action)
				continue;
			/* the area's own page has exact counts for any dates: linked only for those who run
			 * that work */
			if (user && !policy_allows(user, action, NULL, 0))
				json_object_del(s, "href");
			publish(s);
			json_array_append(all, s);
		}
		json_decref(sections);
	}
	*out = all;
	return HAVEN_OK;
}
