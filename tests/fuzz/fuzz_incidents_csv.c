/*
 * fuzz_incidents_csv.c — `haven import incidents FILE.csv`: the CSV layout
 * read into incidents (incidents_from_csv, areas/incidents/commands.h) and
 * every incident checked (incidents_common.h), as the import does before it
 * saves anything.
 *
 * Beyond not crashing: a file refused says why; an accepted one gives one
 * row record per incident, each naming its first row.
 */
#include <stdlib.h>

#include "areas/incidents/commands.h"
#include "incidents_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *rows = NULL;
	char *why = NULL;
	json_t *incidents = incidents_from_csv((const char *)data, size, &rows, &why);
	if (!incidents) {
		FUZZ_ASSERT(why && why[0]);
		free(why);
		return 0;
	}
	FUZZ_ASSERT(json_is_array(incidents) && json_array_size(rows) == json_array_size(incidents));
	size_t i;
	const json_t *r;
	json_array_foreach(rows, i, r)
	{
		FUZZ_ASSERT(json_integer_value(json_object_get(r, "row")) > 0);
	}
	check_incidents(incidents);
	json_decref(incidents);
	json_decref(rows);
	return 0;
}
