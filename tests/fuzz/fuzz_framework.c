/*
 * fuzz_framework.c — the levels-of-need framework validator
 * (areas/threshold/framework.h), which `haven import framework`, the
 * publish page and the publish API run on a document someone uploads; and,
 * on a document it accepts, the rule and the suggestion the tool then works
 * out from it.
 *
 * Input: the document's bytes. Beyond not crashing: a document is accepted
 * exactly when no problem is reported; problems are at most
 * THRESHOLD_MAX_PROBLEMS, each with a path and a message; an accepted
 * document has a rule, and a suggestion for its first age band, first local
 * authority and first indicators is a level the document defines.
 */
#include <string.h>

#include <jansson.h>

#include "areas/threshold/framework.h"
#include "fuzz.h"

static void suggest(const json_t *doc)
{
	struct threshold_rule rule;
	FUZZ_ASSERT(threshold_rule_from(doc, &rule));
	const char *band =
	    json_string_value(json_object_get(json_array_get(json_object_get(doc, "age_bands"), 0), "id"));
	json_int_t la = json_integer_value(
	    json_object_get(json_array_get(json_object_get(doc, "local_authorities"), 0), "code"));
	json_t *ids = json_array();
	size_t i;
	const json_t *indicator;
	json_array_foreach(json_object_get(doc, "indicators"), i, indicator)
	{
		if (i == 6)
			break;
		json_array_append(ids, json_object_get(indicator, "id"));
		threshold_indicator_matches(doc, indicator, "child health");
		threshold_indicator_for_age(indicator, band);
	}
	json_t *errors = json_array();
	json_t *outcome = threshold_evaluate(doc, band, la, ids, errors);
	if (outcome) {
		FUZZ_ASSERT(json_array_size(errors) == 0);
		json_int_t level = json_integer_value(
		    json_object_get(json_object_get(outcome, "suggested_level"), "number"));
		FUZZ_ASSERT(threshold_level(doc, level) != NULL);
		json_decref(outcome);
	} else {
		FUZZ_ASSERT(json_array_size(errors) > 0);
	}
	json_decref(errors);
	json_decref(ids);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!doc)
		return 0;
	json_t *problems = json_array();
	bool ok = threshold_framework_check(doc, problems);
	fuzz_check_problems(problems, ok, THRESHOLD_MAX_PROBLEMS);
	if (ok)
		suggest(doc);
	json_decref(problems);
	json_decref(doc);
	return 0;
}
