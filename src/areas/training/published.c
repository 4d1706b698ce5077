/*
 * published.c (training) — the multi-agency training figures for the
 * scrutineer's dashboard and the annual report (app/figures.h), from
 * training_summary, the query behind GET /training/summary. Attendances and
 * practitioners count people (those who attended without a place, migration
 * 0146, as much as those with one), by agency too; sessions and places are
 * the partnership's own activities.
 */
#include "areas/training/published.h"

#include "app/figures.h"
#include "areas/training/store.h"

/* The integer `name` of `summary`, 0 when null (nothing to count). */
static long long count_of(const json_t *summary, const char *name)
{
	return json_integer_value(json_object_get(summary, name));
}

enum haven_status training_published(const char *from, const char *to, json_t *sections)
{
	json_t *summary = NULL;
	enum haven_status st = training_summary(from, to, &summary);
	if (st != HAVEN_OK)
		return st;
	json_t *s =
	    figures_section(sections, "Multi-agency training", "/training/summary", "training.figures");
	figures_add(s, "Training sessions held", count_of(summary, "sessions"), SUPPRESS_ACTIVITIES);
	figures_add(s, "Attendances", count_of(summary, "attendances"), SUPPRESS_PEOPLE);
	figures_add(s, "Practitioners trained", count_of(summary, "practitioners"), SUPPRESS_PEOPLE);
	/* by agency: no totals, since a person who moved agency in the year is one practitioner but two rows
	 */
	static const char *const columns[] = {"Attendances", "Practitioners trained", NULL};
	json_t *table = figures_table(s, "Practitioners trained, by agency", "Agency", columns,
	                              SUPPRESS_PEOPLE, false, false);
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(summary, "by_agency"), i, row)
	{
		const long long counts[] = {count_of(row, "attendances"), count_of(row, "practitioners")};
		figures_table_row(table, json_string_value(json_object_get(row, "name")), counts);
	}
	/* every attendance has its agency, so the headline attendances are the column's total, which the
	 * table does not show but the figure does: suppressed together, or the figure would give a small
	 * agency's count away. Practitioners are not: one who moved agency is in two rows, so the headline
	 * is at most the column's total, and hidden whenever any of the column is. */
	figures_figure_is_total(s, "Attendances", table, 0);
	figures_figure_at_most_total(s, "Practitioners trained", table, 1);
	/* the impact measure: each evaluation's confidence grew or did not, so the two are parts of one whole
	 */
	const json_t *confidence = json_object_get(summary, "confidence");
	static const char *const grew_columns[] = {"Confidence grew", "No change, or less", NULL};
	json_t *grew = figures_table(s, "Practitioners' confidence after training, from their evaluations",
	                             "Evaluations", grew_columns, SUPPRESS_PEOPLE, true, false);
	figures_table_measure(grew,
	                      "Evaluations of sessions held in the period in which the practitioner "
	                      "rated their confidence in the course's outcomes higher after the session "
	                      "than before it, over all its outcomes.");
	const long long grew_counts[] = {count_of(confidence, "grew"),
	                                 count_of(confidence, "evaluations") - count_of(confidence, "grew")};
	figures_table_row(grew, "Evaluations returned", grew_counts);
	/* and three months on: each answer says the training changed their practice, or not yet or not at all
	 */
	const json_t *follow_ups = json_object_get(summary, "follow_ups");
	static const char *const practice_columns[] = {"Changed their practice", "Not yet, or not at all",
	                                               NULL};
	json_t *practice = figures_table(s, "Practitioners' practice three months after training",
	                                 "Follow-up answers", practice_columns, SUPPRESS_PEOPLE, true, false);
	figures_table_measure(practice, "Answers to the follow-up three months after a session held in the "
	                                "period saying it changed the practitioner's practice a lot or a "
	                                "little.");
	const long long practice_counts[] = {count_of(follow_ups, "changed_practice"),
	                                     count_of(follow_ups, "answered") -
	                                         count_of(follow_ups, "changed_practice")};
	figures_table_row(practice, "Answers received", practice_counts);
	json_decref(summary);
	return HAVEN_OK;
}
