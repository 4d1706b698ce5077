/*
 * fuzz_attendance_csv.c — `haven import attendance FILE.csv`: the file of
 * past attendance read into rows, every field checked
 * (training_attendance_csv, areas/training/attendance_csv.h), as the import
 * does before it opens the database.
 *
 * Beyond not crashing: an accepted file gives rows whose starting lines
 * come after the header and in order; each row either has errors, each
 * naming a field and saying why, or has every field the import needs, well
 * formed (a real date no later than today, a course, a name, an agency's
 * slug, a role, attended true or false).
 */
#include <string.h>

#include "areas/training/attendance_csv.h"
#include "core/calendar.h"
#include "fuzz.h"

/* A fixed today, so a run repeats. */
#define TODAY "2026-12-04"

static bool nonempty(const json_t *row, const char *name)
{
	const char *text = field_text(row, name);
	return text && *text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *rows = training_attendance_csv("fuzz.csv", (const char *)data, size, TODAY);
	if (!rows)
		return 0;
	long long previous = 1;
	size_t i, k;
	json_t *row, *e;
	json_array_foreach(rows, i, row)
	{
		long long line = field_int(row, "line");
		FUZZ_ASSERT(line > previous);
		previous = line;
		const json_t *errors = json_object_get(row, "errors");
		FUZZ_ASSERT(json_is_array(errors));
		json_array_foreach(errors, k, e)
		{
			FUZZ_ASSERT(nonempty(e, "field"));
			FUZZ_ASSERT(nonempty(e, "message"));
		}
		if (json_array_size(errors) > 0)
			continue;
		int32_t day;
		const char *date = field_text(row, "date");
		FUZZ_ASSERT(date && calendar_parse(date, &day) && strcmp(date, TODAY) <= 0);
		FUZZ_ASSERT(nonempty(row, "course") && nonempty(row, "name") && nonempty(row, "role"));
		const char *agency = field_text(row, "agency");
		FUZZ_ASSERT(agency && *agency &&
		            strspn(agency, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(agency));
		FUZZ_ASSERT(json_is_boolean(json_object_get(row, "attended")));
	}
	json_decref(rows);
	return 0;
}
