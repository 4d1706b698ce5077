/*
 * rules.c (training) — the cancellation cut-off and Europe/London times (see rules.h).
 */
#include "areas/training/rules.h"

#include <ctype.h>

#include "areas/calendar/calendar.h"

int32_t training_cutoff(int32_t session_day)
{
	int32_t day = session_day;
	for (int counted = 0; counted < TRAINING_CUTOFF_WORKING_DAYS;)
		if (calendar_is_working_day(--day))
			counted++;
	return day;
}

bool training_cancellation_late(int32_t session_day, int32_t today)
{
	return today > training_cutoff(session_day);
}

bool training_is_time(const char *s)
{
	if (!s || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != ':' ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]) || s[5])
		return false;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	return h < 24 && m < 60;
}

/* The last Sunday of `month` in `year`. */
static int32_t last_sunday(int year, int month)
{
	int32_t day = month == 12 ? calendar_from_ymd(year + 1, 1, 1) - 1 : calendar_from_ymd(year, month + 1, 1) - 1;
	while (calendar_weekday(day) != 6)
		day--;
	return day;
}

bool training_london_to_utc(int32_t day, const char *hhmm, int64_t *out)
{
	if (!training_is_time(hhmm))
		return false;
	char text[16];
	calendar_format(day, text);
	int year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
	int64_t local = (int64_t)day * 86400 + ((hhmm[0] - '0') * 10 + (hhmm[1] - '0')) * 3600 +
			((hhmm[3] - '0') * 10 + (hhmm[4] - '0')) * 60;
	int64_t bst_start = (int64_t)last_sunday(year, 3) * 86400 + 3600;
	int64_t bst_end = (int64_t)last_sunday(year, 10) * 86400 + 3600;
	int64_t as_bst = local - 3600;
	*out = as_bst >= bst_start && as_bst < bst_end ? as_bst : local;
	return true;
}
