/*
 * chart_rows.c — a figures table's rows as a bar chart (see chart_rows.h).
 */
#include "view/chart_rows.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "view/chart.h"

json_t *chart_rows(const json_t *rows, const struct chart_rows *how)
{
	size_t n = json_array_size(rows);
	if (n == 0)
		return json_null();
	struct chart_bar *bars = xcalloc(n, sizeof *bars);
	char(*texts)[48] = xcalloc(n, sizeof *texts);
	size_t i;
	const json_t *row;
	json_array_foreach(rows, i, row)
	{
		const json_t *counted = how->value_in ? json_object_get(row, how->value_in) : row;
		long long count = json_integer_value(json_object_get(counted, how->value_key));
		if (how->one)
			snprintf(texts[i], sizeof texts[i], "%lld %s", count,
			         count == 1 ? how->one : how->many);
		else
			snprintf(texts[i], sizeof texts[i], "%lld", count);
		const char *label = json_string_value(json_object_get(row, how->label_key));
		bars[i] = (struct chart_bar){label ? label : how->no_label, count, texts[i]};
	}
	json_t *chart = chart_bars(how->id, how->title, how->desc, bars, n);
	free(texts);
	free(bars);
	return chart;
}
