/*
 * rules.c (training) — the cancellation cut-off (see rules.h).
 */
#include "areas/training/rules.h"

#include "areas/calendar/calendar.h"

int32_t training_cutoff(int32_t session_day, int working_days)
{
	int32_t day = session_day;
	for (int counted = 0; counted < working_days;)
		if (calendar_is_working_day(--day))
			counted++;
	return day;
}

bool training_cancellation_late(int32_t session_day, int32_t today, int working_days)
{
	return today > training_cutoff(session_day, working_days);
}
