/*
 * assessment.c (threshold) — a recorded decision as people and other areas
 * see it (threshold.h): the stored row joined with the names its framework
 * version gives its levels, age band, local authority and indicators.
 */
#include "areas/threshold/threshold.h"

#include <string.h>

#include "areas/threshold/framework.h"
#include "areas/threshold/store.h"

static const char *name_of(const json_t *v)
{
	const char *s = json_string_value(json_object_get(v, "name"));
	return s ? s : "";
}

enum haven_status threshold_assessment_get(long long id, json_t **out)
{
	*out = NULL;
	json_t *row = NULL, *doc = NULL;
	long long fid = 0;
	enum haven_status st = threshold_store_assessment(id, &row);
	if (st != HAVEN_OK)
		return st;
	st = threshold_store_framework(json_integer_value(json_object_get(row, "framework_id")), &fid, &doc,
	                               NULL);
	if (st != HAVEN_OK) {
		json_decref(row);
		return st == HAVEN_ERR_NOT_FOUND ? HAVEN_ERR_INTERNAL : st;
	}
	long long suggested = json_integer_value(json_object_get(row, "suggested_level"));
	long long chosen = json_integer_value(json_object_get(row, "chosen_level"));
	long long la_code = json_integer_value(json_object_get(row, "la_code"));
	/* a decision leads to one request for support at most: once made, the decision leads to it instead */
	long long request_id = json_integer_value(json_object_get(row, "request_id"));
	const char *band_id = json_string_value(json_object_get(row, "age_band"));
	const json_t *basis = json_object_get(row, "suggestion_basis");
	const json_t *chosen_level = threshold_level(doc, chosen);

	json_t *indicators = json_array();
	size_t i, j;
	json_t *v, *d;
	json_array_foreach(json_object_get(row, "indicators"), i, v)
	{
		const json_t *ind = threshold_indicator(doc, json_string_value(v));
		if (!ind)
			continue;
		bool driving = false;
		json_array_foreach(json_object_get(basis, "driving_indicators"), j, d) driving =
		    driving || json_equal(d, v);
		json_array_append_new(indicators, threshold_indicator_listed(doc, ind, driving));
	}
	json_t *route = threshold_local_route(doc, la_code, chosen);
	const json_t *action = json_object_get(chosen_level, "course_of_action");
	json_t *result = json_pack(
	    "{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:s,"
	    " s:{s:I, s:O, s:O}, s:{s:s, s:s}, s:{s:I, s:s}, s:{s:I, s:s, s:O}, s:O, s:b, s:o, s:O, s:o, "
	    "s:b}",
	    "id", json_object_get(row, "id"), "created_at", json_object_get(row, "created_at"), "user_id",
	    json_object_get(row, "user_id"), "user_name", json_object_get(row, "user_name"), "agency_id",
	    json_object_get(row, "agency_id"), "agency_name", json_object_get(row, "agency_name"), "la_code",
	    json_object_get(row, "la_code"), "la_name", name_of(threshold_local(doc, la_code)), "framework",
	    "id", (json_int_t)fid, "version", json_object_get(row, "version"), "title",
	    json_object_get(doc, "title"), "age_band", "id", band_id ? band_id : "", "name",
	    name_of(threshold_age_band(doc, band_id)), "suggested_level", "number", (json_int_t)suggested,
	    "name", name_of(threshold_level(doc, suggested)), "chosen_level", "number", (json_int_t)chosen,
	    "name", name_of(chosen_level), "course_of_action", action ? action : json_null(), "chosen_reason",
	    json_object_get(row, "chosen_reason"), "differs", chosen != suggested, "indicators", indicators,
	    "basis", basis, "local_route", route ? route : json_null(), "can_request_support",
	    chosen >= THRESHOLD_REQUEST_FROM_LEVEL && !request_id);
	if (result) {
		json_object_set(result, "child_id", json_object_get(row, "child_id"));
		json_object_set(result, "source_referral_id", json_object_get(row, "source_referral_id"));
		json_object_set_new(result, "support_request",
		                    request_id
		                        ? json_pack("{s:I, s:O}", "id", (json_int_t)request_id, "reference",
		                                    json_object_get(row, "request_reference"))
		                        : json_null());
	}
	json_decref(row);
	json_decref(doc);
	if (!result)
		return HAVEN_ERR_INTERNAL;
	json_object_set_new(result, "neglect_prompt",
	                    json_boolean(threshold_prompts_neglect(json_object_get(result, "indicators"))));
	*out = result;
	return HAVEN_OK;
}
