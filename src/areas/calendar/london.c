/*
 * london.c — UTC instants and England's local time (contract in london.h).
 */
#include "areas/calendar/london.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "areas/calendar/calendar.h"

#define DAY_SECONDS 86400

/* Floor division, so instants before 1970 still land on the right day. */
static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
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

bool calendar_parse_instant(const char *text, int64_t *utc)
{
	/* strlen first, so the fixed-place checks never read past a short string's NUL */
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
	int64_t moment = (int64_t)day * DAY_SECONDS + h * 3600 + m * 60 + s - (int64_t)offset * 60;
	/* An offset can carry 0001-01-01 or 9999-12-31 past the years Haven
	 * writes (calendar_format_instant), so it could not read it back. */
	if (moment < (int64_t)calendar_from_ymd(1, 1, 1) * DAY_SECONDS ||
	    moment >= (int64_t)calendar_from_ymd(10000, 1, 1) * DAY_SECONDS)
		return false;
	*utc = moment;
	return true;
}

bool calendar_parse_clock(const char *text, int *minute)
{
	int h, m;
	if (!text || strlen(text) != 5 || text[2] != ':' || !read_digits(text, 2, &h) ||
	    !read_digits(text + 3, 2, &m) || h > 23 || m > 59)
		return false;
	*minute = h * 60 + m;
	return true;
}

/* The last Sunday of `month` (1-12) in `year`, a day number. */
static int32_t last_sunday(int year, int month)
{
	int32_t last = calendar_from_ymd(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1) - 1;
	return last - (calendar_weekday(last) + 1) % 7; /* calendar_weekday: 6 is Sunday */
}

int calendar_london_offset(int64_t utc)
{
	int year, month, mday;
	calendar_to_ymd((int32_t)floor_div(utc, DAY_SECONDS), &year, &month, &mday);
	int64_t starts = (int64_t)last_sunday(year, 3) * DAY_SECONDS + 3600;
	int64_t ends = (int64_t)last_sunday(year, 10) * DAY_SECONDS + 3600;
	return utc >= starts && utc < ends ? 3600 : 0;
}

void calendar_london_from_utc(int64_t utc, int32_t *day, int32_t *seconds_of_day)
{
	int64_t local = utc + calendar_london_offset(utc);
	int64_t d = floor_div(local, DAY_SECONDS);
	*day = (int32_t)d;
	*seconds_of_day = (int32_t)(local - d * DAY_SECONDS);
}

int32_t calendar_london_day(int64_t utc)
{
	int32_t day, seconds;
	calendar_london_from_utc(utc, &day, &seconds);
	return day;
}

int32_t calendar_london_today(void)
{
	return calendar_london_day((int64_t)time(NULL));
}

void calendar_london_today_text(char out[static CALENDAR_DATE_SIZE])
{
	calendar_format(calendar_london_today(), out);
}

int64_t calendar_utc_from_london(int32_t day, int32_t seconds_of_day)
{
	int64_t local = (int64_t)day * DAY_SECONDS + seconds_of_day;
	/* read as BST when that instant is in BST (so the first of October's repeated hour), else as GMT */
	int64_t as_bst = local - 3600;
	return calendar_london_offset(as_bst) ? as_bst : local;
}

void calendar_format_clock(int32_t seconds_of_day, char out[static CALENDAR_CLOCK_SIZE])
{
	int minutes = (int)(seconds_of_day / 60) % (24 * 60);
	int hour = minutes / 60, minute = minutes % 60;
	if (minutes == 0) {
		snprintf(out, CALENDAR_CLOCK_SIZE, "midnight");
		return;
	}
	if (minutes == 12 * 60) {
		snprintf(out, CALENDAR_CLOCK_SIZE, "midday");
		return;
	}
	int twelve = hour % 12 == 0 ? 12 : hour % 12;
	const char *half = hour < 12 ? "am" : "pm";
	if (minute == 0)
		snprintf(out, CALENDAR_CLOCK_SIZE, "%d%s", twelve, half);
	else
		snprintf(out, CALENDAR_CLOCK_SIZE, "%d:%02d%s", twelve, minute, half);
}

void calendar_format_when(int64_t utc, char out[static CALENDAR_WHEN_SIZE])
{
	int32_t day, seconds;
	calendar_london_from_utc(utc, &day, &seconds);
	char date[CALENDAR_LONG_DATE_SIZE], clock[CALENDAR_CLOCK_SIZE];
	calendar_format_long(day, date);
	calendar_format_clock(seconds, clock);
	snprintf(out, CALENDAR_WHEN_SIZE, "%s %s at %s", calendar_weekday_name(day), date, clock);
}
