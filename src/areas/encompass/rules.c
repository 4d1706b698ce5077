/*
 * rules.c (encompass) — instants, Europe/London time, durations, medians
 * and percentages for Operation Encompass (see rules.h).
 */
#include "areas/encompass/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/calendar/calendar.h"

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool encompass_parse_instant(const char *s, int64_t *out)
{
	if (!s || strlen(s) < 20)
		return false;
	char date[11];
	memcpy(date, s, 10);
	date[10] = '\0';
	int32_t day;
	if (!calendar_parse(date, &day) || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
		return false;
	int h = digits(s + 11, 2), m = digits(s + 14, 2), sec = digits(s + 17, 2);
	if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59)
		return false;
	const char *p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (strcmp(p, "Z") != 0)
		return false;
	*out = (int64_t)day * 86400 + h * 3600 + m * 60 + sec;
	return true;
}

static int32_t last_sunday(int year, int month)
{
	int32_t day = calendar_from_ymd(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1) - 1;
	while (calendar_weekday(day) != 6)
		day--;
	return day;
}

/* The year of a day number. */
static int year_of(int32_t day)
{
	char text[CALENDAR_DATE_SIZE];
	calendar_format(day, text);
	return atoi(text);
}

int encompass_london_offset(int64_t t)
{
	int32_t day = (int32_t)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	int year = year_of(day);
	int64_t start = (int64_t)last_sunday(year, 3) * 86400 + 3600;
	int64_t end = (int64_t)last_sunday(year, 10) * 86400 + 3600;
	return t >= start && t < end ? 3600 : 0;
}

int32_t encompass_london_day(int64_t t)
{
	int64_t local = t + encompass_london_offset(t);
	return (int32_t)(local >= 0 ? local / 86400 : (local - 86399) / 86400);
}

static const char *const month_names[] = {"January", "February", "March",     "April",   "May",      "June",
					  "July",    "August",   "September", "October", "November", "December"};

/* The year, month and day of the month of a day number. */
static void ymd(int32_t day, int *y, int *m, int *d)
{
	char text[CALENDAR_DATE_SIZE];
	calendar_format(day, text);
	if (sscanf(text, "%d-%d-%d", y, m, d) != 3 || *m < 1 || *m > 12)
		*y = 1970, *m = 1, *d = 1;
}

void encompass_format_day(int32_t day, char out[static ENCOMPASS_WHEN_SIZE])
{
	int y, m, d;
	ymd(day, &y, &m, &d);
	snprintf(out, ENCOMPASS_WHEN_SIZE, "%s %d %s %d", calendar_weekday_name(day), d, month_names[m - 1], y);
}

void encompass_format_when(int64_t t, char out[static ENCOMPASS_WHEN_SIZE])
{
	int64_t local = t + encompass_london_offset(t);
	int32_t day = encompass_london_day(t);
	int64_t seconds = local - (int64_t)day * 86400;
	int hour = (int)(seconds / 3600), minute = (int)(seconds % 3600 / 60);
	int y, m, d;
	ymd(day, &y, &m, &d);
	snprintf(out, ENCOMPASS_WHEN_SIZE, "%s %d %s %d at %d:%02d%s", calendar_weekday_name(day), d,
		 month_names[m - 1], y, hour % 12 == 0 ? 12 : hour % 12, minute, hour < 12 ? "am" : "pm");
}

static int unit(char *out, size_t size, long long n, const char *one)
{
	return snprintf(out, size, "%lld %s%s", n, one, n == 1 ? "" : "s");
}

void encompass_format_duration(int64_t seconds, char out[static ENCOMPASS_WHEN_SIZE])
{
	if (seconds < 0)
		seconds = -seconds;
	long long minutes = seconds / 60, hours = minutes / 60, days = hours / 24;
	char a[32], b[32];
	if (minutes == 0) {
		snprintf(out, ENCOMPASS_WHEN_SIZE, "less than a minute");
	} else if (days > 0) {
		unit(a, sizeof a, days, "day");
		if (hours % 24) {
			unit(b, sizeof b, hours % 24, "hour");
			snprintf(out, ENCOMPASS_WHEN_SIZE, "%s %s", a, b);
		} else {
			snprintf(out, ENCOMPASS_WHEN_SIZE, "%s", a);
		}
	} else if (hours > 0) {
		unit(a, sizeof a, hours, "hour");
		if (minutes % 60) {
			unit(b, sizeof b, minutes % 60, "minute");
			snprintf(out, ENCOMPASS_WHEN_SIZE, "%s %s", a, b);
		} else {
			snprintf(out, ENCOMPASS_WHEN_SIZE, "%s", a);
		}
	} else {
		unit(out, ENCOMPASS_WHEN_SIZE, minutes, "minute");
	}
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

bool encompass_median(double *values, size_t n, double *out)
{
	if (n == 0)
		return false;
	qsort(values, n, sizeof *values, compare_doubles);
	*out = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
	return true;
}

bool encompass_percent(long long part, long long whole, double *out)
{
	if (whole <= 0)
		return false;
	/* in tenths of a percent, rounded half up, done in integers so 2/3 is exactly 66.7 */
	long long tenths = (part * 2000 + whole) / (2 * whole);
	*out = (double)tenths / 10.0;
	return true;
}

int32_t encompass_week_start(int32_t day)
{
	return day - calendar_weekday(day);
}
