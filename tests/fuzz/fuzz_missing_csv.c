/*
 * fuzz_missing_csv.c — `haven import missing-episodes FILE.csv`: the CSV
 * layout read into episodes (import_episodes_csv, areas/contextual/import.h)
 * and every episode checked (episode_check, episode.h), as the import does
 * before it saves anything.
 *
 * Beyond not crashing: an accepted file gives one starting line per
 * episode, each after the header and in order; every check either gives a
 * canonical episode with its hash or names at least one field.
 */
#include <stdlib.h>
#include <string.h>

#include "areas/contextual/episode.h"
#include "areas/contextual/import.h"
#include "core/calendar.h"
#include "fuzz.h"

static const long long la_codes[] = {888, 889, 890};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *lines = NULL;
	json_t *episodes = import_episodes_csv("fuzz.csv", (const char *)data, size, &lines);
	if (!episodes)
		return 0;
	FUZZ_ASSERT(json_array_size(lines) == json_array_size(episodes));
	long long previous = 1;
	size_t i;
	json_t *e;
	json_array_foreach(episodes, i, e)
	{
		long long line = json_integer_value(json_array_get(lines, i));
		FUZZ_ASSERT(line > previous);
		previous = line;
		json_t *errors = json_array();
		/* Friday 4 December 2026, 12:00 UTC: a fixed now, so a run repeats */
		struct episode_check check = {la_codes,     3,  calendar_from_ymd(2026, 12, 4),
		                              1796385600LL, "", ""};
		json_t *one = episode_check(e, &check, errors);
		if (one) {
			FUZZ_ASSERT(json_array_size(errors) == 0);
			FUZZ_ASSERT(strlen(json_string_value(json_object_get(one, "content_hash"))) ==
			            CHECK_HASH_SIZE - 1);
			json_decref(one);
		} else {
			FUZZ_ASSERT(json_array_size(errors) > 0);
		}
		json_decref(errors);
	}
	json_decref(episodes);
	json_decref(lines);
	return 0;
}
