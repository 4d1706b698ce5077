/*
 * published.c (learning) — the serious incident reviews' figures for the
 * scrutineer's dashboard and the annual report (app/figures.h), from the
 * same counts as GET /reviews/summary. Notifications to the national panel
 * count children, and so do rapid review meetings and local child
 * safeguarding practice reviews: each is held about one child's case (every
 * notification gets one rapid review), so a "1" beside notifications "fewer
 * than 5" would give the hidden count away. All are suppressed when small.
 * Actions from reviews are the partnership's own work, shown as they are.
 * The children notified are also given by local authority and harm, as a
 * table suppressed as a whole. What was learnt and what changed because of
 * it: how many briefings were published (counted, never named: a title is
 * written for practitioners and may carry a case's reference), the themes of
 * the cases (counts of children, suppressed when small) and the actions
 * from reviews completed with their impact recorded.
 */
#include "areas/learning/published.h"

#include "app/figures.h"
#include "areas/learning/store.h"

/* Every theme a case may have: the table lists each one given in the period. */
#define THEMES_SHOWN 100

enum haven_status learning_published(const char *from, const char *to, json_t *sections)
{
	struct learning_counts c;
	enum haven_status st = learning_counts(from, to, &c);
	if (st != HAVEN_OK)
		return st;
	json_t *s =
	    figures_section(sections, "Serious incidents and reviews", "/reviews/summary", "review.figures");
	figures_add(s, "Serious incidents notified to the national panel", c.notifications, SUPPRESS_PEOPLE);
	/* one meeting, one review, about one child's case: counts of children, not of the partnership's work.
	 * Not linked to the notifications: a review in the period may be of a notification before it */
	figures_add(s, "Rapid review meetings", c.rapid_reviews, SUPPRESS_PEOPLE);
	figures_add(s, "Local child safeguarding practice reviews commissioned", c.csprs_commissioned,
	            SUPPRESS_PEOPLE);
	figures_add(s, "Local child safeguarding practice reviews published", c.csprs_published,
	            SUPPRESS_PEOPLE);
	figures_add(s, "Local child safeguarding practice reviews ongoing", c.csprs_ongoing, SUPPRESS_PEOPLE);
	figures_add(s, "Actions from reviews completed", c.actions_complete, SUPPRESS_ACTIVITIES);
	figures_add(s, "Actions from reviews overdue", c.actions_overdue, SUPPRESS_ACTIVITIES);
	/* what was learnt and what changed because of it (Working Together's yearly report) */
	figures_add_measure(
	    s, "Actions from reviews completed with their impact recorded", c.actions_with_impact,
	    SUPPRESS_ACTIVITIES,
	    "Actions from reviews' recommendations completed in the period and signed off by the "
	    "partnership with what changed because of them written down.");
	figures_add(s, "Briefings on the learning from reviews published", c.briefings_published,
	            SUPPRESS_ACTIVITIES);

	/* the children notified, by local authority and harm: small numbers of children, so suppressed as a
	 * table */
	json_t *rows = NULL;
	if ((st = learning_notified_by_area(from, to, &rows)) != HAVEN_OK)
		return st;
	static const char *const harms[] = {"The child died", "The child was seriously harmed", NULL};
	json_t *table = figures_table(s, "Serious incidents notified, by local authority", "Local authority",
	                              harms, SUPPRESS_PEOPLE, true, true);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const long long counts[] = {json_integer_value(json_object_get(row, "died")),
		                            json_integer_value(json_object_get(row, "harmed"))};
		figures_table_row(table, json_string_value(json_object_get(row, "name")), counts);
	}
	/* the headline figure is the table's grand total: one count, suppressed with the table */
	figures_figure_is_total(s, "Serious incidents notified to the national panel", table, 2);
	json_decref(rows);

	/* the themes of the cases the partnership learnt of in the period: each case one child's, so
	 * suppressed when small; a case may have several themes, so the counts add up to no total */
	if ((st = learning_top_themes(from, to, THEMES_SHOWN, &rows)) != HAVEN_OK)
		return st;
	static const char *const cases[] = {"Cases", NULL};
	json_t *themes =
	    figures_table(s, "Themes of the cases reviewed", "Theme", cases, SUPPRESS_PEOPLE, false, false);
	json_array_foreach(rows, i, row)
	{
		const long long counts[] = {json_integer_value(json_object_get(row, "cases"))};
		figures_table_row(themes, json_string_value(json_object_get(row, "name")), counts);
	}
	json_decref(rows);
	/* the briefings are counted, not named: their titles were written for practitioners and may carry a
	 * case's reference or a place, unfit for a public report */
	return HAVEN_OK;
}
