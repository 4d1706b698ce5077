/*
 * rules.c (support) — the decision deadline and how it is shown (see rules.h).
 */
#include "areas/support/rules.h"

#include <stdio.h>
#include <string.h>

#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"

int64_t support_decision_due(int64_t received)
{
	int32_t day, seconds;
	calendar_london_from_utc(received, &day, &seconds);
	if (!calendar_is_working_day(day) || seconds == 0) {
		/* the whole of the first working day from here counts: due at its end */
		int32_t first = calendar_is_working_day(day) ? day : calendar_add_working_days(day, 1);
		return calendar_utc_from_london(first + 1, 0);
	}
	/* the rest of today and as much of the next working day as was used of today */
	return calendar_utc_from_london(calendar_add_working_days(day, 1), seconds);
}

bool support_format_local(int64_t utc, bool end_of_day, char *out, size_t size)
{
	int32_t day, seconds;
	calendar_london_from_utc(utc, &day, &seconds);
	char clock[32];
	if (seconds == 0 && end_of_day) {
		day--;
		snprintf(clock, sizeof clock, "11:59pm");
	} else if (seconds == 0) {
		snprintf(clock, sizeof clock, "midnight at the start of");
	} else if (seconds / 60 == 12 * 60) {
		snprintf(clock, sizeof clock, "midday");
	} else {
		int h = seconds / 3600, m = seconds / 60 % 60;
		int h12 = h % 12 ? h % 12 : 12;
		if (m)
			snprintf(clock, sizeof clock, "%d:%02d%s", h12, m, h < 12 ? "am" : "pm");
		else
			snprintf(clock, sizeof clock, "%d%s", h12, h < 12 ? "am" : "pm");
	}
	char date[CALENDAR_LONG_DATE_SIZE];
	calendar_format_long(day, date);
	bool start = strncmp(clock, "midnight", 8) == 0;
	int n =
	    snprintf(out, size, "%s%s %s %s", clock, start ? "" : " on", calendar_weekday_name(day), date);
	return n >= 0 && (size_t)n < size;
}
