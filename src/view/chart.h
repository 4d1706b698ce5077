/*
 * chart.h — one way to draw the small bar chart above a figures page's
 * tables (issue #16, point 11): an SVG drawn on the server, so it needs no
 * script and passes the CSP, with a <title> and a <desc> saying what it
 * shows. The table below it stays the accessible version of the figures;
 * the chart only helps the eye.
 *
 * chart_bars builds the chart's model; the shared partial
 * templates/chart.mustache draws it:
 *
 *   struct chart_bar bars[] = {{"Blackburn with Darwen", 12, "12"}, {"Blackpool", 3, "3"}};
 *   json_object_set_new(model, "chart",
 *                       chart_bars("notifications-chart", "Notifications by area",
 *                                  "Notifications sent in the period, by local authority area.", bars, 2));
 *   {{#chart}}{{>chart}}{{/chart}}   (in the page's template)
 *
 * Pure: no I/O, thread-safe.
 */
#ifndef HAVEN_VIEW_CHART_H
#define HAVEN_VIEW_CHART_H

#include <jansson.h>
#include <stddef.h>

struct chart_bar {
	const char *label;      /* the bar's name, above it ("Blackpool") */
	long long value;        /* its length, against the largest value (negative counts as 0) */
	const char *value_text; /* what is written at its end ("3", "1 of 2 (50%)") */
};

/*
 * The model of a horizontal bar chart of `bars[0..n)` (new reference):
 * {id, title, desc, width, height, bars: [{label, value_text, label_y,
 * bar_y, bar_width, text_x, text_y}]}. `id` makes the title's and
 * description's element ids unique on the page. The longest bar fills the
 * plot; all bars are 0 long when every value is 0. NULL when n is 0: there
 * is nothing to draw.
 */
json_t *chart_bars(const char *id, const char *title, const char *desc, const struct chart_bar *bars,
                   size_t n);

#endif
