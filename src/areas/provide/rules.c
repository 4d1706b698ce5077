/*
 * rules.c (provide) — elapsed time in words and the figures by area and
 * month (see rules.h).
 */
#include "areas/provide/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/stats.h"

/* ---- the figures ---- */

/* A median to one decimal place, or null when there is none. */
static json_t *median_one_place(double *values, size_t count)
{
	double m;
	return stats_median(values, count, &m) ? json_real(stats_one_place(m)) : json_null();
}

/* `part` as a percentage of `whole` (one decimal place), or null when there is no whole. */
static json_t *rate(long long part, long long whole)
{
	double p;
	return stats_percent(part, whole, &p) ? json_real(p) : json_null();
}

/* The figures of rows[0..count) (one area and month, one area, or all). */
static json_t *group(const struct provide_figure_row *const *rows, size_t count, const char *month)
{
	double *attempt = xmalloc((count + 1) * sizeof *attempt),
	       *contact = xmalloc((count + 1) * sizeof *contact);
	size_t attempted = 0, contacted = 0;
	long long closed = 0, engaged = 0, safer = 0, investigation = 0;
	for (size_t i = 0; i < count; i++) {
		const struct provide_figure_row *r = rows[i];
		if (r->hours_to_attempt >= 0)
			attempt[attempted++] = r->hours_to_attempt;
		if (r->hours_to_contact >= 0)
			contact[contacted++] = r->hours_to_contact;
		if (r->closed) {
			closed++;
			engaged += r->engaged;
			safer += r->made_safer;
			investigation += r->engaged_with_investigation;
		}
	}
	json_t *g = json_object();
	if (month)
		json_object_set_new(g, "month", json_string(month));
	json_object_set_new(g, "referrals", json_integer((json_int_t)count));
	json_object_set_new(g, "attempted", json_integer((json_int_t)attempted));
	json_object_set_new(g, "contacted", json_integer((json_int_t)contacted));
	json_object_set_new(g, "closed", json_integer(closed));
	json_object_set_new(g, "engaged", json_integer(engaged));
	json_object_set_new(g, "made_safer", json_integer(safer));
	json_object_set_new(g, "engaged_with_investigation", json_integer(investigation));
	json_object_set_new(g, "median_hours_to_first_attempt", median_one_place(attempt, attempted));
	json_object_set_new(g, "median_hours_to_first_contact", median_one_place(contact, contacted));
	json_object_set_new(g, "engagement_rate", rate(engaged, closed));
	json_object_set_new(g, "made_safer_rate", rate(safer, closed));
	json_object_set_new(g, "investigation_rate", rate(investigation, closed));
	free(attempt);
	free(contact);
	return g;
}

static int by_area_month(const void *a, const void *b)
{
	const struct provide_figure_row *x = *(const struct provide_figure_row *const *)a;
	const struct provide_figure_row *y = *(const struct provide_figure_row *const *)b;
	int c = strcmp(x->la_name ? x->la_name : "", y->la_name ? y->la_name : "");
	if (c)
		return c;
	if (x->la_code != y->la_code)
		return x->la_code < y->la_code ? -1 : 1;
	return strcmp(x->month, y->month);
}

json_t *provide_figures_build(const struct provide_figure_row *rows, size_t count)
{
	const struct provide_figure_row **sorted = xmalloc((count + 1) * sizeof *sorted);
	for (size_t i = 0; i < count; i++)
		sorted[i] = &rows[i];
	qsort(sorted, count, sizeof *sorted, by_area_month);
	json_t *areas = json_array();
	for (size_t a = 0; a < count;) {
		size_t a_end = a;
		while (a_end < count && sorted[a_end]->la_code == sorted[a]->la_code)
			a_end++;
		json_t *months = json_array();
		for (size_t m = a; m < a_end;) {
			size_t m_end = m;
			while (m_end < a_end && strcmp(sorted[m_end]->month, sorted[m]->month) == 0)
				m_end++;
			json_array_append_new(months, group(sorted + m, m_end - m, sorted[m]->month));
			m = m_end;
		}
		json_array_append_new(areas, json_pack("{s:I, s:s?, s:o, s:o}", "la_code",
		                                       (json_int_t)sorted[a]->la_code, "la_name",
		                                       sorted[a]->la_name, "months", months, "total",
		                                       group(sorted + a, a_end - a, NULL)));
		a = a_end;
	}
	json_t *out = json_pack("{s:o, s:o}", "areas", areas, "total", group(sorted, count, NULL));
	free(sorted);
	return out;
}
