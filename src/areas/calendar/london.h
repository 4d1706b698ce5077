/*
 * london.h — the partnership's clock: UTC instants, and England's local time
 * (Europe/London) that people read and write.
 *
 * Haven stores and compares instants in UTC; people see and enter the time
 * on the clocks in England. This is the one place that converts between the
 * two, and the one reader of the stored instant text (core/calendar.h writes
 * it), so every area agrees on when the clocks change and on what a stored
 * time means.
 *
 *   - An instant is whole seconds since 1970-01-01T00:00:00Z (int64_t), and
 *     is written "YYYY-MM-DDTHH:MM:SSZ" (by calendar_format_instant, in
 *     core/calendar.h, which auth uses too).
 *   - England's local time is GMT, or BST (GMT+1) from 01:00 UTC on the last
 *     Sunday of March to 01:00 UTC on the last Sunday of October (the rule
 *     since 1996, the Summer Time Order 2002).
 *   - A local time is a day number (calendar.h) and the seconds since local
 *     midnight on it (0..86399).
 *
 * Why not localtime_r with TZ=Europe/London: the server is multi-threaded,
 * setenv/tzset are not thread-safe, and the process time zone is the host's
 * business, not Haven's. The UK rule is a few lines of arithmetic; written
 * here it is the same on every machine and tested to the second
 * (tests/unit/test_calendar_london.c). Everything here but
 * calendar_london_today is pure, and all of it is thread-safe.
 */
#ifndef HAVEN_AREAS_CALENDAR_LONDON_H
#define HAVEN_AREAS_CALENDAR_LONDON_H

#include <stdbool.h>
#include <stdint.h>

#include "core/calendar.h"

/*
 * Parses an ISO 8601 instant: "YYYY-MM-DDTHH:MM[:SS[.fraction]]" then "Z"
 * or the offset from UTC, "+HH:MM", "-HH:MM", "+HHMM" or "+HH". It reads
 * what Haven writes (calendar_format_instant, and SQLite's
 * strftime('%Y-%m-%dT%H:%M:%fZ')) and what clients send. The fraction of a
 * second ('.' or ',') is dropped. A time without "Z" or an offset is refused
 * (a local time is ambiguous), as are a lower-case "t"/"z" or a space for the
 * "T" (one spelling), and anything that is not a real date and time (no
 * 24:00, no leap second 60), nor a moment outside the years 0001 to 9999 in
 * UTC ("0001-01-01T00:00+01:00"), which Haven could not write back. Returns
 * true and sets *utc, else false and leaves *utc alone.
 */
bool calendar_parse_instant(const char *text, int64_t *utc);

/*
 * Parses a local time of day "HH:MM" (exactly five characters, 00:00 to
 * 23:59) into minutes since midnight. False (and *minute untouched) if it is
 * not one.
 */
bool calendar_parse_clock(const char *text, int *minute);

/* The offset of England's clocks from UTC at `utc`, in seconds: 3600 in BST, else 0 (GMT). */
int calendar_london_offset(int64_t utc);

/* England's local day and the seconds since its midnight (0..86399) at `utc`. */
void calendar_london_from_utc(int64_t utc, int32_t *day, int32_t *seconds_of_day);

/* England's local day at `utc` (calendar_london_from_utc without the time). */
int32_t calendar_london_day(int64_t utc);

/* Today's date in England, by the system clock. */
int32_t calendar_london_today(void);

/* calendar_london_today as "YYYY-MM-DD" (the form dates are stored in). */
void calendar_london_today_text(char out[static CALENDAR_DATE_SIZE]);

/* Room for "Wednesday 30 September 2026 at 12:45pm" and its NUL. */
#define CALENDAR_WHEN_SIZE 72 /* a long date (CALENDAR_LONG_DATE_SIZE), its weekday and the time */
/* Room for "12:45pm" or "midnight" and its NUL. */
#define CALENDAR_CLOCK_SIZE 12

/*
 * A time of day as people read it, the GOV.UK way: "9am", "9:15am",
 * "5:30pm", "midday", "midnight" (seconds are dropped). `seconds_of_day` is
 * 0..86399.
 */
void calendar_format_clock(int32_t seconds_of_day, char out[static CALENDAR_CLOCK_SIZE]);

/*
 * The one way pages show an instant to people: England's local day and time,
 * "Thursday 3 December 2026 at 9:15am" (GMT or BST as the clocks were then).
 */
void calendar_format_when(int64_t utc, char out[static CALENDAR_WHEN_SIZE]);

/*
 * The instant at which England's clocks show `seconds_of_day` (0..86400;
 * 86400 is the next midnight) on `day`. A time skipped when the clocks go
 * forward (01:00 to 01:59 on the March Sunday) is read as GMT, so 01:30 is
 * 02:30 BST; one shown twice when they go back (01:00 to 01:59 on the
 * October Sunday) is the first, in BST.
 */
int64_t calendar_utc_from_london(int32_t day, int32_t seconds_of_day);

#endif
