/*
 * rules.h (provide) — the pure rules of Operation Provide: "how long ago"
 * as a person reads it, and the figures by area and month built from one row
 * per referral (instants and England's local time are the calendar's:
 * areas/calendar/london.h; medians and rates core/stats.h). No database and
 * no clock in here, so all of it is unit-tested with known answers
 * (tests/unit/test_provide_rules.c).
 */
#ifndef HAVEN_AREAS_PROVIDE_RULES_H
#define HAVEN_AREAS_PROVIDE_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/stats.h"

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

/*
 * The referrals of one area and month, counted (the store's aggregates,
 * migration 0136): how many, how many attempted, contacted, closed and each
 * closed outcome, and the hours each waited for the first attempt (contact),
 * each length with how many referrals waited it (borrowed).
 */
struct provide_figure_cell {
	long long la_code;
	const char *la_name; /* borrowed */
	char month[8];       /* "YYYY-MM" */
	long long referrals, attempted, contacted, closed, engaged, made_safer, engaged_with_investigation;
	struct stats_count *attempt_hours, *contact_hours;
	size_t attempt_bars, contact_bars;
};

/* The figures as provide_figures_build gives them, from cells in any order (an area and month may repeat). */
json_t *provide_figures_from_cells(const struct provide_figure_cell *cells, size_t count);

/*
 * The times police said it is safe to contact a victim, read from their
 * words (da_incident_adults.safe_times, free text such as "Weekdays 10:00 to
 * 14:00 only" or "Evenings after 18:00"). Haven reads clock times ("10:00 to
 * 14:00", "10:00-14:00", "after 18:00", "before 9:30", "from 17:00"),
 * "weekdays"/"weekends", "any time", and, when no clock time is given,
 * "mornings" (before 12:00), "afternoons" (12:00 to 18:00) and "evenings"
 * (from 18:00). Words it cannot read leave `known` false: the attempt is then
 * not checked against them (the page still shows the words).
 */
#define PROVIDE_SAFE_WINDOWS 4
struct provide_safe_times {
	bool known;
	bool weekdays_only, weekends_only;
	int windows; /* 0: any time of the allowed days */
	struct {
		int from, to; /* minutes of the day; to <= from wraps past midnight */
	} window[PROVIDE_SAFE_WINDOWS];
};

/* Reads `text` (NULL: nothing recorded, not known) into *out. */
void provide_safe_times_read(const char *text, struct provide_safe_times *out);

/* True if `weekday` (0 Monday ... 6 Sunday) at `minute` of the day (England's time) is a safe time. */
bool provide_safe_times_allow(const struct provide_safe_times *times, int weekday, int minute);

#endif
