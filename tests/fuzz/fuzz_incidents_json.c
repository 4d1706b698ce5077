/*
 * fuzz_incidents_json.c — `haven import incidents FILE.json`: the file read
 * as JSON (a list, or {"incidents": [...]}) and every incident checked
 * (incidents_common.h), as the import does before it saves anything.
 */
#include <stdlib.h>

#include "incidents_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!doc)
		return 0;
	const json_t *list = json_is_array(doc) ? doc : json_object_get(doc, "incidents");
	if (json_is_array(list) && json_array_size(list) <= INCIDENT_MAX_BATCH)
		check_incidents(list);
	json_decref(doc);
	return 0;
}
