/*
 * fuzz_qa_standards.c — the quality assurance standards checker
 * (areas/assurance/standards.h), which `haven import qa-standards` runs on a
 * document someone gives it; and, on a document it accepts, the readers the
 * returns and results use, and the heatmap built from a score on every
 * standard.
 *
 * Input: the document's bytes. Beyond not crashing: a document is accepted
 * exactly when no problem is reported; problems are at most
 * ASSURANCE_MAX_PROBLEMS, each with a path and a message; in an accepted
 * document every standard is found by its id, every scale value has a
 * rating, and the heatmap has one cell per standard, each rated.
 */
#include <string.h>

#include <jansson.h>

#include "areas/assurance/rules.h"
#include "areas/assurance/standards.h"
#include "fuzz.h"

static void read_back(const json_t *doc)
{
	const char *first =
	    json_string_value(json_object_get(json_array_get(json_object_get(doc, "scale"), 0), "value"));
	FUZZ_ASSERT(assurance_rating(doc, first) != NULL);
	json_t *rows = json_array();
	size_t i;
	const json_t *s;
	json_array_foreach(json_object_get(doc, "standards"), i, s)
	{
		FUZZ_ASSERT(assurance_standard(doc, json_string_value(json_object_get(s, "id"))) == s);
		json_array_append_new(rows, json_pack("{s:i, s:s, s:n, s:s, s:O, s:s, s:n}", "return_id", 1,
		                                      "agency", "A", "la", "submitted_on", "2027-01-01",
		                                      "standard_id", json_object_get(s, "id"), "score", first,
		                                      "moderated_score"));
	}
	json_t *heatmap = assurance_heatmap(doc, rows);
	json_t *cells = json_object_get(json_array_get(json_object_get(heatmap, "agencies"), 0), "cells");
	FUZZ_ASSERT(json_array_size(cells) == json_array_size(json_object_get(doc, "standards")));
	json_t *cell;
	json_array_foreach(cells, i, cell)
	    FUZZ_ASSERT(strcmp(json_string_value(json_object_get(cell, "rating")), "none") != 0);
	json_decref(heatmap);
	json_decref(rows);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!doc)
		return 0;
	json_t *problems = json_array();
	bool ok = assurance_standards_check(doc, problems);
	fuzz_check_problems(problems, ok, ASSURANCE_MAX_PROBLEMS);
	if (ok)
		read_back(doc);
	json_decref(problems);
	json_decref(doc);
	return 0;
}
