/*
 * published.c (support) — what the front door's requests for support
 * publish for the scrutineer's dashboard and the annual report
 * (app/figures.h): requests received by local authority, how many were
 * decided by the working day after receipt, and how many led to early help,
 * an assessment (section 17) or a strategy discussion (section 47); and,
 * an impact measure, how many were re-referrals (the same child's request
 * received in the 12 months before). Every count is of children, so each
 * table is suppressed as a whole; the first's columns are not parts of one
 * whole, so only each column has a total; the re-referrals' two columns are,
 * so each row has its total too, and that total is the first table's
 * requests received: the two are suppressed together (app/figures.h).
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
	/* the impact measure: each request is a re-referral or not, so the two are parts of one whole */
	static const char *const again_columns[] = {"Within 12 months of an earlier request",
	                                            "No request in the 12 months before", NULL};
	json_t *again = figures_table(s, "Re-referrals: requests for support, by local authority",
	                              "Local authority", again_columns, SUPPRESS_PEOPLE, true, true);
	figures_table_measure(again, "Requests for support received in the period for a child who had "
	                             "another request received in the 12 months before it, in any area.");
	/* each row of re-referrals adds up to the requests received there: one count, hidden in both or
	 * neither, or the first table's figure would give the second's hidden ones away */
	figures_table_totals_are(s, again, table, 0);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		const long long counts[] = {field_int(r, "received"), field_int(r, "decided_in_time"),
		                            field_int(r, "early_help"), field_int(r, "assessment_s17"),
		                            field_int(r, "strategy_discussion_s47")};
		figures_table_row(table, field_text(r, "la_name"), counts);
		const long long parts[] = {field_int(r, "re_referred"),
		                           field_int(r, "received") - field_int(r, "re_referred")};
		figures_table_row(again, field_text(r, "la_name"), parts);
	}
	json_decref(rows);
	return HAVEN_OK;
}
