/*
 * due.c (assurance) — when each agency's next quality assurance return is
 * due, for the cycles page and its API twin (area.c): the store's last
 * submitted returns with their next due dates (rules.h), overdue first.
 */
#include "areas/assurance/due.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "areas/assurance/rules.h"
#include "areas/assurance/store.h"

/* Overdue first (never audited before late), then by the date the next return is due. */
static int by_due(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	bool xo = json_is_true(json_object_get(x, "overdue")),
	     yo = json_is_true(json_object_get(y, "overdue"));
	if (xo != yo)
		return xo ? -1 : 1;
	const char *xd = json_string_value(json_object_get(x, "next_due_on"));
	const char *yd = json_string_value(json_object_get(y, "next_due_on"));
	if (!xd || !yd)
		return xd ? 1 : yd ? -1 : 0;
	return strcmp(xd, yd);
}

/*
 * When each agency's next return is due (rules.h: the last submitted + the partnership's interval for its
 * kind, `every`; never audited: due now; but while its newest cycle of the kind awaits its return, that
 * cycle's return date: assurance_cycle_due), overdue first; only the overdue when `overdue_only`. Sets
 * *overdue11 and *overdue175 to how many of each kind are overdue (of all, whatever is shown).
 */
enum haven_status assurance_due_list(const char *today, const struct assurance_intervals *every,
                                     bool overdue_only, json_t **out, int *overdue11, int *overdue175)
{
	json_t *rows = NULL;
	enum haven_status st = assurance_audits_due(&rows);
	if (st != HAVEN_OK)
		return st;
	*overdue11 = *overdue175 = 0;
	size_t n = json_array_size(rows), kept = 0;
	json_t **sorted = calloc(n ? n : 1, sizeof *sorted);
	if (!sorted) {
		json_decref(rows);
		return HAVEN_ERR_INTERNAL;
	}
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		const char *kind = json_string_value(json_object_get(r, "kind"));
		bool schools = strcmp(kind, "section175") == 0;
		const char *cycle_due = json_string_value(json_object_get(r, "newest_due_on"));
		if (cycle_due && json_integer_value(json_object_get(r, "newest_submitted")) == 0)
			/* a cycle awaits its return: due on the cycle's date, overdue only once it passed */
			assurance_cycle_due(r, json_string_value(json_object_get(r, "newest_cycle_title")),
			                    cycle_due, today);
		else
			assurance_next_due(r, schools ? every->section175_months : every->section11_months,
			                   json_string_value(json_object_get(r, "last_submitted_on")), today);
		json_object_set(r, "cycle_id", json_object_get(r, "newest_cycle_id"));
		if (!json_is_string(json_object_get(r, "cycle_title")))
			json_object_del(r, "cycle_id");
		json_object_del(r, "newest_cycle_id");
		json_object_del(r, "newest_cycle_title");
		json_object_del(r, "newest_due_on");
		json_object_del(r, "newest_submitted");
		assurance_label_kind(r);
		bool overdue = json_is_true(json_object_get(r, "overdue"));
		if (overdue)
			++*(schools ? overdue175 : overdue11);
		if (overdue || !overdue_only)
			sorted[kept++] = r;
	}
	qsort(sorted, kept, sizeof *sorted, by_due);
	json_t *list = json_array();
	for (i = 0; i < kept; i++)
		json_array_append(list, sorted[i]);
	free(sorted);
	json_decref(rows);
	*out = list;
	return HAVEN_OK;
}
