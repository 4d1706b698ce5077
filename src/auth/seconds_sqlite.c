/*
 * seconds_sqlite.c (auth) — stored Unix seconds as UTC text to the second,
 * through the store's one formatter of a time (db_time_text). See
 * seconds_sqlite.h.
 */
#include <string.h>

#include "auth/seconds_sqlite.h"
#include "store/db.h"

void auth_rows_seconds_as_text(json_t *rows, const char *const fields[])
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		for (const char *const *f = fields; *f; f++) {
			json_t *seconds = json_object_get(row, *f);
			if (!json_is_integer(seconds))
				continue;
			char text[DB_TIME_SIZE];
			db_time_text((long long)json_integer_value(seconds), text);
			/* "…T06:01:02.000Z" to the second: "…T06:01:02Z" */
			memcpy(text + sizeof "2026-12-04T06:01:02" - 1, "Z", 2);
			json_object_set_new(row, *f, json_string(text));
		}
	}
}
