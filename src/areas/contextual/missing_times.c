/*
 * missing_times.c (contextual) — an instant typed into a missing episode's
 * forms (the report, the return, the interview): as X_at, a UTC instant
 * (the API), or as X_on and X_time, England's date and clock (the page),
 * with an error naming the field for each way it can be wrong, and none
 * later than the server's clock allows (missing.h).
 */
#include "areas/contextual/missing.h"

#include <stdio.h>
#include <time.h>

#include "areas/calendar/london.h"
#include "core/calendar.h"
#include "router/errors.h"

/* An instant typed in may be this far ahead of the server's clock (clocks differ a little). */
#define CLOCK_SLACK_SECONDS 600

bool contextual_instant_from_input(const json_t *in, const char *x, const char *label, bool required,
                                   json_t *errors, int64_t *t, bool *given)
{
	char at_name[32], on_name[32], time_name[32];
	snprintf(at_name, sizeof at_name, "%s_at", x);
	snprintf(on_name, sizeof on_name, "%s_on", x);
	snprintf(time_name, sizeof time_name, "%s_time", x);
	const char *at = field_text(in, at_name), *on = field_text(in, on_name),
	           *hhmm = field_text(in, time_name);
	*given = at || on || hhmm;
	if (at && (on || hhmm)) {
		errors_addf(errors, at_name, "Give %s once: as %s, or as %s and %s", label, at_name, on_name,
		            time_name);
		return false;
	}
	if (at) {
		if (calendar_parse_instant(at, t))
			goto check_future;
		errors_addf(errors, at_name, "Enter %s as a UTC time, for example 2026-11-28T22:15:00Z",
		            label);
		return false;
	}
	if (!*given) {
		if (required) {
			errors_addf(errors, on_name, "Enter the date %s", label);
		}
		return false;
	}
	int32_t day = 0;
	int minute = 0;
	bool ok = true;
	if (!on) {
		errors_addf(errors, on_name, "Enter the date %s", label);
		ok = false;
	}
	if (!hhmm || !calendar_parse_clock(hhmm, &minute)) {
		errors_addf(errors, time_name, "Enter the time %s as hours and minutes, like 22:15", label);
		ok = false;
	}
	if (!ok || !calendar_parse(on, &day))
		return false;
	*t = calendar_utc_from_london(day, minute * 60);
	at_name[0] = '\0';
check_future:
	if (*t > (int64_t)time(NULL) + CLOCK_SLACK_SECONDS) {
		errors_addf(errors, at ? at_name : on_name, "The time %s must be now or in the past", label);
		return false;
	}
	return true;
}
