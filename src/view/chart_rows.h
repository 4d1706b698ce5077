/*
 * chart_rows.h — the bar chart above a figures page's table drawn from the
 * table's rows: one bar a row, named by one of its fields and as long as a
 * count it holds, its count written at its end ("3", or "3 cases"). The
 * figures pages say only which fields; the drawing is view/chart.h's.
 */
#ifndef HAVEN_VIEW_CHART_ROWS_H
#define HAVEN_VIEW_CHART_ROWS_H

#include <jansson.h>

struct chart_rows {
	const char *id, *title, *desc; /* as chart_bars takes them */
	const char *label_key;         /* the row's text naming its bar */
	const char *no_label;          /* a bar's name when its row has none; NULL: none */
	const char *value_in;          /* the row's object holding the count; NULL: the row itself */
	const char *value_key;         /* the count */
	const char *one, *many; /* the words after the count ("case", "cases"); NULL: the count alone */
};

/* The chart of `rows` as `how` says (chart_bars' model, a new reference), or JSON null for no rows. */
json_t *chart_rows(const json_t *rows, const struct chart_rows *how);

#endif
