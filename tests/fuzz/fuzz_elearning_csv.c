/*
 * fuzz_elearning_csv.c — `haven import elearning FILE.csv`: the e-learning
 * platform's export read as a stream into rows (elearning_read,
 * areas/training/elearning.h), as the import does before it opens the
 * database.
 *
 * Beyond not crashing: a refused file says why; an accepted one gives rows
 * whose starting lines come after the header and in order, each either
 * rejected with a reason or holding a trimmed, lower-case email with an @,
 * a module of at most 200 characters and a real date.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/training/elearning.h"
#include "core/calendar.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen(size ? (void *)data : (void *)"", size, "r");
	if (!f)
		return 0;
	struct elearning_row *rows = NULL;
	size_t count = 0;
	char *why = NULL;
	long why_line = 0;
	int rc = elearning_read(f, &rows, &count, &why, &why_line);
	fclose(f);
	if (rc != 0) {
		FUZZ_ASSERT(why && *why && why_line >= 0 && rows == NULL && count == 0);
		free(why);
		return 0;
	}
	long previous = 1;
	for (size_t i = 0; i < count; i++) {
		const struct elearning_row *row = &rows[i];
		FUZZ_ASSERT(row->line > previous);
		previous = row->line;
		if (row->reason) {
			FUZZ_ASSERT(row->outcome == ELEARNING_REJECTED);
			continue;
		}
		int32_t day;
		FUZZ_ASSERT(row->email && strchr(row->email, '@') && row->email[0] != ' ');
		for (const char *c = row->email; *c; c++)
			FUZZ_ASSERT(!(*c >= 'A' && *c <= 'Z'));
		FUZZ_ASSERT(row->module && strlen(row->module) <= 200);
		FUZZ_ASSERT(row->completed_on && calendar_parse(row->completed_on, &day));
	}
	elearning_rows_free(rows, count);
	return 0;
}
