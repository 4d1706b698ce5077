/*
 * deadline.c (incidents) — UK local time and the next school day's start,
 * for Operation Encompass deadlines (contract and rules in deadline.h).
 *
 * Why not localtime_r with TZ=Europe/London: the server is multi-threaded,
 * and setenv/tzset are not thread-safe; the process time zone is also the
 * host's business, not Haven's. The UK rule is two lines of arithmetic, and
 * written here it is the same on every machine and testable to the minute.
 */
#include "areas/incidents/deadline.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/calendar/calendar.h"

#define DAY_SECONDS 86400
#define SEARCH_DAYS 800

static void year_month(int32_t day, int *year, int *month)
{
	char text[CALENDAR_DATE_SIZE];
	calendar_format(day, text);
	*year = atoi(text);
	*month = atoi(text + 5);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* The last Sunday of `month` in `year` (a calendar day number). */
static int32_t last_sunday(int year, int month)
{
	int32_t first_of_next = month == 12 ? calendar_from_ymd(year + 1, 1, 1) : calendar_from_ymd(year, month + 1, 1);
	int32_t last = first_of_next - 1;
	/* calendar_weekday: 6 is Sunday */
	return last - (calendar_weekday(last) + 1) % 7;
}

void deadline_bst_bounds(int year, int64_t *starts, int64_t *ends)
{
	*starts = (int64_t)last_sunday(year, 3) * DAY_SECONDS + 3600;
	*ends = (int64_t)last_sunday(year, 10) * DAY_SECONDS + 3600;
}

bool deadline_is_bst(int64_t utc)
{
	int32_t day = (int32_t)floor_div(utc, DAY_SECONDS);
	int year, month;
	year_month(day, &year, &month);
	if (month < 3 || month > 10)
		return false;
	int64_t starts, ends;
	deadline_bst_bounds(year, &starts, &ends);
	return utc >= starts && utc < ends;
}

void deadline_london_local(int64_t utc, int32_t *day, int *minute)
{
	int64_t local = utc + (deadline_is_bst(utc) ? 3600 : 0);
	*day = (int32_t)floor_div(local, DAY_SECONDS);
	*minute = (int)((local - (int64_t)*day * DAY_SECONDS) / 60);
}

int64_t deadline_london_to_utc(int32_t day, int minute)
{
	int64_t local = (int64_t)day * DAY_SECONDS + (int64_t)minute * 60;
	/* try BST first: right whenever the result is in summer time (and the first of October's twice-shown hour) */
	int64_t summer = local - 3600;
	if (deadline_is_bst(summer))
		return summer;
	return local;
}

bool deadline_parse_clock(const char *text, int *minute)
{
	if (!text || strlen(text) != 5 || text[2] != ':' || !isdigit((unsigned char)text[0]) ||
	    !isdigit((unsigned char)text[1]) || !isdigit((unsigned char)text[3]) || !isdigit((unsigned char)text[4]))
		return false;
	int h = (text[0] - '0') * 10 + (text[1] - '0');
	int m = (text[3] - '0') * 10 + (text[4] - '0');
	if (h > 23 || m > 59)
		return false;
	*minute = h * 60 + m;
	return true;
}

/* Reads exactly n digits at s. */
static bool read_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool deadline_parse_instant(const char *text, int64_t *utc)
{
	if (!text || strlen(text) < 17 || strlen(text) > 40)
		return false;
	char date[11];
	memcpy(date, text, 10);
	date[10] = '\0';
	int32_t day;
	if (!calendar_parse(date, &day) || text[10] != 'T')
		return false;
	const char *p = text + 11;
	int h, m, s = 0;
	if (!read_digits(p, 2, &h) || p[2] != ':' || !read_digits(p + 3, 2, &m))
		return false;
	p += 5;
	if (*p == ':') {
		if (!read_digits(p + 1, 2, &s))
			return false;
		p += 3;
		if (*p == '.' || *p == ',') {
			p++;
			if (!isdigit((unsigned char)*p))
				return false;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	if (h > 23 || m > 59 || s > 59)
		return false;
	int offset = 0; /* minutes east of UTC */
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '+' ? 1 : -1;
		int oh, om = 0;
		p++;
		if (!read_digits(p, 2, &oh))
			return false;
		p += 2;
		if (*p == ':') {
			if (!read_digits(p + 1, 2, &om))
				return false;
			p += 3;
		} else if (isdigit((unsigned char)*p)) {
			if (!read_digits(p, 2, &om))
				return false;
			p += 2;
		}
		if (oh > 18 || om > 59)
			return false;
		offset = sign * (oh * 60 + om);
	} else {
		return false; /* a local time without its offset is ambiguous: refused */
	}
	if (*p != '\0')
		return false;
	*utc = (int64_t)day * DAY_SECONDS + h * 3600 + m * 60 + s - (int64_t)offset * 60;
	return true;
}

void deadline_format_instant(int64_t utc, char out[static DEADLINE_INSTANT_SIZE])
{
	int32_t day = (int32_t)floor_div(utc, DAY_SECONDS);
	int64_t rest = utc - (int64_t)day * DAY_SECONDS;
	char date[CALENDAR_DATE_SIZE];
	calendar_format(day, date);
	/* rest is within [0, 86400), so each part has two digits */
	unsigned h = (unsigned)(rest / 3600) % 24u, m = (unsigned)(rest / 60 % 60), s = (unsigned)(rest % 60);
	memcpy(out, date, 10);
	out[10] = 'T';
	out[11] = (char)('0' + h / 10);
	out[12] = (char)('0' + h % 10);
	out[13] = ':';
	out[14] = (char)('0' + m / 10);
	out[15] = (char)('0' + m % 10);
	out[16] = ':';
	out[17] = (char)('0' + s / 10);
	out[18] = (char)('0' + s % 10);
	out[19] = 'Z';
	out[20] = '\0';
}

void deadline_school_year(int32_t day, int32_t *first, int32_t *last)
{
	int year, month;
	year_month(day, &year, &month);
	int start = month >= 9 ? year : year - 1;
	*first = calendar_from_ymd(start, 9, 1);
	*last = calendar_from_ymd(start + 1, 8, 31);
}

bool deadline_is_school_day(int32_t day, const struct deadline_school_calendar *cal)
{
	if (!calendar_is_working_day(day))
		return false;
	if (!cal || cal->deliver_in_holidays || cal->term_count == 0)
		return true;
	int32_t year_first, year_last;
	deadline_school_year(day, &year_first, &year_last);
	bool year_has_terms = false;
	for (size_t i = 0; i < cal->term_count; i++) {
		const struct deadline_term *t = &cal->terms[i];
		if (day >= t->first && day <= t->last)
			return true;
		if (t->first <= year_last && t->last >= year_first)
			year_has_terms = true;
	}
	/* a year with no terms listed: every working day counts (terms not imported is not "all holiday") */
	return !year_has_terms;
}

enum haven_status deadline_next_school_day_start(int64_t incident_utc, int start_minute,
						 const struct deadline_school_calendar *cal, int64_t *due)
{
	if (start_minute < 0 || start_minute >= 24 * 60)
		return HAVEN_ERR_INVALID;
	int32_t day;
	int minute;
	deadline_london_local(incident_utc, &day, &minute);
	for (int i = 0; i <= SEARCH_DAYS; i++, day++) {
		if (!deadline_is_school_day(day, cal))
			continue;
		int64_t start = deadline_london_to_utc(day, start_minute);
		if (start > incident_utc) {
			*due = start;
			return HAVEN_OK;
		}
	}
	return HAVEN_ERR_INVALID;
}
