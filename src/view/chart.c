/*
 * chart.c — the geometry of a figures page's bar chart (see chart.h); the
 * drawing itself is templates/chart.mustache.
 */
#include "view/chart.h"

/*
 * The drawing's coordinates: each bar's name on a line of its own above it,
 * so the drawing is narrow (a phone's width, 360 CSS px at 390) and its text
 * reads at 16 px there as on a desktop, where names beside the bars made it
 * 640 wide and a phone drew its 16 px text at under 9 (the SVG scales to its
 * column's width, up to the drawing's own: static/haven.scss).
 */
enum {
	CHART_WIDTH = 360,
	PLOT_LEFT = 0,
	VALUE_ROOM = 120, /* after the longest bar, for its value ("1 of 2 (50%)") */
	PLOT_WIDTH = CHART_WIDTH - PLOT_LEFT - VALUE_ROOM,
	LABEL_BASELINE = 16, /* from the top of a row to the baseline of its name */
	BAR_TOP = 24,        /* from the top of a row to its bar, below the name */
	BAR_HEIGHT = 18,
	ROW_HEIGHT = BAR_TOP + BAR_HEIGHT + 14,
	TEXT_BASELINE = 14, /* from the top of a bar to the baseline of its value */
};

json_t *chart_bars(const char *id, const char *title, const char *desc, const struct chart_bar *bars,
                   size_t n)
{
	if (n == 0)
		return NULL;
	long long largest = 0;
	for (size_t i = 0; i < n; i++)
		if (bars[i].value > largest)
			largest = bars[i].value;
	json_t *rows = json_array();
	for (size_t i = 0; i < n; i++) {
		long long value = bars[i].value > 0 ? bars[i].value : 0;
		/* a non-zero bar is at least a pixel, so it is seen to be there */
		long long length = largest ? value * PLOT_WIDTH / largest : 0;
		if (value > 0 && length == 0)
			length = 1;
		long long row = (long long)i * ROW_HEIGHT, top = row + BAR_TOP;
		json_array_append_new(rows, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "label",
		                                      bars[i].label, "value_text", bars[i].value_text,
		                                      "label_y", (json_int_t)(row + LABEL_BASELINE), "bar_y",
		                                      (json_int_t)top, "bar_width", (json_int_t)length,
		                                      "text_x", (json_int_t)(PLOT_LEFT + length + 6),
		                                      "text_y", (json_int_t)(top + TEXT_BASELINE)));
	}
	return json_pack("{s:s, s:s, s:s, s:i, s:I, s:i, s:i, s:o}", "id", id, "title", title, "desc", desc,
	                 "width", CHART_WIDTH, "height", (json_int_t)(n * ROW_HEIGHT), "plot_left", PLOT_LEFT,
	                 "bar_height", BAR_HEIGHT, "bars", rows);
}
