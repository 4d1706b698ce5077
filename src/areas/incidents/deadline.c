/*
 * deadline.c (incidents) — the next school day's start, for Operation
 * Encompass deadlines (contract and rules in deadline.h; England's local time
 * from areas/calendar/london.h).
 */
#include "areas/incidents/deadline.h"

#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"

void deadline_school_year(int32_t day, int32_t *first, int32_t *last)
{
	int year, month, mday;
	calendar_to_ymd(day, &year, &month, &mday);
	int start = month >= 9 ? year : year - 1;
	*first = calendar_from_ymd(start, 9, 1);
	*last = calendar_from_ymd(start + 1, 8, 31);
}

void deadline_terms_window(int64_t incident_utc, int32_t *first, int32_t *last)
{
	int32_t day = calendar_london_day(incident_utc), unused;
	deadline_school_year(day, first, &unused);
	deadline_school_year(day + DEADLINE_SEARCH_DAYS, &unused, last);
}

bool deadline_is_school_day(int32_t day, const struct deadline_school_calendar *cal)
{
	if (!calendar_is_working_day(day))
		return false;
	if (!cal || cal->deliver_in_holidays || cal->term_count == 0)
		return true;
	int32_t year_first, year_last;
	deadline_school_year(day, &year_first, &year_last);
	bool year_has_terms = false;
	for (size_t i = 0; i < cal->term_count; i++) {
		const struct deadline_term *t = &cal->terms[i];
		if (day >= t->first && day <= t->last)
			return true;
		/* a term lists the school year it starts in, only: one stored running past 31 August
		 * (the import refuses that now) does not make the next year's other weekdays holidays */
		if (t->first >= year_first && t->first <= year_last)
			year_has_terms = true;
	}
	/* a year with no terms listed: every working day counts (terms not imported is not "all holiday") */
	return !year_has_terms;
}

enum haven_status deadline_next_school_day_start(int64_t incident_utc, int start_minute,
                                                 const struct deadline_school_calendar *cal, int64_t *due)
{
	if (start_minute < 0 || start_minute >= 24 * 60)
		return HAVEN_ERR_INVALID;
	int32_t day = calendar_london_day(incident_utc);
	int holidays = 0; /* weekdays passed over as bank holidays */
	for (int i = 0; i <= DEADLINE_SEARCH_DAYS; i++, day++) {
		if (!deadline_is_school_day(day, cal)) {
			if (calendar_weekday(day) < 5 && !calendar_is_working_day(day) &&
			    ++holidays > CALENDAR_HOLIDAYS_MOST_A_YEAR)
				return HAVEN_ERR_NOT_FOUND; /* more than a year may hold: the calendar is
				                               wrong */
			continue;
		}
		int64_t start = calendar_utc_from_london(day, start_minute * 60);
		if (start > incident_utc) {
			*due = start;
			return HAVEN_OK;
		}
	}
	return HAVEN_ERR_NOT_FOUND;
}

enum haven_status deadline_next_weekday_start(int64_t incident_utc, int start_minute, int64_t *due)
{
	if (start_minute < 0 || start_minute >= 24 * 60)
		return HAVEN_ERR_INVALID;
	for (int32_t day = calendar_london_day(incident_utc);; day++) {
		if (calendar_weekday(day) >= 5)
			continue;
		int64_t start = calendar_utc_from_london(day, start_minute * 60);
		if (start > incident_utc) {
			*due = start;
			return HAVEN_OK;
		}
	}
}
