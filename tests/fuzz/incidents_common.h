/*
 * incidents_common.h — what the two incident importer targets (fuzz_incidents_csv.c,
 * fuzz_incidents_json.c) check of every incident they read: incident_check
 * as `haven import incidents` runs it (a batch, local authorities 888 to
 * 890, a fixed "now"), and its properties:
 *   - a refused incident has errors, each naming a field with a message;
 *   - an accepted one has a 64-hex-digit content hash, and its canonical
 *     form, checked again, is accepted with the same hash (a resend of what
 *     Haven stored is recognised as unchanged).
 */
#ifndef HAVEN_TESTS_FUZZ_INCIDENTS_COMMON_H
#define HAVEN_TESTS_FUZZ_INCIDENTS_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/police_reference.h"
#include "areas/incidents/incident.h"
#include "fuzz.h"

/* 2026-01-01T00:00:00Z: a fixed now, so every run judges "not in the future" alike. */
#define FUZZ_NOW 1767225600

static void check_errors(const json_t *errors, size_t from)
{
	FUZZ_ASSERT(json_array_size(errors) > from);
	for (size_t i = from; i < json_array_size(errors); i++) {
		const json_t *e = json_array_get(errors, i);
		FUZZ_ASSERT(json_is_string(json_object_get(e, "field")));
		FUZZ_ASSERT(json_string_length(json_object_get(e, "message")) > 0);
	}
}

static void check_incidents(const json_t *list)
{
	static const long long la_codes[] = {888, 889, 890};
	size_t i;
	const json_t *raw;
	json_array_foreach(list, i, raw)
	{
		char field_prefix[40], message_prefix[96];
		snprintf(field_prefix, sizeof field_prefix, "incidents[%zu].", i);
		police_batch_label("Incident", raw, i, message_prefix, sizeof message_prefix);
		struct incident_check check = {la_codes, 3, FUZZ_NOW, field_prefix, message_prefix, false};
		json_t *errors = json_array();
		json_t *canonical = incident_check(raw, &check, errors);
		if (!canonical) {
			check_errors(errors, 0);
			json_decref(errors);
			continue;
		}
		FUZZ_ASSERT(json_array_size(errors) == 0);
		const char *hash = json_string_value(json_object_get(canonical, "content_hash"));
		FUZZ_ASSERT(hash && strlen(hash) == CHECK_HASH_SIZE - 1 &&
		            strspn(hash, "0123456789abcdef") == CHECK_HASH_SIZE - 1);

		json_t *again_raw = json_deep_copy(canonical);
		json_object_del(again_raw, "content_hash");
		json_t *again = incident_check(again_raw, &check, errors);
		if (!again) {
			char *dump = json_dumps(errors, JSON_COMPACT);
			fprintf(stderr, "canonical form refused: %s\n", dump ? dump : "");
			free(dump);
		}
		FUZZ_ASSERT(again != NULL);
		if (!json_equal(again, canonical)) {
			char *first = json_dumps(canonical, JSON_COMPACT | JSON_SORT_KEYS);
			char *second = json_dumps(again, JSON_COMPACT | JSON_SORT_KEYS);
			fprintf(stderr, "canonical: %s\nchecked again: %s\n", first ? first : "",
			        second ? second : "");
			free(first);
			free(second);
		}
		FUZZ_ASSERT(json_equal(again, canonical));
		json_decref(again);
		json_decref(again_raw);
		json_decref(canonical);
		json_decref(errors);
	}
}

#endif
