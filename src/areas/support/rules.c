/*
 * rules.c (support) — the decision deadline and the Europe/London clock (see rules.h).
 */
#include "areas/support/rules.h"

#include <stdio.h>
#include <string.h>

#include "areas/calendar/calendar.h"

#define DAY_SECONDS 86400

static const char *const month_names[] = {"January", "February", "March",     "April",   "May",      "June",
					  "July",    "August",   "September", "October", "November", "December"};

/* Floor division, so instants before 1970 still land on the right day. */
static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The year, month and day of the month of a day number (via the calendar's own formatting). */
static void ymd(int32_t day, int *y, int *m, int *d)
{
	char text[CALENDAR_DATE_SIZE];
	calendar_format(day, text);
	*y = *m = *d = 0;
	if (sscanf(text, "%d-%d-%d", y, m, d) != 3)
		*y = *m = *d = 0;
}

/* The last Sunday of `month` (1-12) in `year`. */
static int32_t last_sunday(int year, int month)
{
	int32_t last = month == 12 ? calendar_from_ymd(year + 1, 1, 1) - 1 : calendar_from_ymd(year, month + 1, 1) - 1;
	return last - (calendar_weekday(last) + 1) % 7;
}

int support_london_offset(int64_t utc)
{
	int y, m, d;
	ymd((int32_t)floor_div(utc, DAY_SECONDS), &y, &m, &d);
	int64_t start = (int64_t)last_sunday(y, 3) * DAY_SECONDS + 3600;
	int64_t end = (int64_t)last_sunday(y, 10) * DAY_SECONDS + 3600;
	return utc >= start && utc < end ? 3600 : 0;
}

void support_london_from_utc(int64_t utc, int32_t *day, int32_t *seconds)
{
	int64_t local = utc + support_london_offset(utc);
	*day = (int32_t)floor_div(local, DAY_SECONDS);
	*seconds = (int32_t)(local - (int64_t)*day * DAY_SECONDS);
}

int64_t support_utc_from_london(int32_t day, int32_t seconds)
{
	int64_t local = (int64_t)day * DAY_SECONDS + seconds;
	/* read as BST if that instant is in BST (the first of a repeated hour), else as GMT */
	int64_t as_bst = local - 3600;
	return support_london_offset(as_bst) == 3600 ? as_bst : local;
}

int64_t support_decision_due(int64_t received)
{
	int32_t day, seconds;
	support_london_from_utc(received, &day, &seconds);
	if (!calendar_is_working_day(day) || seconds == 0) {
		/* the whole of the first working day from here counts: due at its end */
		int32_t first = calendar_is_working_day(day) ? day : calendar_add_working_days(day, 1);
		return support_utc_from_london(first + 1, 0);
	}
	/* the rest of today and as much of the next working day as was used of today */
	return support_utc_from_london(calendar_add_working_days(day, 1), seconds);
}

void support_format_instant(int64_t utc, char out[static SUPPORT_INSTANT_SIZE])
{
	int32_t day = (int32_t)floor_div(utc, DAY_SECONDS);
	int32_t s = (int32_t)(utc - (int64_t)day * DAY_SECONDS);
	char date[CALENDAR_DATE_SIZE];
	calendar_format(day, date);
	snprintf(out, SUPPORT_INSTANT_SIZE, "%.10sT%02d:%02d:%02dZ", date, s / 3600, s / 60 % 60, s % 60);
}

/* Two digits at `p` as a number, or -1. */
static int two(const char *p)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return -1;
	return (p[0] - '0') * 10 + (p[1] - '0');
}

bool support_parse_instant(const char *text, int64_t *utc)
{
	if (!text || strlen(text) < 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':')
		return false;
	char date[11];
	memcpy(date, text, 10);
	date[10] = '\0';
	int32_t day;
	int h = two(text + 11), m = two(text + 14), s = two(text + 17);
	if (!calendar_parse(date, &day) || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59)
		return false;
	const char *rest = text + 19;
	if (*rest == '.') {
		rest++;
		if (*rest < '0' || *rest > '9')
			return false;
		while (*rest >= '0' && *rest <= '9')
			rest++;
	}
	if (strcmp(rest, "Z") != 0)
		return false;
	*utc = (int64_t)day * DAY_SECONDS + h * 3600 + m * 60 + s;
	return true;
}

bool support_format_local(int64_t utc, bool end_of_day, char *out, size_t size)
{
	int32_t day, seconds;
	support_london_from_utc(utc, &day, &seconds);
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
	int y, mo, d;
	ymd(day, &y, &mo, &d);
	if (mo < 1 || mo > 12)
		return false;
	bool start = strncmp(clock, "midnight", 8) == 0;
	int n = snprintf(out, size, "%s%s %s %d %s %d", clock, start ? "" : " on", calendar_weekday_name(day), d,
			 month_names[mo - 1], y);
	return n >= 0 && (size_t)n < size;
}
