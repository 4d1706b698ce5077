/*
 * rules.c (provide) — instants, Europe/London times, elapsed time in words,
 * the median and the figures by area and month (see rules.h).
 */
#include "areas/provide/rules.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/calendar/calendar.h"
#include "core/alloc.h"

/* `n` digits at `s` as a number, or -1 if any is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool provide_parse_instant(const char *text, int64_t *out)
{
	if (!text || strlen(text) < 17 || text[10] != 'T')
		return false;
	char date[11];
	memcpy(date, text, 10);
	date[10] = '\0';
	int32_t day;
	if (!calendar_parse(date, &day))
		return false;
	const char *p = text + 11;
	int h = digits(p, 2), m = p[2] == ':' ? digits(p + 3, 2) : -1, s = 0;
	if (h < 0 || h > 23 || m < 0 || m > 59)
		return false;
	p += 5;
	if (*p == ':') {
		s = digits(p + 1, 2);
		if (s < 0 || s > 59)
			return false;
		p += 3;
		if (*p == '.') {
			p++;
			if (!isdigit((unsigned char)*p))
				return false;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	if (strcmp(p, "Z") != 0)
		return false;
	*out = (int64_t)day * 86400 + h * 3600 + m * 60 + s;
	return true;
}

/* Floor division, so instants before 1970 still land on the right day. */
static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

void provide_format_instant(int64_t t, char out[static PROVIDE_INSTANT_SIZE])
{
	int64_t day = floor_div(t, 86400), rest = t - day * 86400;
	char date[CALENDAR_DATE_SIZE];
	calendar_format((int32_t)day, date);
	snprintf(out, PROVIDE_INSTANT_SIZE, "%.10sT%02d:%02d:%02dZ", date, (int)(rest / 3600),
	         (int)(rest / 60 % 60), (int)(rest % 60));
}

bool provide_is_time(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return false;
	int h = digits(s, 2), m = digits(s + 3, 2);
	return h >= 0 && h < 24 && m >= 0 && m < 60;
}

/* The last Sunday of `month` in `year` (calendar_weekday: Monday 0 ... Sunday 6). */
static int32_t last_sunday(int year, int month)
{
	int32_t day =
	    month == 12 ? calendar_from_ymd(year + 1, 1, 1) - 1 : calendar_from_ymd(year, month + 1, 1) - 1;
	while (calendar_weekday(day) != 6)
		day--;
	return day;
}

static int year_of(int32_t day)
{
	char text[CALENDAR_DATE_SIZE];
	calendar_format(day, text);
	return atoi(text);
}

bool provide_london_is_bst(int64_t t)
{
	int year = year_of((int32_t)floor_div(t, 86400));
	int64_t start = (int64_t)last_sunday(year, 3) * 86400 + 3600;
	int64_t end = (int64_t)last_sunday(year, 10) * 86400 + 3600;
	return t >= start && t < end;
}

bool provide_london_to_utc(int32_t day, const char *hhmm, int64_t *out)
{
	if (!provide_is_time(hhmm))
		return false;
	int64_t local = (int64_t)day * 86400 + digits(hhmm, 2) * 3600 + digits(hhmm + 3, 2) * 60;
	int64_t as_bst = local - 3600;
	*out = provide_london_is_bst(as_bst) ? as_bst : local;
	return true;
}

void provide_utc_to_london(int64_t t, char date[static 16], char hhmm[static 8])
{
	int64_t local = t + (provide_london_is_bst(t) ? 3600 : 0);
	int64_t day = floor_div(local, 86400), rest = local - day * 86400;
	calendar_format((int32_t)day, date);
	snprintf(hhmm, 8, "%02d:%02d", (int)(rest / 3600), (int)(rest / 60 % 60));
}

void provide_elapsed_text(int64_t seconds, char *out, size_t size)
{
	if (seconds < 60) {
		snprintf(out, size, "less than a minute");
		return;
	}
	int64_t minutes = seconds / 60, hours = minutes / 60, days = hours / 24;
	int64_t big, small;
	const char *big_unit, *small_unit;
	if (days > 0) {
		big = days, small = hours % 24, big_unit = "day", small_unit = "hour";
	} else if (hours > 0) {
		big = hours, small = minutes % 60, big_unit = "hour", small_unit = "minute";
	} else {
		snprintf(out, size, "%lld minute%s", (long long)minutes, minutes == 1 ? "" : "s");
		return;
	}
	if (small)
		snprintf(out, size, "%lld %s%s %lld %s%s", (long long)big, big_unit, big == 1 ? "" : "s",
		         (long long)small, small_unit, small == 1 ? "" : "s");
	else
		snprintf(out, size, "%lld %s%s", (long long)big, big_unit, big == 1 ? "" : "s");
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double provide_median(double *values, size_t count)
{
	if (!count)
		return NAN;
	qsort(values, count, sizeof *values, by_value);
	if (count % 2)
		return values[count / 2];
	return (values[count / 2 - 1] + values[count / 2]) / 2;
}

/* ---- the figures ---- */

/* `v` to one decimal place, halves away from zero (without libm, which Haven does not link). */
static double to_one_place(double v)
{
	return (double)(long long)(v * 10 + (v < 0 ? -0.5 : 0.5)) / 10;
}

static json_t *one_place(double v)
{
	return isnan(v) ? json_null() : json_real(to_one_place(v));
}

static json_t *rate(long long part, long long whole)
{
	return whole ? json_real(to_one_place(100.0 * (double)part / (double)whole)) : json_null();
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
	json_object_set_new(g, "median_hours_to_first_attempt",
	                    one_place(provide_median(attempt, attempted)));
	json_object_set_new(g, "median_hours_to_first_contact",
	                    one_place(provide_median(contact, contacted)));
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
