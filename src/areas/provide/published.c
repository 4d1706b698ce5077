/*
 * published.c (provide) — Operation Provide's figures for the scrutineer's
 * dashboard and the annual report (app/figures.h), from the aggregates and
 * the builder behind GET /provide/figures (provide_store_figure_cells,
 * provide_figures_from_cells): victims referred, contacted, engaged and made
 * safer, by local authority. Every count is of victims, so the table is
 * suppressed as a whole; its columns are not parts of one whole (a victim
 * contacted was also referred), so it has no row totals, only each column's.
 */
#include "areas/provide/published.h"

#include <stdlib.h>

#include "app/figures.h"
#include "areas/calendar/london.h"
#include "areas/provide/rules.h"
#include "areas/provide/store.h"
#include "core/calendar.h"

enum haven_status provide_published(const char *from, const char *to, json_t *sections)
{
	int32_t first, last;
	if (!calendar_parse(from, &first) || !calendar_parse(to, &last))
		return HAVEN_ERR_INVALID;
	struct provide_figure_cell *cells = NULL;
	size_t n = 0;
	json_t *area_names = NULL, *not_referred = NULL;
	/* the scrutineer's figures are the whole partnership's, every force's incidents */
	enum haven_status st = provide_store_figure_cells(0, calendar_utc_from_london(first, 0),
	                                                  calendar_utc_from_london(last + 1, 0), &cells, &n,
	                                                  &area_names, &not_referred);
	if (st != HAVEN_OK)
		return st;
	json_t *figures = provide_figures_from_cells(cells, n);
	provide_store_figure_cells_free(cells, n);
	json_decref(area_names);
	json_decref(not_referred);

	json_t *s = figures_section(sections, "Domestic abuse: Operation Provide", "/provide/figures",
	                            "provide.figures");
	static const char *const columns[] = {"Victims referred to an IDVA service", "Contact made",
	                                      "Engaged", "Made safer", NULL};
	json_t *table = figures_table(s, "Victims referred, by local authority", "Local authority", columns,
	                              SUPPRESS_PEOPLE, false, true);
	static const char *const counts[] = {"referrals", "contacted", "engaged", "made_safer"};
	figures_table_area_rows(table, json_object_get(figures, "areas"), counts);
	json_decref(figures);
	return HAVEN_OK;
}
