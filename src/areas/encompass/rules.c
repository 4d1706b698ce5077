/*
 * rules.c (encompass) — England's local time in words, durations and weeks
 * for Operation Encompass (see rules.h).
 */
#include "areas/encompass/rules.h"

#include <stdio.h>

#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"

void encompass_format_day(int32_t day, char out[static ENCOMPASS_WHEN_SIZE])
{
	char date[CALENDAR_LONG_DATE_SIZE];
	calendar_format_long(day, date);
	snprintf(out, ENCOMPASS_WHEN_SIZE, "%s %s", calendar_weekday_name(day), date);
}

void encompass_format_when(int64_t t, char out[static ENCOMPASS_WHEN_SIZE])
{
	int32_t day, seconds;
	calendar_london_from_utc(t, &day, &seconds);
	int hour = seconds / 3600, minute = seconds % 3600 / 60;
	char date[CALENDAR_LONG_DATE_SIZE];
	calendar_format_long(day, date);
	snprintf(out, ENCOMPASS_WHEN_SIZE, "%s %s at %d:%02d%s", calendar_weekday_name(day), date, hour % 12 == 0 ? 12 : hour % 12, minute, hour < 12 ? "am" : "pm");
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

int32_t encompass_week_start(int32_t day)
{
	return day - calendar_weekday(day);
}
