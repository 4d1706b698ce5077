/*
 * fuzz_neglect_tool.c — the neglect tool validator (areas/neglect/tool.h),
 * which `haven import neglect-tool`, the publish page and the publish API
 * run on a document someone uploads; and, on a document it accepts, the
 * grading rule applied to grades made from the document itself.
 *
 * Input: the document's bytes. Beyond not crashing: a document is accepted
 * exactly when no problem is reported; problems are at most
 * NEGLECT_MAX_PROBLEMS, each with a path and a message; in an accepted
 * document every sub-area has a descriptor for every grade and age band,
 * grading every sub-area 1..5 passes the finishing check, the overall grade
 * is the worst given, and an assessment compared with itself is unchanged.
 */
#include <string.h>

#include <jansson.h>

#include "areas/neglect/tool.h"
#include "fuzz.h"

static void grade(const json_t *doc)
{
	json_t *grades = json_object();
	size_t i, j, k, n = 0;
	const json_t *a, *s, *b;
	json_int_t worst = 0;
	json_array_foreach(json_object_get(doc, "areas"), i, a)
	{
		json_array_foreach(json_object_get(a, "sub_areas"), j, s)
		{
			json_int_t g = (json_int_t)(n++ % NEGLECT_WORST_GRADE) + 1;
			worst = g > worst ? g : worst;
			json_object_set_new(grades, json_string_value(json_object_get(s, "id")),
			                    json_pack("{s:I, s:s}", "grade", g, "evidence", "seen"));
			json_array_foreach(json_object_get(doc, "age_bands"), k, b)
			{
				for (int d = NEGLECT_BEST_GRADE; d <= NEGLECT_WORST_GRADE; d++)
					FUZZ_ASSERT(neglect_tool_descriptor(
					                s, json_string_value(json_object_get(b, "id")), d) !=
					            NULL);
			}
		}
	}
	FUZZ_ASSERT(n == neglect_tool_sub_area_count(doc));
	json_t *errors = json_array();
	neglect_tool_check_grades(doc, grades, true, false, errors);
	FUZZ_ASSERT(json_array_size(errors) == 0);
	json_t *summary = neglect_tool_summarise(doc, grades);
	FUZZ_ASSERT(json_integer_value(json_object_get(summary, "overall_grade")) == worst);
	bool improving = true;
	json_t *change = neglect_tool_change(json_object_get(summary, "areas"),
	                                     json_object_get(summary, "areas"), &improving);
	FUZZ_ASSERT(!improving);
	json_array_foreach(change, i, a)
	    FUZZ_ASSERT(strcmp(json_string_value(json_object_get(a, "change")), "same") == 0);
	json_decref(change);
	json_decref(summary);
	json_decref(errors);
	json_decref(grades);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!doc)
		return 0;
	json_t *problems = json_array();
	bool ok = neglect_tool_check(doc, problems);
	fuzz_check_problems(problems, ok, NEGLECT_MAX_PROBLEMS);
	if (ok)
		grade(doc);
	json_decref(problems);
	json_decref(doc);
	return 0;
}
