/*
 * fuzz_calendar.c — the calendar's parsers (core/calendar.h and
 * areas/calendar/london.h): dates "YYYY-MM-DD", instants (ISO 8601 with Z or an offset)
 * and clock times "HH:MM", read from every form, API call and import that
 * carries a date or a time.
 *
 * Input: the text (to its first NUL). Beyond not crashing: a date read is
 * written back as exactly the same text; an instant read is written as one
 * that reads back to the same moment, and England's day and time of that
 * moment are a real day and time; a clock time is within the day.
 */
#include <stdlib.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "core/calendar.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);

	int32_t day;
	if (calendar_parse(text, &day)) {
		char out[CALENDAR_DATE_SIZE];
		calendar_format(day, out);
		FUZZ_ASSERT(strcmp(out, text) == 0);
		char long_date[CALENDAR_LONG_DATE_SIZE];
		calendar_format_long(day, long_date);
		FUZZ_ASSERT(calendar_weekday_name(day) != NULL);
	}

	int64_t utc;
	if (calendar_parse_instant(text, &utc)) {
		char out[CALENDAR_INSTANT_SIZE];
		calendar_format_instant(utc, out);
		int64_t again;
		FUZZ_ASSERT(calendar_parse_instant(out, &again) && again == utc);
		int32_t local_day, seconds;
		calendar_london_from_utc(utc, &local_day, &seconds);
		FUZZ_ASSERT(seconds >= 0 && seconds < 86400);
		int offset = calendar_london_offset(utc);
		FUZZ_ASSERT(offset == 0 || offset == 3600);
	}

	int minute;
	if (calendar_parse_clock(text, &minute))
		FUZZ_ASSERT(minute >= 0 && minute < 24 * 60);

	free(text);
	return 0;
}
