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
	json_decref(summary);
	return HAVEN_OK;
}
