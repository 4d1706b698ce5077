/*
 * occurred.c (incidents) — the text range on occurred_at around a span of
 * instants, so an index on the column bounds a read of the span (occurred.h
 * says why the range has a day's margin either side).
 */
#include "areas/incidents/occurred.h"

/* The UTC day of instant `utc` (floor division, as calendar_format_instant divides). */
static int32_t utc_day(int64_t utc)
{
	return (int32_t)(utc / 86400 - (utc % 86400 < 0));
}

void incidents_occurred_range(int64_t from, int64_t to, char low[static CALENDAR_DATE_SIZE],
                              char high[static CALENDAR_DATE_SIZE])
{
	calendar_format(utc_day(from) - 1, low);
	calendar_format(utc_day(to - 1) + 2, high);
}
