/*
 * time_sqlite.c (households) — the times the households store binds (see
 * time_sqlite.h).
 */
#include "areas/households/time_sqlite.h"

#include <time.h>

void households_now(char out[static CALENDAR_INSTANT_SIZE])
{
	calendar_format_instant((int64_t)time(NULL), out);
}

void households_days_before(int64_t utc, long long days, char out[static CALENDAR_INSTANT_SIZE])
{
	calendar_format_instant(utc - (int64_t)days * 86400, out);
}

enum haven_status households_period_start(db_conn *db, char out[static CALENDAR_INSTANT_SIZE])
{
	long long days = 0;
	enum haven_status st = db_integer_values(
	    db_prepare(db, "SELECT period_days FROM household_settings WHERE id = 1"), &days, NULL, 0);
	if (st != HAVEN_OK)
		return HAVEN_ERR_DB;
	households_days_before((int64_t)time(NULL), days, out);
	return HAVEN_OK;
}

void households_set_ages(json_t *rows)
{
	double today = (double)time(NULL) / 86400.0; /* days since 1970, with the time of day */
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		int32_t born;
		const char *text = json_string_value(json_object_get(row, "age"));
		if (text && calendar_parse(text, &born))
			json_object_set_new(row, "age", json_integer((json_int_t)((today - born) / 365.25)));
		else
			json_object_set_new(row, "age", json_null());
	}
}
