/*
 * published.c (support) — what the front door's requests for support
 * publish for the scrutineer's dashboard and the annual report
 * (app/figures.h): requests received by local authority, how many were
 * decided by the working day after receipt, and how many led to early help,
 * an assessment (section 17) or a strategy discussion (section 47). Every
 * count is of children, so the table is suppressed as a whole; its columns
 * are not parts of one whole, so only each column has a total.
 */
#include "areas/support/pages.h"

#include "app/figures.h"
#include "areas/calendar/london.h"
#include "areas/support/store.h"
#include "core/calendar.h"
#include "router/fields.h"

enum haven_status support_published(const char *from, const char *to, json_t *sections)
{
	int32_t first, last;
	if (!calendar_parse(from, &first) || !calendar_parse(to, &last))
		return HAVEN_ERR_INVALID;
	json_t *rows = NULL;
	enum haven_status st = support_store_figures(calendar_utc_from_london(first, 0),
	                                             calendar_utc_from_london(last + 1, 0), &rows);
	if (st != HAVEN_OK)
		return st;
	json_t *s =
	    figures_section(sections, "Levels of need: requests for support", NULL, "support.figures");
	static const char *const columns[] = {
	    "Requests received",       "Decided by the next working day",  "Early help",
	    "Assessment (section 17)", "Strategy discussion (section 47)", NULL};
	json_t *table = figures_table(s, "Requests for support, by local authority", "Local authority",
	                              columns, SUPPRESS_PEOPLE, false, true);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		const long long counts[] = {field_int(r, "received"), field_int(r, "decided_in_time"),
		                            field_int(r, "early_help"), field_int(r, "assessment_s17"),
		                            field_int(r, "strategy_discussion_s47")};
		figures_table_row(table, field_text(r, "la_name"), counts);
	}
	json_decref(rows);
	return HAVEN_OK;
}
