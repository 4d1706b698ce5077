/*
 * rules.c (provide) — elapsed time in words and the figures by area and
 * month (see rules.h).
 */
#include "areas/provide/rules.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/stats.h"

/* ---- the figures ---- */

/* A median to one decimal place of counted hours, or null when there is none. */
static json_t *median_one_place(struct stats_count *hours, size_t bars)
{
	double m;
	return stats_median_counted(hours, bars, &m) ? json_real(stats_one_place(m)) : json_null();
}

/* `part` as a percentage of `whole` (one decimal place), or null when there is no whole. */
static json_t *rate(long long part, long long whole)
{
	double p;
	return stats_percent(part, whole, &p) ? json_real(p) : json_null();
}

/* The figures of cells[0..count) (one area and month, one area, or all). */
static json_t *group(const struct provide_figure_cell *const *cells, size_t count, const char *month)
{
	struct provide_figure_cell sum = {0};
	size_t attempt_cap = 1, contact_cap = 1;
	for (size_t i = 0; i < count; i++) {
		attempt_cap += cells[i]->attempt_bars;
		contact_cap += cells[i]->contact_bars;
	}
	struct stats_count *attempt = xmalloc(attempt_cap * sizeof *attempt),
	                   *contact = xmalloc(contact_cap * sizeof *contact);
	for (size_t i = 0; i < count; i++) {
		const struct provide_figure_cell *c = cells[i];
		sum.referrals += c->referrals;
		sum.attempted += c->attempted;
		sum.contacted += c->contacted;
		sum.closed += c->closed;
		sum.engaged += c->engaged;
		sum.made_safer += c->made_safer;
		sum.engaged_with_investigation += c->engaged_with_investigation;
		/* a cell with no waits of a kind may have no array at all, and memcpy must not see NULL */
		if (c->attempt_bars)
			memcpy(attempt + sum.attempt_bars, c->attempt_hours,
			       c->attempt_bars * sizeof *attempt);
		sum.attempt_bars += c->attempt_bars;
		if (c->contact_bars)
			memcpy(contact + sum.contact_bars, c->contact_hours,
			       c->contact_bars * sizeof *contact);
		sum.contact_bars += c->contact_bars;
	}
	json_t *g = json_object();
	if (month)
		json_object_set_new(g, "month", json_string(month));
	json_object_set_new(g, "referrals", json_integer(sum.referrals));
	json_object_set_new(g, "attempted", json_integer(sum.attempted));
	json_object_set_new(g, "contacted", json_integer(sum.contacted));
	json_object_set_new(g, "closed", json_integer(sum.closed));
	json_object_set_new(g, "engaged", json_integer(sum.engaged));
	json_object_set_new(g, "made_safer", json_integer(sum.made_safer));
	json_object_set_new(g, "engaged_with_investigation", json_integer(sum.engaged_with_investigation));
	json_object_set_new(g, "median_hours_to_first_attempt", median_one_place(attempt, sum.attempt_bars));
	json_object_set_new(g, "median_hours_to_first_contact", median_one_place(contact, sum.contact_bars));
	json_object_set_new(g, "engagement_rate", rate(sum.engaged, sum.closed));
	json_object_set_new(g, "made_safer_rate", rate(sum.made_safer, sum.closed));
	json_object_set_new(g, "investigation_rate", rate(sum.engaged_with_investigation, sum.closed));
	free(attempt);
	free(contact);
	return g;
}

static int by_area_month(const void *a, const void *b)
{
	const struct provide_figure_cell *x = *(const struct provide_figure_cell *const *)a;
	const struct provide_figure_cell *y = *(const struct provide_figure_cell *const *)b;
	int c = strcmp(x->la_name ? x->la_name : "", y->la_name ? y->la_name : "");
	if (c)
		return c;
	if (x->la_code != y->la_code)
		return x->la_code < y->la_code ? -1 : 1;
	return strcmp(x->month, y->month);
}

json_t *provide_figures_from_cells(const struct provide_figure_cell *cells, size_t count)
{
	const struct provide_figure_cell **sorted = xmalloc((count + 1) * sizeof *sorted);
	for (size_t i = 0; i < count; i++)
		sorted[i] = &cells[i];
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

json_t *provide_figures_build(const struct provide_figure_row *rows, size_t count)
{
	/* each referral a cell of its own: one referral, its waits counted once */
	struct provide_figure_cell *cells = xcalloc(count + 1, sizeof *cells);
	struct stats_count *hours = xcalloc(2 * count + 1, sizeof *hours);
	for (size_t i = 0; i < count; i++) {
		const struct provide_figure_row *r = &rows[i];
		struct provide_figure_cell *c = &cells[i];
		c->la_code = r->la_code;
		c->la_name = r->la_name;
		memcpy(c->month, r->month, sizeof c->month);
		c->referrals = 1;
		c->attempted = r->hours_to_attempt >= 0;
		c->contacted = r->hours_to_contact >= 0;
		c->closed = r->closed;
		c->engaged = r->closed && r->engaged;
		c->made_safer = r->closed && r->made_safer;
		c->engaged_with_investigation = r->closed && r->engaged_with_investigation;
		c->attempt_hours = &hours[2 * i];
		c->attempt_hours[0] = (struct stats_count){r->hours_to_attempt, 1};
		c->attempt_bars = (size_t)c->attempted;
		c->contact_hours = &hours[2 * i + 1];
		c->contact_hours[0] = (struct stats_count){r->hours_to_contact, 1};
		c->contact_bars = (size_t)c->contacted;
	}
	json_t *out = provide_figures_from_cells(cells, count);
	free(hours);
	free(cells);
	return out;
}

/* ---- safe times ---- */

/* A clock time "H:MM" or "HH:MM" at `s` (hours 0-24): its minutes, and where it ends; -1 if none. */
static int clock_at(const char *s, const char **end)
{
	int h = 0, n = 0;
	while (isdigit((unsigned char)s[n]) && n < 2)
		h = h * 10 + (s[n++] - '0');
	if (n == 0 || s[n] != ':' || !isdigit((unsigned char)s[n + 1]) || !isdigit((unsigned char)s[n + 2]) ||
	    isdigit((unsigned char)s[n + 3]))
		return -1;
	int m = (s[n + 1] - '0') * 10 + (s[n + 2] - '0');
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return -1;
	*end = s + n + 3;
	return h * 60 + m;
}

/* True if the lower-case `text` ends with `word` just before `at` (spaces between allowed). */
static bool word_before(const char *text, const char *at, const char *word)
{
	while (at > text && at[-1] == ' ')
		at--;
	size_t n = strlen(word);
	return (size_t)(at - text) >= n && strncmp(at - n, word, n) == 0 &&
	       (at - n == text || !isalpha((unsigned char)at[-(ptrdiff_t)n - 1]));
}

static void add_window(struct provide_safe_times *t, int from, int to)
{
	if (t->windows < PROVIDE_SAFE_WINDOWS) {
		t->window[t->windows].from = from;
		t->window[t->windows].to = to;
		t->windows++;
	}
	t->known = true;
}

void provide_safe_times_read(const char *text, struct provide_safe_times *out)
{
	memset(out, 0, sizeof *out);
	if (!text)
		return;
	char lower[256];
	size_t n = 0;
	for (; text[n] && n < sizeof lower - 1; n++)
		lower[n] = (char)tolower((unsigned char)text[n]);
	lower[n] = '\0';
	if (strstr(lower, "any time") || strstr(lower, "anytime")) {
		out->known = true;
		return;
	}
	if (strstr(lower, "weekday")) {
		out->weekdays_only = true;
		out->known = true;
	} else if (strstr(lower, "weekend")) {
		out->weekends_only = true;
		out->known = true;
	}
	for (const char *p = lower; *p; p++) {
		if (!isdigit((unsigned char)*p) || (p > lower && isdigit((unsigned char)p[-1])))
			continue;
		const char *end;
		int from = clock_at(p, &end);
		if (from < 0)
			continue;
		/* "10:00 to 14:00", "10:00-14:00", "10:00 until 14:00" */
		const char *q = end;
		while (*q == ' ')
			q++;
		const char *after_sep = NULL;
		if (*q == '-')
			after_sep = q + 1;
		else if (strncmp(q, "to ", 3) == 0)
			after_sep = q + 3;
		else if (strncmp(q, "until ", 6) == 0)
			after_sep = q + 6;
		else if (strncmp(q, "\xe2\x80\x93", 3) == 0) /* an en dash */
			after_sep = q + 3;
		if (after_sep) {
			while (*after_sep == ' ')
				after_sep++;
			const char *end2;
			int to = clock_at(after_sep, &end2);
			if (to >= 0) {
				add_window(out, from, to);
				p = end2 - 1;
				continue;
			}
		}
		if (word_before(lower, p, "before") || word_before(lower, p, "until"))
			add_window(out, 0, from);
		else
			add_window(out, from, 24 * 60); /* "after 18:00", "from 17:00" */
		p = end - 1;
	}
	if (out->windows)
		return;
	if (strstr(lower, "morning"))
		add_window(out, 0, 12 * 60);
	if (strstr(lower, "afternoon"))
		add_window(out, 12 * 60, 18 * 60);
	if (strstr(lower, "evening"))
		add_window(out, 18 * 60, 24 * 60);
}

bool provide_safe_times_allow(const struct provide_safe_times *times, int weekday, int minute)
{
	if (!times->known)
		return true;
	if ((times->weekdays_only && weekday >= 5) || (times->weekends_only && weekday < 5))
		return false;
	if (times->windows == 0)
		return true;
	for (int i = 0; i < times->windows; i++) {
		int from = times->window[i].from, to = times->window[i].to;
		if (from < to ? minute >= from && minute < to : minute >= from || minute < to)
			return true;
	}
	return false;
}
