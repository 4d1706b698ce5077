/*
 * rules.h (provide) — the pure rules of Operation Provide: instants and
 * Europe/London wall-clock times, "how long ago" as a person reads it, the
 * median, and the figures by area and month built from one row per
 * referral. No database and no clock in here, so all of it is unit-tested
 * with known answers (tests/unit/test_provide_rules.c).
 */
#ifndef HAVEN_AREAS_PROVIDE_RULES_H
#define HAVEN_AREAS_PROVIDE_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room for "2026-11-26T19:30:00Z" and its NUL. */
#define PROVIDE_INSTANT_SIZE 24

/*
 * Parses a UTC instant as Haven stores them: "YYYY-MM-DDTHH:MM:SSZ", with
 * optional fractional seconds ("...:00.123Z") or no seconds ("...T19:30Z").
 * A real date and time only; the trailing Z is required. Sets *out to Unix
 * seconds. False if it is not so shaped.
 */
bool provide_parse_instant(const char *text, int64_t *out);

/* Writes Unix seconds `t` as "YYYY-MM-DDTHH:MM:SSZ". */
void provide_format_instant(int64_t t, char out[static PROVIDE_INSTANT_SIZE]);

/* Whether `s` is a time of day "HH:MM" (00:00 to 23:59). */
bool provide_is_time(const char *s);

/* Whether Europe/London is on BST at UTC instant `t` (01:00 UTC last Sunday of March to last Sunday of
 * October). */
bool provide_london_is_bst(int64_t t);

/*
 * The UTC instant of wall-clock "HH:MM" in Europe/London on day `day`
 * (calendar.h day number). The hour skipped or repeated at a change is read
 * as BST. False if `hhmm` is not a time.
 */
bool provide_london_to_utc(int32_t day, const char *hhmm, int64_t *out);

/* The Europe/London date "YYYY-MM-DD" (16 bytes) and time "HH:MM" (8 bytes) of instant `t`. */
void provide_utc_to_london(int64_t t, char date[static 16], char hhmm[static 8]);

/*
 * `seconds` as a person reads an elapsed time, to the minute below:
 * "less than a minute", "1 minute", "3 hours 20 minutes", "2 hours",
 * "1 day 4 hours", "12 days". Days and hours past a day, hours and minutes
 * below it. Negative counts as 0.
 */
void provide_elapsed_text(int64_t seconds, char *out, size_t size);

/*
 * The median of `values` (sorted in place): the middle one for an odd
 * count, the mean of the two middle ones for an even count. NAN for none.
 */
double provide_median(double *values, size_t count);

/* One referral as the figures see it. */
struct provide_figure_row {
	long long la_code;
	const char *la_name;     /* borrowed */
	char month[8];           /* "YYYY-MM": the Europe/London month of the incident */
	double hours_to_attempt; /* from the incident to the first contact attempt; < 0: none yet */
	double hours_to_contact; /* to the first contact made; < 0: none yet */
	bool closed;
	bool engaged;    /* closed with outcome "engaged" */
	bool made_safer; /* closed and made safer */
	bool engaged_with_investigation;
};

/*
 * The figures (a new object) from `rows` in any order:
 *   {"areas": [{la_code, la_name, "months": [GROUP...], "total": GROUP}...],
 *    "total": GROUP}
 * areas by name, months in order, where GROUP is
 *   {month?, referrals, attempted, contacted, closed, engaged, made_safer,
 *    engaged_with_investigation,
 *    median_hours_to_first_attempt, median_hours_to_first_contact,  (1 dp; null for none)
 *    engagement_rate, made_safer_rate, investigation_rate}            (% of closed, 1 dp; null for none
 * closed) The rates and medians are of the referrals that have them: the medians of those with an attempt (a
 * contact), the rates of the closed referrals.
 */
json_t *provide_figures_build(const struct provide_figure_row *rows, size_t count);

#endif
