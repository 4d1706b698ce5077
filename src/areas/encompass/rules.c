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
	snprintf(out, ENCOMPASS_WHEN_SIZE, "%s %s at %d:%02d%s", calendar_weekday_name(day), date,
	         hour % 12 == 0 ? 12 : hour % 12, minute, hour < 12 ? "am" : "pm");
}

int32_t encompass_week_start(int32_t day)
{
	return day - calendar_weekday(day);
}

int64_t encompass_demo_new_incident_at(int64_t written, int64_t due, int64_t now)
{
	return due <= now && due > written ? due : written;
}
