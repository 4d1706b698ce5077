/*
 * published.c (assurance) — quality assurance's figures for the
 * scrutineer's dashboard and the annual report (app/figures.h): one section
 * per audit cycle whose return date falls in the period, from the same
 * reads as the cycles and results pages (assurance_cycles, assurance_results
 * and the heatmap's totals) and the cycle's action plans. Every count is of
 * agencies' returns, standards or actions, never of people, so none is
 * suppressed.
 */
#include "areas/assurance/published.h"

#include <stdio.h>
#include <string.h>

#include "app/figures.h"
#include "areas/assurance/rules.h"
#include "areas/assurance/store.h"
#include "areas/calendar/london.h"
#include "core/calendar.h"
#include "router/fields.h"

/* The red, amber and green standards of a cycle's submitted returns, counted as its results page counts them.
 */
static enum haven_status ratings(long long cycle_id, long long *red, long long *amber, long long *green)
{
	json_t *cycle = NULL, *rows = NULL;
	enum haven_status st = assurance_cycle_get(cycle_id, &cycle);
	if (st == HAVEN_OK)
		st = assurance_results(cycle_id, &rows);
	if (st == HAVEN_OK) {
		json_t *heatmap = assurance_heatmap(json_object_get(cycle, "standards"), rows);
		size_t i;
		json_t *t;
		json_array_foreach(json_object_get(heatmap, "totals"), i, t)
		{
			*red += json_integer_value(json_object_get(t, "red"));
			*amber += json_integer_value(json_object_get(t, "amber"));
			*green += json_integer_value(json_object_get(t, "green"));
		}
		json_decref(heatmap);
	}
	json_decref(rows);
	json_decref(cycle);
	return st;
}

enum haven_status assurance_published(const char *from, const char *to, json_t *sections)
{
	/* returns late or overdue, and actions overdue, as they stood at the end of the period */
	char as_of[CALENDAR_DATE_SIZE];
	figures_as_of(to, calendar_london_today(), as_of);
	json_t *cycles = NULL;
	enum haven_status st = assurance_cycles(as_of, &cycles);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *c;
	json_array_foreach(cycles, i, c)
	{
		const char *due = json_string_value(json_object_get(c, "returns_due_on"));
		if (!due || strcmp(due, from) < 0 || strcmp(due, to) > 0)
			continue;
		long long id = field_int(c, "id"), red = 0, amber = 0, green = 0;
		json_t *actions = NULL;
		if ((st = ratings(id, &red, &amber, &green)) != HAVEN_OK ||
		    (st = assurance_cycle_action_counts(id, as_of, &actions)) != HAVEN_OK)
			break;
		char title[512], href[64];
		snprintf(title, sizeof title, "Quality assurance: %s",
		         json_string_value(json_object_get(c, "title")));
		snprintf(href, sizeof href, "/quality-assurance/cycles/%lld/results", id);
		json_t *s = figures_section(sections, title, href, "qa.cycles");
		figures_add(s, "Returns asked for", field_int(c, "returns"), SUPPRESS_ACTIVITIES);
		figures_add(s, "Returns submitted", field_int(c, "submitted"), SUPPRESS_ACTIVITIES);
		figures_add(s, "Returns submitted late", field_int(c, "late"), SUPPRESS_ACTIVITIES);
		figures_add(s, "Returns overdue", field_int(c, "overdue"), SUPPRESS_ACTIVITIES);
		figures_add(s, "Standards rated green", green, SUPPRESS_ACTIVITIES);
		figures_add(s, "Standards rated amber", amber, SUPPRESS_ACTIVITIES);
		figures_add(s, "Standards rated red", red, SUPPRESS_ACTIVITIES);
		figures_add(s, "Actions in action plans", field_int(actions, "total"), SUPPRESS_ACTIVITIES);
		figures_add(s, "Actions complete", field_int(actions, "complete"), SUPPRESS_ACTIVITIES);
		figures_add(s, "Actions in progress", field_int(actions, "in_progress"), SUPPRESS_ACTIVITIES);
		figures_add(s, "Actions not started", field_int(actions, "not_started"), SUPPRESS_ACTIVITIES);
		figures_add(s, "Actions overdue", field_int(actions, "overdue"), SUPPRESS_ACTIVITIES);
		json_decref(actions);
	}
	json_decref(cycles);
	return st;
}
