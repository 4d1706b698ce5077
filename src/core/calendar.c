/*
 * calendar.c (core) — dates as day numbers: parsing, formatting and
 * arithmetic (see core/calendar.h for the contract).
 *
 * Date conversion uses Howard Hinnant's days_from_civil / civil_from_days
 * algorithms, exact for the proleptic Gregorian calendar with no tables.
 */
#include "core/calendar.h"

#include <stdio.h>
#include <string.h>

int32_t calendar_from_ymd(int year, int month, int mday)
{
	int64_t y = year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                                             /* [0, 399] */
	int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + mday - 1; /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                     /* [0, 146096] */
	return (int32_t)(era * 146097 + doe - 719468);
}

void calendar_to_ymd(int32_t day, int *year, int *month, int *mday)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = (int)(yoe + era * 400 + (m <= 2));
}

int32_t calendar_add_months(int32_t day, int months)
{
	int y, m, d;
	calendar_to_ymd(day, &y, &m, &d);
	int index = y * 12 + (m - 1) + months;
	y = index / 12;
	m = index % 12 + 1;
	/* the last day of the target month is the day before the first of the next */
	int32_t last = calendar_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
	int32_t want = calendar_from_ymd(y, m, 1) + (d - 1);
	return want < last ? want : last;
}

const char *calendar_month_name(int month)
{
	static const char *const names[] = {"January",   "February", "March",    "April",
	                                    "May",       "June",     "July",     "August",
	                                    "September", "October",  "November", "December"};
	return month >= 1 && month <= 12 ? names[month - 1] : "";
}

static bool leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool calendar_parse(const char *text, int32_t *day)
{
	static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	/* strlen first, so the digit checks never read past a short string's NUL */
	if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return false;
	int year = digits(text, 4), month = digits(text + 5, 2), mday = digits(text + 8, 2);
	if (year < 1 || month < 1 || month > 12 || mday < 1)
		return false;
	if (mday > month_days[month - 1] + (month == 2 && leap(year)))
		return false;
	*day = calendar_from_ymd(year, month, mday);
	return true;
}

void calendar_format(int32_t day, char out[static CALENDAR_DATE_SIZE])
{
	int year, month, mday;
	calendar_to_ymd(day, &year, &month, &mday);
	snprintf(out, CALENDAR_DATE_SIZE, "%04d-%02d-%02d", year, month, mday);
}

void calendar_format_instant(int64_t utc, char out[static CALENDAR_INSTANT_SIZE])
{
	enum { DAY_SECONDS = 86400 };
	/* floor division, so instants before 1970 still land on the right day */
	int64_t day = utc / DAY_SECONDS - (utc % DAY_SECONDS < 0);
	int rest = (int)(utc - day * DAY_SECONDS); /* 0..86399, so each part has two digits */
	char date[CALENDAR_DATE_SIZE];
	calendar_format((int32_t)day, date);
	snprintf(out, CALENDAR_INSTANT_SIZE, "%.10sT%02d:%02d:%02dZ", date, rest / 3600 % 24, rest / 60 % 60,
	         rest % 60);
}

void calendar_format_long(int32_t day, char out[static CALENDAR_LONG_DATE_SIZE])
{
	int year, month, mday;
	calendar_to_ymd(day, &year, &month, &mday);
	snprintf(out, CALENDAR_LONG_DATE_SIZE, "%d %s %d", mday, calendar_month_name(month), year);
}

/* "1 hour", "3 hours". */
static int count_of(char *out, size_t size, long long n, const char *unit)
{
	return snprintf(out, size, "%lld %s%s", n, unit, n == 1 ? "" : "s");
}

void calendar_format_duration(int64_t seconds, char out[static CALENDAR_DURATION_SIZE])
{
	if (seconds < 0)
		seconds = -seconds;
	long long minutes = seconds / 60, hours = minutes / 60, days = hours / 24;
	long long big, small;
	const char *big_unit, *small_unit;
	if (minutes == 0) {
		snprintf(out, CALENDAR_DURATION_SIZE, "less than a minute");
		return;
	}
	/* from two days the hours add nothing a reader acts on ("22 days", not "22 days 1 hour") */
	if (days >= 2)
		big = days, small = 0, big_unit = "day", small_unit = NULL;
	else if (days > 0)
		big = days, small = hours % 24, big_unit = "day", small_unit = "hour";
	else if (hours > 0)
		big = hours, small = minutes % 60, big_unit = "hour", small_unit = "minute";
	else
		big = minutes, small = 0, big_unit = "minute", small_unit = NULL;
	char a[CALENDAR_DURATION_SIZE / 2], b[CALENDAR_DURATION_SIZE / 2];
	count_of(a, sizeof a, big, big_unit);
	if (small && small_unit) {
		count_of(b, sizeof b, small, small_unit);
		snprintf(out, CALENDAR_DURATION_SIZE, "%s %s", a, b);
	} else {
		snprintf(out, CALENDAR_DURATION_SIZE, "%s", a);
	}
}

int calendar_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0) */
	return (int)((((int64_t)day + 3) % 7 + 7) % 7);
}

const char *calendar_weekday_name(int32_t day)
{
	static const char *const names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
	                                    "Friday", "Saturday", "Sunday"};
	return names[calendar_weekday(day)];
}

void calendar_reporting_year(int32_t day, int32_t *first, int32_t *last)
{
	int year, month, mday;
	calendar_to_ymd(day, &year, &month, &mday);
	int start = month >= 4 ? year : year - 1;
	*first = calendar_from_ymd(start, 4, 1);
	*last = calendar_from_ymd(start + 1, 3, 31);
}
