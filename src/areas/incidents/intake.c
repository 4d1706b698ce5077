/*
 * intake.c (incidents) — checks a batch of incidents, then saves it whole or
 * not at all (contract in intake.h).
 */
#include "areas/incidents/intake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/police_reference.h"
#include "areas/incidents/incident.h"
#include "areas/incidents/store.h"
#include "router/errors.h"

enum haven_status incidents_intake(const json_t *raw, bool batch, const char *source, const char *action,
                                   const struct actor *actor, json_t **results, json_t *errors)
{
	*results = NULL;
	size_t n = json_array_size(raw);
	if (batch && n == 0) {
		errors_add(errors, "incidents", "Send at least one incident");
		return HAVEN_ERR_INVALID;
	}
	if (n > INCIDENT_MAX_BATCH) {
		errors_addf(errors, "incidents", "Send at most %d incidents at a time", INCIDENT_MAX_BATCH);
		return HAVEN_ERR_INVALID;
	}
	struct incidents_la_codes areas;
	enum haven_status st = incidents_la_codes(actor ? actor->agency_id : 0, &areas);
	if (st != HAVEN_OK)
		return st;
	size_t errors_before = json_array_size(errors), conflicts = 0;
	json_t *checked = json_array(); /* canonical incidents to save, in order, without in-batch repeats */
	json_t *same_as = json_array(); /* for each incident: the index in `checked` it is saved as */
	for (size_t i = 0; i < n; i++) {
		const json_t *in = json_array_get(raw, i);
		char field_prefix[40] = "", message_prefix[96] = "";
		if (batch) {
			snprintf(field_prefix, sizeof field_prefix, "incidents[%zu].", i);
			police_batch_label("Incident", in, i, message_prefix, sizeof message_prefix);
		}
		struct incident_check check = {areas.codes,  areas.count,    (int64_t)time(NULL),
		                               field_prefix, message_prefix, areas.limited};
		json_t *one = incident_check(in, &check, errors);
		if (!one) {
			json_array_append_new(same_as, json_integer(-1));
			continue;
		}
		/* the same reference earlier in this batch: a repeat is harmless, a different incident is not
		 */
		const char *ref = json_string_value(json_object_get(one, "police_reference"));
		long long earlier = -1;
		size_t j;
		json_t *c;
		json_array_foreach(checked, j, c)
		{
			if (strcmp(json_string_value(json_object_get(c, "police_reference")), ref) == 0)
				earlier = (long long)j;
		}
		if (earlier >= 0) {
			json_t *e = json_array_get(checked, (size_t)earlier);
			if (!json_equal(json_object_get(e, "content_hash"),
			                json_object_get(one, "content_hash"))) {
				char field[64];
				snprintf(field, sizeof field, "%spolice_reference", field_prefix);
				errors_addf(errors, field,
				            "%sthe police reference is used by an earlier incident in this "
				            "batch with different details",
				            message_prefix);
			}
			json_array_append_new(same_as, json_integer(earlier));
			json_decref(one);
			continue;
		}
		/* known already with other details: named now, beside any other problem in the batch */
		char known[CHECK_HASH_SIZE];
		enum haven_status kst =
		    incidents_known_hash(actor ? actor->agency_id : 0, ref,
		                         json_string_value(json_object_get(one, "content_hash")), known);
		if (kst == HAVEN_OK &&
		    strcmp(known, json_string_value(json_object_get(one, "content_hash"))) != 0) {
			char field[64];
			snprintf(field, sizeof field, "%spolice_reference", field_prefix);
			if (batch)
				errors_addf(
				    errors, field,
				    "%san incident with this police reference was already received with "
				    "different details; a resend cannot change it",
				    message_prefix);
			else
				errors_addf(
				    errors, field,
				    "An incident with the police reference %s was already received with "
				    "different details; a resend cannot change it",
				    ref);
			conflicts++;
		} else if (kst != HAVEN_OK && kst != HAVEN_ERR_NOT_FOUND) {
			st = kst;
		}
		json_array_append_new(same_as, json_integer((json_int_t)json_array_size(checked)));
		json_array_append_new(checked, one);
	}
	free(areas.codes);
	if (st != HAVEN_OK || json_array_size(errors) != errors_before) {
		json_decref(checked);
		json_decref(same_as);
		if (st != HAVEN_OK)
			return st;
		/* 409 when the only problem is references already used; 422 when anything is malformed */
		return json_array_size(errors) - errors_before == conflicts ? HAVEN_ERR_CONFLICT
		                                                            : HAVEN_ERR_INVALID;
	}
	json_t *saved = NULL;
	st = incidents_save(checked, batch, source, action, actor, &saved, errors);
	json_decref(checked);
	if (st != HAVEN_OK) {
		json_decref(same_as);
		return st;
	}
	/* one result per incident sent, repeats answered as their first */
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *first = json_array_get(saved, (size_t)json_integer_value(json_array_get(same_as, i)));
		json_t *r = json_deep_copy(first);
		json_object_set_new(r, "index", json_integer((json_int_t)i));
		/* a later copy of an incident already in this batch changed nothing itself */
		bool repeat = false;
		for (size_t p = 0; p < i; p++)
			repeat = repeat || json_equal(json_array_get(same_as, p), json_array_get(same_as, i));
		if (repeat)
			json_object_set_new(r, "status", json_string("unchanged"));
		json_array_append_new(out, r);
	}
	json_decref(saved);
	json_decref(same_as);
	*results = out;
	return HAVEN_OK;
}
